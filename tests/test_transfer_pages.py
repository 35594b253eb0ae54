"""Maps in and out through the pages: downloads, the print view, and the Import a map page."""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from argmap.formats import maps as formats
from argmap.maps import jobs, map_imports, services
from argmap.maps.models import Argument, Claim, Map, MapImport, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PHONES = b"""===
title: Phones in class
===

[Ban]: Schools should ban phones in class.
  + [Distract]: Phones distract pupils.
    - [Teach]: Pupils can be taught to put them away.
  - [Emergencies]: Parents need to reach their children.
"""
BROKEN_KIALO = b"Discussion Title: T\n\n1. Thesis\n1.1. Pro: a\n1.3.5. Con: b\n"


def upload(name: str = "phones.argdown", data: bytes = PHONES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def uploads() -> set[str]:
    """The uploads waiting for their preview's confirmation (in PostgreSQL, not on disk)."""
    return set(MapImport.objects.filter(state="waiting").values_list("token", flat=True))


@pytest.fixture
def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def shared_map(other_user):
    """A public map of someone else's: a claim with a reason, an objection and an undercut."""
    the_map = services.create_map(
        title="Phones", created_by=other_user, visibility=Map.Visibility.PUBLIC
    )
    ban = services.add_claim(map=the_map, text="Schools should ban phones.", author=other_user)
    reason = services.add_support(
        conclusion=ban, premises=["Phones distract pupils."], author=other_user
    )
    services.add_rebuttal(claim=ban, premises=["Parents need to call."], author=other_user)
    services.add_undercut(argument=reason, premises=["Not all of them."], author=other_user)
    return the_map


# Downloads


@pytest.mark.parametrize("name", formats.EXPORT_FORMATS)
def test_each_format_downloads_for_a_reader(shared_map, name):
    spec = formats.FORMATS[name]
    response = Client().get(reverse("maps:export", args=[shared_map.slug, name]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(spec.media_type)
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{shared_map.slug}{spec.extension}"'
    )
    assert "Phones distract pupils." in response.content.decode()


@pytest.mark.parametrize("name", formats.EXPORT_FORMATS)
def test_a_private_map_of_someone_else_is_not_there(shared_map, client_of, name):
    services.update_map(
        map=shared_map,
        title="Phones",
        description="",
        visibility="private",
        version=shared_map.version,
    )
    response = client_of.get(reverse("maps:export", args=[shared_map.slug, name]))
    assert response.status_code == 404
    assert b"Phones distract" not in response.content


def test_an_unknown_format_is_not_there(shared_map):
    response = Client().get(reverse("maps:export", args=[shared_map.slug, "pdf"]))
    assert response.status_code == 404


# The print view


def test_the_seed_map_prints_with_two_columns_and_source_notes():
    call_command("import_seeds", stdout=StringIO())
    response = Client().get(reverse("maps:print", args=["unga74-ict-crime"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Decides to establish an open-ended ad hoc intergovernmental committee" in page
    assert page.count('class="columns"') >= 1
    assert '<div class="column reasons">' in page and '<div class="column objections">' in page
    assert "there is absolutely no consensus among Member States" in page  # an objection
    assert "PP5 of A/C.3/74/L.11</li>" in page
    assert "“Stressing the need to enhance coordination" in page  # the quoted words
    assert 'href="#fn1"' in page and 'id="fn1"' in page
    assert "United States" in page
    assert "site-header" not in page  # no navigation on paper
    assert 'href="/static/css/print.css"' in page


def test_print_sections_refer_to_each_other(shared_map, other_user):
    premise = Claim.objects.get(text="Phones distract pupils.")
    services.add_rebuttal(claim=premise, premises=["Only some phones."], author=other_user)
    response = Client().get(reverse("maps:print", args=[shared_map.slug]) + "?paper=letter")
    page = response.content.decode()
    assert 'href="/static/css/paper-letter.css"' in page
    assert 'id="s1"' in page and 'id="s2"' in page  # the claim, then the premise with its own
    assert 'href="#s2">see 2</a>' in page
    assert "Undercut: denies that this leads to the claim" in page and "Not all of them." in page
    assert page.index("Parents need to call.") < page.index('id="s2"')


def test_print_of_a_private_map_of_someone_else_is_not_there(client_of, other_user):
    the_map = services.create_map(title="Secret", created_by=other_user)
    assert client_of.get(reverse("maps:print", args=[the_map.slug])).status_code == 404


# Where the links are


def test_the_map_pages_link_to_import_and_export(shared_map, client_of):
    listing = client_of.get(reverse("maps:list")).content.decode()
    assert f'href="{reverse("maps:import")}">Import a map</a>' in listing
    workspace = client_of.get(shared_map.get_absolute_url()).content.decode()
    assert '<details class="export-menu">' in workspace
    for name in formats.EXPORT_FORMATS:
        assert reverse("maps:export", args=[shared_map.slug, name]) in workspace
    assert reverse("maps:print", args=[shared_map.slug]) in workspace
    assert "data-graph-export" not in workspace
    graph = client_of.get(reverse("maps:graph", args=[shared_map.slug])).content.decode()
    assert 'data-graph-export="svg"' in graph and 'data-graph-export="png"' in graph
    assert "js/graph-export.js" in graph


# Import: the form and the preview


def test_the_import_page_is_for_logged_in_users(client_of):
    assert Client().get(reverse("maps:import")).status_code == 302
    page = client_of.get(reverse("maps:import")).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "Detect it from the file" in page and "Kialo text export" in page
    assert "10.0\xa0MB" in page  # the limit, stated up front


def test_preview_shows_what_will_be_created_and_writes_nothing(client_of):
    before = uploads()
    response = client_of.post(reverse("maps:import"), {"file": upload(), "format": "auto"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page  # the fragment
    assert "Preview of phones.argdown" in page and "Argdown" in page
    assert "<strong>4</strong> claims" in page and "<strong>3</strong> arguments" in page
    assert "<strong>0</strong> notes" in page
    assert "4 statement and argument titles not kept" in page  # the report
    assert "Schools should ban phones in class." in page and "Phones distract pupils." in page
    assert 'value="Phones in class"' in page  # the title, still editable
    assert "Create the map" in page
    assert response["HX-Push-Url"].startswith(reverse("maps:import") + "?token=")
    assert Map.objects.count() == 0 and Claim.objects.count() == 0
    assert len(uploads() - before) == 1  # the bytes wait for step 2


def test_preview_without_htmx_redirects_to_itself(client_of):
    response = client_of.post(reverse("maps:import"), {"file": upload(), "format": "argdown"})
    assert response.status_code == 302
    assert "?token=" in response["Location"]
    page = client_of.get(response["Location"]).content.decode()
    assert "<html" in page and "Preview of phones.argdown" in page
    assert "<strong>4</strong> claims" in page
    # a token that is not this session's shows the empty form
    stranger = Client()
    stranger.force_login(UserFactory(username="stranger"))
    other = stranger.get(response["Location"]).content.decode()
    assert "Preview of" not in other and "Upload and preview" in other


def test_create_without_htmx_imports_and_redirects(
    client_of, user, django_capture_on_commit_callbacks
):
    client_of.post(reverse("maps:import"), {"file": upload(), "format": "auto"})
    token = client_of.session["map-import"]["token"]
    with django_capture_on_commit_callbacks(execute=True):  # queued once committed
        response = client_of.post(reverse("maps:import"), {"token": token, "title": "My phones"})
    progress = reverse("maps:import-progress", args=[token])
    assert response.status_code == 302 and response["Location"] == progress
    new_map = Map.objects.get()
    assert client_of.get(progress)["Location"] == new_map.get_absolute_url()
    assert new_map.title == "My phones" and new_map.visibility == Map.Visibility.PRIVATE
    assert Membership.objects.get(map=new_map).user == user
    assert Claim.objects.filter(map=new_map).count() == 4
    assert Argument.objects.filter(map=new_map).count() == 3
    assert token not in uploads() and MapImport.objects.get().data is None  # cleaned up
    again = client_of.post(reverse("maps:import"), {"token": token})  # a second click
    assert again.status_code == 422 and "no longer here" in again.content.decode()
    assert Map.objects.count() == 1


def test_create_with_htmx_shows_progress_until_the_map_is_there(task_worker):
    """The worker, a process of its own, takes the job from PostgreSQL; the page polls it."""
    user = UserFactory(username="importer")
    client = Client()
    client.force_login(user)
    client.post(reverse("maps:import"), {"file": upload(), "format": "auto"}, **HTMX)
    token = client.session["map-import"]["token"]
    response = client.post(reverse("maps:import"), {"token": token, "title": ""}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    progress = reverse("maps:import-progress", args=[token])
    assert f'hx-get="{progress}" hx-trigger="every 500ms"' in page
    assert '<progress max="7"' in page
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        poll = client.get(progress, **HTMX)
        if "HX-Redirect" in poll:
            break
        assert poll.status_code == 200 and "Creating the map" in poll.content.decode()
        time.sleep(0.1)
    new_map = Map.objects.get()
    assert poll["HX-Redirect"] == new_map.get_absolute_url()
    assert new_map.title == "Phones in class"
    assert Claim.objects.filter(map=new_map).count() == 4
    assert client.get(progress).status_code == 302  # without htmx: a plain redirect
    stranger = Client()
    stranger.force_login(UserFactory(username="stranger"))
    assert stranger.get(progress, **HTMX).status_code == 404


def test_a_failed_import_stops_polling_and_says_why(client_of, user):
    job = map_imports.keep(
        owner=user, filename="x.argdown", data=PHONES, format="argdown", title="", total=7
    )
    jobs.fail(MapImport, job.pk, "Nothing was imported. X")
    response = client_of.get(reverse("maps:import-progress", args=[job.token]), **HTMX)
    page = response.content.decode()
    assert "Nothing was imported. X" in page and "every 500ms" not in page
    assert client_of.get(reverse("maps:import-progress", args=["..passwd"])).status_code == 404


# Import: files that are refused, with nothing written


def test_a_file_above_the_limit_is_refused_before_it_is_read(client_of, monkeypatch):
    monkeypatch.setattr(formats, "MAX_MAP_BYTES", 100)
    before = uploads()
    response = client_of.post(reverse("maps:import"), {"file": upload(), "format": "auto"})
    page = response.content.decode()
    assert response.status_code == 422
    assert f"phones.argdown: the file has {len(PHONES):,} bytes" in page
    assert "up to 100 bytes" in page
    assert 'id="file-errors"' in page and 'aria-invalid="true"' in page
    assert Map.objects.count() == 0 and uploads() == before


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_a_malformed_file_is_refused_naming_file_and_line(client_of, htmx):
    before = uploads()
    headers = HTMX if htmx else {}
    response = client_of.post(
        reverse("maps:import"),
        {"file": upload("debate.txt", BROKEN_KIALO), "format": "auto"},
        **headers,
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert ("<html" in page) is not htmx
    assert 'id="file-errors"' in page
    assert "debate.txt, line 5: claim 1.3.5. comes before (or without) claim 1.3." in page
    assert Map.objects.count() == 0 and uploads() == before
    assert "map-import" not in client_of.session


def test_a_file_of_the_wrong_chosen_format_is_refused(client_of):
    response = client_of.post(reverse("maps:import"), {"file": upload(), "format": "aif"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "phones.argdown, line 1: this is not JSON" in page
    assert Map.objects.count() == 0


def test_no_file_is_refused(client_of):
    response = client_of.post(reverse("maps:import"), {"format": "auto"}, **HTMX)
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()


def test_a_preview_made_on_one_server_is_confirmed_on_another(
    client_of, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Each app server has a disk of its own: nothing of the import may wait on one."""
    settings.DATA_DIR = tmp_path / "server-a"
    client_of.post(reverse("maps:import"), {"file": upload(), "format": "auto"})
    token = client_of.session["map-import"]["token"]
    settings.DATA_DIR = tmp_path / "server-b"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of.post(reverse("maps:import"), {"token": token, "title": ""})
    assert response.status_code == 302
    assert client_of.get(response["Location"])["Location"] == Map.objects.get().get_absolute_url()
    assert not any(tmp_path.rglob("*"))  # neither server wrote a file
