"""Live updates: every committed change reaches the viewers of its map as a server-sent event.

``record()`` NOTIFYs each committed Change on one PostgreSQL channel. Each app process holds ONE
listening connection (a hub per event loop, started by the first viewer) and fans the changes out
in memory to one bounded queue per open stream: one connection per viewer would run PostgreSQL out
of connections at about a hundred viewers. Whether a viewer may still read the map is asked of
permissions.py for every change, before it is sent.

Each open stream is also a presence (argmap/maps/presence.py): the hub writes its row, hears on
a second channel of the same connection that a map's presence changed, and sends its viewers of
that map who else is there (``event: presence``, without an id: nothing to replay).

A stream that falls behind (its queue full) or that may have missed a change (the listening
connection dropped) is ended; the browser's EventSource reconnects with Last-Event-ID and the
missed changes are replayed from the change log, so dropping loses nothing and holds no memory.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import uuid
import weakref
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar

import psycopg
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q

from argmap.accounts.models import User

from . import permissions, presence
from .listening import listener_params
from .models import Change, Map, Membership
from .services.history import CHANNEL
from .services.undo import describe

logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

QUEUE_SIZE = 200  # changes waiting for one viewer; past that the viewer is dropped and reconnects
REPLAY_LIMIT = 200  # changes replayed on one connection; the client reconnects for the rest
# Transactions commit out of id order: a change numbered below the last one a page saw may commit
# after it. A replay also sends the changes made within this time before that one (the page skips
# those it has handled, by id); a transaction open longer than this could still be missed.
REPLAY_WINDOW = timedelta(seconds=30)
KEEPALIVE = 15.0  # seconds between comments that keep proxies from closing an idle stream
RETRY_MS = 3000  # how long EventSource waits before reconnecting
LISTEN_TIMEOUT = 10.0  # seconds a new viewer waits for the listening connection
RECONNECT_DELAYS = (0.5, 1, 2, 5)  # seconds between attempts while the database is away
# Streams of one process that may be opening (querying the database) at once: after a drop every
# viewer reconnects together, and each opening request holds a connection while it queries.
OPENING_AT_ONCE = 8

NO_LONGER_READABLE = "You can no longer see this map: it was made private or you were removed."


@dataclass(frozen=True)
class Closing:
    """The last event of a stream, saying why it ends."""

    reason: str


class Dropped:
    """The stream ends without a word; the browser reconnects and catches up from the log."""


DROPPED = Dropped()


@dataclass(frozen=True)
class Roster:
    """Who else has the map open, as the viewer's header shows it (HTML on one line)."""

    html: str


Item = dict[str, Any] | Roster | Closing | Dropped


@dataclass(eq=False)
class Viewer:
    map_id: int
    user: User | AnonymousUser
    queue: asyncio.Queue[Item] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    stream: uuid.UUID = field(default_factory=uuid.uuid4)  # its presence row


class ListenerUnavailable(Exception):
    """The listening connection could not be made: no live updates from this process now."""


def change_event(change: Change) -> dict[str, Any]:
    """What a viewer needs to update its page: never the HTML, which it fetches as it may see it."""
    return {
        "id": change.pk,
        "action": str(change.action),
        "operation": change.operation,
        "description": describe(change),
        "claim_ids": list(change.claim_ids),
        "actor": str(change.actor) if change.actor else "Someone",
        "actor_id": change.actor_id,  # names can repeat; the page tells its own changes by id
    }


def release_connection() -> None:
    """Give back this thread's database connection: a stream waits for minutes, and a connection
    held per open stream would run PostgreSQL out of them at about a hundred viewers."""
    if not connection.in_atomic_block:  # a test's transaction (Django's test client) is kept
        connection.close()


def missed_changes(map_id: int, after: int) -> list[dict[str, Any]]:
    """The changes of a map since the change ``after``, oldest first, at most REPLAY_LIMIT; and
    those numbered before it but made within REPLAY_WINDOW of it, which may have committed later."""
    seen_at = Change.objects.filter(pk=after).values_list("at", flat=True).first()
    since = Q(pk__gt=after)
    if seen_at is not None:
        since |= Q(pk__lt=after, at__gte=seen_at - REPLAY_WINDOW)
    changes = Change.objects.filter(since, map_id=map_id).select_related("actor")
    try:
        return [change_event(c) for c in changes.order_by("pk")[:REPLAY_LIMIT]]
    finally:
        release_connection()


def audience_maps(audiences: dict[int, list[User | AnonymousUser]]) -> dict[int, Map]:
    """The maps (deleted ones missing) with the roles of their viewers, so that asking
    permissions.can_read for each viewer costs no query (one per private map for all of them)."""
    maps = Map.objects.in_bulk(list(audiences))
    for shown in maps.values():  # role_of caches the roles
        if shown.visibility != Map.Visibility.PUBLIC:
            ids = {user.pk for user in audiences[shown.pk] if user.is_authenticated}
            roles = dict(
                Membership.objects.filter(map=shown, user__in=ids).values_list("user_id", "role")
            )
            shown._role_cache = {pk: roles.get(pk) for pk in ids}  # type: ignore[attr-defined]
    return maps


def judge(
    notes: list[tuple[int, int]], audiences: dict[int, list[User | AnonymousUser]]
) -> list[tuple[int, dict[str, Any] | None, list[bool]]]:
    """For each (map id, change id): the event, and whether each viewer of the map may read it."""
    changes = Change.objects.select_related("actor").in_bulk([pk for _, pk in notes])
    maps = audience_maps(audiences)
    verdicts = []
    for map_id, change_pk in notes:
        map = maps.get(map_id)  # None once deleted: nobody reads it any more
        change = changes.get(change_pk)
        readers = [map is not None and permissions.can_read(u, map) for u in audiences[map_id]]
        verdicts.append((map_id, change_event(change) if change else None, readers))
    return verdicts


def rosters(audiences: dict[int, list[User | AnonymousUser]]) -> dict[int, list[str | None]]:
    """For each map: what each of its viewers is shown of who else is there (None: the viewer
    may no longer read the map)."""
    return presence.rosters(audience_maps(audiences), audiences)


def in_thread(func: Callable[P, R], *, release: bool = False) -> Callable[P, Awaitable[R]]:
    """``func`` (which uses the ORM) run in a thread, on a database connection that is alive (the
    hub outlives requests); with ``release``, the connection is given back after (occasional work
    need not hold one)."""

    def alive(*args: P.args, **kwargs: P.kwargs) -> R:
        connection.close_if_unusable_or_obsolete()
        try:
            return func(*args, **kwargs)
        except Exception:
            connection.close()  # a broken connection is not kept for the next batch
            raise
        finally:
            if release:
                release_connection()

    return sync_to_async(alive)


class Hub:
    """The one listening connection of an event loop and the viewers it serves."""

    def __init__(self) -> None:
        self.viewers: dict[int, set[Viewer]] = defaultdict(set)
        self.listening = asyncio.Event()
        self.notes: asyncio.Queue[tuple[int, int]] = asyncio.Queue()
        self.tasks: list[asyncio.Task[None]] = []
        self.opening = asyncio.Semaphore(OPENING_AT_ONCE)
        self.roll = presence.Roll()

    async def query(self, func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """``func`` (which uses the ORM) in a thread, a few streams at a time."""
        async with self.opening:
            return await sync_to_async(func)(*args, **kwargs)

    async def subscribe(self, map_id: int, user: User | AnonymousUser) -> Viewer:
        """A viewer of the map, once the hub listens: no change committed from now is missed."""
        if not self.tasks:  # in a context of their own, not that of the request that started them
            self.tasks = [
                asyncio.create_task(self._listen(), context=contextvars.Context()),
                asyncio.create_task(self._send(), context=contextvars.Context()),
                asyncio.create_task(self._presence(), context=contextvars.Context()),
            ]
        viewer = Viewer(map_id, user)
        self.viewers[map_id].add(viewer)
        try:
            await asyncio.wait_for(self.listening.wait(), LISTEN_TIMEOUT)
        except TimeoutError:
            self.unsubscribe(viewer)
            raise ListenerUnavailable from None
        return viewer

    def unsubscribe(self, viewer: Viewer) -> None:
        viewers = self.viewers.get(viewer.map_id)
        if viewers is not None:
            viewers.discard(viewer)
            if not viewers:
                del self.viewers[viewer.map_id]

    def offer(self, viewer: Viewer, item: Item) -> None:
        """Queue ``item``; a viewer that cannot keep up is dropped (it reconnects and catches up)."""
        final = isinstance(item, Closing | Dropped)
        if viewer.queue.full():  # what it has not read is dropped; a closing word is kept
            final, item = True, item if isinstance(item, Closing) else DROPPED
            while not viewer.queue.empty():
                viewer.queue.get_nowait()
        viewer.queue.put_nowait(item)
        if final:
            self.unsubscribe(viewer)

    def drop_everyone(self) -> None:
        for viewers in list(self.viewers.values()):
            for viewer in list(viewers):
                self.offer(viewer, DROPPED)

    async def _listen(self) -> None:
        attempt = 0
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    **listener_params(), autocommit=True
                ) as conn:
                    await conn.execute(f"LISTEN {presence.CHANNEL}")
                    await conn.execute(f"LISTEN {CHANNEL}")
                    attempt = 0
                    self.listening.set()
                    async for note in conn.notifies():
                        if note.channel == presence.CHANNEL:
                            if int(note.payload) in self.viewers:
                                self.roll.heard(int(note.payload))
                            continue
                        map_id, change_pk = (int(n) for n in note.payload.split(":"))
                        if map_id in self.viewers:
                            self.notes.put_nowait((map_id, change_pk))
            except Exception as error:  # the database went away (or a stray payload): start again
                logger.warning("live updates: the listening connection failed: %s", error)
            # Changes may have been missed meanwhile: every stream ends and catches up on reconnect.
            self.listening.clear()
            self.drop_everyone()
            await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
            attempt += 1

    async def _send(self) -> None:
        while True:
            notes = [await self.notes.get()]
            while not self.notes.empty():  # a burst is judged in one trip to the database
                notes.append(self.notes.get_nowait())
            viewers = {m: list(self.viewers.get(m, ())) for m, _ in notes}
            audiences = {m: [v.user for v in vs] for m, vs in viewers.items()}
            try:
                verdicts = await in_thread(judge)(notes, audiences)
            except Exception:
                logger.exception("live updates: could not read the changes; viewers reconnect")
                for vs in viewers.values():
                    for viewer in vs:
                        self.offer(viewer, DROPPED)
                continue
            for map_id, event, readers in verdicts:
                for viewer, may_read in zip(viewers[map_id], readers, strict=True):
                    if not may_read:
                        self.offer(viewer, Closing(NO_LONGER_READABLE))
                    elif event is not None:
                        self.offer(viewer, event)

    async def _presence(self) -> None:
        """Write the presence the streams owe; send the viewers of each map whose presence
        changed who is there now (a burst is gathered into one write and one read)."""
        while True:
            joined, left, sweep = await self.roll.next_round()
            if joined or left or sweep:
                try:
                    await in_thread(presence.keep, release=True)(
                        joined=joined, left=left, sweep=sweep
                    )
                except Exception:
                    logger.exception("presence: could not write; trying again later")
                    self.roll.failed(joined, left)
            viewers = {m: list(self.viewers[m]) for m in self.roll.take_news() if m in self.viewers}
            if not viewers:
                continue
            audiences = {m: [v.user for v in vs] for m, vs in viewers.items()}
            try:
                shown = await in_thread(rosters, release=True)(audiences)
            except Exception:
                logger.exception("presence: could not read who is there")
                continue
            for map_id, vs in viewers.items():
                for viewer, html in zip(vs, shown[map_id], strict=True):
                    self.offer(
                        viewer, Closing(NO_LONGER_READABLE) if html is None else Roster(html)
                    )


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """The hub of the running event loop (one per process under uvicorn)."""
    loop = asyncio.get_running_loop()
    if loop not in _hubs:
        _hubs[loop] = Hub()
    return _hubs[loop]


def frame(event: str, data: dict[str, Any], id: int | None = None) -> str:
    head = f"id: {id}\n" if id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data)}\n\n"


def written(viewer: Viewer, item: Item, replayed: set[int]) -> str:
    """The text of one queued item on the stream ('' for what is not sent)."""
    if isinstance(item, Roster):  # with the stream's key: the page names it to say what it edits
        return f'event: presence\ndata: <div data-stream="{viewer.stream}">{item.html}</div>\n\n'
    if isinstance(item, Closing):
        return frame("closed", {"reason": item.reason})
    if isinstance(item, dict) and item["id"] not in replayed:
        return frame("change", item, item["id"])
    return ""


async def stream(
    map_id: int, user: User | AnonymousUser, last_seen: int | None
) -> AsyncIterator[str]:
    """The event stream of one viewer: what it missed since ``last_seen``, then live changes."""
    live = hub()
    try:
        viewer = await live.subscribe(map_id, user)
    except ListenerUnavailable:
        yield f"retry: {RETRY_MS * 5}\n\n"  # try again later; nothing is lost meanwhile
        return
    live.roll.join(viewer.stream, map_id, user.pk)
    try:
        yield f"retry: {RETRY_MS}\n\n"
        replayed: set[int] = set()
        if last_seen is not None:
            missed = await live.query(missed_changes, map_id, last_seen)
            for event in missed:
                replayed.add(event["id"])
                yield frame("change", event, event["id"])
            if len(missed) == REPLAY_LIMIT:
                return  # bounded: the browser reconnects from the last one for the rest
        while True:
            try:
                async with asyncio.timeout(KEEPALIVE):  # cheaper than wait_for: no task per item
                    item = await viewer.queue.get()
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            # What is queued already (an action's changes come in one burst) goes in one write:
            # under load the cost of a stream is per write, not per byte.
            batch = [item]
            while isinstance(batch[-1], dict | Roster) and not viewer.queue.empty():
                batch.append(viewer.queue.get_nowait())
            text = "".join(written(viewer, item, replayed) for item in batch)
            if text:
                yield text
            if isinstance(batch[-1], Closing | Dropped):
                return
    finally:
        live.unsubscribe(viewer)
        live.roll.leave(viewer.stream)
