"""Prepared statements (settings.DB_PREPARE_THRESHOLD): the workspace's queries are prepared on
the connection that runs them often and keep one plan, and a migration that adds a column while
the app runs does not break them (a prepared ``SELECT *`` would fail with "cached plan must not
change result type" until the process restarted)."""

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from argmap.maps import services
from argmap.maps.listening import listener_params
from argmap.maps.models import Claim

pytestmark = pytest.mark.django_db(transaction=True)  # another connection alters the tables

HTMX = {"HTTP_HX_REQUEST": "true"}
TABLES = ["maps_map", "maps_claim", "maps_argument", "maps_change", "maps_annotation"]


def other_connection() -> psycopg.Connection:
    """A connection of another process, as `manage.py migrate` would open."""
    return psycopg.connect(**{**listener_params(), "application_name": "tests"}, autocommit=True)


def clicks(client, map_, central, premise) -> None:
    """Details with a note, delete and restore, undo and redo: the workspace's constant SQL."""
    slug = map_.slug
    assert client.get(reverse("maps:claim", args=[slug, central.pk]), **HTMX).status_code == 200
    for path in (
        reverse("maps:claim-delete", args=[slug, premise.pk]),
        reverse("maps:claim-restore", args=[slug, premise.pk]),
        reverse("maps:undo", args=[slug]),
        reverse("maps:redo", args=[slug]),
    ):
        assert client.post(path, **HTMX).status_code == 200, path


def test_prepared_queries_survive_a_column_added_by_a_migration(client, map_, central, user):
    assert settings.DB_PREPARE_THRESHOLD > 0, "the tests run as production does"
    services.add_support(conclusion=central, premises=["They distract."], author=user)
    services.annotate(target=central, body="Ask the class.", author=user)
    premise = Claim.objects.get(text="They distract.")
    client.force_login(user)
    for _ in range(settings.DB_PREPARE_THRESHOLD + 1):
        clicks(client, map_, central, premise)
    with connection.cursor() as cursor:  # the connection the client's requests used
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = " ".join(statement for (statement,) in cursor.fetchall())
    for table in TABLES:
        assert f"FROM {table}" in prepared, f"nothing of {table} was prepared"

    with other_connection() as migrate:
        for table in TABLES:
            migrate.execute(f"ALTER TABLE {table} ADD COLUMN added_later integer")
    try:
        clicks(client, map_, central, premise)
    finally:
        with other_connection() as migrate:
            for table in TABLES:
                migrate.execute(f"ALTER TABLE {table} DROP COLUMN added_later")


def test_prepared_queries_are_planned_once(client, map_, central, user):
    """The queries of a list of ids too: left to choose, PostgreSQL planned them on every run."""
    services.add_support(conclusion=central, premises=["They distract."], author=user)
    premise = Claim.objects.get(text="They distract.")
    client.force_login(user)
    for _ in range(settings.DB_PREPARE_THRESHOLD + 3):
        clicks(client, map_, central, premise)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE '%%= ANY($1::bigint[])%%'"
        )
        by_ids = cursor.fetchall()
    assert len(by_ids) >= 3  # the outline's pieces, their texts, the fallen arguments
    assert [custom for _, custom in by_ids] == [0] * len(by_ids), by_ids
