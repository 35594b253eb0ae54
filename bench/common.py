"""Shared set-up for benchmarks: Django on a scratch database that is dropped afterwards, and
the production server on it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "argmap.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from timing import best_of  # noqa: E402,F401  (for the benchmarks that import it from here)

from tests.factories import build_tree  # noqa: E402,F401  (the benchmarks' maps are the tests' maps)

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def scratch_database() -> Iterator[None]:
    """A fresh database named test_<name>, as the tests use, dropped at the end."""
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def session_cookie(user) -> str:
    """A logged-in session of ``user`` (no password hashing), as a Cookie header's value."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


@dataclass
class Server:
    """The production web server (gunicorn and its workers) and the task worker beside it."""

    url: str
    web: subprocess.Popen
    task_worker: subprocess.Popen
    log: Path  # both processes' output

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def processes(self) -> list[int]:
        """The web server's processes: gunicorn's master and its workers."""
        children = Path(f"/proc/{self.web.pid}/task/{self.web.pid}/children").read_text()
        return [self.web.pid, *(int(pid) for pid in children.split())]

    def rss_kib(self) -> int:
        """Resident memory of the web server's processes together, in KiB."""
        total = 0
        for pid in self.processes():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        return total


# How README's "Running in production" runs argmap: gunicorn with uvicorn workers, and the task
# worker beside it. Only the address differs (a free port).
WEB_COMMAND = (
    "gunicorn argmap.asgi:application --worker-class uvicorn_worker.UvicornWorker"
    " --workers {workers} --timeout 30 --graceful-timeout 5 --bind 127.0.0.1:{port}"
)
TASK_WORKER_COMMAND = "manage.py db_worker --no-reload"


def production_environment(folder: Path) -> dict[str, str]:
    """DEBUG off, on the scratch database, with this process's SECRET_KEY (so that sessions
    made here log in there). Plain HTTP on the loopback: the TLS redirect is off, as behind a
    TLS-terminating proxy."""
    from django.conf import settings

    database = connection.settings_dict
    host = urllib.parse.quote(database["HOST"], safe="")
    passed_on = {
        k: v for k, v in os.environ.items() if not k.startswith(("ARGMAP_", "DB_", "DATABASE_"))
    }
    return {
        **passed_on,
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"postgres://{database['USER']}@{host}/{database['NAME']}",
        "ARGMAP_DATA_DIR": str(folder),
        "STATIC_ROOT": str(folder / "static"),
        "LOG_LEVEL": "WARNING",
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/accounts/login/", timeout=5) as page:
            return page.status == 200
    except OSError:
        return False


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def production_server(workers: int = 2) -> Iterator[Server]:
    """README's production commands on the scratch database (collectstatic first, as there)."""
    folder = Path(tempfile.mkdtemp(prefix="argmap-bench-"))
    env = production_environment(folder)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    command = WEB_COMMAND.format(workers=workers, port=port).split()
    command[0] = str(Path(sys.executable).parent / "gunicorn")
    log = (folder / "server.log").open("w")  # shown if the server fails to start
    web = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    task_worker = subprocess.Popen(
        [sys.executable, *TASK_WORKER_COMMAND.split()],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", web, task_worker, folder / "server.log")
    try:
        deadline = time.monotonic() + 60
        while not answers(server.url):
            if web.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the production server did not start:\n{server.log_text()}")
            time.sleep(0.1)
        while len(server.processes()) < 1 + workers:  # every worker booted
            time.sleep(0.1)
        yield server
    finally:
        stop(web)
        stop(task_worker)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
