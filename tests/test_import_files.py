"""PDF and Word documents through the one write path: the original file kept in PostgreSQL and
downloadable, the admin's preview before anything is written, the worker's job for big files."""

import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from argmap.maps.models import DocumentImport
from argmap.sources.models import Passage, Source, SourceFile
from argmap.sources.services import import_document
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UN = Path(__file__).parent / "documents" / "un"
IMPORT = "/admin/sources/source/import/"


def imported(name: str, kind: str) -> Source:
    data = (UN / name).read_bytes()
    return import_document(data=data, filename=name, kind=kind).source


@pytest.mark.parametrize(
    ("name", "kind", "content_type"),
    [
        ("a-c3-78-l47.pdf", "draft-resolution", "application/pdf"),
        (
            "freedonia-statement-2023-11-15.docx",
            "statement",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("briefing-privacy.html", "other", "text/html"),
    ],
)
def test_the_original_file_is_kept_and_downloadable(client, name, kind, content_type):
    source = imported(name, kind)
    for passage in Passage.objects.filter(source=source):
        assert source.body[passage.start : passage.end] == passage.text
    page = client.get(source.get_absolute_url()).content.decode()
    download = reverse("sources:file", args=[source.slug])
    assert f'href="{download}"' in page and "Download the original file" in page
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.content == (UN / name).read_bytes()


def test_sources_are_read_without_their_files():
    imported("a-c3-78-l47.pdf", "draft-resolution")
    with CaptureQueriesContext(connection) as queries:
        list(Source.objects.all())
    assert all("sources_sourcefile" not in q["sql"] for q in queries.captured_queries)
    assert SourceFile.objects.get().size == (UN / "a-c3-78-l47.pdf").stat().st_size


def test_a_refused_file_writes_nothing():
    with pytest.raises(ValidationError, match="run OCR first"):
        imported("scan-a-c3-78-l47.pdf", "draft-resolution")
    with pytest.raises(ValidationError, match="no speaker, place or date"):
        imported("recipe-lentil-soup.docx", "statement")
    assert not Source.objects.exists() and not SourceFile.objects.exists()


def test_a_document_without_a_file_has_no_download_link(client):
    source = Source.objects.create(slug="bare", kind="other", title="Bare", body="x", sha256="1")
    assert "Download the original" not in client.get(source.get_absolute_url()).content.decode()
    assert client.get(reverse("sources:file", args=["bare"])).status_code == 404


@pytest.fixture
def admin():
    client = Client()
    client.force_login(UserFactory(username="clerk", is_staff=True, is_superuser=True))
    return client


def upload(client: Client, name: str, kind: str):
    file = SimpleUploadedFile(name, (UN / name).read_bytes(), content_type="application/pdf")
    return client.post(IMPORT, {"file": file, "kind": kind})


def test_the_import_page_offers_every_kind(admin):
    page = admin.get(IMPORT).content.decode()
    for value in ("draft-resolution", "statement", "other"):
        assert f'value="{value}"' in page


def test_the_preview_shows_the_structure_before_anything_is_written(
    admin, django_capture_on_commit_callbacks
):
    response = upload(admin, "a-c3-78-l47.pdf", "draft-resolution")
    page = response.content.decode()
    assert response.status_code == 200 and "Nothing is written yet" in page
    for shown in (
        "A/C.3/78/L.47",
        "2 November 2023",
        "Third Committee",
        "Seventy-eighth session",
        "Argentina; Brazil",
        "38 passages",
        '<th scope="row">Preambular paragraph</th><td>7</td>',
        '<th scope="row">Operative paragraph</th><td>7</td>',
        '<th scope="row">Sub-paragraph</th><td>8</td>',
        '<th scope="row">Footnote</th><td>4</td>',
        "Reaffirming the purposes and principles",
    ):
        assert shown in page, shown
    assert not Source.objects.exists()
    job = DocumentImport.objects.get()
    assert (job.state, job.data) == ("waiting", (UN / "a-c3-78-l47.pdf").read_bytes())
    assert admin.get(f"{IMPORT}?token={job.token}").content.decode().count("A/C.3/78/L.47") >= 1
    with django_capture_on_commit_callbacks(execute=True):  # the worker's part, at once
        confirmed = admin.post(IMPORT, {"token": job.token})
    assert confirmed.status_code == 302
    source = Source.objects.get()
    assert (source.symbol, source.kind, source.passages.count()) == (
        "A/C.3/78/L.47",
        "draft-resolution",
        38,
    )
    assert source.file.content_type == "application/pdf"
    again = admin.post(IMPORT, {"token": job.token})  # a second click imports nothing more
    assert again.status_code == 422 and Source.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "kind", "reason"),
    [
        ("scan-a-c3-78-l47.pdf", "draft-resolution", "this PDF has no text (a scan?): run OCR"),
        ("recipe-lentil-soup.pdf", "statement", "no speaker, place or date before the first"),
        ("recipe-lentil-soup.docx", "draft-resolution", "expected an opening line such as"),
    ],
)
def test_the_preview_refuses_what_is_not_a_document_of_the_kind(admin, name, kind, reason):
    response = upload(admin, name, kind)
    assert response.status_code == 422 and reason in response.content.decode()
    assert not DocumentImport.objects.exists() and not Source.objects.exists()


def test_another_admin_cannot_confirm_someone_elses_upload(admin):
    upload(admin, "a-c3-78-l47.docx", "draft-resolution")
    job = DocumentImport.objects.get()
    other = Client()
    other.force_login(UserFactory(username="other", is_staff=True, is_superuser=True))
    assert other.post(IMPORT, {"token": job.token}).status_code == 422
    assert DocumentImport.objects.get().state == "waiting"


@pytest.mark.django_db(transaction=True)
def test_a_pdf_is_imported_by_the_worker_with_progress(task_worker):
    client = Client()
    client.force_login(UserFactory(username="clerk", is_staff=True, is_superuser=True))
    upload(client, "a-c3-78-l47-rev1.pdf", "draft-resolution")
    job = DocumentImport.objects.get()
    response = client.post(IMPORT, {"token": job.token})
    url = response["Location"]
    deadline = time.monotonic() + 60
    while 'http-equiv="refresh"' in (page := client.get(url).content.decode()):
        assert time.monotonic() < deadline, page
        time.sleep(0.05)
    source = Source.objects.get()
    assert source.symbol == "A/C.3/78/L.47/Rev.1" and "Imported" in page
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == ("done", 38, 38)


def test_an_other_document_keeps_its_section_headings_in_the_text(client):
    source = imported("briefing-privacy.html", "other")
    page = client.get(source.get_absolute_url()).content.decode()
    text = page[page.index('class="document"') :]
    assert 'id="H2"' in text and "Background" in text and 'id="P1"' in text


def test_a_long_pdf_is_read_for_its_preview_by_the_worker(
    admin, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("argmap.sources.admin.PAGES_READ_HERE", 1)  # "long": over one page
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload(admin, "a-c3-78-l47.pdf", "draft-resolution")
    page = response.content.decode()
    assert "Reading a-c3-78-l47.pdf" in page and 'http-equiv="refresh"' in page
    job = DocumentImport.objects.get()
    assert (job.state, job.preview) == ("waiting", None)
    assert admin.post(IMPORT, {"token": job.token}).status_code == 422  # nothing to confirm yet
    for callback in queued:  # the worker's part
        callback()
    page = admin.get(f"{IMPORT}?token={job.token}").content.decode()
    assert "Nothing is written yet" in page and "38 passages" in page
    assert 'http-equiv="refresh"' not in page and not Source.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(IMPORT, {"token": job.token}).status_code == 302
    assert Source.objects.get().symbol == "A/C.3/78/L.47"


def test_a_long_pdf_refused_by_the_worker_says_why(
    admin, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("argmap.sources.admin.PAGES_READ_HERE", 0)
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin, "scan-a-c3-78-l47.pdf", "draft-resolution")
    job = DocumentImport.objects.get()
    response = admin.get(f"{IMPORT}?token={job.token}")
    assert response.status_code == 422 and "run OCR first" in response.content.decode()
    job.refresh_from_db()
    assert (job.state, job.data) == ("failed", None)
    assert not Source.objects.exists()


@pytest.mark.parametrize("extension", ["pdf", "docx"])
def test_a_published_rev1_is_linked_to_its_original_and_compared_by_content(extension):
    from argmap.sources.revisions import compare

    original = imported(f"a-c3-78-l47.{extension}", "draft-resolution")
    revision = imported(f"a-c3-78-l47-rev1.{extension}", "draft-resolution")
    assert revision.symbol == "A/C.3/78/L.47/Rev.1" and revision.revision_of == original
    rows = compare(list(original.passages.all()), list(revision.passages.all()))
    changed = {
        (r.status, r.old.label if r.old else None, r.new.label if r.new else None)
        for r in rows
        if r.status != "unchanged" and (r.old or r.new).label.startswith(("PP", "OP"))
    }
    # PP5 reworded, a new PP7, the old OP6 removed (tests/documents/make_fixtures.py); in the
    # header the date and the sponsors changed too.
    assert changed == {("reworded", "PP5", "PP5"), ("added", None, "PP7"), ("removed", "OP6", None)}
    assert {r.old.label for r in rows if r.status == "reworded" and r.old} >= {"H4", "H10"}
