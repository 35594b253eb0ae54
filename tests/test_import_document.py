"""`manage.py import_document` and the admin's import page (a job for the task worker): any draft
resolution or statement, with errors that say where."""

import time
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from argmap.maps import jobs, services
from argmap.maps.models import DocumentImport
from argmap.sources.models import Passage, Source
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DOCUMENTS = Path(__file__).parent / "documents"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_document", *args, stdout=out)
    return out.getvalue()


def test_import_a_statement_into_a_map(map_):
    path = next(DOCUMENTS.glob("uk-statement-*.txt"))
    output = run(str(path), "--kind", "statement", "--map", map_.slug)
    source = Source.objects.get()
    assert f"Imported {source.slug}" in output and f"Attached to map {map_.slug}" in output
    assert list(map_.sources.all()) == [source]
    assert source.passages.filter(kind="reason").exists()
    assert "Already imported" in run(str(path), "--kind", "statement")
    assert Source.objects.count() == 1


def test_import_a_draft_resolution_with_subparagraphs():
    path = next(DOCUMENTS.glob("hrc55-*.txt"))
    run(str(path), "--kind", "draft-resolution")
    source = Source.objects.get()
    assert source.passages.filter(kind="subparagraph").exists()
    for passage in source.passages.all():
        assert source.body[passage.start : passage.end] == passage.text


@pytest.mark.parametrize(
    ("content", "kind", "expected"),
    [
        (b"", "statement", "empty"),
        (b"\x00\x01\x02binary\xff", "draft-resolution", "binary"),
        (
            b"Statement by X\n\nThank you, Mr. Chair.\n\nWe will vote no.\n",
            "draft-resolution",
            "statement",
        ),
        (
            b"General Assembly\n\nThe General Assembly,\n\nNoting things,\n\n1. *Decides* a;\n\n3. *Requests* b.\n",
            "draft-resolution",
            "line 9",
        ),
    ],
    ids=["empty", "binary", "statement-as-resolution", "numbering-gap"],
)
def test_malformed_documents_are_refused_with_where_and_why(tmp_path, content, kind, expected):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run(str(path), "--kind", kind)
    message = str(error.value)
    assert (
        "Nothing was imported" in message and "bad.txt" in message and expected in message.lower()
    )
    assert not Source.objects.exists() and not Passage.objects.exists()


def test_an_unknown_map_is_refused_before_anything_is_written():
    path = next(DOCUMENTS.glob("uk-statement-*.txt"))
    with pytest.raises(CommandError, match="No map with the slug"):
        run(str(path), "--kind", "statement", "--map", "nope")
    assert not Source.objects.exists()


def test_a_document_of_another_map_can_be_attached_again(map_, public_map):
    path = next(DOCUMENTS.glob("uk-statement-*.txt"))
    run(str(path), "--kind", "statement", "--map", map_.slug)
    run(str(path), "--kind", "statement", "--map", public_map.slug)
    source = Source.objects.get()
    assert set(source.maps.all()) == {map_, public_map}
    assert services.add_claim(
        map=public_map,
        text="x",
        author=None,
        passage=source.passages.first(),
        span_start=0,
        span_end=1,
    )


# The admin's import page: the task worker reads and writes the document, a page follows it.

SEED_RESOLUTION = Path(__file__).parent.parent / "seeds/unga74-draft-resolution-A-C.3-74-L.11.txt"


def admin_of(username: str) -> Client:
    client = Client()
    client.force_login(UserFactory(username=username, is_staff=True, is_superuser=True))
    return client


def post_document(client: Client, path: Path, kind: str, **fields) -> str:
    """Upload (the preview: nothing written), then confirm; the job page's address."""
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    url = reverse("admin:sources_source_import")
    preview = client.post(url, {"file": upload, "kind": kind, **fields})
    assert preview.status_code == 200, preview.content.decode()[:500]
    assert "Nothing is written yet" in preview.content.decode()
    token = DocumentImport.objects.get(state="waiting").token
    response = client.post(url, {"token": token})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def page_when_ended(client: Client, url: str) -> str:
    """The job's page once the import has ended (it reloads itself until then)."""
    deadline = time.monotonic() + 60
    while 'http-equiv="refresh"' in (page := client.get(url).content.decode()):
        assert "Importing" in page
        assert time.monotonic() < deadline, page
        time.sleep(0.05)
    return page


@pytest.mark.django_db(transaction=True)
def test_the_admin_import_runs_on_the_worker_and_its_page_shows_the_result(task_worker, map_):
    admin = admin_of("clerk")
    job_url = post_document(admin, SEED_RESOLUTION, "draft-resolution", map=map_.pk)
    job = DocumentImport.objects.get()
    assert job_url == reverse("admin:sources_source_import_job", args=[job.token])
    assert job.data == SEED_RESOLUTION.read_bytes()  # in PostgreSQL, for the worker
    page = page_when_ended(admin, job_url)
    source = Source.objects.get()
    passages = source.passages.count()
    assert f"Imported “{source.title}” as" in page and f"with {passages} passages" in page
    assert f"It is attached to the map “{map_.title}”" in page
    assert list(map_.sources.all()) == [source]
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.data) == ("done", passages, passages, None)
    assert admin_of("another-clerk").get(job_url).status_code == 404  # theirs alone


def test_a_document_that_cannot_be_read_is_refused_before_anything_is_written(tmp_path):
    admin = admin_of("clerk")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(
        b"General Assembly\n\nThe General Assembly,\n\nNoting things,\n\n1. *Decides* a;\n\n"
        b"3. *Requests* b.\n"
    )
    upload = SimpleUploadedFile(bad.name, bad.read_bytes(), content_type="text/plain")
    response = admin.post(
        reverse("admin:sources_source_import"), {"file": upload, "kind": "draft-resolution"}
    )
    assert response.status_code == 422
    assert "bad.txt, line 9" in response.content.decode()
    assert not DocumentImport.objects.exists()
    assert not Source.objects.exists() and not Passage.objects.exists()


def test_a_document_import_in_progress_reloads_its_page(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # no worker
    admin = admin_of("clerk")
    page = admin.get(post_document(admin, SEED_RESOLUTION, "draft-resolution")).content.decode()
    assert '<meta http-equiv="refresh" content="1">' in page
    assert "Waiting for the task worker" in page
    assert not Source.objects.exists()  # nothing read or written in the request


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_document_import_leaves_a_failed_job_and_no_source(task_worker):
    admin = admin_of("clerk")
    # The test holds the passages' table: the worker parses, writes the source, then waits.
    with psycopg.connect(**connection.get_connection_params()) as blocker:
        blocker.execute(f"LOCK TABLE {Passage._meta.db_table} IN EXCLUSIVE MODE")
        job_url = post_document(admin, SEED_RESOLUTION, "draft-resolution")
        job = DocumentImport.objects.get()
        deadline = time.monotonic() + 60
        while not waiting_on_a_lock(job):
            assert time.monotonic() < deadline, task_worker.poll()
            time.sleep(0.05)
        total = job.total
        assert total > 30
        running = admin.get(job_url).content.decode()  # its worker is alive: it runs on
        assert f"0 of {total} done" in running and 'http-equiv="refresh"' in running
        task_worker.kill()
        task_worker.wait(timeout=30)
    deadline = time.monotonic() + 30
    while jobs.STOPPED not in (page := admin.get(job_url).content.decode()):
        assert time.monotonic() < deadline, page
        time.sleep(0.05)
    assert 'http-equiv="refresh"' not in page
    assert not Source.objects.exists() and not Passage.objects.exists()


def waiting_on_a_lock(job: DocumentImport) -> bool:
    """Whether the job runs and its worker waits for a table lock (in its transaction)."""
    job.refresh_from_db()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE %s",
            [f'INSERT INTO "{Passage._meta.db_table}"%'],
        )
        return job.state == "running" and cursor.fetchone()[0] > 0


def test_a_document_queued_for_a_map_its_importer_may_no_longer_edit_is_not_imported(
    map_, user, django_capture_on_commit_callbacks
):
    from argmap.sources.tasks import queue_document

    clerk = UserFactory(username="clerk", is_staff=True)
    membership = services.invite_member(map=map_, identifier="clerk", role="editor", actor=user)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = queue_document(
            owner=clerk,
            filename="r.txt",
            data=SEED_RESOLUTION.read_bytes(),
            kind="draft-resolution",
            symbol="",
            map=map_,
        )
    services.remove_member(membership=membership, actor=user)  # before the worker takes it
    for callback in queued:
        callback()
    job.refresh_from_db()
    assert (job.state, job.error) == (
        "failed",
        "Nothing was imported. You may no longer add documents to that map.",
    )
    assert not Source.objects.exists() and not map_.sources.exists()
