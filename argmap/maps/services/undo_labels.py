"""What "Undo" and "Redo" would do for a user, in plain words ("Undo: added 3 reasons").

Each write's answer refreshes the toolbar. After the user's own new action the answer needs no
query: Undo takes back what the request just did, and a new action ends what can be redone.
Otherwise (an undo, a redo, a page) one query, whatever the size of the actions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from argmap.accounts.models import User

from ..models import Change, Map
from .history import request_changes
from .undo import OPERATIONS, REDO_HEAD, UNDO_HEAD, UNDOABLE, heads_params
from .wording import ARGUMENT_WORDS, listed, quoted


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


def action_parts(changes: Iterable[Change]) -> list[ActionPart]:
    """One action's changes, counted by operation and kind (first made first)."""
    parts: dict[tuple[str, str], ActionPart] = {}
    for change in sorted(changes, key=lambda c: c.pk):
        before, after = change.before or {}, change.after or {}
        kind = after.get("kind") or before.get("kind") or ""
        text = before.get("text") or after.get("text") or ""
        part = parts.setdefault(
            (change.operation, kind), ActionPart(change.operation, kind, 0, change.pk, text)
        )
        part.count += 1
        if change.operation == "argument.create" and after.get("target") is not None:
            part.undercuts += 1
    return list(parts.values())


def _just_made(map: Map, actor: User) -> list[Change] | None:
    """The changes of the user's own new action in this request, if its last action is one that
    Undo takes back (then nothing can be redone)."""
    changes = request_changes()
    if not changes:
        return None
    last = changes[-1]
    own = [c for c in changes if c.action == last.action]
    head = own[0]
    if (
        head.map_id != map.pk
        or head.actor_id != actor.pk
        or head.is_undo
        or head.original_action is not None
        or head.operation not in UNDOABLE
    ):
        return None
    return own


def undo_state(*, map: Map, actor: User | None) -> UndoState:
    """What the user's Undo and Redo would take back or make again."""
    if actor is None or not actor.is_authenticated:
        return UndoState(None, None)
    just_made = _just_made(map, actor)
    if just_made is not None:
        return UndoState(undo=describe_action(action_parts(just_made)), redo=None)
    rows = Change.objects.raw(ACTIONS_OF_HEADS, heads_params(map=map, actor=actor))
    actions: dict[str, list[Change]] = {"undo": [], "redo": []}
    for change in rows:
        actions[vars(change)["side"]].append(change)  # which head it came by
    return UndoState(
        undo=describe_action(action_parts(actions["undo"])) if actions["undo"] else None,
        redo=describe_action(action_parts(actions["redo"])) if actions["redo"] else None,
    )


# The changes of the user action each head is about (an undo's or a redo's: the action it took
# back or made again), in one query.
_OF_HEAD = """
SELECT '{side}' AS side, id, action, operation, before, after FROM maps_change
WHERE map_id = %(map)s AND action = (
    SELECT COALESCE(original_action, action) FROM maps_change WHERE id = ({head}))
"""
ACTIONS_OF_HEADS = (
    _OF_HEAD.format(side="undo", head=UNDO_HEAD)
    + "UNION ALL"
    + _OF_HEAD.format(side="redo", head=REDO_HEAD)
)


def _counted(n: int, word: str) -> str:
    if n == 1:
        return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"
    return f"{n} {word}s"


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
        return "added " + listed(made)
    deleted = [p for p in parts if p.operation.endswith(".delete")]
    if deleted:
        claims = [p for p in deleted if p.operation == "claim.delete"]
        main = claims[0] if claims else deleted[0]
        along = sum(p.count for p in deleted) - 1
        if main.operation == "claim.delete":
            what = f"the claim {quoted(main.text, 30)}"
        elif main.operation == "argument.delete":
            what = _counted(1, ARGUMENT_WORDS.get(main.kind, "argument"))
        else:
            what = "a note"
        return f"deleted {what}" + (f" and {along} below it" if along else "")
    if "claim.reanchor" in counts:
        return "carried " + _counted(counts["claim.reanchor"], "claim") + " to a revision"
    if head.operation == "claim.update":
        return "edited " + _counted(counts["claim.update"], "claim")
    if head.operation == "argument.move":
        word = ARGUMENT_WORDS.get(head.kind, "argument")
        return "moved " + _counted(counts["argument.move"], word)
    if head.operation == "claim.create":
        return "added " + _counted(counts["claim.create"], "claim")
    return OPERATIONS.get(head.operation, head.operation)
