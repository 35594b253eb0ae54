"""What every job row shares (MapImport, DocumentImport): its life after it is queued, its
progress, its end, and what happens when its worker dies under it. The tasks that run jobs are
``maps.tasks.import_map`` and ``sources.tasks.import_document``. Job rows are no part of a map
and record no change; they go after a day.

A running job's worker holds a PostgreSQL advisory lock named after the job for as long as it
works on it. PostgreSQL lets the lock go when the worker's connection ends, so a job that is
"running" while no one holds its lock lost its worker (killed, or its machine gone): ``checked``
and ``reap`` mark it failed. Nothing of it was committed: each job writes in one transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TypeVar

import psycopg
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import DocumentImport, Job, MapImport

J = TypeVar("J", bound=Job)
Progress = Callable[[int, int], None]

KEEP = timedelta(days=1)  # uploads and finished jobs older than this are removed
State = Job.State
GRACE = timedelta(seconds=30)  # from a worker taking a task to its holding the job's lock
STOPPED = "The import stopped when its worker stopped; nothing was imported. Try again."
# Each kind of job has advisory locks of its own: (space << 32) + the job's id.
LOCK_SPACES: dict[type[Job], int] = {MapImport: 0x4D49, DocumentImport: 0x4449}


def new_token() -> str:
    return secrets.token_hex(16)


def sweep(model: type[Job]) -> None:
    """Remove uploads and finished jobs left for more than a day (jobs under way stay)."""
    old = model._default_manager.filter(created_at__lt=timezone.now() - KEEP)
    old.exclude(state__in=[State.QUEUED, State.RUNNING]).delete()


def set_task(model: type[Job], *, job_id: int, task_id: str) -> None:
    model._default_manager.filter(pk=job_id).update(task_id=task_id)


def _lock_key(model: type[Job], job_id: int) -> int:
    return (LOCK_SPACES[model] << 32) + job_id


def checked(job: J) -> J:
    """``job``, failed with STOPPED if a worker took it (it runs, or its task was claimed) but no
    longer holds its lock."""
    if job.state != State.RUNNING and not (job.state == State.QUEUED and _claimed(job)):
        return job
    model = type(job)
    with transaction.atomic(), connection.cursor() as cursor:
        # Free means the worker is gone; held until this transaction ends, so no worker takes
        # it meanwhile (none would: only queued jobs are started).
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_lock_key(model, job.pk)])
        if cursor.fetchone()[0]:
            _abandon(job)
    job.refresh_from_db()  # its fields but the deferred bytes
    return job


def _claimed(job: Job) -> bool:
    """Whether a worker took the job's task from the queue a while ago but never marked the job
    running: it died in between, and nobody would ever run the job. (A live worker takes the
    job's lock within milliseconds of taking its task.)"""
    if not job.task_id:
        return False
    taken = DBTaskResult.objects.filter(id=job.task_id, started_at__lt=timezone.now() - GRACE)
    return taken.exclude(status="READY").exists()


def _abandon(job: Job) -> None:
    stopped = (
        type(job)
        ._default_manager.filter(pk=job.pk, state__in=[State.QUEUED, State.RUNNING])
        .update(state=State.FAILED, error=STOPPED, data=None)
    )
    if stopped and job.task_id:  # its task too, which the worker can no longer end
        DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path="argmap.maps.jobs.WorkerStopped",
            traceback=STOPPED,
        )


def reap(model: type[Job]) -> None:
    """Fail every running job whose worker is gone (a worker runs this as it takes a job)."""
    for job in model._default_manager.defer("data").filter(state=State.RUNNING):
        checked(job)


def start(model: type[J], *, job_id: int) -> J | None:
    """Mark a queued job running and return it with its bytes; None if it is not queued. The
    caller holds the job's lock already (``running``)."""
    if not model._default_manager.filter(pk=job_id, state=State.QUEUED).update(state=State.RUNNING):
        return None
    return model._default_manager.select_related("owner").get(pk=job_id)


def fail(model: type[Job], job_id: int, error: str) -> None:
    model._default_manager.filter(pk=job_id).update(state=State.FAILED, error=error, data=None)


@contextmanager
def running(model: type[J], job_id: int) -> Iterator[tuple[J | None, Progress]]:
    """Start a queued job under its lock: the job (None if it was not queued) and
    ``progress(done, total)``, both on a connection of the worker's own that holds the lock
    until the job has ended. Progress is committed at once: the job writes in one
    transaction, which no one else sees until it ends.

    If the block raises, the job fails with the reason: a refusal (ValidationError) says what
    was wrong and ends the block quietly; anything else is our error, raised again so that the
    task's result keeps the traceback."""
    params = connections["default"].get_connection_params()
    table = model._meta.db_table
    with psycopg.connect(**params, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", [_lock_key(model, job_id)])  # before "running"

        def progress(done: int, total: int) -> None:
            conn.execute(
                f"UPDATE {table} SET done = %s, total = %s WHERE id = %s",
                [done, total, job_id],
            )

        try:
            yield start(model, job_id=job_id), progress
        except ValidationError as error:
            fail(model, job_id, f"Nothing was imported. {' '.join(error.messages)}")
        except Exception:
            fail(model, job_id, "Something went wrong; nothing was imported.")
            raise
