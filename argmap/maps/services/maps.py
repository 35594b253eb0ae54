"""Creating, changing and deleting maps, and the sources they draw on."""

from __future__ import annotations

from django.db import models, transaction
from django.utils.text import slugify

from argmap.accounts.models import User
from argmap.sources.models import Source

from ..models import Map, Membership
from .base import conditional_update


def unique_slug(model: type[models.Model], text: str) -> str:
    base = slugify(text)[:100].strip("-") or "map"
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_map(
    *,
    title: str,
    created_by: User | None,
    description: str = "",
    visibility: str = Map.Visibility.PRIVATE,
    slug: str = "",
) -> Map:
    new_map = Map(
        title=title.strip(),
        description=description,
        visibility=visibility,
        slug=slug or unique_slug(Map, title),
        created_by=created_by,
    )
    new_map.full_clean()
    new_map.save()
    if created_by is not None:
        Membership.objects.create(map=new_map, user=created_by, role=Membership.Role.OWNER)
    return new_map


@transaction.atomic
def update_map(*, map: Map, version: int, title: str, description: str, visibility: str) -> Map:
    conditional_update(
        map, version=version, title=title.strip(), description=description, visibility=visibility
    )
    return map


@transaction.atomic
def delete_map(*, map: Map) -> None:
    map.delete()


@transaction.atomic
def attach_source(*, map: Map, source: Source) -> Map:
    map.sources.add(source)
    return map
