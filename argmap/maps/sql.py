"""What constant SQL shares: a model's columns, named."""

from __future__ import annotations

from django.db import connection
from django.db.models import Model


def columns(model: type[Model], alias: str) -> str:
    """``alias.column, …`` for each of the model's columns, as the ORM would select them.

    Constant SQL names its columns rather than selecting ``alias.*``: a prepared statement
    (settings.DB_PREPARE_THRESHOLD) of ``*`` fails with "cached plan must not change result type"
    in every process still running once a migration adds a column to the table.
    """
    quote = connection.ops.quote_name
    return ", ".join(
        f"{alias}.{quote(field.column or '')}" for field in model._meta.concrete_fields
    )
