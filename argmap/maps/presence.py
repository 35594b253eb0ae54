"""Presence: who has a map open now, and which claim each of them is editing.

An open event stream (argmap/maps/events.py) is a presence: one Presence row per stream, in
PostgreSQL so that every app server behind a load balancer agrees. The hub of the process that
serves the stream inserts its row when it opens, refreshes ``seen_at`` every REFRESH seconds (one
statement for all its streams) and deletes the row when the stream ends. A server that dies leaves
rows that go stale after STALE: they are ignored at once, and any live server's next refresh
sweeps them. Every change of a map's rows is announced on CHANNEL with the map's id (NOTIFY is
delivered on commit); each hub gathers the notes of a burst into one read and sends its viewers of
those maps the list as HTML, so thirty viewers opening at once cost a few queries, not 900.

Presence is not map content: it leaves no Change row, and the backup leaves it out.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.models.functions import Now
from django.template.loader import render_to_string

from argmap.accounts.models import User

from . import permissions
from .models import Claim, Map, Presence

CHANNEL = "argmap_presence"  # payload: the id of a map whose presence changed
REFRESH = 15.0  # seconds between refreshes of a process's rows (and sweeps of stale ones)
STALE = timedelta(seconds=45)  # a row not refreshed for this long belongs to a server gone
COALESCE = 0.1  # seconds a hub waits for the rest of a burst before it writes or reads
SHOWN = 6  # people shown by their initials; the others are "and N more"
MORE_NAMED = 10  # up to this many, the others' names are given too (on hover, to screen readers)

Where = tuple[int, int | None]  # a stream's map id and user id (None: a guest)


# Writes


def keep(*, joined: dict[uuid.UUID, Where], left: dict[uuid.UUID, int], sweep: bool) -> set[int]:
    """What a hub's streams owe, in one transaction: each ``joined`` stream present (inserted, or
    seen now if it is already), each ``left`` one gone and, with ``sweep``, the stale rows of every
    server gone. Announces the maps whose list changed, and returns them."""
    table, maps, users = (m._meta.db_table for m in (Presence, Map, User))
    changed = set(left.values())
    with transaction.atomic(), connection.cursor() as cursor:
        if joined:
            streams = list(joined)
            # A stream whose map or user was deleted meanwhile is left out: its row would fail
            # the whole round, again at every refresh, until the stream ends.
            cursor.execute(
                f"INSERT INTO {table} (stream, map_id, user_id, seen_at)"
                " SELECT s, m, u, now() FROM unnest(%s::uuid[], %s::bigint[], %s::bigint[])"
                f" AS t(s, m, u) WHERE EXISTS (SELECT FROM {maps} WHERE id = m)"
                f" AND (u IS NULL OR EXISTS (SELECT FROM {users} WHERE id = u))"
                " ON CONFLICT (stream) DO UPDATE SET seen_at = now()"
                " RETURNING map_id, xmax = 0",  # xmax 0: inserted (a refresh only updates)
                [streams, [joined[s][0] for s in streams], [joined[s][1] for s in streams]],
            )
            changed |= {map_id for map_id, inserted in cursor.fetchall() if inserted}
        if left:
            cursor.execute(f"DELETE FROM {table} WHERE stream = ANY(%s::uuid[])", [list(left)])
        if sweep:
            cursor.execute(
                f"DELETE FROM {table} WHERE seen_at < now() - make_interval(secs => %s)"
                " RETURNING map_id",
                [STALE.total_seconds()],
            )
            changed |= {map_id for (map_id,) in cursor.fetchall()}
        announce(changed)
    return changed


def announce(map_ids: set[int]) -> None:
    """NOTIFY every hub that these maps' presence changed (on commit, if in a transaction)."""
    if map_ids:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_notify(%s, m::text) FROM unnest(%s::bigint[]) AS m",
                [CHANNEL, sorted(map_ids)],
            )


@transaction.atomic
def set_editing(*, stream: uuid.UUID, map: Map, user: User, claim: Claim | None) -> bool:
    """Mark ``claim`` as the one whose edit form the page of ``stream`` has open (None: none).

    False if that stream is not open (any more): its page says it again on its next stream.
    """
    mine = Presence.objects.filter(stream=stream, map=map, user=user)
    found = list(mine.values_list("editing_id", flat=True))
    if not found:
        return False
    if found[0] != (claim.pk if claim else None):
        mine.update(editing=claim)
        announce({map.pk})
    return True


# Reads


@dataclass
class Person:
    user_id: int
    name: str
    editing: set[int] = field(default_factory=set)

    @property
    def initials(self) -> str:
        words = self.name.split()
        letters = words[0][0] + words[-1][0] if len(words) > 1 else self.name[:2]
        return letters.upper()


@dataclass
class Here:
    """Who has one map open: people (once each, however many tabs) and guests (per tab)."""

    people: list[Person] = field(default_factory=list)
    guests: int = 0


def present(map_ids: list[int]) -> dict[int, Here]:
    """Who has each map open now, in one query (rows of a server gone are ignored)."""
    rows = Presence.objects.filter(map_id__in=map_ids, seen_at__gte=Now() - STALE).values_list(
        "map_id", "user_id", "user__first_name", "user__last_name", "user__username", "editing_id"
    )
    found: dict[int, Here] = {pk: Here() for pk in map_ids}
    people: dict[tuple[int, int], Person] = {}
    for map_id, user_id, first, last, username, editing in rows:
        if user_id is None:
            found[map_id].guests += 1
            continue
        person = people.get((map_id, user_id))
        if person is None:
            name = f"{first} {last}".strip() or username  # as User.__str__
            person = people[map_id, user_id] = Person(user_id, name)
            found[map_id].people.append(person)
        if editing is not None:
            person.editing.add(editing)
    for here in found.values():
        here.people.sort(key=lambda p: (p.name.casefold(), p.user_id))
    return found


def editing_text(names: list[str]) -> str:
    if len(names) == 1:
        return f"{names[0]} is editing"
    return f"{', '.join(names[:-1])} and {names[-1]} are editing"


def roster(here: Here, user_id: int | None, rendered: dict[Any, str] | None = None) -> str:
    """What one viewer's header shows, on one line (one ``data:`` line of the event): the others
    who have the map open (never the viewer, in any tab) and what they edit.

    Most viewers of a crowded map see the same thing: ``rendered`` (one per map and round) keeps
    each rendering, so three hundred people cost a few renderings, not three hundred."""
    others = [p for p in here.people if p.user_id != user_id]
    guests = max(here.guests - (1 if user_id is None else 0), 0)  # a guest does not count itself
    editors: dict[int, list[str]] = {}
    for person in others:
        for claim_id in person.editing:
            editors.setdefault(claim_id, []).append(person.name)
    shown, more = others[:SHOWN], [p.name for p in others[SHOWN:]]
    marks = tuple((pk, editing_text(names)) for pk, names in sorted(editors.items()))
    named = tuple(more) if len(more) <= MORE_NAMED else ()
    key = (tuple((p.user_id, bool(p.editing)) for p in shown), len(more), named, guests, marks)
    if rendered is None or key not in rendered:
        context = {"shown": shown, "more": len(more), "named": named, "guests": guests}
        html = render_to_string("maps/_presence.html", {**context, "marks": marks})
        if rendered is None:
            return " ".join(html.split())
        rendered[key] = " ".join(html.split())
    return rendered[key]


def rosters(
    maps: dict[int, Map], audiences: dict[int, list[User | AnonymousUser]]
) -> dict[int, list[str | None]]:
    """For each map (``maps``: those not deleted, their viewers' roles loaded), what each of its
    viewers is shown (None: the viewer may no longer read the map), in one query."""
    here = present(list(maps))
    shown: dict[int, list[str | None]] = {}
    for map_id, users in audiences.items():
        map = maps.get(map_id)
        bodies: dict[int | None, str] = {}  # one roster per person, whatever their tabs
        rendered: dict[Any, str] = {}
        shown[map_id] = []
        for user in users:
            if map is None or not permissions.can_read(user, map):
                shown[map_id].append(None)
                continue
            if user.pk not in bodies:
                bodies[user.pk] = roster(here[map_id], user.pk, rendered)
            shown[map_id].append(bodies[user.pk])
    return shown


# The hub's side (argmap/maps/events.py): the writes its streams owe, and the maps to tell


class Roll:
    """The streams of one hub, the writes they owe, and the maps whose presence changed."""

    def __init__(self) -> None:
        self.open: dict[uuid.UUID, Where] = {}
        self.joined: dict[uuid.UUID, Where] = {}  # not written yet
        self.left: dict[uuid.UUID, int] = {}  # written, to delete
        self.news: set[int] = set()
        self.wake = asyncio.Event()
        self.refreshed = time.monotonic()

    def join(self, stream: uuid.UUID, map_id: int, user_id: int | None) -> None:
        self.open[stream] = self.joined[stream] = (map_id, user_id)
        self.wake.set()

    def leave(self, stream: uuid.UUID) -> None:
        where = self.open.pop(stream, None)
        if where is not None and self.joined.pop(stream, None) is None:  # written: delete it
            self.left[stream] = where[0]
            self.wake.set()

    def heard(self, map_id: int) -> None:
        self.news.add(map_id)
        self.wake.set()

    async def next_round(self) -> tuple[dict[uuid.UUID, Where], dict[uuid.UUID, int], bool]:
        """Wait for work (or the time to refresh), let a burst gather, and take the writes owed:
        (joined, left, sweep). A refresh re-writes every open stream (the sweep of a server that
        thought this one dead is undone)."""
        due = self.refreshed + REFRESH - time.monotonic()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.wake.wait(), max(due, 0))
        await asyncio.sleep(COALESCE)
        self.wake.clear()
        sweep = time.monotonic() - self.refreshed >= REFRESH
        joined = dict(self.open) if sweep else self.joined
        left = self.left
        if sweep:
            self.refreshed = time.monotonic()
        self.joined, self.left = {}, {}
        return joined, left, sweep

    def failed(self, joined: dict[uuid.UUID, Where], left: dict[uuid.UUID, int]) -> None:
        """The writes of a round failed: owe them again (the streams still open, all who left)."""
        self.joined.update({s: w for s, w in joined.items() if s in self.open})
        self.left.update(left)

    def take_news(self) -> set[int]:
        news, self.news = self.news, set()
        return news
