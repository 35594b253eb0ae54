"""What the live-load benchmark reads of the server: CPU, run-queue waits and connections from
/proc, memory through common.Server, and PostgreSQL's connections from pg_stat_activity.
"""

from __future__ import annotations

import contextlib
import os
import resource
import threading
from pathlib import Path


class Sampler:
    """Every half second: PostgreSQL's connections to the scratch database, the server's RSS."""

    def __init__(self, server, database: str) -> None:
        import psycopg

        from argmap.maps.listening import listener_params

        self.db = psycopg.connect(**{**listener_params(), "application_name": "bench-probe"})
        self.server, self.database = server, database
        self.most = 0
        self.at_most: dict[str, int] = {}
        self.rss_most = 0
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def count(self) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT coalesce(nullif(application_name, ''), '(Django pool)'), count(*) "
            "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() GROUP BY 1",
            [self.database],
        ).fetchall()
        return dict(rows)

    def run(self) -> None:
        while not self.stopping.wait(0.5):
            counts = self.count()
            if sum(counts.values()) > self.most:
                self.most, self.at_most = sum(counts.values()), counts
            self.rss_most = max(self.rss_most, self.server.rss_kib())

    def __enter__(self) -> Sampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join()
        self.db.close()


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def cpu_waits(pids: list[int]) -> float:
    """Seconds the main threads (the event loops) of these processes have spent runnable but
    waiting for a CPU (the scheduler's run queue): the time the machine's other work took."""
    waited = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            waited += int(Path(f"/proc/{pid}/schedstat").read_text().split()[1])
    return waited / 1e9


def connections_per_worker(port: int, workers: list[int]) -> list[int]:
    """How many established client connections each worker holds on the server's port."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                inodes.add(f"socket:[{fields[9]}]")
    counts = []
    for pid in workers:
        count = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):  # closed meanwhile
                count += os.readlink(fd) in inodes
        counts.append(count)
    return counts


def self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
