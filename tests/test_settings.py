"""Settings come from the environment and fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from argmap.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def test_env_helpers_parse_and_refuse(monkeypatch):
    monkeypatch.setenv("X", "yes")
    assert env_bool("X", False) is True
    monkeypatch.setenv("X", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="X must be one of"):
        env_bool("X", False)
    monkeypatch.setenv("N", "12x")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("N", 1)
    monkeypatch.setenv("L", "a.example, b.example ,")
    assert env_list("L", []) == ["a.example", "b.example"]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_in_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "a-real-random-looking-secret-9f3e1c7b2d",
        ALLOWED_HOSTS="argmap.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_refuses_to_start():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="argmap.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_non_postgresql_database_url_is_refused():
    result = manage("check", DATABASE_URL="sqlite:///db.sqlite3", DEBUG="1", SECRET_KEY="x")
    assert result.returncode != 0
    assert "must point at PostgreSQL" in result.stderr
