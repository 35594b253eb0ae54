"""Claims: add, edit, delete (softly; restoring is undoing the deletion, see undo.py)."""

from __future__ import annotations

from typing import Any

from argmap.accounts.models import User
from argmap.sources.models import Passage

from ..models import Claim, Map
from .base import validate
from .deletion import delete_with_dependents
from .history import record, recorded, snapshot, versioned_change


@recorded
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
    validate(claim)
    claim.save()
    record(map=map, actor=author, operation="claim.create", obj=claim, after=snapshot(claim))
    return claim


@recorded
def update_claim(
    *,
    claim: Claim,
    version: int,
    text: str | None = None,
    speaker: str | None = None,
    tags: list[str] | None = None,
    actor: User | None = None,
) -> Claim:
    """Change what is given of text, speaker and tags, if nobody changed the claim since ``version``."""
    changes: dict[str, Any] = {}
    if text is not None:
        changes["text"] = text.strip()
    if speaker is not None:
        changes["speaker"] = speaker.strip()
    if tags is not None:
        changes["tags"] = normalise_tags(tags)
    with versioned_change(claim, version=version, operation="claim.update", actor=actor, **changes):
        pass
    return claim


def normalise_tags(tags: list[str]) -> list[str]:
    """Tags without surrounding blanks or a leading '#', each once, in the order given."""
    cleaned = [tag.strip().lstrip("#").strip() for tag in tags]
    return list(dict.fromkeys(tag for tag in cleaned if tag))


@recorded
def delete_claim(*, claim: Claim, actor: User | None = None) -> None:
    """Delete a claim with the arguments it concludes and those left without a live premise (and
    the undercuts below them), as one action that restoring undoes."""
    delete_with_dependents(claim, actor=actor)  # marks ``claim`` deleted, in hand too
