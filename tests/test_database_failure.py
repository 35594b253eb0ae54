"""When PostgreSQL stops or stalls, a request ends with a 503 the client can act on, nothing is
half-written, and the app recovers by itself once the database answers again.

The app runs in a subprocess (gunicorn with one uvicorn worker and its connection pool, as in
production) against a PostgreSQL of its own in a temporary folder, so stopping that server
never touches the one the rest of the suite uses (embedded or DATABASE_URL).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import RequestFactory

from argmap import embedded_db
from argmap.database_errors import database_unavailable, server_error
from argmap.settings import env_seconds

ROOT = Path(__file__).resolve().parent.parent
STATEMENT_TIMEOUT = 1  # seconds; the app under test gets it through DB_STATEMENT_TIMEOUT

SHOW_STATEMENT_TIMEOUT = (
    "from django.db import connection; c = connection.cursor(); "
    "c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
)

PASSWORD = "a long test password 1"
# Migrate, then a public map with one claim, and an API token for its owner.
SETUP = (
    f"PASSWORD = {PASSWORD!r}"
    + """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from argmap.accounts.services import create_token, sign_up
from argmap.maps import services
user = sign_up(username="coach", email="coach@example.org", password=PASSWORD)
token, key = create_token(user=user, name="tests")
map_ = services.create_map(title="Phones in class", created_by=user, visibility="public")
claim = services.add_claim(map=map_, text="Phones distract pupils.", author=user)
print(json.dumps({"key": key, "claim": claim.pk}))
"""
)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class App:
    url: str
    pgdata: Path
    runtime_dir: Path
    socket_dir: str
    token: str
    claim: int
    log: Path

    def request(
        self,
        path: str,
        method: str = "GET",
        data: dict | None = None,
        browser: urllib.request.OpenerDirector | None = None,
        **headers: str,
    ) -> Response:
        """As a script with the API token, or as ``browser`` (a logged-in session) when given."""
        if browser is None:
            headers["Authorization"] = f"Token {self.token}"
        body = None
        if data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with (browser or urllib.request.build_opener()).open(req, timeout=25) as answer:
                return Response(answer.status, dict(answer.headers), answer.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, dict(error.headers), error.read().decode())

    def database(self) -> psycopg.Connection:
        return psycopg.connect(host=self.socket_dir, user="postgres", dbname="postgres")

    def stop_database(self) -> None:
        pid = embedded_db.stop_server(self.pgdata)
        assert pid is not None
        wait_until(lambda: embedded_db.running_pid(self.pgdata) is None, "PostgreSQL stops")

    def start_database(self) -> None:
        embedded_db.start_server(self.pgdata, self.runtime_dir)

    def log_in(self) -> urllib.request.OpenerDirector:
        """A browser of its own: cookies, and the log-in form with its CSRF token."""
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        form = browser.open(self.url + "/accounts/login/", timeout=25).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert csrf is not None
        fields = {"csrfmiddlewaretoken": csrf[1], "username": "coach", "password": PASSWORD}
        browser.open(self.url + "/accounts/login/", urllib.parse.urlencode(fields).encode(), 25)
        return browser

    def workers_booted(self) -> int:
        return self.log.read_text().count("Booting worker")


def wait_until(condition: Callable[[], object], what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds} s for: {what}"
        time.sleep(0.05)


def answers(app: App) -> bool:
    try:
        return app.request("/api/users/me/").status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def app() -> Iterator[App]:
    folder = Path(tempfile.mkdtemp(prefix="argmap-dbfail-"))
    pgdata = folder / "pgdata"
    # The embedded server's runtime folder: pgserver keeps its lock file there until exit.
    runtime_dir = django_settings.DATA_DIR / "run"
    socket_dir = str(embedded_db.start_server(pgdata, runtime_dir).get_postmaster_info().socket_dir)
    server = None
    try:
        env = app_environment(socket_dir, folder)
        setup = subprocess.run(
            [sys.executable, "-c", SETUP], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert setup.returncode == 0, setup.stderr
        data = json.loads(setup.stdout.splitlines()[-1])
        log = folder / "gunicorn.log"
        with socket.socket() as listener:  # bound here, so the port is known and never taken
            listener.bind(("127.0.0.1", 0))
            listener.listen(16)
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "argmap.asgi:application",
                "--workers",
                "1",
            ]
            command += ["--worker-class", "uvicorn_worker.UvicornWorker", "--timeout", "30"]
            command += ["--bind", f"fd://{listener.fileno()}"]
            command += ["--log-file", str(log)]
            server = subprocess.Popen(command, cwd=ROOT, env=env, pass_fds=[listener.fileno()])
            url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        app = App(url, pgdata, runtime_dir, socket_dir, data["key"], data["claim"], log)
        wait_until(lambda: server.poll() is not None or answers(app), "the app answers")
        assert server.poll() is None, log.read_text()
        yield app
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        embedded_db.stop_server(pgdata)
        wait_until(lambda: embedded_db.running_pid(pgdata) is None, "PostgreSQL stops")
        shutil.rmtree(folder, ignore_errors=True)


def app_environment(socket_dir: str, folder: Path) -> dict[str, str]:
    """The app on the temporary server (a socket folder as the host), with a short statement timeout."""
    passed_on = {
        k: v for k, v in os.environ.items() if not k.startswith(("ARGMAP_", "DB_", "DATABASE_"))
    }
    return {
        **passed_on,
        "DATABASE_URL": f"postgres://postgres@{urllib.parse.quote(socket_dir, safe='')}/postgres",
        "DEBUG": "1",
        "SECRET_KEY": django_settings.SECRET_KEY,  # the tests' own: their session cookies work there
        "ARGMAP_DATA_DIR": str(folder),
        "DB_STATEMENT_TIMEOUT": str(STATEMENT_TIMEOUT),
    }


def assert_unavailable_api(response: Response) -> None:
    assert response.status == 503, response.body[:500]
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"detail": "The database is not answering; try again in a minute."}
    assert int(response.headers["Retry-After"]) > 0


def test_a_stopped_database_is_a_503_and_the_app_recovers_without_a_restart(app):
    assert app.request("/api/maps/").json()["count"] == 1  # the worker now holds a connection
    browser = app.log_in()
    assert "coach" in app.request("/", browser=browser).body
    app.stop_database()
    try:
        assert_unavailable_api(app.request("/api/maps/"))
        assert_unavailable_api(app.request("/api/claims/", "POST", {"map": "x", "text": "y"}))
        page = app.request("/")
        assert page.status == 503
        assert page.headers["Content-Type"].startswith("text/html")
        assert int(page.headers["Retry-After"]) > 0
        assert "The database is not answering" in page.body
        assert "Something went wrong" not in page.body
        # The session is read before the view uses it: a 503 as well, and the session is kept.
        logged_in_page = app.request("/accounts/profile/", browser=browser)
        assert logged_in_page.status == 503
        assert "sessionid" not in logged_in_page.headers.get("Set-Cookie", "")
    finally:
        app.start_database()
    assert app.request("/api/maps/").json()["count"] == 1
    assert "Phones in class" in app.request("/").body
    assert "coach" in app.request("/accounts/profile/", browser=browser).body
    assert app.workers_booted() == 1, "the worker was restarted"


def test_a_statement_past_its_timeout_is_a_503_and_writes_nothing(app):
    path = f"/api/claims/{app.claim}/"
    before = app.request(path).json()
    with app.database() as holder:
        # Another connection holds the claim's row, so the app's UPDATE waits for it.
        holder.execute("SELECT 1 FROM maps_claim WHERE id = %s FOR UPDATE", [app.claim])
        started = time.monotonic()
        answer = app.request(
            path, "PATCH", {"text": "Phones help pupils."}, **{"If-Match": f'"{before["version"]}"'}
        )
        waited = time.monotonic() - started
        holder.rollback()
    assert_unavailable_api(answer)
    assert waited < STATEMENT_TIMEOUT + 5
    with app.database() as reader:
        text, version = reader.execute(
            "SELECT text, version FROM maps_claim WHERE id = %s", [app.claim]
        ).fetchone()
        changes = reader.execute(
            "SELECT count(*) FROM maps_change WHERE object_type = 'claim' AND object_id = %s",
            [app.claim],
        ).fetchone()[0]
    assert (text, version) == (before["text"], before["version"])
    assert changes == 1  # its creation only
    # Nothing is left stuck: the same edit goes through once the row is free.
    after = app.request(path, "PATCH", {"text": "Phones help pupils.", "version": version})
    assert after.status == 200, after.body
    assert after.json()["text"] == "Phones help pupils."


def test_a_database_failure_outside_a_view_is_a_503_too(settings):
    """An error in a middleware (a session saved after the view) reaches handler500, not the view."""
    settings.DEBUG = False
    request = RequestFactory().get("/api/maps/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        api = server_error(request)
    assert api.status_code == 503
    assert json.loads(api.content)["detail"].startswith("The database is not answering")
    try:
        raise ValueError("not a database failure")
    except ValueError:
        page = server_error(RequestFactory().get("/"))
    assert page.status_code == 500


def test_a_connection_to_a_database_that_never_answers_gives_up_in_time(
    settings, django_db_blocker
):
    """A frozen server completes the TCP handshake (the kernel does) but never answers."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    frozen = DatabaseWrapper(  # an alias of its own: connection pools are kept by alias
        {**settings.DATABASES["default"], "HOST": "127.0.0.1", "PORT": silent.getsockname()[1]},
        alias="frozen",
    )
    failures: list[Exception] = []

    def connect() -> None:
        try:
            frozen.ensure_connection()
        except OperationalError as error:
            failures.append(error)

    attempt = threading.Thread(target=connect)
    with silent, django_db_blocker.unblock():
        attempt.start()
        attempt.join(timeout=settings.DB_CONNECT_TIMEOUT + 3)
        gave_up_in_time = not attempt.is_alive()
    attempt.join()  # closing the listener ends an attempt that would wait for ever
    frozen.close_pool()
    assert gave_up_in_time
    assert database_unavailable(failures[0])


def test_the_statement_timeout_holds_for_the_web_not_for_commands(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "20s"
    command = [sys.executable, "manage.py", "shell", "-c", SHOW_STATEMENT_TIMEOUT]
    shell = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert shell.returncode == 0, shell.stderr
    assert (
        shell.stdout.splitlines()[-1] == "0"
    )  # migrate or import_maps of a large backup may take long


def test_timeouts_from_the_environment_refuse_bad_values(monkeypatch):
    monkeypatch.setenv("DB_STATEMENT_TIMEOUT", "-1")
    with pytest.raises(ImproperlyConfigured, match="DB_STATEMENT_TIMEOUT must be 0"):
        env_seconds("DB_STATEMENT_TIMEOUT", 20)
    monkeypatch.setenv("DB_CONNECT_TIMEOUT", "5s")
    with pytest.raises(ImproperlyConfigured, match="DB_CONNECT_TIMEOUT must be a whole number"):
        env_seconds("DB_CONNECT_TIMEOUT", 5)


def wrapped(error: Exception) -> OperationalError:
    """As Django raises it: its own OperationalError, caused by psycopg's."""
    try:
        raise OperationalError(str(error)) from error
    except OperationalError as django_error:
        return django_error


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (wrapped(psycopg.OperationalError("connection refused")), True),  # no SQLSTATE
        (wrapped(psycopg.errors.QueryCanceled("statement timeout")), True),
        (wrapped(psycopg.errors.AdminShutdown()), True),
        (wrapped(psycopg.errors.CannotConnectNow()), True),
        (wrapped(psycopg.errors.TooManyConnections()), True),
        (wrapped(psycopg.errors.DeadlockDetected()), True),
        (wrapped(psycopg.errors.LockNotAvailable()), True),
        (psycopg.InterfaceError("the connection is closed"), True),
        # A bad request, not an outage: still a 500 (and a bug to fix where it arises).
        (wrapped(psycopg.errors.ProgramLimitExceeded("index row size exceeds maximum")), False),
        (psycopg.errors.UniqueViolation(), False),
        (ValueError("A string literal cannot contain NUL (0x00) characters."), False),
    ],
)
def test_which_errors_mean_the_database_is_unavailable(error, unavailable):
    assert database_unavailable(error) is unavailable
