"""Maps in and out through the API: the same formats and the same import service as the pages.
An import is checked in the request and written by the task worker: a 202 and a job to follow."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from argmap.maps.models import Argument, Claim, Map, MapImport

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


def import_phones(api):
    return api.post(
        "/api/maps/import/",
        {"file": SimpleUploadedFile("phones.argdown", ARGDOWN), "title": "Phones"},
        format="multipart",
    )


def test_import_an_argdown_file_and_export_it_again(api, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the worker's part, run at once
        response = import_phones(api)
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["format"] == "argdown" and body["counts"] == {
        "claims": 3,
        "arguments": 2,
        "notes": 0,
    }
    assert response["Location"] == body["url"] == f"http://testserver/api/imports/{body['token']}/"
    job = api.get(response["Location"]).json()
    assert job["state"] == "done" and job["done"] == job["total"] == 5 and job["error"] == ""
    the_map = Map.objects.get(slug=job["map"], title="Phones")
    assert job["map_url"] == f"http://testserver/api/maps/{the_map.slug}/"
    assert the_map.memberships.get().user == user and the_map.visibility == "private"
    assert Argument.objects.filter(map=the_map).count() == 2
    exported = api.get(f"/api/maps/{the_map.slug}/export/argdown/")
    assert exported.status_code == 200 and "Schools should ban phones." in exported.content.decode()
    assert exported["Content-Disposition"] == f'attachment; filename="{the_map.slug}.argdown"'


def test_the_import_waits_for_the_worker_and_only_its_owner_follows_it(api, settings, other_user):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = import_phones(api)
    assert response.status_code == 202
    assert response.json()["state"] == "queued" and response.json()["map"] is None
    assert not Map.objects.exists()  # nothing is written in the request
    assert MapImport.objects.get().data == ARGDOWN  # in PostgreSQL for the worker
    job = api.get(response["Location"])
    assert job.status_code == 200 and job.json()["state"] == "queued"
    stranger = APIClient()
    stranger.force_authenticate(other_user)
    assert stranger.get(response["Location"]).status_code == 404
    assert APIClient().get(response["Location"]).status_code == 401
    assert api.get("/api/imports/nothing-here/").status_code == 404


def test_a_failed_import_job_says_why(api, user):
    from argmap.maps import jobs, map_imports

    job = map_imports.keep(
        owner=user,
        filename="x.argdown",
        data=b"",
        format="argdown",
        title="X",
        total=1,
        preview=False,
    )
    jobs.fail(MapImport, job.pk, "Nothing was imported. x.argdown: it broke.")
    body = api.get(f"/api/imports/{job.token}/").json()
    assert (
        body["state"] == "failed" and body["error"] == "Nothing was imported. x.argdown: it broke."
    )
    assert body["map"] is None


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
    assert response.status_code == 400
    assert response.json()["file"][0].startswith("broken.kialo.txt, line 1:")
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
    assert not MapImport.objects.exists()  # nothing queued either


def test_exports_carry_the_annotations_as_notes(api, user):
    from argmap.maps import services

    the_map = services.create_map(title="Noted", created_by=user, visibility="public")
    claim = services.add_claim(map=the_map, text="Homework helps.", author=user)
    services.annotate(target=claim, author=user, body="Which study says so?", kind="question")
    outline = APIClient().get(f"/api/maps/{the_map.slug}/export/markdown/").content.decode()
    assert "Which study says so?" in outline
