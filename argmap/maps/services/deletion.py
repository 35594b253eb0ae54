"""Deletion is an action: every row a deletion touches is marked with the id of the deleting action
(``deleted_by``) and gets its own Change, so that restoring is undoing that action (undo.py).

Arguments cannot stand without their conclusion (or target) or without a live premise: deleting
a claim or an argument takes those along, and reviving them is refused unless they stand again.
"""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from argmap.accounts.models import User

from ..models import Annotation, Argument, Change, Claim
from ..sql import columns
from .history import current_action, record, snapshot, together

Deletable = Claim | Argument | Annotation
MODELS: dict[str, type[Deletable]] = {
    "claim": Claim,
    "argument": Argument,
    "annotation": Annotation,
}


def soft_delete(
    obj: Deletable, *, actor: User | None, premise_ids: list[int] | None = None
) -> bool:
    """Delete one live row as part of the running action, with its own Change (an argument's
    premises are read unless given).

    False if it is deleted already: the conditional UPDATE waits for a concurrent deletion of the
    same row and then finds it gone, so exactly one of them deletes it.
    """
    before = snapshot(obj, premise_ids=premise_ids)
    now, action = timezone.now(), current_action()
    table = connection.ops.quote_name(obj._meta.db_table)
    with connection.cursor() as cursor:  # the ORM's update() cannot return the new version
        cursor.execute(
            f"UPDATE {table} SET deleted_at = %s, deleted_by = %s, version = version + 1"
            " WHERE id = %s AND deleted_at IS NULL RETURNING version",
            [now, action, obj.pk],
        )
        row = cursor.fetchone()
    if row is None:
        return False
    obj.deleted_at, obj.deleted_by, obj.version = now, action, row[0]
    before["version"] = obj.version - 1
    # Only the version and the deletion changed (the premises of an argument stay as they were).
    after = {**before, "version": obj.version, "deleted": True}
    name = obj._meta.model_name
    record(
        map=obj.map_id, actor=actor, operation=f"{name}.delete", obj=obj, before=before, after=after
    )
    return True


def delete_with_dependents(obj: Deletable, *, actor: User | None) -> None:
    """Delete ``obj`` and every argument that can no longer stand, each recorded (cycle-safe)."""
    with together():
        if not soft_delete(obj, actor=actor):
            raise ValidationError(f"This {obj._meta.verbose_name} is already deleted.")
        pending: list[Deletable] = [obj]
        while pending:
            gone = pending.pop()
            for argument, premise_ids in _fallen(gone):
                if soft_delete(argument, actor=actor, premise_ids=premise_ids):
                    pending.append(argument)


# What a deletion may take along, locked: the live arguments about a claim or using it as a
# premise, or the live undercuts of an argument (constant SQL: asked once or more for every
# deletion).
NEAR_CLAIM = """
WITH near AS MATERIALIZED (
    SELECT id FROM maps_argument WHERE conclusion_id = %(gone)s
    UNION SELECT argument_id FROM maps_premise WHERE claim_id = %(gone)s)
SELECT a.id FROM near JOIN maps_argument a ON a.id = near.id WHERE a.deleted_at IS NULL
ORDER BY a.id FOR UPDATE OF a
"""
NEAR_ARGUMENT = """
SELECT id FROM maps_argument WHERE target_id = %(gone)s AND deleted_at IS NULL
ORDER BY id FOR UPDATE
"""
# Of those, the ones that cannot stand, with their premises in order: still live, and all
# undercuts of a gone argument; of a gone claim, the arguments concluding it or left without a
# live premise.
FALLEN = f"""
SELECT {columns(Argument, "a")},
       ARRAY(SELECT p.claim_id FROM maps_premise p WHERE p.argument_id = a.id ORDER BY p.position)
       AS premise_ids
FROM maps_argument a
WHERE a.id = ANY(%(ids)s::bigint[]) AND a.deleted_at IS NULL
  AND (%(argument)s
       OR a.conclusion_id = %(gone)s
       OR NOT EXISTS (SELECT FROM maps_premise p JOIN maps_claim c ON c.id = p.claim_id
                      WHERE p.argument_id = a.id AND c.deleted_at IS NULL))
ORDER BY a.id
"""


def _fallen(gone: Deletable) -> list[tuple[Argument, list[int]]]:
    """The live arguments that cannot stand once ``gone`` is deleted, with their premises."""
    if isinstance(gone, Annotation):
        return []
    argument = isinstance(gone, Argument)
    with connection.cursor() as cursor:
        cursor.execute(NEAR_ARGUMENT if argument else NEAR_CLAIM, {"gone": gone.pk})
        ids = [pk for (pk,) in cursor.fetchall()]
    if not ids:
        return []
    # Locked; now look again (a statement of its own, so a snapshot of its own): a concurrent
    # deletion of a co-premise has committed by now.
    fallen = Argument.objects.raw(FALLEN, {"ids": ids, "gone": gone.pk, "argument": argument})
    return [(row, row.premise_ids) for row in fallen]  # type: ignore[attr-defined]  # raw()'s column


def revive(change: Change, *, actor: User | None) -> Deletable:
    """Undo the deletion of one row by ``change`` (its own action must have deleted it)."""
    model = MODELS[change.object_type]
    table = connection.ops.quote_name(model._meta.db_table)
    sql = LOCKED_ROW.format(columns=columns(model, table), table=table)
    found = list(model._default_manager.raw(sql, [change.object_id]))
    if not found:
        raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
    obj = cast(Deletable, found[0])
    if obj.deleted_by != change.action:
        what = obj._meta.verbose_name
        raise ValidationError(
            f"This {what} was restored or deleted again since; nothing was undone."
        )
    _lock_what_it_stands_on(obj)
    before = snapshot(obj)
    with connection.cursor() as cursor:
        cursor.execute(REVIVED.format(table=table), [obj.pk])
    # The row is locked since it was read: what it holds now is known without reading it again.
    obj.deleted_at, obj.deleted_by, obj.version = None, None, obj.version + 1
    record(
        map=obj.map_id,
        actor=actor,
        operation=f"{change.object_type}.restore",
        obj=obj,
        before=before,
        after={**before, "version": obj.version, "deleted": False},
    )
    return obj


# Constant SQL for reviving (every undo of a deletion, every restore): the row, locked, then
# brought back; the rows it stands on, locked; whether it stands.
LOCKED_ROW = "SELECT {columns} FROM {table} WHERE id = %s FOR UPDATE"
REVIVED = (
    "UPDATE {table} SET deleted_at = NULL, deleted_by = NULL, version = version + 1 WHERE id = %s"
)
# An argument's conclusion and premises (each side by its own index), in the order of their ids.
LOCK_ABOVE = """
SELECT id FROM maps_claim WHERE id IN (
    SELECT conclusion_id FROM maps_argument WHERE id = %(argument)s
    UNION SELECT claim_id FROM maps_premise WHERE argument_id = %(argument)s)
ORDER BY id FOR UPDATE
"""
LOCK_CLAIM = "SELECT id FROM maps_claim WHERE id = %s FOR UPDATE"
LOCK_ARGUMENT = "SELECT id FROM maps_argument WHERE id = %s FOR UPDATE"
# Whether an argument stands: its conclusion or its target deleted, and whether a premise is live.
STANDING = """
SELECT c.deleted_at, t.deleted_at,
       EXISTS (SELECT FROM maps_premise p JOIN maps_claim pc ON pc.id = p.claim_id
               WHERE p.argument_id = a.id AND pc.deleted_at IS NULL)
FROM maps_argument a
LEFT JOIN maps_claim c ON c.id = a.conclusion_id
LEFT JOIN maps_argument t ON t.id = a.target_id
WHERE a.id = %s
"""


def _lock_what_it_stands_on(obj: Deletable) -> None:
    """Lock the rows a revived argument or note stands on before reviving it: a concurrent
    deletion of one of them then either finishes first (and check_standing refuses) or waits
    and finds the revived row live (and takes it along)."""
    with connection.cursor() as cursor:
        if isinstance(obj, Argument):
            cursor.execute(LOCK_ABOVE, {"argument": obj.pk})
            if obj.target_id:
                cursor.execute(LOCK_ARGUMENT, [obj.target_id])
        elif isinstance(obj, Annotation):
            if obj.claim_id:
                cursor.execute(LOCK_CLAIM, [obj.claim_id])
            if obj.argument_id:
                cursor.execute(LOCK_ARGUMENT, [obj.argument_id])


def check_standing(revived: list[Deletable]) -> None:
    """Refuse (and so roll back) a revival that leaves an argument or a note on something deleted."""
    for obj in revived:
        if isinstance(obj, Argument):
            with connection.cursor() as cursor:
                cursor.execute(STANDING, [obj.pk])
                above_deleted, target_deleted, has_premise = cursor.fetchone()
            if above_deleted or target_deleted:
                what = (
                    "the claim it argues about" if obj.conclusion_id else "the argument it attacks"
                )
                raise ValidationError(
                    f"{what.capitalize()} was deleted separately, so this cannot come back on its "
                    "own; restore that first."
                )
            if not has_premise:
                raise ValidationError(
                    "Every premise of the argument was deleted separately, so it cannot come back "
                    "on its own; restore a premise first."
                )
        if isinstance(obj, Annotation):
            target = obj.claim if obj.claim_id else obj.argument
            if target is not None and target.deleted_at is not None:
                raise ValidationError("What it annotates is deleted; restore that first.")
