"""Source pages, the admin import page and the read API for what an import produced."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from argmap.maps.models import Claim, DocumentImport, Map
from argmap.sources.models import Source

pytestmark = pytest.mark.django_db

DOCUMENTS = Path(__file__).parent / "documents"


@pytest.fixture
def seeded():
    call_command("import_seeds", stdout=StringIO())
    return Map.objects.get(slug="unga74-ict-crime")


def test_the_source_page_shows_header_labels_footnotes_and_citing_claims(client, seeded):
    html = client.get("/sources/a-c-3-74-l-11/").content.decode()
    assert "A/C.3/74/L.11" in html and "11 October 2019" in html and "Third Committee" in html
    assert "Venezuela (Bolivarian Republic of)" in html
    for label in ["PP1", "PP14", "OP2", "FN4"]:
        assert f'id="{label}"' in html
    assert '<a class="fn-ref" href="#FN1" id="ref-FN1"' in html  # marker in PP6 → footnote
    assert 'href="#ref-FN1">PP6</a>' in html  # footnote → the paragraph citing it
    assert f"{seeded.get_absolute_url()}#claim-{Claim.objects.get(passage__label='OP2').pk}" in html


def test_claims_of_private_maps_stay_hidden_on_source_pages(client, seeded):
    Map.objects.filter(pk=seeded.pk).update(visibility="private")
    html = client.get("/sources/a-c-3-74-l-11/").content.decode()
    assert seeded.title not in html


def test_the_source_list_and_its_empty_state(client, db):
    assert "No documents yet" in client.get("/sources/").content.decode()
    call_command("import_seeds", stdout=StringIO())
    html = client.get("/sources/").content.decode()
    assert "Statement on Agenda Item 107" in html and "A/C.3/74/L.11" in html


def test_api_source_returns_metadata_and_passages(client, seeded):
    data = client.get("/api/sources/us-statement-2019-11-18/").json()
    assert data["speaker"] == "Jason Mack" and data["date"] == "2019-11-18"
    reasons = [p for p in data["passages"] if p["kind"] == "reason"]
    assert [p["label"] for p in reasons] == ["P4", "P5", "P6"]
    body = Source.objects.get(slug="us-statement-2019-11-18").body
    assert all(body[p["start"] : p["end"]] == p["text"] for p in data["passages"])
    assert client.get("/api/sources/nope/").status_code == 404


def test_api_map_graph_returns_claims_with_provenance_and_arguments(client, seeded):
    data = client.get("/api/maps/unga74-ict-crime/graph/").json()
    assert len(data["claims"]) == 20 and len(data["arguments"]) == 17
    decision = next(c for c in data["claims"] if c["passage"] == "OP2")
    assert decision["source"] == "a-c-3-74-l-11" and decision["span_start"] == 0
    undercuts = [a for a in data["arguments"] if a["target"] is not None]
    assert len(undercuts) == 3 and all(
        a["kind"] == "attack" and a["conclusion"] is None for a in undercuts
    )
    assert all(a["premises"] for a in data["arguments"])


def test_api_map_graph_hides_private_maps(client, map_):
    assert client.get(f"/api/maps/{map_.slug}/graph/").status_code == 404


def test_api_map_graph_query_count_does_not_grow_with_the_map(client, seeded, user):
    from argmap.maps import services

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/maps/unga74-ict-crime/graph/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    central = Claim.objects.get(passage__label="OP2")
    for i in range(30):
        services.add_support(conclusion=central, premises=[f"Extra reason {i}"], author=user)
    assert count() == before


@pytest.fixture
def staff_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(username="admin", password="x")
    client.force_login(admin)
    return client


def test_admin_import_page_imports_and_shows_the_passages(
    staff_client, map_, django_capture_on_commit_callbacks
):
    path = next(DOCUMENTS.glob("hrc55-*.txt"))
    page = staff_client.get("/admin/sources/source/import/")
    assert page.status_code == 200 and "Upload a UN draft resolution" in page.content.decode()
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    preview = staff_client.post(
        "/admin/sources/source/import/",
        {"file": upload, "kind": "draft-resolution", "map": map_.pk},
    )  # step 1: how it reads, nothing written
    shown = preview.content.decode()
    assert preview.status_code == 200 and "Nothing is written yet" in shown
    assert "Preambular paragraph" in shown and "Operative paragraph" in shown
    assert not Source.objects.exists()
    token = DocumentImport.objects.get(state="waiting").token
    with django_capture_on_commit_callbacks(execute=True):  # the task worker's part, at once
        posted = staff_client.post("/admin/sources/source/import/", {"token": token})
    page = staff_client.get(posted["Location"])  # the job's page
    html = page.content.decode()
    source = Source.objects.get()
    assert page.status_code == 200 and f'as <a href="/sources/{source.slug}/">' in html
    assert "OP1" in html and "PP1" in html
    assert list(map_.sources.all()) == [source]


def test_admin_import_page_shows_errors_and_writes_nothing(
    staff_client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile(
        "speech.txt", b"Thank you, Mr. Chair.\n\nWe vote no.\n", content_type="text/plain"
    )
    page = staff_client.post(
        "/admin/sources/source/import/", {"file": upload, "kind": "draft-resolution"}
    )  # refused at the preview, with the reason
    assert page.status_code == 422
    html = page.content.decode()
    assert "speech.txt" in html and "this looks like a statement" in html
    assert not Source.objects.exists() and not DocumentImport.objects.exists()


def test_admin_import_page_is_for_staff_only(client, user):
    client.force_login(user)
    assert client.get("/admin/sources/source/import/").status_code == 302  # to the admin login


def test_every_admin_list_page_renders(staff_client, seeded):
    for name in [
        "accounts/user",
        "maps/map",
        "maps/membership",
        "maps/claim",
        "maps/argument",
        "maps/annotation",
        "sources/source",
        "maps/change",
        "maps/judgement",
        "accounts/apitoken",
        "accounts/loginfailure",
        "sources/passage",
    ]:
        page = staff_client.get(f"/admin/{name}/", {"q": "cyber"})
        assert page.status_code == 200, name
