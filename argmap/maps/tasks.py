"""Work that leaves the web process: Django's Tasks API (the django-tasks backport), stored by
django-tasks-db in PostgreSQL and run by ``manage.py db_worker`` (which ``make run`` starts).
A job's state, progress and error are in its MapImport row, which any app server can read."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from argmap.accounts.models import User

from . import jobs, map_imports
from .imports import import_map_file
from .models import MapImport


def queue_import(*, job: MapImport, title: str) -> bool:
    """Confirm a waiting upload and hand it to the worker once that is committed; False if it
    was confirmed already."""
    with transaction.atomic():
        if not map_imports.confirm(job=job, title=title):
            return False
        transaction.on_commit(lambda: _enqueue(job.pk))
    return True


@transaction.atomic
def queue_file(
    *, owner: User, filename: str, data: bytes, format: str, title: str, total: int
) -> MapImport:
    """Queue the import of a file checked already (``read_map_file``), with no preview step."""
    job = map_imports.keep(
        owner=owner,
        filename=filename,
        data=data,
        format=format,
        title=title,
        total=total,
        preview=False,
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    result = import_map.enqueue(job_id)
    map_imports.set_task(job_id=job_id, task_id=str(result.id))


@task()
def import_map(job_id: int) -> str | None:
    """Create the map of a confirmed upload; the slug of the new map, or None if it failed."""
    map_imports.reap()  # jobs left "running" by a worker that was killed
    with jobs.running(MapImport, job_id) as (job, progress):
        if job is None:
            return None  # already run, or removed
        with transaction.atomic():  # the map and the job's "done" commit together
            result = import_map_file(
                data=bytes(job.data or b""),
                filename=job.filename,
                format=job.format,
                title=job.title,
                owner=job.owner,
                progress=progress,
            )
            map_imports.finish(job=job, map=result.map)
        return result.map.slug
    return None  # refused: the job says why
