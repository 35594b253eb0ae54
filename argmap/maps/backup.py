"""Backup: every row of every model argmap's apps own, exactly as stored.

The list of models comes from the app registry, so a model added later is backed up without
a change here; a model deliberately left out is named in EXCLUDED with the reason. Restoring
writes the rows exactly as they were (same keys, versions, timestamps to the microsecond), which
is why it bypasses the services: these rows were validated when they were first written.
Accounts are included with their password hashes and API token hashes, so a backup file must be
kept as safe as the database.

Version 2 (this one) stores one table per model: its columns and its rows. Version 1 files
(Django's JSON serialization, timestamps cut to milliseconds, no judgements or tokens) are still
read, as they were written.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.duration import duration_iso_string

FORMAT = "argmap-backup"
VERSION = 2

EXCLUDED = {
    # Failed log-ins, kept minutes to slow down password guessing: restoring them would lock
    # people out of a restored site for no reason.
    "accounts.LoginFailure",
    # Map files waiting for their preview's confirmation and import jobs, removed after a day: a
    # restored site has no worker running them and nobody waiting for them.
    "maps.MapImport",
    # Who has a map open now (one row per open event stream): transient, rewritten by the app
    # servers every few seconds; restored rows would show people who are not there.
    "maps.Presence",
    # Documents on their way in through the admin, the same: the file is imported again.
    "maps.DocumentImport",
    # Invitation links are credentials kept as they are (owners copy them again), and who joined
    # through which link is bookkeeping about them: a backup file that leaked would let anyone
    # join those maps. The memberships people gained are backed up, and the change log says
    # "joined through a link"; after a restore, owners make new links.
    "maps.Invitation",
    "maps.InvitationUse",
}

Row = list[Any]


def backed_up_models() -> list[type[models.Model]]:
    """Every model of argmap's apps but EXCLUDED (many-to-many tables too), parents first."""
    found = [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("argmap.")  # argmap's own apps, a new one included
        for model in config.get_models(include_auto_created=True)
        if model._meta.label not in EXCLUDED
    ]
    return _parents_first(found)


def _parents_first(found: list[type[models.Model]]) -> list[type[models.Model]]:
    """Order models so that every model comes after the models its foreign keys point to."""
    remaining = sorted(found, key=lambda model: model._meta.label)
    ordered: list[type[models.Model]] = []
    while remaining:
        ready = [
            model
            for model in remaining
            if all(parent not in remaining or parent is model for parent in _foreign_models(model))
        ]
        if not ready:  # a cycle: foreign keys are checked at commit, so any order restores
            ready = remaining[:1]
        ordered += ready
        remaining = [model for model in remaining if model not in ready]
    return ordered


def _foreign_models(model: type[models.Model]) -> Iterable[type[models.Model]]:
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model is not None:
            yield field.related_model


def _outside(field: models.Field, included: set[type[models.Model]]) -> bool:
    """A foreign key to a row the backup does not hold (a permission, a group): stored by its
    natural key, because its numeric key may differ in the database restored into."""
    return field.is_relation and field.related_model not in included


def _encode(value: Any) -> Any:
    """JSON for what PostgreSQL gives back, at full precision (microseconds kept)."""
    if isinstance(value, datetime.timedelta):
        return duration_iso_string(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def _decode(field: models.Field, value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    if isinstance(field, ArrayField):
        return [_decode(field.base_field, item) for item in value]
    return field.to_python(value)


def export_all() -> dict[str, Any]:
    """Every backed-up table: its model, its columns and its rows in key order (through the base
    manager: a default manager that hides rows, say deleted ones, must not drop them here)."""
    included = set(backed_up_models())
    tables = []
    for model in backed_up_models():
        # not the generated columns (search vectors): PostgreSQL computes them on restore
        fields = [f for f in model._meta.concrete_fields if not f.generated]
        natural = {f.attname for f in fields if _outside(f, included)}
        keys: dict[tuple[str, Any], Any] = {}  # natural keys already looked up
        rows: list[Row] = []
        for row in model._base_manager.order_by("pk").values_list(*(f.attname for f in fields)):
            rows.append(
                [
                    _natural_key(f, value, keys) if f.attname in natural else value
                    for f, value in zip(fields, row, strict=True)
                ]
            )
        tables.append(
            {"model": model._meta.label, "columns": [f.attname for f in fields], "rows": rows}
        )
    return {"format": FORMAT, "version": VERSION, "tables": tables}


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=_encode)


def _natural_key(field: models.Field, pk: Any, keys: dict[tuple[str, Any], Any]) -> Any:
    if pk is None:
        return None
    if (field.attname, pk) not in keys:
        related: Any = field.related_model._base_manager.get(pk=pk)  # type: ignore[union-attr]
        keys[field.attname, pk] = list(related.natural_key())
    return keys[field.attname, pk]


@transaction.atomic
def import_all(
    data: dict[str, Any], *, progress: Callable[[str], None] = lambda line: None
) -> dict[str, int]:
    """Restore a backup into an empty database; all or nothing."""
    if data.get("format") != FORMAT or data.get("version") not in (1, VERSION):
        raise ValidationError(
            f"This is not an argmap backup of version 1 or {VERSION} "
            f"(format {data.get('format')!r}, version {data.get('version')!r})."
        )
    models_ = backed_up_models()
    for model in models_:
        if model._base_manager.exists():
            raise ValidationError(
                f"The database has {model._meta.verbose_name_plural} already; restore a backup "
                "into an empty database."
            )
    counts = _restore_version_1(data, progress) if data["version"] == 1 else {}
    if data["version"] == VERSION:
        for table in data["tables"]:
            counts[table["model"]] = _restore_table(table, progress)
    with connection.cursor() as cursor:  # new rows must not reuse the restored keys
        for sql in connection.ops.sequence_reset_sql(no_style(), models_):
            cursor.execute(sql)
    return counts


def _restore_table(table: dict[str, Any], progress: Callable[[str], None]) -> int:
    try:
        model = apps.get_model(table["model"])
        fields = [model._meta.get_field(name) for name in _names(model, table["columns"])]
    except LookupError as error:
        raise ValidationError(
            f"The backup has a table this argmap does not know ({error})."
        ) from error
    included = set(backed_up_models())
    for number, row in enumerate(table["rows"], start=1):
        values = {
            f.attname: _restore_natural(f, value) if _outside(f, included) else _decode(f, value)
            for f, value in zip(fields, row, strict=True)
        }
        # raw: written as stored, without the timestamps auto_now would set now
        model(**values).save_base(raw=True, force_insert=True)
        if number % 1000 == 0:
            progress(f"  {number:,} {model._meta.verbose_name_plural}")
    return len(table["rows"])


def _names(model: type[models.Model], columns: list[str]) -> list[str]:
    """Field names for the column names (attnames: author_id is the field author)."""
    by_attname = {f.attname: f.name for f in model._meta.concrete_fields}
    missing = [c for c in columns if c not in by_attname]
    if missing:
        raise ValidationError(
            f"The backup's table {model._meta.label} has columns {', '.join(missing)}, "
            "which this argmap does not have."
        )
    return [by_attname[c] for c in columns]


def _restore_natural(field: models.Field, key: Any) -> Any:
    if key is None:
        return None
    manager: Any = field.related_model._default_manager  # type: ignore[union-attr]
    try:
        return manager.get_by_natural_key(*key).pk
    except ObjectDoesNotExist:
        label = field.related_model._meta.verbose_name  # type: ignore[union-attr]
        raise ValidationError(
            f"The backup refers to the {label} {' '.join(map(str, key))}, which this database "
            "does not have."
        ) from None


def _restore_version_1(data: dict[str, Any], progress: Callable[[str], None]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for obj in serializers.deserialize("json", json.dumps(data["rows"])):
        obj.save()
        label = obj.object._meta.label
        counts[label] = counts.get(label, 0) + 1
        if counts[label] % 1000 == 0:
            progress(f"  {counts[label]:,} {obj.object._meta.verbose_name_plural}")
    return counts
