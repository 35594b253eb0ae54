import os
import shutil
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import MapFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server with Playwright's sync API

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a browser downloaded by Playwright."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Tasks run at once in the process that queues them; `task_worker` runs the real worker."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def task_worker(settings, transactional_db) -> Iterator[subprocess.Popen[str]]:
    """`manage.py db_worker` in a process of its own, on the test database, as `make run` starts
    it; tasks are queued in PostgreSQL for it. Its output is its return value's `.stdout`."""
    from django.db import connection

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    db = connection.settings_dict
    host = urllib.parse.quote(db["HOST"], safe="")
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGMAP_", "DATABASE_"))}
    env.update(DATABASE_URL=url, DEBUG="1", SECRET_KEY="test-only-worker")
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield worker
    worker.terminate()
    worker.wait(timeout=30)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def user(db):
    return UserFactory(username="coach")


@pytest.fixture
def other_user(db):
    return UserFactory(username="student")


@pytest.fixture
def map_(db, user):
    from argmap.maps import services

    return services.create_map(title="Should schools ban phones?", created_by=user)


@pytest.fixture
def central(map_, user):
    """A central claim of ``map_``."""
    from argmap.maps import services

    return services.add_claim(map=map_, text="Phones should be banned.", author=user)


@pytest.fixture
def reason(central, user):
    """A reason for ``central`` with one premise."""
    from argmap.maps import services

    return services.add_support(conclusion=central, premises=["They distract."], author=user)


@pytest.fixture
def api(user):
    """The API as ``user``, logged in by session."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def site(user):
    """The pages as ``user`` (not named page: pytest-playwright owns that name)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def public_map(db):
    return MapFactory(title="A public map")
