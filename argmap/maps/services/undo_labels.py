"""What "Undo" and "Redo" would do for a user, in plain words ("Undo: added 3 reasons").

Read in one query, whatever the size of the actions: each write's answer refreshes the toolbar.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, Subquery, TextField
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact

from argmap.accounts.models import User

from ..models import Change, Map
from .undo import OPERATIONS, _redo_heads, _undo_heads


@dataclass
class ActionPart:
    """The changes of one action that share an operation and a kind, counted."""

    operation: str
    kind: str  # support or attack, for arguments
    count: int
    first: int  # the id of the first of them
    text: str  # a claim's text, for deletions
    undercuts: int = 0


@dataclass
class UndoState:
    undo: str | None  # "added 3 reasons", or None when there is nothing to undo
    redo: str | None


def undo_state(*, map: Map, actor: User | None) -> UndoState:
    """What the user's Undo and Redo would take back or make again (one query)."""
    if actor is None or not actor.is_authenticated:
        return UndoState(None, None)
    original = Coalesce("original_action", "action")
    to_undo = Subquery(_undo_heads(map=map, actor=actor).values(a=original)[:1])
    to_redo = Subquery(_redo_heads(map=map, actor=actor).values(a=original)[:1])
    rows = (
        Change.objects.filter(Q(action=to_undo) | Q(action=to_redo), map=map)
        .order_by()
        .values("action", "operation")
        .annotate(
            kind=Coalesce(KT("after__kind"), KT("before__kind"), output_field=TextField()),
            for_undo=Exact(F("action"), to_undo),
            for_redo=Exact(F("action"), to_redo),
            count=Count("id"),
            first=Min("id"),
            text=Min(Coalesce(KT("before__text"), KT("after__text"), output_field=TextField())),
            undercuts=Count(
                "id",
                filter=Q(operation="argument.create") & ~Q(after__target=None),
            ),
        )
    )
    undo: list[ActionPart] = []
    redo: list[ActionPart] = []
    for row in rows:
        part = ActionPart(
            operation=row["operation"],
            kind=row["kind"] or "",
            count=row["count"],
            first=row["first"],
            text=row["text"] or "",
            undercuts=row["undercuts"],
        )
        if row["for_undo"]:
            undo.append(part)
        if row["for_redo"]:
            redo.append(part)
    return UndoState(
        undo=describe_action(undo) if undo else None,
        redo=describe_action(redo) if redo else None,
    )


def _counted(n: int, word: str) -> str:
    if n == 1:
        return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"
    return f"{n} {word}s"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _shortened(text: str, length: int = 30) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


ARGUMENT_WORDS = {"support": "reason", "attack": "objection"}


def describe_action(parts: list[ActionPart]) -> str:
    """One action in plain words: "added 3 reasons", "deleted the claim “Exams…” and 2 below
    it", "edited a claim", "moved a reason"."""
    parts = sorted(parts, key=lambda p: p.first)
    head = parts[0]
    counts: dict[str, int] = {}
    for part in parts:
        counts[part.operation] = counts.get(part.operation, 0) + part.count
    created = [p for p in parts if p.operation == "argument.create"]
    if created:
        undercuts = sum(p.undercuts for p in created)
        reasons = sum(p.count for p in created if p.kind == "support")
        objections = sum(p.count for p in created if p.kind == "attack") - undercuts
        made = [
            _counted(n, word)
            for n, word in ((reasons, "reason"), (objections, "objection"), (undercuts, "undercut"))
            if n
        ]
        return "added " + _listed(made)
    deleted = [p for p in parts if p.operation.endswith(".delete")]
    if deleted:
        claims = [p for p in deleted if p.operation == "claim.delete"]
        main = claims[0] if claims else deleted[0]
        along = sum(p.count for p in deleted) - 1
        if main.operation == "claim.delete":
            what = f"the claim “{_shortened(main.text)}”"
        elif main.operation == "argument.delete":
            what = _counted(1, ARGUMENT_WORDS.get(main.kind, "argument"))
        else:
            what = "a note"
        return f"deleted {what}" + (f" and {along} below it" if along else "")
    if head.operation == "claim.update":
        return "edited " + _counted(counts["claim.update"], "claim")
    if head.operation == "argument.move":
        word = ARGUMENT_WORDS.get(head.kind, "argument")
        return "moved " + _counted(counts["argument.move"], word)
    if head.operation == "claim.create":
        return "added " + _counted(counts["claim.create"], "claim")
    return OPERATIONS.get(head.operation, head.operation)
