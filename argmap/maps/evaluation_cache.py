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
    state: tuple[object, ...] = ()  # the key it was computed for (state_of)


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
    entry = Evaluated(graph, evaluate_map(map, graph, user, mode), leaf_claim_ids(graph), key)
    with _lock:
        _entries[key] = entry
        while len(_entries) > SIZE:
            _entries.popitem(last=False)
    return entry


def previous(current: Evaluated) -> Evaluated | None:
    """The evaluation of the same map, mode and reader as ``current`` used most recently before
    it (what the reader's page was drawn from, when this process drew it), or None."""
    same = (current.state[0], current.state[3], current.state[4])  # map, mode, whose
    with _lock:
        for key in reversed(_entries):
            if key != current.state and (key[0], key[3], key[4]) == same:
                return _entries[key]
    return None


def moved_claims(before: Evaluated, after: Evaluated) -> set[int]:
    """Claims whose card or group of arguments shows something else in ``after``: their label
    or shown strength moved, or the label of one of their arguments did (an undercut's shows
    under the argument it attacks, in that argument's conclusion's group)."""

    def shown(evaluated: Evaluated, claim_id: int) -> tuple[str, float]:
        evaluation = evaluated.evaluation
        label = evaluation.labelling.claims.get(claim_id, "")
        return label, round(evaluation.strengths.claims.get(claim_id, 0.0), 2)

    moved = {
        cid
        for cid in after.graph.claims.keys() | before.graph.claims.keys()
        if shown(before, cid) != shown(after, cid)
    }
    labels_before = before.evaluation.labelling.arguments
    labels_after = after.evaluation.labelling.arguments
    for argument_id in labels_before.keys() | labels_after.keys():
        if labels_before.get(argument_id) != labels_after.get(argument_id):
            moved |= {cid for e in (before, after) if (cid := _group_of(e.graph, argument_id))}
    return moved


def _group_of(graph: ArgumentGraph, argument_id: int) -> int | None:
    """The claim under which an argument is drawn (its conclusion, or the attacked one's)."""
    return graph.claim_above(argument_id)


def clear() -> None:
    with _lock:
        _entries.clear()
