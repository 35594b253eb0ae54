"""Every write to a MapImport: the upload waiting for the preview's confirmation, then the job's
outcome (the job itself is ``tasks.import_map``; what all jobs share is in ``jobs``)."""

from __future__ import annotations

from django.db.models import F

from argmap.accounts.models import User

from . import jobs
from .models import Map, MapImport

State = MapImport.State
KEEP, STOPPED = jobs.KEEP, jobs.STOPPED


def sweep() -> None:
    jobs.sweep(MapImport)


def _new(*, state: str, **fields: object) -> MapImport:
    sweep()
    job = MapImport(token=jobs.new_token(), state=state, **fields)
    job.full_clean()
    job.save()
    return job


def keep(
    *,
    owner: User,
    filename: str,
    data: bytes,
    format: str,
    title: str,
    total: int,
    preview: bool = True,
) -> MapImport:
    """Store a file checked already: waiting for the preview's confirmation (replacing the
    owner's earlier upload), or queued at once (``preview=False``: the API has no preview step)."""
    if preview:
        MapImport.objects.filter(owner=owner, state=State.WAITING).delete()
    return _new(
        state=State.WAITING if preview else State.QUEUED,
        owner=owner,
        filename=filename,
        data=data,
        format=format,
        title=title,
        total=total,
    )


def waiting(*, token: str, owner: User) -> MapImport | None:
    """The owner's upload named by ``token``, if it still waits for its confirmation."""
    return MapImport.objects.filter(token=token, owner=owner, state=State.WAITING).first()


def of_owner(*, token: str, owner: User) -> MapImport | None:
    """The owner's import named by ``token`` (without its bytes), in whatever state; a job whose
    worker stopped under it is marked failed first."""
    job = MapImport.objects.defer("data").filter(token=token, owner=owner).first()
    return jobs.checked(job) if job is not None else None


def confirm(*, job: MapImport, title: str) -> bool:
    """Queue a waiting upload under ``title``; False if it no longer waits (a second click, or
    the same confirmation on another server)."""
    queued = MapImport.objects.filter(pk=job.pk, state=State.WAITING)
    return bool(queued.update(state=State.QUEUED, title=title))


def set_task(*, job_id: int, task_id: str) -> None:
    jobs.set_task(MapImport, job_id=job_id, task_id=task_id)


def start(*, job_id: int) -> MapImport | None:
    return jobs.start(MapImport, job_id=job_id)


def reap() -> None:
    jobs.reap(MapImport)


def finish(*, job: MapImport, map: Map) -> None:
    """Called inside the import's transaction: the map and the "done" commit together."""
    MapImport.objects.filter(pk=job.pk).update(
        state=State.DONE, map=map, data=None, done=F("total")
    )
