"""Live updates under load: N viewers hold a map's event stream while M edits are made.

The app runs under uvicorn (one worker) on a scratch database, as tests/test_events.py runs it.
Prints, per N: how long a plain GET takes beside it (the baseline, in the same run, with the
streams open), delivery latency p50/p99 from an edit's commit to each viewer's receipt, whether
every viewer got every change, the memory each open stream costs the server, and how many
listening connections PostgreSQL sees (one, whatever N).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

from common import scratch_database

VIEWERS = [int(n) for n in sys.argv[1:]] or [50, 200]
EDITS = 40
EDIT_GAP = 0.05  # seconds between edits: 20 per second


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def plain_get_ms(url: str, times: int = 30) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        with urllib.request.urlopen(url + "/accounts/login/", timeout=10) as page:
            page.read()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent)


async def hold_stream(
    host: str,
    port: int,
    slug: str,
    received: dict[int, float],
    opened: asyncio.Event,
    presence: list[float],
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET /maps/{slug}/events/ HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    try:
        while line := await reader.readline():
            if line.startswith(b"retry:"):
                opened.set()
            elif line.startswith(b"id: "):
                received[int(line[4:])] = time.monotonic()
            elif line == b"event: presence\n":  # who else is there (argmap/maps/presence.py)
                presence.append(time.monotonic())
    finally:
        writer.close()


class Viewers:
    """N streams held by an event loop in a thread of their own."""

    def __init__(self, url: str, slug: str, count: int) -> None:
        self.received: list[dict[int, float]] = [{} for _ in range(count)]
        self.presence: list[list[float]] = [[] for _ in range(count)]
        self.loop = asyncio.new_event_loop()
        host, port = url.removeprefix("http://").split(":")
        self.opened = [asyncio.Event() for _ in range(count)]
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

        async def all_open() -> None:
            self.tasks = [
                asyncio.create_task(hold_stream(host, int(port), slug, got, ready, seen))
                for got, ready, seen in zip(self.received, self.opened, self.presence, strict=True)
            ]
            await asyncio.wait_for(asyncio.gather(*(e.wait() for e in self.opened)), 60)

        asyncio.run_coroutine_threadsafe(all_open(), self.loop).result()

    def close(self) -> None:
        async def cancel() -> None:
            for task in self.tasks:
                task.cancel()
            await asyncio.gather(*self.tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(cancel(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    from django.db import connection

    from argmap.accounts.models import User
    from argmap.maps import services
    from argmap.maps.models import Change, Presence
    from tests.test_events import listeners, uvicorn_on

    with scratch_database():
        user = User.objects.create_user(username="bench", password="x", first_name="Sam")
        map_ = services.create_map(title="Bench", created_by=user, visibility="public")
        for count in VIEWERS:  # a fresh server each time, so that its memory growth is this N's
            with uvicorn_on(dict(connection.settings_dict)) as (url, app):
                plain_get_ms(url, 5)  # warm up
                alone = plain_get_ms(url)
                before = rss_kib(app.pid)
                opening = time.monotonic()
                viewers = Viewers(url, map_.slug, count)
                per_stream = (rss_kib(app.pid) - before) / count
                # All open at once: presence is written and told in a few rounds, not N each.
                while time.monotonic() < opening + 10 and Presence.objects.count() < count:
                    time.sleep(0.05)
                rows = Presence.objects.count()
                beside = plain_get_ms(url)
                sent: dict[int, float] = {}
                for n in range(EDITS):
                    claim = services.add_claim(map=map_, text=f"Edit {n}.", author=user)
                    committed = time.monotonic()  # and announced: on_commit has run
                    change = Change.objects.get(operation="claim.create", object_id=claim.pk)
                    sent[change.pk] = committed
                    time.sleep(EDIT_GAP)
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and any(
                    len(got) < EDITS for got in viewers.received
                ):
                    time.sleep(0.05)
                latencies = [
                    (got[pk] - at) * 1000
                    for got in viewers.received
                    for pk, at in sent.items()
                    if pk in got
                ]
                print(
                    f"{count} viewers, {EDITS} edits at {1 / EDIT_GAP:.0f}/s: "
                    f"delivery p50 {percentile(latencies, 0.5):.0f} ms, "
                    f"p99 {percentile(latencies, 0.99):.0f} ms, "
                    f"missed {count * EDITS - len(latencies)}; "
                    f"plain GET {alone:.1f} ms alone, {beside:.1f} ms with the streams open; "
                    f"server memory {per_stream:.0f} KiB per open stream; "
                    f"listening connections {len(listeners())}; "
                    f"presence: {rows} rows, events per viewer while all opened "
                    f"{statistics.mean(len(p) for p in viewers.presence):.1f} "
                    f"(max {max(len(p) for p in viewers.presence)})"
                )
                viewers.close()


if __name__ == "__main__":
    main()
