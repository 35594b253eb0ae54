"""Every write to a map goes through here: the pages, the API, the admin and the commands.

Each service is keyword-only, atomic, validates with ``full_clean()`` and raises Django's
``ValidationError`` with a message a user can act on. Updates take the ``version`` the caller saw
and write with one conditional UPDATE; if someone else changed the row first, ``ConflictError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify

from argmap.accounts.models import User
from argmap.sources.models import Passage, Source

from .models import Annotation, Argument, Claim, Map, Membership, Premise


class ConflictError(Exception):
    """Someone changed the object since the caller read it; ``current`` is how it is now."""

    def __init__(self, current: models.Model, seen_version: int):
        self.current = current
        self.seen_version = seen_version
        what = current._meta.verbose_name
        current_version = getattr(current, "version", None)
        if getattr(current, "deleted_at", None) is not None:
            message = f"This {what} was deleted after you opened it."
        else:
            message = (
                f"This {what} was changed by someone else after you opened it "
                f"(you saw version {seen_version}, it is now version {current_version})."
            )
        super().__init__(message)
        self.message = message


def _conditional_update(instance: models.Model, *, version: int, **changes: Any) -> None:
    """Validate ``changes`` on ``instance``, then write them only if the row is still at ``version``."""
    model = type(instance)
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    filters: dict[str, Any] = {"pk": instance.pk, "version": version}
    if hasattr(instance, "deleted_at"):
        filters["deleted_at__isnull"] = True
    updated = model._default_manager.filter(**filters).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated == 0:
        raise ConflictError(model._default_manager.get(pk=instance.pk), version)
    instance.refresh_from_db()


def _check_live(obj: Claim | Argument, role: str) -> None:
    if obj.deleted_at is not None:
        raise ValidationError(f"The {role} was deleted; restore it before linking to it.")


# Maps


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
    _conditional_update(
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


# Claims


@transaction.atomic
def add_claim(
    *,
    map: Map,
    text: str,
    author: User | None,
    speaker: str = "",
    passage: Passage | None = None,
    span_start: int | None = None,
    span_end: int | None = None,
) -> Claim:
    claim = Claim(
        map=map,
        text=text.strip(),
        speaker=speaker.strip(),
        passage=passage,
        span_start=span_start,
        span_end=span_end,
        author=author,
    )
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def update_claim(
    *, claim: Claim, version: int, text: str | None = None, speaker: str | None = None
) -> Claim:
    changes: dict[str, Any] = {}
    if text is not None:
        changes["text"] = text.strip()
    if speaker is not None:
        changes["speaker"] = speaker.strip()
    _conditional_update(claim, version=version, **changes)
    return claim


@transaction.atomic
def delete_claim(*, claim: Claim) -> None:
    """Soft-delete a claim with the arguments it concludes and those left without a live premise.

    Everything deleted together carries the same ``deleted_at``, so it can be restored together.
    """
    if claim.deleted_at is not None:
        raise ValidationError("This claim is already deleted.")
    now = timezone.now()
    Claim.objects.filter(pk=claim.pk).update(deleted_at=now, version=F("version") + 1)
    concluded = Argument.objects.filter(conclusion=claim, deleted_at__isnull=True)
    orphaned = Argument.objects.filter(premise_links__claim=claim, deleted_at__isnull=True).exclude(
        premise_links__claim__deleted_at__isnull=True
    )
    for argument in list(concluded) + list(orphaned):
        _delete_argument_tree(argument, now)
    claim.refresh_from_db()


# Arguments


PremiseInput = Claim | str


def _premise_claims(
    *, map: Map, premises: Sequence[PremiseInput], author: User | None
) -> list[Claim]:
    """Existing claims are checked; texts become new claims of the map."""
    if not premises:
        raise ValidationError({"premises": "An argument needs at least one premise."})
    claims: list[Claim] = []
    for premise in premises:
        if isinstance(premise, str):
            claims.append(add_claim(map=map, text=premise, author=author))
            continue
        if premise.map_id != map.pk:
            raise ValidationError({"premises": f"The claim “{premise}” belongs to another map."})
        _check_live(premise, "premise")
        claims.append(premise)
    if len({c.pk for c in claims}) != len(claims):
        raise ValidationError({"premises": "The same claim is given twice as a premise."})
    return claims


def _create_argument(
    *,
    map: Map,
    kind: str,
    premises: Sequence[PremiseInput],
    author: User | None,
    conclusion: Claim | None = None,
    target: Argument | None = None,
    scheme: str = "",
) -> Argument:
    argument = Argument(
        map=map, kind=kind, conclusion=conclusion, target=target, scheme=scheme, author=author
    )
    argument.full_clean()
    claims = _premise_claims(map=map, premises=premises, author=author)
    if conclusion is not None and conclusion.pk in {c.pk for c in claims}:
        raise ValidationError(
            {"premises": "A claim cannot be a premise of an argument about itself."}
        )
    argument.save()
    Premise.objects.bulk_create(
        Premise(argument=argument, claim=claim, position=i) for i, claim in enumerate(claims)
    )
    return argument


@transaction.atomic
def add_support(
    *, conclusion: Claim, premises: Sequence[PremiseInput], author: User | None, scheme: str = ""
) -> Argument:
    """A reason for ``conclusion``: one premise, or several co-premises that argue together."""
    _check_live(conclusion, "conclusion")
    return _create_argument(
        map=conclusion.map,
        kind=Argument.Kind.SUPPORT,
        conclusion=conclusion,
        premises=premises,
        author=author,
        scheme=scheme,
    )


@transaction.atomic
def add_rebuttal(
    *, claim: Claim, premises: Sequence[PremiseInput], author: User | None
) -> Argument:
    """An objection: an attack on a claim."""
    _check_live(claim, "claim under attack")
    return _create_argument(
        map=claim.map, kind=Argument.Kind.ATTACK, conclusion=claim, premises=premises, author=author
    )


@transaction.atomic
def add_undercut(
    *, argument: Argument, premises: Sequence[PremiseInput], author: User | None
) -> Argument:
    """An attack on an argument: its premises do not lead to its conclusion."""
    if not isinstance(argument, Argument):
        raise ValidationError(
            {"target": "An undercut attacks an argument, not a claim; use an objection instead."}
        )
    _check_live(argument, "argument under attack")
    return _create_argument(
        map=argument.map,
        kind=Argument.Kind.ATTACK,
        target=argument,
        premises=premises,
        author=author,
    )


def _argument_claim_ids(argument: Argument) -> set[int]:
    return set(argument.premise_links.values_list("claim_id", flat=True))


@transaction.atomic
def add_premise(
    *, argument: Argument, version: int, premise: PremiseInput, author: User | None
) -> Argument:
    """Add a co-premise to an argument."""
    (claim,) = _premise_claims(map=argument.map, premises=[premise], author=author)
    if claim.pk in _argument_claim_ids(argument):
        raise ValidationError({"premises": "This claim is already a premise of the argument."})
    if claim.pk == argument.conclusion_id:
        raise ValidationError(
            {"premises": "A claim cannot be a premise of an argument about itself."}
        )
    _conditional_update(argument, version=version)
    position = (argument.premise_links.aggregate(m=Max("position"))["m"] or 0) + 1
    Premise.objects.create(argument=argument, claim=claim, position=position)
    return argument


@transaction.atomic
def remove_premise(*, argument: Argument, version: int, claim: Claim) -> Argument:
    links = argument.premise_links.select_related("claim")
    if claim.pk not in {link.claim_id for link in links}:
        raise ValidationError({"premises": "This claim is not a premise of the argument."})
    if sum(1 for link in links if link.claim.deleted_at is None and link.claim_id != claim.pk) == 0:
        raise ValidationError(
            {"premises": "An argument keeps at least one premise; delete the argument instead."}
        )
    _conditional_update(argument, version=version)
    Premise.objects.filter(argument=argument, claim=claim).delete()
    return argument


def _delete_argument_tree(argument: Argument, now: Any) -> None:
    """Soft-delete an argument and, below it, the undercuts that attack it (cycle-safe)."""
    pending, seen = [argument.pk], set()
    while pending:
        pk = pending.pop()
        if pk in seen:
            continue
        seen.add(pk)
        pending.extend(
            Argument.objects.filter(target_id=pk, deleted_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
    Argument.objects.filter(pk__in=seen, deleted_at__isnull=True).update(
        deleted_at=now, version=F("version") + 1
    )


@transaction.atomic
def delete_argument(*, argument: Argument) -> None:
    if argument.deleted_at is not None:
        raise ValidationError("This argument is already deleted.")
    _delete_argument_tree(argument, timezone.now())
    argument.refresh_from_db()


# Annotations


@transaction.atomic
def annotate(
    *,
    target: Claim | Argument,
    author: User | None,
    body: str,
    kind: str = Annotation.Kind.NOTE,
    url: str = "",
) -> Annotation:
    _check_live(target, "claim or argument")
    annotation = Annotation(
        map=target.map,
        claim=target if isinstance(target, Claim) else None,
        argument=target if isinstance(target, Argument) else None,
        author=author,
        kind=kind,
        body=body.strip(),
        url=url.strip(),
    )
    annotation.full_clean()
    annotation.save()
    return annotation


@transaction.atomic
def delete_annotation(*, annotation: Annotation) -> None:
    Annotation.objects.filter(pk=annotation.pk, deleted_at__isnull=True).update(
        deleted_at=timezone.now()
    )
    annotation.refresh_from_db()
