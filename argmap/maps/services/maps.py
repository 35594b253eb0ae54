"""Creating, changing and deleting maps, and the sources they draw on."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

from argmap.accounts.models import User
from argmap.sources.models import Source

from ..models import Map, Membership
from .history import record, recorded, snapshot, versioned_change


def slugs_for(model: type[models.Model], text: str) -> Iterator[str]:
    """The slugs ``text`` may take, the free ones as far as can be seen now: ``base``, ``base-2``…"""
    base = slugify(text)[:100].strip("-") or "map"
    taken = set(
        model._default_manager.filter(slug__regex=rf"^{re.escape(base)}(-[0-9]+)?$").values_list(
            "slug", flat=True
        )
    )
    for n in itertools.count(1):
        slug = base if n == 1 else f"{base}-{n}"
        if slug not in taken:
            yield slug


def unique_slug(model: type[models.Model], text: str) -> str:
    return next(slugs_for(model, text))


SLUG_ATTEMPTS = 50


@recorded
def create_map(
    *,
    title: str,
    created_by: User | None,
    description: str = "",
    visibility: str = Map.Visibility.PRIVATE,
    slug: str = "",
) -> Map:
    """A new map owned by ``created_by``; without a ``slug``, the first free one of its title
    (another map made at the same moment may take it: then the next is tried)."""
    new_map = Map(
        title=title.strip(),
        description=description,
        visibility=visibility,
        created_by=created_by,
    )
    candidates = [slug] if slug else itertools.islice(slugs_for(Map, title), SLUG_ATTEMPTS)
    for candidate in candidates:
        new_map.slug = candidate
        new_map.full_clean(validate_unique=False)  # the database keeps slugs unique, below
        try:
            with transaction.atomic():  # a savepoint: a slug taken meanwhile does not end it all
                new_map.save()
            break
        except IntegrityError as error:
            if not slug_taken(error):
                raise
            new_map.pk = None
    else:
        raise ValidationError({"slug": "This address is taken; choose another."})
    record(
        map=new_map, actor=created_by, operation="map.create", obj=new_map, after=snapshot(new_map)
    )
    if created_by is not None:
        owner = Membership.objects.create(map=new_map, user=created_by, role=Membership.Role.OWNER)
        record(
            map=new_map, actor=created_by, operation="member.add", obj=owner, after=snapshot(owner)
        )
    return new_map


def slug_taken(error: IntegrityError) -> bool:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", "") == "maps_map_slug_key"


@recorded
def update_map(
    *,
    map: Map,
    version: int,
    title: str,
    description: str,
    visibility: str,
    actor: User | None = None,
) -> Map:
    with versioned_change(
        map,
        version=version,
        operation="map.update",
        actor=actor,
        title=title.strip(),
        description=description,
        visibility=visibility,
    ):
        pass
    return map


@recorded
def delete_map(*, map: Map) -> None:
    """Delete a map for good, with its history (owners are asked to confirm first)."""
    map.delete()


@recorded
def attach_source(*, map: Map, source: Source, actor: User | None = None) -> Map:
    map.sources.add(source)
    record(
        map=map, actor=actor, operation="map.attach_source", obj=map, after={"source": source.slug}
    )
    return map
