"""Maps in and out through the API: the same formats and the same import service as the pages."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from argmap.maps.models import Argument, Claim, Map

pytestmark = pytest.mark.django_db

ARGDOWN = b"""# Phones

[Ban]: Schools should ban phones.
  + <Distraction>: Phones distract pupils.
  - <Emergencies>: Parents need to reach their children.
"""


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_import_an_argdown_file_and_export_it_again(api, user):
    response = api.post(
        "/api/maps/import/",
        {"file": SimpleUploadedFile("phones.argdown", ARGDOWN), "title": "Phones"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["format"] == "argdown" and body["counts"]["claims"] == 3
    the_map = Map.objects.get(slug=body["slug"])
    assert the_map.memberships.get().user == user and the_map.visibility == "private"
    assert Argument.objects.filter(map=the_map).count() == 2
    exported = api.get(f"/api/maps/{the_map.slug}/export/argdown/")
    assert exported.status_code == 200 and "Schools should ban phones." in exported.content.decode()
    assert exported["Content-Disposition"] == f'attachment; filename="{the_map.slug}.argdown"'


def test_export_formats_and_refusals(api, map_):
    call_command("import_seeds", stdout=StringIO())
    client = APIClient()
    for name in ("aif", "argdown", "kialo", "markdown"):
        assert client.get(f"/api/maps/unga74-ict-crime/export/{name}/").status_code == 200
    assert client.get("/api/maps/unga74-ict-crime/export/pdf/").status_code == 400
    assert client.get(f"/api/maps/{map_.slug}/export/aif/").status_code == 404  # private, anonymous


def test_bad_imports_are_refused_and_write_nothing(api):
    before = Claim.objects.count()
    broken = SimpleUploadedFile("broken.kialo.txt", b"1.1. Pro: no title line\n")
    response = api.post(
        "/api/maps/import/", {"file": broken, "format": "kialo"}, format="multipart"
    )
    assert response.status_code == 400 and "broken.kialo.txt" in " ".join(response.json()["file"])
    assert api.post("/api/maps/import/", {}, format="multipart").status_code == 400
    assert (
        APIClient()
        .post(
            "/api/maps/import/",
            {"file": SimpleUploadedFile("a.argdown", ARGDOWN)},
            format="multipart",
        )
        .status_code
        == 401
    )
    assert Claim.objects.count() == before and not Map.objects.exists()


def test_exports_carry_the_annotations_as_notes(api, user):
    from argmap.maps import services

    the_map = services.create_map(title="Noted", created_by=user, visibility="public")
    claim = services.add_claim(map=the_map, text="Homework helps.", author=user)
    services.annotate(target=claim, author=user, body="Which study says so?", kind="question")
    outline = APIClient().get(f"/api/maps/{the_map.slug}/export/markdown/").content.decode()
    assert "Which study says so?" in outline
