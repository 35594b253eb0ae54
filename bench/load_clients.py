"""The live-load benchmark's clients: viewers holding a map's event stream, and editors.

Viewers are asyncio protocols in the benchmark's process that read only the status line and the
``id:`` lines of their stream and note when each change arrived; editors POST reasons to the API
from a process of their own, at fixed times, and note when each answer arrived.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import multiprocessing
import re
import threading
import time
from dataclasses import dataclass, field

EVENT_ID = re.compile(rb"^id: (\d+)\r?$", re.M)
RETRY = 3.0  # seconds before a viewer reconnects (the stream's "retry:", as EventSource waits)
OPEN_AT_ONCE = 20  # streams being opened at the same time
SETTLE = 10.0  # seconds the viewers may take, after the last edit, to receive every change


@dataclass(eq=False)
class Viewer:
    """One EventSource: when it first read each change id."""

    cookie: str
    received: dict[int, float] = field(default_factory=dict)
    disconnects: int = 0
    reconnects: int = 0
    errors: list[str] = field(default_factory=list)
    opened: asyncio.Event = field(default_factory=asyncio.Event)


class Stream(asyncio.Protocol):
    """An event stream read frugally: the status line once, then only the ``id:`` lines."""

    def __init__(self, viewer: Viewer, request: bytes, on_lost) -> None:
        self.viewer, self.request, self.on_lost = viewer, request, on_lost
        self.head = True
        self.tail = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport) -> None:  # type: ignore[override]
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        now = time.time()
        data = self.tail + data
        if self.head:
            if b"\r\n\r\n" not in data:
                self.tail = data
                return
            self.head = False
            if not data.startswith(b"HTTP/1.1 200 "):
                self.viewer.errors.append(data.split(b"\r\n", 1)[0].decode(errors="replace"))
                assert self.transport is not None
                self.transport.close()
                return
        cut = data.rfind(b"\n") + 1  # a line cut by the network is read with the next data
        lines, self.tail = data[:cut], data[cut:]
        if not self.viewer.opened.is_set() and b"retry:" in lines:
            self.viewer.opened.set()  # subscribed: no change committed from now is missed
        for match in EVENT_ID.finditer(lines):
            self.viewer.received.setdefault(int(match[1]), now)

    def connection_lost(self, exc: Exception | None) -> None:
        self.on_lost(self)


class Viewers:
    """Every viewer's stream, on this process's event loop."""

    def __init__(self, url: str, slug: str, cookies: list[str]) -> None:
        self.host, port = url.removeprefix("http://").split(":")
        self.port = int(port)
        self.path = f"/maps/{slug}/events/"
        self.viewers = [Viewer(cookie) for cookie in cookies]
        self.streams: dict[Viewer, Stream] = {}
        self.closing = False
        self.pending: set[asyncio.Future] = set()

    def request(self, viewer: Viewer) -> bytes:
        lines = [f"GET {self.path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines.append("Accept: text/event-stream")
        if viewer.cookie:
            lines.append(f"Cookie: {viewer.cookie}")
        if viewer.received:
            lines.append(f"Last-Event-ID: {max(viewer.received)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    async def connect(self, viewer: Viewer) -> None:
        loop = asyncio.get_running_loop()
        _, stream = await loop.create_connection(
            lambda: Stream(viewer, self.request(viewer), self.lost),
            self.host,
            self.port,
        )
        self.streams[viewer] = stream

    def lost(self, stream: Stream) -> None:
        if self.closing:
            return
        stream.viewer.disconnects += 1
        asyncio.get_running_loop().call_later(RETRY, self.reconnect, stream.viewer)

    def reconnect(self, viewer: Viewer) -> None:
        if self.closing:
            return
        viewer.reconnects += 1

        async def again() -> None:
            try:
                await self.connect(viewer)
            except OSError as error:
                viewer.errors.append(f"reconnect: {error}")
                asyncio.get_running_loop().call_later(RETRY, self.reconnect, viewer)

        task = asyncio.ensure_future(again())
        self.pending.add(task)  # kept until done: the loop holds only a weak reference
        task.add_done_callback(self.pending.discard)

    async def open_all(self) -> None:
        gate = asyncio.Semaphore(OPEN_AT_ONCE)

        async def open_one(viewer: Viewer) -> None:
            async with gate:
                await self.connect(viewer)
                await asyncio.wait_for(viewer.opened.wait(), 30)

        await asyncio.gather(*(open_one(v) for v in self.viewers))

    def close(self) -> None:
        self.closing = True
        for stream in self.streams.values():
            if stream.transport is not None:
                stream.transport.close()


def edit_at_times(
    url: str,
    slug: str,
    keys: list[str],
    conclusions: list[int],
    rate: float,
    edits: int,
    start: float,
    results: multiprocessing.Queue,
) -> None:
    """The editors (in a process of their own): edit ``n`` is sent at ``start + n / rate`` by
    editor ``n % len(keys)``."""
    host, port = url.removeprefix("http://").split(":")

    def editor(index: int) -> None:
        headers = {"Authorization": f"Token {keys[index]}", "Content-Type": "application/json"}
        for n in range(index, edits, len(keys)):
            time.sleep(max(0.0, start + n / rate - time.time()))
            body = {
                "map": slug,
                "kind": "attack" if n % 4 == 0 else "support",
                "conclusion": conclusions[n % len(conclusions)],
                "premises": [{"text": f"Reason {n} from editor {index}."}],
            }
            sent = time.time()
            # A new connection for each edit: the server closes a keep-alive connection idle for
            # 2 s (gunicorn's --keep-alive), just when this editor's next edit is due, and a POST
            # sent into a connection the server is closing fails (a browser would retry it).
            conn = http.client.HTTPConnection(host, int(port), timeout=30)
            try:
                conn.request("POST", "/api/arguments/", json.dumps(body), headers)
                answer = conn.getresponse()
                payload = answer.read()
                committed = time.time()
            except (OSError, http.client.HTTPException) as error:
                results.put((n, None, sent, time.time(), f"{type(error).__name__}: {error}"))
                continue
            finally:
                conn.close()
            if answer.status == 201:
                premise = json.loads(payload)["premises"][0]
                results.put((n, premise, sent, committed, None))
            else:
                results.put((n, None, sent, committed, f"{answer.status} {payload[:200]!r}"))

    threads = [threading.Thread(target=editor, args=(i,)) for i in range(len(keys))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(None)


def warm_up(url: str, slug: str, key: str, conclusion: int, cookies: list[str], workers: int):
    """Every worker has served a page, an edit and a stream (its hub listens) before we measure."""
    host, port = url.removeprefix("http://").split(":")
    conns = [http.client.HTTPConnection(host, int(port), timeout=30) for _ in range(4 * workers)]
    headers = {"Authorization": f"Token {key}", "Content-Type": "application/json"}
    for i, conn in enumerate(conns):  # new connections spread over the workers
        body = {"map": slug, "kind": "support", "conclusion": conclusion}
        body["premises"] = [{"text": f"Warm-up {i}."}]
        conn.request("POST", "/api/arguments/", json.dumps(body), headers)
        assert conn.getresponse().read() and True
        conn.request("GET", f"/maps/{slug}/events/", headers={"Cookie": cookies[0]})
        answer = conn.getresponse()
        assert answer.status == 200, answer.status
        answer.fp.readline()  # the stream is open: the hub of that worker listens
    for conn in conns:
        conn.close()


async def edit(url, slug, keys, conclusions, options, edits):
    """Run the editors' process: what became of each edit, and how long the editing took."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    start = time.time() + 3  # the editors' process needs a moment to start
    process = context.Process(
        target=edit_at_times,
        args=(url, slug, keys, conclusions, options.rate, edits, start, results),
    )
    process.start()
    loop = asyncio.get_running_loop()
    outcomes = []
    while (outcome := await loop.run_in_executor(None, results.get)) is not None:
        outcomes.append(outcome)
    await loop.run_in_executor(None, process.join)
    editing = time.time() - start
    return outcomes, editing


async def settle(viewers: Viewers, expected: set[int]) -> None:
    """Wait until every viewer has every change, or SETTLE seconds."""
    deadline = time.monotonic() + SETTLE
    while time.monotonic() < deadline and any(
        expected - v.received.keys() for v in viewers.viewers
    ):
        await asyncio.sleep(0.1)
