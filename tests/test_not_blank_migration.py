"""Rows that were blank by is_blank() but passed the old check get a visible placeholder on
migrating, so the new checks hold for every existing row and nothing else changes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from argmap.maps.models import Annotation, Claim, Map

BEFORE, AFTER = [("maps", "0006_text_limits")], [("maps", "0007_not_blank_checks")]
INVISIBLE = "\u200b\u3164\ufeff"


@pytest.mark.django_db(transaction=True)
def test_invisible_rows_get_a_placeholder_and_the_rest_is_kept():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        map_model, claim_model = old.get_model("maps", "Map"), old.get_model("maps", "Claim")
        blank_map = map_model.objects.create(slug="blank", title=INVISIBLE)
        kept_map = map_model.objects.create(slug="kept", title="Phones")
        blank = claim_model.objects.create(map=blank_map, text=INVISIBLE)
        kept = claim_model.objects.create(map=kept_map, text=f"{INVISIBLE}Phones distract.")
        note = old.get_model("maps", "Annotation").objects.create(
            map=kept_map, claim=kept, body=INVISIBLE
        )
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)

        assert Map.objects.get(pk=blank_map.pk).title == "Untitled map"
        assert Map.objects.get(pk=kept_map.pk).title == "Phones"
        # only(): the current models have columns added by later migrations (search_vector)
        assert Claim.objects.only("text").get(pk=blank.pk).text == "(no visible text)"
        assert Claim.objects.only("text").get(pk=kept.pk).text == f"{INVISIBLE}Phones distract."
        assert Annotation.objects.only("body").get(pk=note.pk).body == "(no visible text)"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
