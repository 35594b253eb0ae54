"""The runtime: uvicorn serves the ASGI app (pages and static files), and each process borrows its
database connections from a pool."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float = 30) -> tuple[int, str, bytes]:
    """Status, content type and body, retried while the server is still starting."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return answer.status, answer.headers["Content-Type"], answer.read()
        except OSError:
            assert time.monotonic() < deadline, f"{url} did not answer in {timeout} s"
            time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_uvicorn_serves_pages_and_static_files():
    """What `make run` starts: uvicorn with argmap.asgi, sync views and whitenoise's files."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "argmap.asgi:application"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--lifespan", "off"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=os.environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        status, kind, body = fetch(f"http://127.0.0.1:{port}/accounts/login/")
        assert status == 200 and kind.startswith("text/html")
        assert b"Log in" in body
        status, kind, body = fetch(f"http://127.0.0.1:{port}/static/css/argmap.css")
        assert status == 200 and kind.startswith("text/css")
        assert body == (ROOT / "static/css/argmap.css").read_bytes()
    finally:
        server.terminate()
        log = server.communicate(timeout=30)[0].decode()
    assert "Warning" not in log and "Traceback" not in log, log


def test_connections_come_from_a_pool():
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] == 0  # Django refuses a pool otherwise
    assert database["OPTIONS"]["pool"]["max_size"] == settings.DB_POOL_SIZE
    # The statement and connect timeouts still reach every pooled connection.
    assert database["OPTIONS"]["connect_timeout"] == settings.DB_CONNECT_TIMEOUT
    assert "statement_timeout" in database["OPTIONS"]["options"]


@pytest.mark.django_db(transaction=True)
def test_threads_reuse_pooled_connections():
    """Sync views under ASGI each run in a thread: their connections go back to the pool."""
    pool = connection.pool
    assert pool is not None
    backends: list[int] = []

    def request() -> None:
        from django.db import connection as thread_connection

        with thread_connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backends.append(cursor.fetchone()[0])
        thread_connection.close()  # what Django does at the end of each request

    def one_request() -> None:
        thread = threading.Thread(target=request)
        thread.start()
        thread.join()

    one_request()  # the pool holds an idle connection from here on
    made = pool.get_stats().get("connections_num", 0)
    for _ in range(5):
        one_request()
    assert len(backends) == 6
    assert pool.get_stats().get("connections_num", 0) == made  # no new connection was needed
    assert pool.get_stats()["pool_max"] == settings.DB_POOL_SIZE
