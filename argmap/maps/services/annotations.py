"""Annotations on claims and arguments: notes, evidence, questions."""

from __future__ import annotations

from argmap.accounts.models import User

from ..models import Annotation, Argument, Claim
from .base import check_live, validate
from .deletion import delete_with_dependents
from .history import record, recorded, snapshot, versioned_change


@recorded
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
    validate(annotation)
    annotation.save()
    record(
        map=annotation.map_id,
        actor=author,
        operation="annotation.create",
        obj=annotation,
        after=snapshot(annotation),
    )
    return annotation


@recorded
def update_annotation(
    *,
    annotation: Annotation,
    version: int,
    body: str | None = None,
    kind: str | None = None,
    url: str | None = None,
    actor: User | None = None,
) -> Annotation:
    """Change what is given of body, kind and link, if nobody changed it since ``version``."""
    changes: dict[str, str] = {}
    if body is not None:
        changes["body"] = body.strip()
    if kind is not None:
        changes["kind"] = kind
    if url is not None:
        changes["url"] = url.strip()
    with versioned_change(
        annotation, version=version, operation="annotation.update", actor=actor, **changes
    ):
        pass
    return annotation


@recorded
def delete_annotation(*, annotation: Annotation, actor: User | None = None) -> None:
    """Remove an annotation, as one action that restoring undoes."""
    delete_with_dependents(annotation, actor=actor)  # marks ``annotation`` deleted, in hand too
