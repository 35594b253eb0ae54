"""Rows deleted before deletions were actions get one on migrating, and can be restored."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from argmap.maps import services
from argmap.maps.models import Argument, Claim

LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)
BEFORE, AFTER = [("maps", "0004_judgements")], [("maps", "0005_deletion_action")]


@pytest.fixture
def back_to_the_latest_migrations(transactional_db):
    """The test migrates the database back; the tests after it need every table."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_rows_deleted_before_the_migration_can_be_restored(back_to_the_latest_migrations):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    map = old.get_model("maps", "Map").objects.create(slug="old", title="Old")
    claim_model, change_model = old.get_model("maps", "Claim"), old.get_model("maps", "Change")
    gone = claim_model.objects.create(map=map, text="Deleted long ago", deleted_at=LONG_AGO)
    change_model.objects.create(
        map=map,
        action="00000000-0000-0000-0000-000000000001",
        at=LONG_AGO,
        operation="claim.delete",
        object_type="claim",
        object_id=gone.pk,
        before={"deleted": False},
        after={"deleted": True},
    )
    premise = claim_model.objects.create(map=map, text="Premise")
    argument = old.get_model("maps", "Argument").objects.create(
        map=map, kind="support", conclusion=gone, deleted_at=LONG_AGO
    )
    old.get_model("maps", "Premise").objects.create(argument=argument, claim=premise)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    # then the later ones, so that the models the services use have all their columns
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    claim = Claim.objects.get(pk=gone.pk)
    assert str(claim.deleted_by) == "00000000-0000-0000-0000-000000000001"
    cascaded = Argument.objects.get(pk=argument.pk)
    assert cascaded.deleted_by is not None and cascaded.deleted_by != claim.deleted_by
    services.restore_claim(claim=claim)
    services.restore_argument(argument=cascaded)  # its own action, now that its claim is back
    assert Argument.objects.get(pk=argument.pk).deleted_at is None
