"""The change log: every service records what it changed, in its own transaction.

``@recorded`` makes a function a service: atomic, and grouped into one *action* with the services
it calls, so that "undo" can take back everything one user action did.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone

from argmap.accounts.models import User

from ..models import Annotation, Argument, Change, Claim, Map, Membership
from .base import conditional_update

P = ParamSpec("P")
R = TypeVar("R")

# Every committed Change is announced on this channel as "<map id>:<change id>" by a trigger on
# its table (migration maps 0015; argmap/maps/events.py listens). One channel for all maps: each
# process LISTENs once and routes in memory, with no LISTEN/UNLISTEN as viewers come and go.
CHANNEL = "argmap_changes"

_action: ContextVar[uuid.UUID | None] = ContextVar("argmap_action", default=None)


@dataclass(frozen=True)
class Reverting:
    """An undo (or, undoing an undo, a redo) running, and the user action it is about."""

    redo: bool
    original: uuid.UUID  # what the toolbar names: "Undo: added 3 reasons" / "Redo: …"


_undoing: ContextVar[Reverting | None] = ContextVar("argmap_undoing", default=None)
# The changes recorded in a together() block, written as it ends.
_unwritten: ContextVar[list[Change] | None] = ContextVar("argmap_unwritten", default=None)
# The changes the request being served has recorded: its answer draws the claims they touched,
# and names them in the toolbar's Undo. None outside a request (a worker, a command).
_in_request: ContextVar[list[Change] | None] = ContextVar("argmap_in_request", default=None)


def start_request(**kwargs: Any) -> None:
    """Connected to request_started: a request starts with no changes of its own (a thread that
    serves one request after another keeps its context)."""
    _in_request.set([])


def request_changes() -> list[Change]:
    """The changes this request has recorded so far (a rolled-back write answers with an
    error, never with these)."""
    return list(_in_request.get() or ())


def made_claims() -> list[int]:
    """The claims this request has made so far, first made first."""
    return [c.object_id for c in request_changes() if c.operation == "claim.create"]


def grown_claims() -> dict[int, set[int]]:
    """The claims this request touched only by adding arguments about them, with the ids of
    those arguments: its answer sends the new arguments, not each claim's whole group."""
    added: dict[int, set[int]] = {}
    other: set[int] = set()
    for change in request_changes():
        conclusion = (change.after or {}).get("conclusion")
        if change.operation == "argument.create" and conclusion is not None:
            added.setdefault(conclusion, set()).add(change.object_id)
            other.update(c for c in change.claim_ids if c != conclusion)
        else:
            other.update(change.claim_ids)
    return {claim: ids for claim, ids in added.items() if claim not in other}


def touched_claims() -> set[int]:
    """The claims touched by the changes this request has recorded so far."""
    return {claim_id for change in request_changes() for claim_id in change.claim_ids}


def recorded(func: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(func)
    def service(*args: P.args, **kwargs: P.kwargs) -> R:
        if _action.get() is not None:  # called by another service: part of its transaction
            return func(*args, **kwargs)
        token = _action.set(uuid.uuid4())
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        finally:
            _action.reset(token)

    return service


def current_action() -> uuid.UUID:
    """The id of the user action the running service belongs to."""
    action = _action.get()
    assert action is not None, "only a @recorded service acts"
    return action


@contextmanager
def together() -> Iterator[None]:
    """Write the changes recorded in this block in one statement as it ends: a round trip each
    saved. Only around the services' own steps, where no savepoint is rolled back: the changes
    of a rolled-back savepoint would still be written."""
    if _unwritten.get() is not None:  # an enclosing block writes them
        yield
        return
    token = _unwritten.set([])
    try:
        yield
        _insert(_unwritten.get() or [])
    finally:
        _unwritten.reset(token)


@contextmanager
def undoing(*, original: uuid.UUID, redo: bool = False) -> Iterator[None]:
    """A context in which the recorded changes are marked as made by an undo of ``original``
    (or by a redo of it: an undo of its undo, which can be undone in turn)."""
    token = _undoing.set(Reverting(redo=redo, original=original))
    try:
        yield
    finally:
        _undoing.reset(token)


def snapshot(obj: models.Model, *, premise_ids: list[int] | None = None) -> dict[str, Any]:
    """The state of a row as the history keeps it (JSON). An argument's premises are read unless
    the caller has them in hand (``premise_ids``, in order)."""
    if isinstance(obj, Claim):
        return {
            "text": obj.text,
            "speaker": obj.speaker,
            "tags": list(obj.tags),
            "passage": obj.passage_id,
            "span_start": obj.span_start,
            "span_end": obj.span_end,
            "version": obj.version,
            "deleted": obj.deleted_at is not None,
        }
    if isinstance(obj, Argument):
        return {
            "kind": obj.kind,
            "conclusion": obj.conclusion_id,
            "target": obj.target_id,
            "premises": premise_ids if premise_ids is not None else _premise_ids(obj.pk),
            "scheme": obj.scheme,
            "version": obj.version,
            "deleted": obj.deleted_at is not None,
        }
    if isinstance(obj, Annotation):
        return {
            "kind": obj.kind,
            "body": obj.body,
            "url": obj.url,
            "claim": obj.claim_id,
            "argument": obj.argument_id,
            "version": obj.version,
            "deleted": obj.deleted_at is not None,
        }
    if isinstance(obj, Map):
        return {
            "title": obj.title,
            "description": obj.description,
            "visibility": obj.visibility,
            "version": obj.version,
        }
    if isinstance(obj, Membership):
        return {"user": obj.user.username, "role": obj.role}
    raise TypeError(f"no snapshot for {type(obj).__name__}")


PREMISE_IDS = "SELECT claim_id FROM maps_premise WHERE argument_id = %s ORDER BY position"


def _premise_ids(argument_id: int) -> list[int]:
    """An argument's premises in order (constant SQL: each deletion and revival reads them)."""
    with connection.cursor() as cursor:
        cursor.execute(PREMISE_IDS, [argument_id])
        return [claim_id for (claim_id,) in cursor.fetchall()]


@contextmanager
def versioned_change(
    obj: Claim | Argument | Annotation | Map,
    *,
    version: int,
    operation: str,
    actor: User | None,
    **changes: Any,
) -> Iterator[None]:
    """Write ``changes`` if nobody changed ``obj`` since ``version`` (else ConflictError), let the
    block change more, then record the change with the state before and after."""
    before = snapshot(obj)
    conditional_update(obj, version=version, **changes)
    yield
    before["version"] = version  # the version the change was made from
    map = obj if isinstance(obj, Map) else obj.map_id
    record(map=map, actor=actor, operation=operation, obj=obj, before=before, after=snapshot(obj))


def claims_touched(obj: models.Model, state: dict[str, Any] | None) -> list[int]:
    if isinstance(obj, Claim):
        return [obj.pk]
    if state is None:
        return []
    ids = [state.get("conclusion"), *state.get("premises", []), state.get("claim")]
    return [i for i in ids if i]


def record(
    *,
    map: Map | int,
    actor: User | None,
    operation: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    claim_ids: Iterable[int] = (),
) -> Change:
    touched = set(claim_ids) | set(claims_touched(obj, before)) | set(claims_touched(obj, after))
    reverting = _undoing.get()
    change = Change(
        map_id=map if isinstance(map, int) else map.pk,
        action=_action.get() or uuid.uuid4(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        at=timezone.now(),
        operation=operation,
        object_type=obj._meta.model_name or "",
        object_id=obj.pk,
        claim_ids=sorted(touched),
        before=before,
        after=after,
        is_undo=reverting is not None and not reverting.redo,
        undone=False,
        original_action=reverting.original if reverting else None,
    )
    unwritten = _unwritten.get()
    if unwritten is None:
        _insert([change])
    else:
        unwritten.append(change)  # written as the together() block ends
    in_request = _in_request.get()
    if in_request is not None:
        in_request.append(change)
    return change


# Constant SQL for each number of rows (an action's changes are written in one statement, a round
# trip each saved; the ORM's insert took longer to compile than the database to run it). The
# columns are Change's, JSON as JSONField writes it (json.dumps). PostgreSQL returns the ids in the
# order of the rows, as Django's bulk_create relies on.
INSERT_CHANGES = """
INSERT INTO maps_change (map_id, action, actor_id, at, operation, object_type, object_id,
                         claim_ids, before, after, is_undo, undone, original_action)
VALUES {rows}
RETURNING id
"""
CHANGE_ROW = "(%s, %s, %s, %s, %s, %s, %s, %s::bigint[], %s::jsonb, %s::jsonb, %s, %s, %s)"
ROWS_A_STATEMENT = 1000  # 13 parameters a row: a statement takes at most 65,535


def _insert(changes: list[Change]) -> None:
    """Write new Change rows, as ``save()`` would (a trigger announces each on commit)."""

    def json_or_null(value: dict[str, Any] | None) -> str | None:
        return None if value is None else json.dumps(value)

    for start in range(0, len(changes), ROWS_A_STATEMENT):
        batch = changes[start : start + ROWS_A_STATEMENT]
        params = [
            value
            for change in batch
            for value in (
                change.map_id,
                change.action,
                change.actor_id,
                change.at,
                change.operation,
                change.object_type,
                change.object_id,
                change.claim_ids,
                json_or_null(change.before),
                json_or_null(change.after),
                change.is_undo,
                change.undone,
                change.original_action,
            )
        ]
        with connection.cursor() as cursor:
            cursor.execute(INSERT_CHANGES.format(rows=", ".join([CHANGE_ROW] * len(batch))), params)
            ids = cursor.fetchall()
        for change, (pk,) in zip(batch, ids, strict=True):
            change.pk = pk
            change._state.adding, change._state.db = False, connection.alias
