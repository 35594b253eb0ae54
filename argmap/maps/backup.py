"""Backup: every map with its claims, arguments, annotations, sources, members and history.

The file is Django's JSON serialization of the rows, in an order that restores cleanly. Restoring
writes the rows exactly as they were (same keys, same versions, same history), which is why it
bypasses the services: these rows were validated when they were first written. Accounts are
included with their password hashes, so a backup file must be kept as safe as the database.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, transaction

FORMAT = "argmap-backup"
VERSION = 1
MODELS = [  # parents before children
    "accounts.User",
    "sources.Source",
    "sources.Passage",
    "maps.Map",
    "maps.Membership",
    "maps.Claim",
    "maps.Argument",
    "maps.Premise",
    "maps.Annotation",
    "maps.Change",
]


def export_all() -> dict[str, Any]:
    rows: list[Any] = []
    for label in MODELS:
        model = apps.get_model(label)
        rows += json.loads(serializers.serialize("json", model._default_manager.order_by("pk")))
    return {"format": FORMAT, "version": VERSION, "rows": rows}


@transaction.atomic
def import_all(
    data: dict[str, Any], *, progress: Callable[[str], None] = lambda line: None
) -> dict[str, int]:
    """Restore a backup into a database that has no maps yet; all or nothing."""
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValidationError(
            f"This is not an argmap backup of version {VERSION} (format {data.get('format')!r})."
        )
    if apps.get_model("maps.Map")._default_manager.exists():
        raise ValidationError(
            "The database has maps already; restore a backup into an empty database."
        )
    counts: dict[str, int] = {}
    for obj in serializers.deserialize("json", json.dumps(data["rows"])):
        obj.save()
        label = obj.object._meta.label
        counts[label] = counts.get(label, 0) + 1
        if counts[label] % 1000 == 0:
            progress(f"  {counts[label]:,} {obj.object._meta.verbose_name_plural}")
    models = [apps.get_model(label) for label in MODELS]
    with connection.cursor() as cursor:  # new rows must not reuse the restored keys
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    return counts
