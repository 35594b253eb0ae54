"""Annotations on claims and arguments: notes, evidence, questions."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from argmap.accounts.models import User

from ..models import Annotation, Argument, Claim
from .base import check_live


@transaction.atomic
def annotate(
    *,
    target: Claim | Argument,
    author: User | None,
    body: str,
    kind: str = Annotation.Kind.NOTE,
    url: str = "",
) -> Annotation:
    check_live(target, "claim or argument")
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
