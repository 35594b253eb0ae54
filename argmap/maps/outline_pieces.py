"""Reads for the pieces of the outline a change touched (DESIGN.md, "Fragments").

A claim's card, its group of arguments (premises shown one level deep: the page keeps the
branches it has already loaded below them) and whether it is a central claim now; in a fixed
number of queries, whatever the size of the map.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection

from argmap.graph import (
    ArgumentGraph,
    ArgumentNode,
    ClaimNode,
    OutlineArgument,
    OutlineClaim,
    standing,
)

from .models import Map
from .selectors import ABOUT_CLAIMS, claim_nodes, standing_arguments


@dataclass
class OutlinePieces:
    cards: dict[int, ClaimNode] = field(default_factory=dict)  # the touched claims still live
    groups: dict[int, list[OutlineArgument]] = field(default_factory=dict)  # by conclusion
    grown: set[int] = field(default_factory=set)  # claims whose groups hold only new arguments
    roots: list[OutlineClaim] = field(default_factory=list)  # touched claims central now
    not_roots: list[int] = field(default_factory=list)  # touched claims that are not (or gone)
    standing: dict[int, str] = field(default_factory=dict)  # of each card: see standing()
    # The standing arguments about each card by kind ("support", "attack"), grown ones included
    kinds: defaultdict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    claims: int = 0
    arguments: int = 0


def arguments_about(claim_ids: Iterable[int]) -> tuple[list[ArgumentNode], list[ArgumentNode]]:
    """The standing arguments about these claims, and the undercuts of those (one query)."""
    found = standing_arguments(ABOUT_CLAIMS, claims=list(claim_ids))
    arguments = [a for a in found if a.conclusion_id is not None]
    # An undercut stands only under an argument that stands (map_graph's rule).
    standing = {a.id for a in arguments}
    return arguments, [a for a in found if a.target_id in standing]


def outline_pieces(
    map: Map, claim_ids: set[int], grown: dict[int, set[int]] | None = None
) -> OutlinePieces:
    """The pieces of these claims. For a claim in ``grown`` only the arguments named there are
    drawn (a write that only added them: the page puts them into the group it has)."""
    # Arguments about a deleted claim do not stand: asking with every id given is safe.
    arguments, undercuts = arguments_about(claim_ids)
    kinds: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for argument in arguments:
        kinds[argument.conclusion_id or 0][argument.kind] += 1
    grown = grown or {}
    arguments = [
        a for a in arguments if a.conclusion_id not in grown or a.id in grown[a.conclusion_id]
    ]
    premise_ids = {pid for a in [*arguments, *undercuts] for pid in a.premise_ids}
    nodes = claim_nodes(map, {*claim_ids, *premise_ids})
    pieces = OutlinePieces(
        cards={cid: nodes[cid] for cid in sorted(claim_ids) if cid in nodes}, kinds=kinds
    )
    premises = {pid: nodes[pid] for pid in premise_ids if pid in nodes}
    # How many live arguments use each of these claims as a premise (a premise of several is
    # drawn in full under one of them: the page has it; a card used by none is central), which
    # have arguments of their own, and the map's counts: one query.
    shown = [*premises, *pieces.cards]
    uses: dict[int, int] = {}
    with_arguments: set[int] = set()
    for claim_id, used, argued, claims, arguments_count in _claim_facts(map, shown):
        uses[claim_id] = used
        if argued:
            with_arguments.add(claim_id)
        pieces.claims, pieces.arguments = claims, arguments_count
    if not shown:
        pieces.claims, pieces.arguments = map_counts(map)

    def shallow(argument: ArgumentNode) -> OutlineArgument:
        return OutlineArgument(
            argument=argument,
            premises=[
                OutlineClaim(
                    claim=premises[pid],
                    collapsed=pid in with_arguments,
                    repeated=uses.get(pid, 0) > 1,
                )
                for pid in argument.premise_ids
                if pid in premises
            ],
            undercuts=[shallow(u) for u in undercuts if u.target_id == argument.id],
        )

    pieces.grown = {claim_id for claim_id in grown if claim_id in pieces.cards}
    pieces.groups = {claim_id: [] for claim_id in pieces.cards}
    for argument in arguments:
        if argument.conclusion_id is not None:
            pieces.groups[argument.conclusion_id].append(shallow(argument))
    for claim_id in pieces.cards:
        pieces.standing[claim_id] = standing(
            root=not uses.get(claim_id),
            linked=bool(pieces.groups[claim_id]),
            alone=pieces.claims == 1,
        )
    for claim_id in sorted(claim_ids):
        if claim_id in pieces.cards and not uses.get(claim_id):
            node = pieces.cards[claim_id]
            pieces.roots.append(
                OutlineClaim(
                    claim=node,
                    collapsed=bool(pieces.groups[claim_id]),
                    standing=pieces.standing[claim_id],
                )
            )
        else:
            pieces.not_roots.append(claim_id)
    return pieces


# The map's live claims and arguments, counted on their (map, deleted_at) indexes. The services
# delete an argument with its conclusion or its last premise: the live ones are those the outline
# shows (an index count, not a join over the map).
LIVE_CLAIMS = "SELECT count(*) FROM maps_claim WHERE map_id = %(map)s AND deleted_at IS NULL"
LIVE_ARGUMENTS = "SELECT count(*) FROM maps_argument WHERE map_id = %(map)s AND deleted_at IS NULL"

# Per claim: its live uses as a premise, whether live arguments conclude it; and on every row the
# map's counts (uncorrelated subqueries: computed once).
CLAIM_FACTS = f"""
SELECT c.id,
       (SELECT count(*) FROM maps_premise p JOIN maps_argument a ON a.id = p.argument_id
        WHERE p.claim_id = c.id AND a.deleted_at IS NULL),
       EXISTS (SELECT FROM maps_argument a WHERE a.conclusion_id = c.id AND a.deleted_at IS NULL),
       ({LIVE_CLAIMS}), ({LIVE_ARGUMENTS})
FROM maps_claim c WHERE c.id = ANY(%(claims)s::bigint[])
"""


def _claim_facts(map: Map, claim_ids: list[int]) -> list[tuple[int, int, bool, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(CLAIM_FACTS, {"map": map.pk, "claims": claim_ids})
        return cursor.fetchall()


def map_counts(map: Map) -> tuple[int, int]:
    """The live claims and arguments of the map (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({LIVE_CLAIMS}), ({LIVE_ARGUMENTS})", {"map": map.pk})
        claims, arguments = cursor.fetchone()
    return claims, arguments


def branch(map: Map, claim_id: int, depth: int) -> OutlineClaim:
    """A claim's branch of the outline, ``depth`` levels deep, read level by level (two queries
    a level). A claim reached twice within the branch is drawn in full once."""
    claims = claim_nodes(map, [claim_id])
    arguments: dict[int, ArgumentNode] = {}
    level = set(claims)
    for _ in range(depth):
        about, undercuts = arguments_about(level)
        found = [*about, *undercuts]
        arguments.update((a.id, a) for a in found)
        level = {pid for a in found for pid in a.premise_ids} - set(claims)
        claims.update(claim_nodes(map, level))
    graph = ArgumentGraph(claims=claims, arguments=arguments)
    return graph.outline_of(claim_id, depth)
