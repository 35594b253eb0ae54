"""The embedded PostgreSQL that argmap uses when DATABASE_URL is unset.

The ``pgserver`` package ships a PostgreSQL server in its wheel. The server is started on first
use and left running after the process exits, so the next command reuses it in a fraction of a
second. ``python -m argmap.embedded_db stop`` stops it; ``status`` tells whether it runs.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pgserver import PostgresServer


def pgdata_path(data_dir: Path) -> Path:
    return Path(os.environ.get("ARGMAP_PGDATA") or data_dir / "pgdata")


def start_server(pgdata: Path, runtime_dir: Path) -> PostgresServer:
    """Start the server in ``pgdata`` (creating it on first use), or reuse the running one."""
    pgdata.mkdir(parents=True, exist_ok=True)
    # platformdirs (used by pgserver) warns when XDG_RUNTIME_DIR is unset.
    runtime_dir.mkdir(parents=True, exist_ok=True)
    runtime_dir.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime_dir))

    import pgserver

    server = pgserver.get_server(pgdata, cleanup_mode=None)
    server.ensure_postgres_running()  # a handle this process holds does not restart a stopped server
    return server


def database_settings(data_dir: Path) -> dict[str, Any]:
    """Start (or reuse) the embedded server and return Django's settings for it."""
    server = start_server(pgdata_path(data_dir), data_dir / "run")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(server.get_postmaster_info().socket_dir),
        "PORT": "",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def running_pid(pgdata: Path) -> int | None:
    pid_file = pgdata / "postmaster.pid"
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text().splitlines()[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    return pid


def stop_server(pgdata: Path) -> int | None:
    """Ask the server to stop (PostgreSQL's "fast shutdown": open connections are ended);
    returns its pid, or None when it was not running."""
    pid = running_pid(pgdata)
    if pid is not None:
        os.kill(pid, signal.SIGINT)
    return pid


def main(argv: list[str]) -> int:
    base_dir = Path(__file__).resolve().parent.parent
    pgdata = pgdata_path(Path(os.environ.get("ARGMAP_DATA_DIR") or base_dir / ".argmap"))
    command = argv[1] if len(argv) > 1 else "status"
    pid = running_pid(pgdata)
    if command == "status":
        print(f"embedded PostgreSQL in {pgdata}: " + (f"running (pid {pid})" if pid else "stopped"))
        return 0
    if command == "stop":
        if stop_server(pgdata) is None:
            print(f"embedded PostgreSQL in {pgdata} is not running")
            return 0
        print(f"stopped embedded PostgreSQL (pid {pid}) in {pgdata}")
        return 0
    print(f"usage: python -m argmap.embedded_db [status|stop]; unknown command {command!r}")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
