"""Live updates: committed changes reach every viewer of a map through PostgreSQL, at once.

The app runs under uvicorn in a subprocess (ASGI: the stream needs it) against the test database,
as tests/test_database_failure.py runs gunicorn; the tests write in-process (committed:
transactional_db) or through the API, and read the streams as a browser's EventSource would.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import psycopg
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from argmap.accounts.services import create_token
from argmap.maps import events, services
from argmap.maps.events import (
    DROPPED,
    NO_LONGER_READABLE,
    QUEUE_SIZE,
    Closing,
    Hub,
)
from argmap.maps.events import (
    Viewer as Subscriber,
)
from argmap.maps.listening import LISTENER_NAME, listener_params
from argmap.maps.models import Change, Map, Membership
from argmap.maps.services.history import CHANNEL
from tests.factories import UserFactory
from tests.test_database_failure import ROOT, app_environment, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

T = TypeVar("T")
SECOND = 1.0  # every viewer gets a change within this


@dataclass
class Event:
    name: str
    id: int | None
    data: dict
    at: float


class Viewer:
    """An EventSource of one map's events, read in a thread."""

    def __init__(self, url: str, slug: str, cookie: str = "", last_id: int | None = None) -> None:
        host, port = urllib.parse.urlsplit(url).netloc.split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        headers = {"Accept": "text/event-stream", "Cookie": cookie}
        if last_id is not None:
            headers["Last-Event-ID"] = str(last_id)
        self.conn.request("GET", f"/maps/{slug}/events/", headers=headers)
        self.response = self.conn.getresponse()
        self.status = self.response.status
        self.events: queue.Queue[Event | None] = queue.Queue()  # None: the stream ended
        self.presence: queue.Queue[str] = queue.Queue()  # HTML of who else is there (test_presence)
        self.ready = threading.Event()  # the server subscribed it: no later change is missed
        if self.status == 200:
            threading.Thread(target=self._read, daemon=True).start()
            assert self.ready.wait(10), "the stream did not open"

    def _read(self) -> None:
        fields: dict[str, str] = {}
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line:
                    name, _, value = line.partition(": ")
                    fields[name] = value
                    continue
                if "retry" in fields:
                    self.ready.set()
                if fields.get("event") == "presence":
                    self.presence.put(fields["data"])
                elif "data" in fields:
                    event_id = int(fields["id"]) if "id" in fields else None
                    data = json.loads(fields["data"])
                    self.events.put(Event(fields["event"], event_id, data, time.monotonic()))
                fields = {}
        except (OSError, ValueError, http.client.HTTPException):
            pass  # hung up
        self.events.put(None)

    def next(self, timeout: float = 5) -> Event | None:
        return self.events.get(timeout=timeout)

    def close(self) -> None:
        """Hang up, as a closed browser tab does (the reader thread sees the end)."""
        if self.conn.sock is not None:
            self.conn.sock.shutdown(socket.SHUT_RDWR)


POOL_SIZE = 2  # the app's database connections, fewer than the streams a test opens


@contextmanager
def uvicorn_on(database: dict) -> Iterator[tuple[str, subprocess.Popen]]:
    """The app under uvicorn (one worker) on ``database`` (Django's settings of it): its address."""
    host = urllib.parse.quote(database["HOST"], safe="")
    folder = Path(tempfile.mkdtemp(prefix="argmap-events-"))
    env = {
        **app_environment(database["HOST"], folder),
        "DATABASE_URL": f"postgres://{database['USER']}@{host}/{database['NAME']}",
        "CONN_MAX_AGE": "0",  # no connection held between tests: the test database is flushed
        "DB_POOL_SIZE": str(POOL_SIZE),
    }
    with socket.socket() as listener:  # bound here, so the port is known and never taken
        listener.bind(("127.0.0.1", 0))
        listener.listen(1024)
        command = [sys.executable, "-m", "uvicorn", "argmap.asgi:application"]
        command += ["--fd", str(listener.fileno()), "--lifespan", "off", "--log-level", "warning"]
        # An open stream never ends by itself: without a limit, uvicorn waits for it to stop.
        command += ["--timeout-graceful-shutdown", "2"]
        app = subprocess.Popen(command, cwd=ROOT, env=env, pass_fds=[listener.fileno()])
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        wait_until(lambda: app.poll() is not None or answers(url), "uvicorn answers")
        assert app.poll() is None
        yield url, app
    finally:
        app.terminate()
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def app_server(django_db_setup, django_db_blocker) -> Iterator[str]:
    """uvicorn on the test database, for the tests of a module (it takes a second to start)."""
    with django_db_blocker.unblock():
        database = dict(connection.settings_dict)
    with uvicorn_on(database) as (url, _):
        yield url


@pytest.fixture
def server(app_server, transactional_db) -> Iterator[str]:
    """The module's app server for one test, which ends once the server has done what the
    test's end set off (it runs before the database is flushed)."""
    yield app_server
    settle()


def settle(timeout: float = 10) -> None:
    """Wait until the app servers have written what the end of a test set off (the streams that
    closed leave the presence table): a TRUNCATE that meets a presence write half-way deadlocks."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(**{**listener_params(), "application_name": "tests"}) as db:
        while time.monotonic() < deadline:
            busy = db.execute(
                "SELECT (SELECT count(*) FROM maps_presence) + (SELECT count(*)"
                " FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND state <> 'idle')"
            ).fetchone()
            db.rollback()
            if busy == (0,):
                return
            time.sleep(0.05)  # polling for a state, with a deadline


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/accounts/login/", timeout=5) as page:
            return page.status == 200
    except OSError:
        return False


def session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def api_post(url: str, path: str, key: str, data: dict) -> dict:
    request = urllib.request.Request(
        url + path,
        json.dumps(data).encode(),
        headers={"Authorization": f"Token {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def listeners() -> list[str]:
    """The app's listening connections, as PostgreSQL sees them."""
    with psycopg.connect(**{**listener_params(), "application_name": "tests"}) as db:
        rows = db.execute(
            "SELECT query FROM pg_stat_activity WHERE application_name = %s", [LISTENER_NAME]
        ).fetchall()
    return [query for (query,) in rows]


def app_connections() -> int:
    """Connections to the test database, but the one counting."""
    with psycopg.connect(**{**listener_params(), "application_name": "tests"}) as db:
        return db.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"]],
        ).fetchone()[0]


@pytest.fixture
def coach():
    return UserFactory(username="coach", first_name="Sam")


@pytest.fixture
def private_map(coach):
    return services.create_map(title="Phones in class", created_by=coach, visibility="private")


def test_a_committed_write_is_announced_and_a_rolled_back_one_is_not(coach, private_map):
    with psycopg.connect(**listener_params(), autocommit=True) as db:
        db.execute(f"LISTEN {CHANNEL}")
        with pytest.raises(RuntimeError), transaction.atomic():
            services.add_claim(map=private_map, text="Never kept.", author=coach)
            raise RuntimeError("the request failed")
        kept = services.add_claim(map=private_map, text="Phones distract.", author=coach)
        notes = [n.payload for n in db.notifies(timeout=1)]
    change = Change.objects.get(operation="claim.create", object_id=kept.pk)
    assert notes == [f"{private_map.pk}:{change.pk}"]


def test_two_viewers_get_an_api_change_within_a_second_and_another_map_does_not(
    server, coach, private_map
):
    student = UserFactory(username="student")
    services.invite_member(map=private_map, identifier="student", role="viewer", actor=coach)
    other = services.create_map(title="Homework", created_by=coach, visibility="public")
    _, key = create_token(user=coach, name="tests")
    viewers = [Viewer(server, private_map.slug, session_of(u)) for u in (coach, student)]
    elsewhere = Viewer(server, other.slug)  # anonymous, on a public map
    sent = time.monotonic()
    claim = api_post(server, "/api/claims/", key, {"map": private_map.slug, "text": "Ban them."})
    change = Change.objects.get(operation="claim.create", object_id=claim["id"])
    for viewer in viewers:
        event = viewer.next()
        assert event is not None and event.at - sent < SECOND
        assert (event.name, event.id) == ("change", change.pk)
        assert event.data == {
            "id": change.pk,
            "action": str(change.action),
            "operation": "claim.create",
            "description": "added a claim",
            "claim_ids": [claim["id"]],
            "actor": "Sam",
            "actor_id": coach.pk,
        }
    # The other map's viewer got nothing: its first event is the other map's own change.
    there = services.add_claim(map=other, text="Homework is useful.", author=coach)
    event = elsewhere.next()
    assert event is not None and event.data["claim_ids"] == [there.pk]
    for viewer in [*viewers, elsewhere]:
        viewer.close()


def test_last_event_id_replays_exactly_the_missed_changes_then_live_ones(
    server, coach, private_map
):
    claims = [
        services.add_claim(map=private_map, text=f"Claim {n}.", author=coach) for n in range(4)
    ]
    ids = list(Change.objects.filter(map=private_map).order_by("pk").values_list("pk", flat=True))
    # A minute apart: beyond the window in which a replay also sends changes made just before
    # the last one seen (the next test).
    for n, pk in enumerate(reversed(ids), start=1):
        Change.objects.filter(pk=pk).update(at=timezone.now() - timedelta(minutes=n))
    seen = ids[-3]  # the viewer saw up to the second claim's creation
    cookie = session_of(coach)
    by_header = Viewer(server, private_map.slug, cookie, last_id=seen)
    assert [by_header.next().id for _ in range(2)] == ids[-2:]
    live = services.add_claim(map=private_map, text="A live one.", author=coach)
    event = by_header.next()
    assert event is not None and event.data["claim_ids"] == [live.pk]
    by_header.close()
    # The same from the address, for a client that cannot set the header.
    conn = http.client.HTTPConnection(*urllib.parse.urlsplit(server).netloc.split(":"))
    conn.request(
        "GET",
        f"/maps/{private_map.slug}/events/?last_event_id={ids[-2]}",
        headers={"Cookie": cookie},
    )
    answer = conn.getresponse()
    assert answer.status == 200
    text = b""
    while text.count(b"event: change") < 2:
        text += answer.read1()
    assert [int(line[4:]) for line in text.decode().splitlines() if line.startswith("id: ")] == [
        ids[-1],
        event.id,
    ]
    conn.close()
    assert claims[-1].pk in Change.objects.get(pk=ids[-1]).claim_ids


def test_a_replay_also_sends_changes_made_just_before_the_last_one_seen(server, coach, private_map):
    """Transactions commit out of id order: change 7 may commit after change 8, which the page
    saw before its stream dropped. Changes made within REPLAY_WINDOW before it are sent again
    (the page skips those it has handled)."""
    for n in range(3):
        services.add_claim(map=private_map, text=f"Claim {n}.", author=coach)
    ids = list(Change.objects.filter(map=private_map).order_by("pk").values_list("pk", flat=True))
    Change.objects.filter(pk=ids[0]).update(at=timezone.now() - timedelta(minutes=5))
    viewer = Viewer(server, private_map.slug, session_of(coach), last_id=ids[-1])
    assert [viewer.next().id for _ in range(len(ids) - 2)] == ids[1:-1]
    live = services.add_claim(map=private_map, text="A live one.", author=coach)
    event = viewer.next()
    assert event is not None and event.data["claim_ids"] == [live.pk]
    viewer.close()


def test_a_viewer_removed_from_a_private_map_gets_the_closing_event_and_nothing_more(
    server, coach, private_map
):
    student = UserFactory(username="student")
    services.invite_member(map=private_map, identifier="student", role="editor", actor=coach)
    removed = Viewer(server, private_map.slug, session_of(student))
    owner = Viewer(server, private_map.slug, session_of(coach))
    membership = Membership.objects.get(map=private_map, user=student)
    services.remove_member(membership=membership, actor=coach)
    closing = removed.next()
    assert closing is not None and closing.name == "closed"
    assert closing.data == {"reason": NO_LONGER_READABLE}
    assert removed.next() is None  # the stream ended
    services.add_claim(map=private_map, text="After the removal.", author=coach)
    assert [owner.next().data["operation"] for _ in range(2)] == ["member.remove", "claim.create"]
    assert Viewer(server, private_map.slug, session_of(student)).status == 404
    owner.close()


def test_a_map_made_private_closes_the_streams_of_visitors(server, coach):
    map_ = services.create_map(title="Open debate", created_by=coach, visibility="public")
    visitor = Viewer(server, map_.slug)
    services.update_map(
        map=map_,
        version=map_.version,
        title=map_.title,
        description="",
        visibility=Map.Visibility.PRIVATE,
        actor=coach,
    )
    closing = visitor.next()
    assert closing is not None and closing.data == {"reason": NO_LONGER_READABLE}
    assert visitor.next() is None


def test_a_rolled_back_write_sends_nothing_to_viewers(server, coach, private_map):
    viewer = Viewer(server, private_map.slug, session_of(coach))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.add_claim(map=private_map, text="Never kept.", author=coach)
        raise RuntimeError("the request failed")
    kept = services.add_claim(map=private_map, text="Kept.", author=coach)
    event = viewer.next()
    assert event is not None and event.data["claim_ids"] == [kept.pk]
    viewer.close()


def test_one_listening_connection_serves_every_viewer_and_comes_back_after_a_drop(
    server, coach, private_map
):
    public = services.create_map(title="Open debate", created_by=coach, visibility="public")
    cookie = session_of(coach)
    before = app_connections()  # this process's own included
    viewers = [Viewer(server, private_map.slug, cookie) for _ in range(4)]
    viewers += [Viewer(server, public.slug) for _ in range(4)]
    found = listeners()
    assert len(found) == 1 and found[0] == f"LISTEN {CHANNEL}"
    # Nor does an open stream hold a connection of its own: eight streams make do with the
    # listener and the app's small pool.
    assert app_connections() - before <= POOL_SIZE + 1
    # The database drops the listening connection: every stream ends (it may have missed changes).
    with psycopg.connect(**{**listener_params(), "application_name": "tests"}) as db:
        db.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            [LISTENER_NAME],
        )
    for viewer in viewers:
        assert viewer.next() is None
    seen = Change.objects.filter(map=private_map).latest("pk").pk
    missed = services.add_claim(map=private_map, text="While away.", author=coach)
    back = Viewer(server, private_map.slug, cookie, last_id=seen)  # as EventSource reconnects
    event = back.next()
    while event is not None and event.id < seen:  # made just before: sent again, the page skips
        event = back.next()
    assert event is not None and event.data["claim_ids"] == [missed.pk]
    live = services.add_claim(map=private_map, text="Live again.", author=coach)
    event = back.next()
    assert event is not None and event.data["claim_ids"] == [live.pk]
    assert len(listeners()) == 1
    back.close()


def test_a_viewer_that_falls_behind_is_dropped_rather_than_queued_without_end():
    hub = Hub()
    slow = Subscriber(7, AnonymousUser())
    hub.viewers[7].add(slow)
    for n in range(QUEUE_SIZE):
        hub.offer(slow, {"id": n})
    assert slow.queue.qsize() == QUEUE_SIZE and slow in hub.viewers[7]
    hub.offer(slow, {"id": QUEUE_SIZE})
    # Its queue is emptied but for the word to end the stream; it reconnects and catches up.
    assert slow.queue.qsize() == 1 and slow.queue.get_nowait() is DROPPED
    assert 7 not in hub.viewers
    # Told to close while behind, it is still told why.
    hub.viewers[7].add(slow)
    for n in range(QUEUE_SIZE):
        hub.offer(slow, {"id": n})
    hub.offer(slow, Closing(NO_LONGER_READABLE))
    assert slow.queue.qsize() == 1 and slow.queue.get_nowait() == Closing(NO_LONGER_READABLE)


def test_an_idle_stream_sends_keep_alive_comments(monkeypatch, private_map):
    monkeypatch.setattr(events, "KEEPALIVE", 0.05)
    # No presence rows: asyncio.run ends the hub's tasks but not a write already in its thread,
    # which then raced the test's teardown (a deadlock with the flush, seen once in CI).
    monkeypatch.setattr(events.presence, "keep", lambda **owed: set())

    async def first_chunks() -> list[str]:
        chunks = events.stream(private_map.pk, AnonymousUser(), None)
        try:  # the presence events (who else is there) aside
            found: list[str] = []
            while len(found) < 3:
                chunk = await anext(chunks)
                if not chunk.startswith("event: presence"):
                    found.append(chunk)
            return found
        finally:
            await chunks.aclose()  # as when the browser hangs up
            assert not events.hub().viewers  # the hub forgot it

    chunks = in_thread(lambda: asyncio.run(first_chunks()))
    assert chunks == ["retry: 3000\n\n", *[": keep-alive\n\n"] * 2]


def test_a_sync_server_answers_204_so_that_the_browser_stops_trying(coach, private_map):
    """Under WSGI (Django's test client, gunicorn's sync workers) a stream would hold a worker."""
    client = Client()
    path = f"/maps/{private_map.slug}/events/"
    assert in_thread(lambda: client.get(path).status_code) == 404  # private
    client.force_login(coach)
    assert in_thread(lambda: client.get(path).status_code) == 204


def in_thread(func: Callable[[], T]) -> T:
    """``func`` in a thread of its own: Playwright's sync API keeps an event loop running in this
    one once a browser test has run, and an async view or asyncio.run cannot start beside it."""

    def run() -> T:
        try:
            return func()
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result()
