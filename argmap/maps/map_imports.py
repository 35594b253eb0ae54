"""Every write to a MapImport: the upload waiting for the preview's confirmation, then the job's
progress and outcome (the job itself is ``tasks.import_map``). These rows are no part of a map
and record no change; they go after a day."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import psycopg
from django.db import connections
from django.utils import timezone

from argmap.accounts.models import User

from .models import Map, MapImport

KEEP = timedelta(days=1)  # uploads and finished jobs older than this are removed
State = MapImport.State


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


def waiting(*, token: str, owner: User) -> MapImport | None:
    """The owner's upload named by ``token``, if it still waits for its confirmation."""
    return MapImport.objects.filter(token=token, owner=owner, state=State.WAITING).first()


def of_owner(*, token: str, owner: User) -> MapImport | None:
    """The owner's import named by ``token`` (without its bytes), in whatever state."""
    return MapImport.objects.defer("data").filter(token=token, owner=owner).first()


def confirm(*, job: MapImport, title: str) -> bool:
    """Queue a waiting upload under ``title``; False if it no longer waits (a second click, or
    the same confirmation on another server)."""
    queued = MapImport.objects.filter(pk=job.pk, state=State.WAITING)
    return bool(queued.update(state=State.QUEUED, title=title))


def set_task(*, job_id: int, task_id: str) -> None:
    MapImport.objects.filter(pk=job_id).update(task_id=task_id)


def start(*, job_id: int) -> MapImport | None:
    """Mark a queued job running and return it with its bytes; None if it is not queued."""
    if not MapImport.objects.filter(pk=job_id, state=State.QUEUED).update(state=State.RUNNING):
        return None
    return MapImport.objects.select_related("owner").get(pk=job_id)


def finish(*, job: MapImport, map: Map) -> None:
    MapImport.objects.filter(pk=job.pk).update(state=State.DONE, map=map, data=None)


def fail(*, job: MapImport, error: str) -> None:
    MapImport.objects.filter(pk=job.pk).update(state=State.FAILED, error=error, data=None)


@contextmanager
def progress_recorder(job_id: int) -> Iterator[Callable[[int, int], None]]:
    """``progress(done, total)`` written on a connection of its own and committed at once: the
    import runs in one transaction, which no one else sees until it ends."""
    params = connections["default"].get_connection_params()
    table = MapImport._meta.db_table
    with psycopg.connect(**params, autocommit=True) as conn:

        def progress(done: int, total: int) -> None:
            conn.execute(
                f"UPDATE {table} SET done = %s, total = %s WHERE id = %s",
                [done, total, job_id],
            )

        yield progress
