"""Two app servers sharing one database, as behind a load balancer: nothing of a viewer, an edit
or an import may live in one server's process or on its disk.

Both servers are uvicorn subprocesses on the test database (as in tests/test_events.py), each with
a pool of two connections; imports are written by a real task worker (`task_worker`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
import requests
from django.db import connection

from argmap.accounts.services import create_token
from argmap.maps import services
from argmap.maps.models import Change, Claim, Map, MapImport
from tests.factories import UserFactory
from tests.test_events import SECOND, Viewer, api_post, session_of, settle, uvicorn_on

pytestmark = pytest.mark.django_db(transaction=True)

PHONES = b"""===
title: Phones in class
===

[Ban]: Schools should ban phones in class.
  + [Distract]: Phones distract pupils.
    - [Teach]: Pupils can be taught to put them away.
  - [Emergencies]: Parents need to reach their children.
"""
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')


@pytest.fixture(scope="module")
def app_servers(django_db_setup, django_db_blocker) -> Iterator[tuple[str, str]]:
    with django_db_blocker.unblock():
        database = dict(connection.settings_dict)
    with uvicorn_on(database) as (one, _), uvicorn_on(database) as (two, _):
        yield one, two


@pytest.fixture
def servers(app_servers, transactional_db) -> Iterator[tuple[str, str]]:
    yield app_servers
    settle()  # before the database is flushed


@pytest.fixture
def coach():
    return UserFactory(username="coach", first_name="Sam")


def browser(user) -> requests.Session:
    """A logged-in browser: its session cookie works on either server (sessions are in the
    database)."""
    session = requests.Session()
    name, _, value = session_of(user).partition("=")
    session.cookies.set(name, value)
    return session


def csrf_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200
    found = CSRF.search(page.text)
    assert found, "no CSRF token on the page"
    return found.group(1)


def test_a_viewer_on_one_server_sees_an_edit_made_through_the_other(servers, coach):
    one, two = servers
    the_map = services.create_map(title="Phones in class", created_by=coach, visibility="private")
    _, key = create_token(user=coach, name="tests")
    viewer = Viewer(one, the_map.slug, session_of(coach))
    sent = time.monotonic()
    claim = api_post(two, "/api/claims/", key, {"map": the_map.slug, "text": "Ban them."})
    event = viewer.next()
    assert event is not None and event.at - sent < SECOND
    change = Change.objects.get(operation="claim.create", object_id=claim["id"])
    assert (event.name, event.id, event.data["claim_ids"]) == ("change", change.pk, [claim["id"]])
    # A page form posted to the second server reaches the viewer on the first just the same.
    page = browser(coach)
    token = csrf_token(page, f"{two}/maps/{the_map.slug}/")
    edited = page.post(
        f"{two}/maps/{the_map.slug}/claims/",
        data={"text": "Phones distract pupils."},
        headers={"X-CSRFToken": token},
        timeout=10,
    )
    assert edited.status_code < 400, edited.text[:500]
    added = Claim.objects.get(map=the_map, text="Phones distract pupils.")
    event = viewer.next()
    assert event is not None and event.data["claim_ids"] == [added.pk]
    viewer.close()


def test_an_import_previewed_on_one_server_is_confirmed_on_the_other(servers, coach, task_worker):
    one, two = servers
    page = browser(coach)
    token = csrf_token(page, f"{one}/maps/new/import/")
    preview = page.post(
        f"{one}/maps/new/import/",
        data={"format": "auto", "title": ""},
        files={"file": ("phones.argdown", PHONES)},
        headers={"X-CSRFToken": token},
        timeout=10,
    )
    assert preview.status_code == 200 and "Phones in class" in preview.text
    upload = MapImport.objects.get(state="waiting")
    assert upload.data == PHONES  # in PostgreSQL, where the other server finds it
    created = page.post(
        f"{two}/maps/new/import/",
        data={"token": upload.token, "title": ""},
        headers={"X-CSRFToken": token},
        allow_redirects=False,
        timeout=10,
    )
    assert created.status_code == 302, created.text[:500]
    progress = created.headers["Location"]
    assert progress == f"/maps/new/import/{upload.token}/"
    # The worker writes the map; either server reads how far it has come.
    deadline = time.monotonic() + 60
    while True:
        answers = [
            page.get(server + progress, allow_redirects=False, timeout=10) for server in (one, two)
        ]
        if all(answer.status_code == 302 for answer in answers):
            break
        for answer in answers:
            assert answer.status_code in (200, 302), answer.text[:500]
            if answer.status_code == 200:
                assert "Creating the map" in answer.text
        assert time.monotonic() < deadline, task_worker.poll()
        time.sleep(0.1)
    new_map = Map.objects.get(title="Phones in class")
    assert {answer.headers["Location"] for answer in answers} == {new_map.get_absolute_url()}
    assert Claim.objects.filter(map=new_map).count() == 4
    assert new_map.memberships.get().user == coach
    # A job queued through the API of one server is followed through the API of the other.
    _, key = create_token(user=coach, name="tests")
    headers = {"Authorization": f"Token {key}"}
    queued = requests.post(
        f"{one}/api/maps/import/",
        files={"file": ("phones.argdown", PHONES)},
        data={"title": "Phones again"},
        headers=headers,
        timeout=10,
    )
    assert queued.status_code == 202, queued.text[:500]
    job_path = queued.headers["Location"].removeprefix(one)
    deadline = time.monotonic() + 60
    while (job := requests.get(two + job_path, headers=headers, timeout=10).json())["state"] in (
        "queued",
        "running",
    ):
        assert time.monotonic() < deadline, task_worker.poll()
        time.sleep(0.1)
    assert job["state"] == "done", job
    assert Map.objects.get(slug=job["map"]).title == "Phones again"


def test_an_import_queued_on_a_server_that_stops_is_run_and_followed_on_the_other(
    servers, coach, request
):
    """The job lives in PostgreSQL: the server that queued it may go before a worker starts."""
    _, two = servers
    _, key = create_token(user=coach, name="tests")
    headers = {"Authorization": f"Token {key}"}
    with uvicorn_on(dict(connection.settings_dict)) as (gone, app):
        queued = requests.post(
            f"{gone}/api/maps/import/",
            files={"file": ("phones.argdown", PHONES)},
            headers=headers,
            timeout=10,
        )
        assert queued.status_code == 202 and queued.json()["state"] == "queued"
    assert app.poll() is not None  # that server has stopped; no worker has run yet
    assert not Map.objects.exists()
    worker = request.getfixturevalue("task_worker")
    job_path = queued.headers["Location"].removeprefix(gone)
    deadline = time.monotonic() + 60
    while (job := requests.get(two + job_path, headers=headers, timeout=10).json())["state"] != (
        "done"
    ):
        assert job["state"] in ("queued", "running") and time.monotonic() < deadline, (
            job,
            worker.poll(),
        )
        time.sleep(0.1)
    assert Map.objects.get(slug=job["map"]).title == "Phones in class"
