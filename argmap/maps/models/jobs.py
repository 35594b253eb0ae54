"""Job rows: imports that run in the task worker (their life: ``argmap/maps/jobs.py``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from argmap.sources.models import Source

from .content import Map


class Job(models.Model):
    """Work for the task worker, in PostgreSQL rather than on one server's disk, so that any app
    server can queue it, follow it and (for a map import) confirm a preview made on another; the
    worker reads the input from here and writes progress and outcome back (``maps.jobs``)."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for confirmation"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    token = models.CharField(max_length=32, unique=True)  # in the page's address
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.TextField()
    data = models.BinaryField(null=True, blank=True)  # the file, until the job has ended
    state = models.CharField(max_length=16, choices=State.choices, default=State.WAITING)
    done = models.PositiveIntegerField(default=0)  # rows written so far
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)  # why a failed job failed, in plain words
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"import of {self.filename} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}


class MapImport(Job):
    """A map file on its way in: the upload waiting for the preview's confirmation, then the job
    that creates the map (its progress counts claims and arguments)."""

    format = models.CharField(max_length=32)
    title = models.TextField(blank=True)
    map = models.ForeignKey(Map, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")


class DocumentImport(Job):
    """A source document on its way in through the admin's import page: the worker parses it and
    writes the Source with its passages (its progress counts passages)."""

    kind = models.CharField(max_length=32)
    symbol = models.CharField(max_length=100, blank=True)
    attach_to = models.ForeignKey(
        Map, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revision_of = models.ForeignKey(  # marked by the admin as a revision of this document
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.BooleanField(default=False)  # False: the same file was imported before
    # How the upload reads, shown before the import is confirmed; made by the worker for a long
    # PDF (reading one takes longer than a request may), null until then.
    preview = models.JSONField(null=True, blank=True)
