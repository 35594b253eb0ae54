"""The evaluation of a map, computed once per state of the map and of its judgements.

An in-process LRU, not Django's cache framework: an evaluation is a large graph of Python objects
that a database cache table would pickle and unpickle at about the cost of computing it again,
and PostgreSQL is our only server (no Redis). The key names the state it was computed from (how
many changes the map has and the newest, the judgements counted with their latest time), so an
entry is never stale, on any number of app processes: each computes a state once, then reuses it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max

from argmap.accounts.models import User
from argmap.evaluation import leaf_claim_ids
from argmap.graph import ArgumentGraph

from . import selectors
from .evaluation import MINE, Evaluation, evaluate_map
from .models import Change, Judgement, Map

SIZE = 32  # states kept per process (maps × modes × readers with their own judgements)


@dataclass
class Evaluated:
    graph: ArgumentGraph
    evaluation: Evaluation
    leaf_ids: set[int]


_entries: OrderedDict[tuple[object, ...], Evaluated] = OrderedDict()
_lock = threading.Lock()


def state_of(map: Map, user: User | AnonymousUser, mode: str) -> tuple[object, ...]:
    """What an evaluation depends on, in two small queries.

    The count as well as the newest id: a transaction that commits late may hold a smaller id
    than one committed before it, but it always adds to the count.
    """
    changes = Change.objects.filter(map=map).aggregate(n=Count("id"), last=Max("id"))
    judgements = Judgement.objects.filter(map=map)
    whose: int | None = None
    if mode == MINE:
        whose = user.pk
        judgements = judgements.filter(user=user.pk)
    judged = judgements.aggregate(n=Count("id"), last=Max("updated_at"))
    return (map.pk, changes["n"], changes["last"], mode, whose, judged["n"], judged["last"])


def evaluated(map: Map, user: User | AnonymousUser, mode: str) -> Evaluated:
    """The map's evaluation for this reader and mode, from the cache when the state is known."""
    key = state_of(map, user, mode)
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]
    graph = selectors.map_graph(map)
    entry = Evaluated(graph, evaluate_map(map, graph, user, mode), leaf_claim_ids(graph))
    with _lock:
        _entries[key] = entry
        while len(_entries) > SIZE:
            _entries.popitem(last=False)
    return entry


def clear() -> None:
    with _lock:
        _entries.clear()
