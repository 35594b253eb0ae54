"""Documents imported through the admin: the worker parses the file and writes the Source, its
passages and (if asked) its place in a map, in one transaction; the DocumentImport row holds the
file until then, and the progress and outcome after (what all jobs share: ``maps.jobs``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django_tasks import task

from argmap.accounts.models import User
from argmap.formats import DocumentError, parse_document
from argmap.maps import jobs, permissions
from argmap.maps import services as map_services
from argmap.maps.models import DocumentImport, Map
from argmap.sources.models import Source

from .header import document_preview
from .services import import_document

State = DocumentImport.State


@transaction.atomic
def queue_document(
    *,
    owner: User,
    filename: str,
    data: bytes,
    kind: str,
    symbol: str,
    map: Map | None,
    revision_of: Source | None = None,
    preview: bool = False,
    total: int = 0,
    shown: dict[str, Any] | None = None,
) -> DocumentImport:
    """Store the file and hand it to the worker once that is committed; with ``preview``, keep
    it waiting for the owner's confirmation instead (replacing their earlier upload), with how
    it reads (``shown``), or, without it, have the worker read it for the preview."""
    jobs.sweep(DocumentImport)
    if preview:
        DocumentImport.objects.filter(owner=owner, state=State.WAITING).delete()
    job = DocumentImport(
        token=jobs.new_token(),
        owner=owner,
        filename=filename,
        data=data,
        kind=kind,
        symbol=symbol,
        attach_to=map,
        revision_of=revision_of,
        total=total,
        preview=shown,
        state=State.WAITING if preview else State.QUEUED,
    )
    job.full_clean()
    job.save()
    if not preview:
        transaction.on_commit(lambda: _enqueue(job.pk))
    elif shown is None:
        transaction.on_commit(lambda: preview_document_job.enqueue(job.pk))
    return job


def waiting(*, token: str, owner: User) -> DocumentImport | None:
    """The owner's upload named by ``token``, if it still waits for its confirmation."""
    return DocumentImport.objects.filter(token=token, owner=owner, state=State.WAITING).first()


@transaction.atomic
def confirm_document(*, job: DocumentImport) -> bool:
    """Queue a waiting upload once its preview is shown; False if it no longer waits (a second
    click, or the same confirmation on another server)."""
    waiting = DocumentImport.objects.filter(pk=job.pk, state=State.WAITING, preview__isnull=False)
    if not waiting.update(state=State.QUEUED, total=0):
        return False
    transaction.on_commit(lambda: _enqueue(job.pk))
    return True


def _enqueue(job_id: int) -> None:
    result = import_document_job.enqueue(job_id)
    jobs.set_task(DocumentImport, job_id=job_id, task_id=str(result.id))


def of_owner(*, token: str, owner: User) -> DocumentImport | None:
    """The owner's import named by ``token`` (without its bytes); failed first if its worker
    stopped under it."""
    job = (
        DocumentImport.objects.select_related("source", "attach_to")
        .defer("data", "source__body", "source__metadata")  # the page shows neither
        .filter(token=token, owner=owner)
        .first()
    )
    return jobs.checked(job) if job is not None else None


def _may_attach(user: User, map: Map) -> bool:
    """As the import page's form offered: superusers any map, other staff the maps they edit."""
    return user.is_superuser or permissions.can_edit(user, map)


def _target(job: DocumentImport) -> Map | None:
    """The map to attach the document to, if the one who asked may still add documents to it."""
    if job.attach_to_id is None:
        return None
    target = Map.objects.filter(pk=job.attach_to_id).first()
    if target is None or not _may_attach(job.owner, target):
        raise ValidationError("You may no longer add documents to that map.")
    return target


def _slug(source_id: int | None) -> str:
    if source_id is None:
        return ""
    found = Source.objects.filter(pk=source_id).values_list("slug", flat=True).first()
    return found or ""


@task()
def import_document_job(job_id: int) -> str | None:
    """Import a queued document; the new (or earlier) source's slug, or None if it failed."""
    jobs.reap(DocumentImport)  # jobs left "running" by a worker that was killed
    with jobs.running(DocumentImport, job_id) as (job, progress):
        if job is None:
            return None  # already run, or removed
        with transaction.atomic():  # the source, its passages and the job's "done" together
            target = _target(job)
            result = import_document(
                data=bytes(job.data or b""),
                filename=job.filename,
                kind=job.kind,
                symbol=job.symbol,
                revision_of=_slug(job.revision_of_id),
                progress=progress,
            )
            if target is not None:
                map_services.attach_source(map=target, source=result.source, actor=job.owner)
            DocumentImport.objects.filter(pk=job.pk).update(
                state=State.DONE,
                source=result.source,
                created=result.created,
                data=None,
                done=F("total"),
            )
        return result.source.slug
    return None  # refused: the job says why


@task()
def preview_document_job(job_id: int) -> None:
    """Read a waiting upload too long to read within a request (a long PDF) and keep how it
    reads for its preview; a file that is not a document of its kind fails with the reason."""
    job = DocumentImport.objects.filter(
        pk=job_id, state=State.WAITING, preview__isnull=True
    ).first()
    if job is None:
        return
    rows = DocumentImport.objects.filter(pk=job_id, state=State.WAITING)

    def progress(done: int, total: int) -> None:  # pages read (committed at once: no atomic)
        rows.update(done=done, total=total)

    try:
        parsed = parse_document(
            bytes(job.data or b""), kind=job.kind, filename=job.filename, progress=progress
        )
    except DocumentError as error:
        rows.update(state=State.FAILED, error=str(error), data=None)
        return
    shown = document_preview(parsed, symbol=job.symbol)
    rows.update(preview=shown, done=0, total=len(parsed.passages))
