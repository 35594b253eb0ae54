"""Map imports as tasks: queued in PostgreSQL, run by the worker process (`manage.py db_worker`),
their progress and failures kept in the MapImport row that any app server reads."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from argmap.maps import jobs, map_imports, tasks
from argmap.maps.models import Claim, Map, MapImport, Premise
from tests.factories import UserFactory
from tests.test_formats_kialo import kialo_export
from tests.test_hostile_input_limits import TOO_LONG, kialo

pytestmark = pytest.mark.django_db(transaction=True)


def queued(owner, name: str, data: bytes, total: int) -> MapImport:
    job = map_imports.keep(
        owner=owner, filename=name, data=data, format="kialo", title="", total=total
    )
    assert tasks.queue_import(job=job, title="")
    return job


def wait_for_end(job: MapImport, seconds: float = 90) -> tuple[MapImport, set[int]]:
    """The job once finished, and the progress seen on the way."""
    seen: set[int] = set()
    deadline = time.monotonic() + seconds
    while True:
        job.refresh_from_db()
        seen.add(job.done)
        if job.finished:
            return job, seen
        assert time.monotonic() < deadline, f"the job is still {job.state} after {seconds} s"
        time.sleep(0.02)


def test_the_worker_runs_a_queued_import_and_reports_its_progress(task_worker):
    owner = UserFactory(username="importer")
    job = queued(owner, "big.txt", kialo_export(3500).encode(), total=3520)
    job, seen = wait_for_end(job)
    assert job.state == "done", (job.error, task_worker.poll())
    assert job.map is not None and Claim.objects.filter(map=job.map).count() == 3500
    assert any(0 < done < job.total for done in seen), seen  # written while it ran
    assert job.data is None  # the file goes once the map is made
    # The worker records the task's result once the task has returned, after the job's commit.
    deadline = time.monotonic() + 30
    while (result := DBTaskResult.objects.get(id=job.task_id)).status == "RUNNING":
        assert time.monotonic() < deadline, "the task's result is still RUNNING after 30 s"
        time.sleep(0.02)
    assert result.status == "SUCCESSFUL" and result.return_value == job.map.slug


def test_a_job_queued_while_no_worker_runs_waits_for_one(request, settings):
    """Nothing of the job lives in the web process: it is run once a worker starts."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = queued(UserFactory(username="importer"), "small.txt", kialo("A claim."), total=2)
    job.refresh_from_db()
    assert job.state == "queued" and DBTaskResult.objects.get(id=job.task_id).status == "READY"
    request.getfixturevalue("task_worker")  # a worker starts later (after a web restart, say)
    job, _ = wait_for_end(job)
    assert job.state == "done" and Map.objects.get() == job.map


def test_a_failed_job_says_why_and_writes_nothing(task_worker):
    job = queued(UserFactory(username="importer"), "bad.txt", kialo(TOO_LONG), total=2)
    job, _ = wait_for_end(job)
    assert job.state == "failed"
    assert job.error.startswith("Nothing was imported. bad.txt: Claim at line 3: text: Ensure")
    assert not Map.objects.exists() and not Claim.objects.exists()


def test_an_unexpected_error_fails_the_task_with_its_traceback(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(tasks, "import_map_file", broken)
    job = queued(UserFactory(username="importer"), "small.txt", kialo("A claim."), total=2)
    job.refresh_from_db()
    assert job.state == "failed" and job.error == "Something went wrong; nothing was imported."


def test_a_confirmed_upload_cannot_be_queued_twice():
    owner = UserFactory(username="importer")
    job = queued(owner, "small.txt", kialo("A claim."), total=2)
    assert not tasks.queue_import(job=job, title="again")
    assert Map.objects.count() == 1


def test_old_uploads_and_finished_jobs_are_swept_after_a_day():
    owner = UserFactory(username="importer")
    old = queued(owner, "small.txt", kialo("A claim."), total=2)
    waiting = map_imports.keep(
        owner=owner, filename="w.txt", data=b"x", format="kialo", title="", total=1
    )
    MapImport.objects.filter(pk__in=[old.pk, waiting.pk]).update(
        created_at=old.created_at - map_imports.KEEP
    )
    running = MapImport.objects.create(
        token="f" * 32, owner=owner, filename="r.txt", format="kialo", state="running"
    )
    MapImport.objects.filter(pk=running.pk).update(created_at=old.created_at - map_imports.KEEP)
    map_imports.sweep()
    assert list(MapImport.objects.values_list("pk", flat=True)) == [running.pk]


def test_a_worker_killed_mid_import_leaves_a_failed_job_and_no_map(task_worker):
    """kill -9 while the import's transaction is open: PostgreSQL ends the worker's sessions, so
    the job's lock is free, and the next read of the job fails it saying what happened."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    owner = UserFactory(username="importer")
    page = Client()
    page.force_login(owner)
    # The test holds the premises' table: the worker writes claims and arguments, then waits.
    with psycopg.connect(**connection.get_connection_params()) as blocker:
        blocker.execute(f"LOCK TABLE {Premise._meta.db_table} IN EXCLUSIVE MODE")
        job = queued(owner, "big.txt", kialo_export(300).encode(), total=619)
        deadline = time.monotonic() + 60
        while not (job.state == "running" and job.done == job.total):
            assert time.monotonic() < deadline, (job.state, job.done, task_worker.poll())
            time.sleep(0.02)
            job.refresh_from_db()
        progress = reverse("maps:import-progress", args=[job.token])
        # A reader does not fail a job whose worker is alive, however long it waits.
        written = f"Written {job.total} of {job.total} claims and arguments"
        assert written in page.get(progress).content.decode()
        assert map_imports.of_owner(token=job.token, owner=owner).state == "running"
        task_worker.kill()
        task_worker.wait(timeout=30)
    deadline = time.monotonic() + 30
    while map_imports.STOPPED not in (text := page.get(progress).content.decode()):
        assert time.monotonic() < deadline, text
        time.sleep(0.05)
    assert "every 500ms" not in text  # the page stops polling
    job.refresh_from_db()
    assert (job.state, job.error, job.data) == ("failed", map_imports.STOPPED, None)
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"
    assert not Map.objects.exists() and not Claim.objects.exists()  # the transaction went


def test_a_worker_taking_a_job_fails_those_left_running_by_a_dead_one():
    owner = UserFactory(username="importer")
    orphan = MapImport.objects.create(  # running, but no worker holds its lock
        token="f" * 32, owner=owner, filename="r.txt", format="kialo", state="running"
    )
    job = queued(owner, "other.txt", kialo("Another claim."), total=2)
    orphan.refresh_from_db()
    job.refresh_from_db()
    assert (orphan.state, orphan.error) == ("failed", map_imports.STOPPED)
    assert job.state == "done"


def test_a_job_whose_task_a_dead_worker_took_before_starting_it_fails(settings):
    """The worker took the task from the queue, then died before it marked the job running."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    owner = UserFactory(username="importer")
    job = queued(owner, "small.txt", kialo("A claim."), total=2)
    job.refresh_from_db()
    task = DBTaskResult.objects.filter(id=job.task_id)
    assert map_imports.of_owner(token=job.token, owner=owner).state == "queued"  # not taken
    task.update(status="RUNNING", started_at=timezone.now())
    assert map_imports.of_owner(token=job.token, owner=owner).state == "queued"  # just taken
    task.update(started_at=timezone.now() - jobs.GRACE)
    job = map_imports.of_owner(token=job.token, owner=owner)
    assert (job.state, job.error) == ("failed", map_imports.STOPPED)
    assert task.get().status == "FAILED"
