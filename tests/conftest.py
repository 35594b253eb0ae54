import os
import shutil
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
def public_map(db):
    return MapFactory(title="A public map")
