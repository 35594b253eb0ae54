"""Undo: take back an action made on a map, by applying its inverse through the services (so the
undo is itself recorded, and refused if someone changed the object since).

"Undo" takes back the user's last action; "restore" takes back the action that deleted a claim,
an argument or an annotation (its ``deleted_by``): one path for both.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection

from argmap.accounts.models import User
from argmap.sources.models import Passage

from ..models import Annotation, Argument, Change, Claim, Map
from ..sql import columns
from .anchors import reanchor_claim
from .annotations import delete_annotation, update_annotation
from .arguments import add_premise, delete_argument, move_argument, remove_premise
from .base import ConflictError
from .claims import delete_claim, update_claim
from .deletion import Deletable, check_standing, revive
from .history import recorded, together, undoing
from .maps import update_map
from .wording import Names, argument_word, detailed

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _claim(change: Change) -> Claim:
    return Claim.objects.get(pk=change.object_id)


def _argument(change: Change) -> Argument:
    return Argument.objects.get(pk=change.object_id)


def _annotation(change: Change) -> Annotation:
    return Annotation.objects.get(pk=change.object_id)


def _only_if_live(
    obj: Claim | Argument | Annotation, delete: Callable[..., Any], actor: User | None
) -> None:
    if obj.deleted_at is None:
        delete(**{obj._meta.model_name or "": obj, "actor": actor})


def _seen_version(change: Change, current: Claim | Argument | Annotation | Map) -> int:
    """The version an undo may overwrite: the current one if only this action, and changes of mine
    that were undone or were undos, touched the object since; otherwise the version after the
    change, which then conflicts."""
    later = Change.objects.filter(
        object_type=change.object_type, object_id=change.object_id, id__gt=change.id
    )
    mine = (
        c.action == change.action
        or (
            c.actor_id == change.actor_id
            and (c.is_undo or c.undone or c.original_action is not None)  # undos, redos
        )
        for c in later
    )
    if all(mine):
        return current.version
    return int((change.after or {})["version"])


def _inverse(change: Change, actor: User | None) -> Deletable | None:
    """Apply the inverse of one change; a revived row is returned, to be checked at the end."""
    before, after = change.before or {}, change.after or {}
    match change.operation:
        case "claim.delete" | "argument.delete" | "annotation.delete":
            return revive(change, actor=actor)
        case "claim.create" | "claim.restore":
            _only_if_live(_claim(change), delete_claim, actor)
        case "claim.update":
            claim = _claim(change)
            update_claim(
                claim=claim,
                version=_seen_version(change, claim),
                text=before["text"],
                speaker=before["speaker"],
                tags=before["tags"],
                actor=actor,
            )
        case "claim.reanchor":
            claim = _claim(change)
            passage = Passage.objects.filter(pk=before["passage"]).first()
            if before["passage"] is not None and passage is None:
                raise ValidationError("The document the claim quoted before is gone.")
            reanchor_claim(
                claim=claim,
                version=_seen_version(change, claim),
                passage=passage,
                span_start=before["span_start"],
                span_end=before["span_end"],
                actor=actor,
            )
        case "map.attach_source":
            pass  # the document stays: attaching is never undone (claims may cite it)
        case "argument.create" | "argument.restore":
            _only_if_live(_argument(change), delete_argument, actor)
        case "argument.add_premise":
            argument = _argument(change)
            (added,) = set(after["premises"]) - set(before["premises"])
            remove_premise(
                argument=argument,
                version=_seen_version(change, argument),
                claim=Claim.objects.get(pk=added),
                actor=actor,
            )
        case "argument.remove_premise":
            argument = _argument(change)
            (removed,) = set(before["premises"]) - set(after["premises"])
            add_premise(
                argument=argument,
                version=_seen_version(change, argument),
                premise=Claim.objects.get(pk=removed),
                author=actor,
            )
        case "argument.move":
            argument = _argument(change)
            move_argument(
                argument=argument,
                version=_seen_version(change, argument),
                conclusion=Claim.objects.get(pk=before["conclusion"]),
                actor=actor,
            )
        case "annotation.create" | "annotation.restore":
            _only_if_live(_annotation(change), delete_annotation, actor)
        case "annotation.update":
            annotation = _annotation(change)
            update_annotation(
                annotation=annotation,
                version=_seen_version(change, annotation),
                body=before["body"],
                kind=before["kind"],
                url=before["url"],
                actor=actor,
            )
        case "map.update":
            update_map(
                map=change.map,
                version=_seen_version(change, change.map),
                title=before["title"],
                description=before["description"],
                visibility=before["visibility"],
                actor=actor,
            )
        case _:
            raise ValidationError(f"“{describe(change)}” cannot be undone here.")
    return None


UNDOABLE = [
    "claim.create",
    "claim.update",
    "claim.reanchor",
    "claim.delete",
    "claim.restore",
    "argument.create",
    "argument.add_premise",
    "argument.remove_premise",
    "argument.move",
    "argument.delete",
    "argument.restore",
    "annotation.create",
    "annotation.update",
    "annotation.delete",
    "annotation.restore",
    "map.update",
]


# What Undo and Redo take back, in one place: each selects the id of the user's latest change
# that heads what they would take back (its action's other changes go with it). Constant SQL,
# asked by every write's answer: the ORM took longer to compile these nested subqueries than
# PostgreSQL to run them. Parameters: map, actor, undoable (UNDOABLE), epoch (EPOCH).
#
# Undo: what the user did, and what they redid, not yet undone (index change_last_action_idx).
UNDO_HEAD = """
SELECT id FROM maps_change
WHERE map_id = %(map)s AND actor_id = %(actor)s AND NOT is_undo AND NOT undone
  AND operation = ANY(%(undoable)s)
ORDER BY at DESC, id DESC LIMIT 1
"""
# Redo: the user's undos made since their last change of their own (a new change ends what can
# be redone, as in every editor). Bounded by that change's time as well, so that the index walk
# stops there when there is nothing to redo (the common case), whatever the length of the
# user's history.
LAST_OWN = """
SELECT {column} FROM maps_change
WHERE map_id = %(map)s AND actor_id = %(actor)s AND NOT is_undo AND original_action IS NULL
ORDER BY at DESC, id DESC LIMIT 1
"""
REDO_HEAD = f"""
SELECT id FROM maps_change
WHERE map_id = %(map)s AND actor_id = %(actor)s AND is_undo AND NOT undone
  AND at >= COALESCE(({LAST_OWN.format(column="at")}), %(epoch)s)
  AND id > COALESCE(({LAST_OWN.format(column="id")}), 0)
ORDER BY at DESC, id DESC LIMIT 1
"""
# The first change of the action a head belongs to (what the user did; the rest it took along).
FIRST_OF_ACTION = f"""
SELECT {columns(Change, "maps_change")} FROM maps_change
WHERE map_id = %(map)s AND action = (SELECT action FROM maps_change WHERE id = ({{head}}))
ORDER BY id LIMIT 1
"""


def heads_params(*, map: Map, actor: User) -> dict[str, Any]:
    """The parameters of UNDO_HEAD and REDO_HEAD."""
    return {"map": map.pk, "actor": actor.pk, "undoable": UNDOABLE, "epoch": EPOCH}


def _first_of_action(head: str, map: Map, actor: User) -> Change | None:
    sql = FIRST_OF_ACTION.format(head=head)
    return next(iter(Change.objects.raw(sql, heads_params(map=map, actor=actor))), None)


def last_undoable(*, map: Map, actor: User) -> Change | None:
    """The first change of the user's last action (what they did; the rest it took along)."""
    return _first_of_action(UNDO_HEAD, map, actor)


def last_redoable(*, map: Map, actor: User) -> Change | None:
    """The first change of the user's last undo that can be redone, if any."""
    return _first_of_action(REDO_HEAD, map, actor)


@recorded
def undo_last(*, map: Map, actor: User) -> list[Change]:
    """Undo the user's last action on the map; returns the changes that were undone."""
    last = last_undoable(map=map, actor=actor)
    if last is None:
        raise ValidationError("There is nothing of yours to undo on this map.")
    return undo_action(map=map, action=last.action, actor=actor)


@recorded
def redo_last(*, map: Map, actor: User) -> list[Change]:
    """Make again what the user's last undo took back, by undoing that undo (so it is recorded,
    can be undone in turn, and is refused if someone changed the objects since)."""
    last = last_redoable(map=map, actor=actor)
    if last is None:
        raise ValidationError(
            "There is nothing of yours to redo on this map: only what you undid, "
            "before you change anything else, can be redone."
        )
    return undo_action(map=map, action=last.action, actor=actor)


@recorded
def undo_action(*, map: Map, action: uuid.UUID, actor: User | None) -> list[Change]:
    """Undo one action on the map, whole or not at all; returns the changes that were undone.
    Undoing an undo redoes what it took back.

    Its changes are locked first, so that of two people undoing it at once, one does and the
    other is told it is done.
    """
    changes, _ = _undo_reviving(map=map, action=action, actor=actor)
    return changes


# Constant SQL (every undo and restore asks them): an action's changes, locked, and marked undone.
ACTION_LOCKED = f"""
SELECT {columns(Change, "maps_change")} FROM maps_change
WHERE map_id = %(map)s AND action = %(action)s ORDER BY id DESC FOR UPDATE
"""
ACTION_UNDONE = (
    "UPDATE maps_change SET undone = true WHERE map_id = %(map)s AND action = %(action)s"
)


@recorded
def _undo_reviving(
    *, map: Map, action: uuid.UUID, actor: User | None
) -> tuple[list[Change], list[Deletable]]:
    """undo_action, and the rows it revived as they are now (locked since they were read)."""
    params: dict[str, Any] = {"map": map.pk, "action": action}
    changes = list(Change.objects.raw(ACTION_LOCKED, params))
    if not changes:
        raise ValidationError("There is no such change on this map.")
    redo = changes[0].is_undo
    verb = "redone" if redo else "undone"
    if any(change.undone for change in changes):
        raise ValidationError(f"This was {verb} already (or restored by someone else).")
    original = changes[0].original_action or action
    try:
        with undoing(original=original, redo=redo), together():
            revived = [obj for change in changes if (obj := _inverse(change, actor))]
    except ConflictError as conflict:
        raise ValidationError(
            f"Someone changed this since, so it was not {verb}: {conflict.message} "
            "Look at its history to put back what you need."
        ) from conflict
    check_standing(revived)
    with connection.cursor() as cursor:
        cursor.execute(ACTION_UNDONE, params)
    return changes, revived


def _restore(obj: Deletable, actor: User | None) -> None:
    """Bring back a deleted row by undoing the action that deleted it, with all it deleted."""
    table = connection.ops.quote_name(obj._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT deleted_at, deleted_by FROM {table} WHERE id = %s", [obj.pk])
        row = cursor.fetchone()
    if row is None:
        raise type(obj).DoesNotExist(f"{obj._meta.object_name} matching query does not exist.")
    obj.deleted_at, obj.deleted_by = row
    if obj.deleted_at is None or obj.deleted_by is None:
        raise ValidationError(f"This {obj._meta.verbose_name} is not deleted.")
    _, revived = _undo_reviving(map=obj.map, action=obj.deleted_by, actor=actor)
    # The action deleted ``obj``, so undoing it revived the row: take what it holds now from
    # there (the row was locked from its reading to the end of the transaction).
    now = next((r for r in revived if type(r) is type(obj) and r.pk == obj.pk), None)
    if now is None:
        obj.refresh_from_db()
        return
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(now, field.attname))


def restore_claim(*, claim: Claim, actor: User | None = None) -> Claim:
    _restore(claim, actor)
    return claim


def restore_argument(*, argument: Argument, actor: User | None = None) -> Argument:
    _restore(argument, actor)
    return argument


def restore_annotation(*, annotation: Annotation, actor: User | None = None) -> Annotation:
    _restore(annotation, actor)
    return annotation


OPERATIONS = {
    "map.create": "created the map",
    "map.update": "changed the map's title, description or visibility",
    "map.attach_source": "attached a document",
    "map.import": "imported claims and arguments",
    "member.add": "added a member",
    "member.role": "changed a member's role",
    "member.remove": "removed a member",
    "member.transfer": "transferred ownership",
    "member.join": "joined through a link",
    "invitation.create": "made an invitation link",
    "invitation.revoke": "withdrew an invitation link",
    "claim.create": "added a claim",
    "claim.update": "edited a claim",
    "claim.reanchor": "carried a claim to a revision",
    "claim.delete": "deleted a claim",
    "claim.restore": "restored a claim",
    "argument.create": "added an argument",
    "argument.add_premise": "added a co-premise",
    "argument.remove_premise": "removed a co-premise",
    "argument.move": "moved an argument",
    "argument.delete": "deleted an argument",
    "argument.restore": "restored an argument",
    "annotation.create": "annotated",
    "annotation.update": "edited an annotation",
    "annotation.delete": "removed an annotation",
    "annotation.restore": "restored an annotation",
}


def describe(change: Change, names: Names | None = None) -> str:
    """What a change did, in plain words. Short without ``names`` ("moved an argument", as the
    live status line, the API and the toolbar say it); naming what it touched with them ("moved
    the reason “Crime is rising” to “…”", as the history page says it; ``names_for`` fetches
    them for a page of changes)."""
    if names is not None and (words := detailed(change, names)):
        return words
    if change.operation == "argument.create" and change.after:
        word = argument_word(change.after)
        return f"added {'an' if word[0] in 'aeiou' else 'a'} {word}"
    return OPERATIONS.get(change.operation, change.operation)
