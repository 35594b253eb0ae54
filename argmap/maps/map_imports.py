"""Every write to a MapImport: the upload waiting for the preview's confirmation, then the job's
progress and outcome (the job itself is ``tasks.import_map``). These rows are no part of a map
and record no change; they go after a day.

A running job's worker holds a PostgreSQL advisory lock named after the job for as long as it
works on it. PostgreSQL lets the lock go when the worker's connection ends, so a job that is
"running" while no one holds its lock lost its worker (killed, or its machine gone): ``checked``
and ``reap`` mark it failed. Nothing of it was committed, as the import is one transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import psycopg
from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from argmap.accounts.models import User

from .models import Map, MapImport

KEEP = timedelta(days=1)  # uploads and finished jobs older than this are removed
State = MapImport.State
STOPPED = "The import stopped when its worker stopped; nothing was imported. Try again."
LOCKS = 0x4D49  # the advisory locks of map imports: (LOCKS << 32) + the job's id


def sweep() -> None:
    """Remove uploads and finished jobs left for more than a day (jobs under way stay)."""
    old = MapImport.objects.filter(created_at__lt=timezone.now() - KEEP)
    old.exclude(state__in=[State.QUEUED, State.RUNNING]).delete()


def keep(
    *, owner: User, filename: str, data: bytes, format: str, title: str, total: int
) -> MapImport:
    """Store an upload for the preview's confirmation, replacing the owner's earlier one."""
    sweep()
    MapImport.objects.filter(owner=owner, state=State.WAITING).delete()
    job = MapImport(
        token=secrets.token_hex(16),
        owner=owner,
        filename=filename,
        data=data,
        format=format,
        title=title,
        total=total,
    )
    job.full_clean()
    job.save()
    return job


def received(
    *, owner: User, filename: str, data: bytes, format: str, title: str, total: int
) -> MapImport:
    """Store a file checked already and queue it at once (the API has no preview step)."""
    sweep()
    job = MapImport(
        token=secrets.token_hex(16),
        owner=owner,
        filename=filename,
        data=data,
        format=format,
        title=title,
        total=total,
        state=State.QUEUED,
    )
    job.full_clean()
    job.save()
    return job


def waiting(*, token: str, owner: User) -> MapImport | None:
    """The owner's upload named by ``token``, if it still waits for its confirmation."""
    return MapImport.objects.filter(token=token, owner=owner, state=State.WAITING).first()


def of_owner(*, token: str, owner: User) -> MapImport | None:
    """The owner's import named by ``token`` (without its bytes), in whatever state; a job whose
    worker stopped under it is marked failed first."""
    job = MapImport.objects.defer("data").filter(token=token, owner=owner).first()
    return checked(job) if job is not None else None


def _lock_key(job_id: int) -> int:
    return (LOCKS << 32) + job_id


def checked(job: MapImport) -> MapImport:
    """``job``, failed with STOPPED if it is running but its worker no longer holds its lock."""
    if job.state != State.RUNNING:
        return job
    with transaction.atomic(), connection.cursor() as cursor:
        # Free means the worker is gone; held until this transaction ends, so no worker takes
        # it meanwhile (none would: only queued jobs are started).
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_lock_key(job.pk)])
        if cursor.fetchone()[0]:
            _abandon(job)
    job.refresh_from_db(fields=["state", "error", "done", "total", "map"])
    return job


def _abandon(job: MapImport) -> None:
    stopped = MapImport.objects.filter(pk=job.pk, state=State.RUNNING).update(
        state=State.FAILED, error=STOPPED, data=None
    )
    if stopped and job.task_id:  # its task too, which the worker can no longer end
        DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path="argmap.maps.map_imports.WorkerStopped",
            traceback=STOPPED,
        )


def reap() -> None:
    """Fail every running job whose worker is gone (a worker runs this as it takes a job)."""
    for job in MapImport.objects.defer("data").filter(state=State.RUNNING):
        checked(job)


def confirm(*, job: MapImport, title: str) -> bool:
    """Queue a waiting upload under ``title``; False if it no longer waits (a second click, or
    the same confirmation on another server)."""
    queued = MapImport.objects.filter(pk=job.pk, state=State.WAITING)
    return bool(queued.update(state=State.QUEUED, title=title))


def set_task(*, job_id: int, task_id: str) -> None:
    MapImport.objects.filter(pk=job_id).update(task_id=task_id)


def start(*, job_id: int) -> MapImport | None:
    """Mark a queued job running and return it with its bytes; None if it is not queued. The
    caller holds the job's lock already (``running``)."""
    if not MapImport.objects.filter(pk=job_id, state=State.QUEUED).update(state=State.RUNNING):
        return None
    return MapImport.objects.select_related("owner").get(pk=job_id)


def finish(*, job: MapImport, map: Map) -> None:
    """Called inside the import's transaction: the map and the "done" commit together."""
    MapImport.objects.filter(pk=job.pk).update(
        state=State.DONE, map=map, data=None, done=F("total")
    )


def fail(*, job: MapImport, error: str) -> None:
    MapImport.objects.filter(pk=job.pk).update(state=State.FAILED, error=error, data=None)


Progress = Callable[[int, int], None]


@contextmanager
def running(job_id: int) -> Iterator[tuple[MapImport | None, Progress]]:
    """Start a queued job under its lock: the job (None if it was not queued) and
    ``progress(done, total)``, both on a connection of the worker's own that holds the lock
    until the job has ended. Progress is committed at once: the import runs in one
    transaction, which no one else sees until it ends."""
    params = connections["default"].get_connection_params()
    table = MapImport._meta.db_table
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", [_lock_key(job_id)])  # before "running"

        def progress(done: int, total: int) -> None:
            conn.execute(
                f"UPDATE {table} SET done = %s, total = %s WHERE id = %s",
                [done, total, job_id],
            )

        yield start(job_id=job_id), progress
