"""How an app process's one listening connection reaches the database: the events hub
(events.py) LISTENs on it for every map's changes and presence."""

from __future__ import annotations

from typing import Any

from django.db import connection

LISTENER_NAME = "argmap-live"  # application_name of the listening connection (pg_stat_activity)


def listener_params() -> dict[str, Any]:
    """psycopg's connection arguments for the default database, named for pg_stat_activity."""
    settings = connection.settings_dict
    params = {
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "host": settings["HOST"],
        "port": settings["PORT"],
        "connect_timeout": settings.get("OPTIONS", {}).get("connect_timeout", 5),
        "application_name": LISTENER_NAME,
        # Over TCP, a peer that vanished without a word is noticed within about a minute.
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
    }
    return {k: v for k, v in params.items() if v not in (None, "")}
