"""Reads for the pieces of the outline a change touched (DESIGN.md, "Fragments").

A claim's card, its group of arguments (premises shown one level deep: the page keeps the
branches it has already loaded below them) and whether it is a central claim now; in a fixed
number of queries, whatever the size of the map.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, Func, OuterRef, QuerySet, Subquery

from argmap.graph import (
    ArgumentGraph,
    ArgumentNode,
    ClaimNode,
    OutlineArgument,
    OutlineClaim,
    standing,
)

from .models import Argument, Claim, Map, Premise
from .selectors import claim_nodes, one_of, standing_arguments


@dataclass
class OutlinePieces:
    cards: dict[int, ClaimNode] = field(default_factory=dict)  # the touched claims still live
    groups: dict[int, list[OutlineArgument]] = field(default_factory=dict)  # by conclusion
    roots: list[OutlineClaim] = field(default_factory=list)  # touched claims central now
    not_roots: list[int] = field(default_factory=list)  # touched claims that are not (or gone)
    standing: dict[int, str] = field(default_factory=dict)  # of each card: see standing()
    claims: int = 0
    arguments: int = 0


def arguments_about(claim_ids: Iterable[int]) -> tuple[list[ArgumentNode], list[ArgumentNode]]:
    """The standing arguments about these claims, and the undercuts of those (one query)."""
    claim_ids = list(claim_ids)
    about = Argument.objects.filter(conclusion__in=claim_ids).values("pk")
    undercutting = Argument.objects.filter(target__conclusion__in=claim_ids).values("pk")
    found = standing_arguments(Argument.objects.filter(one_of(about, undercutting)))
    arguments = [a for a in found if a.conclusion_id is not None]
    # An undercut stands only under an argument that stands (map_graph's rule).
    standing = {a.id for a in arguments}
    return arguments, [a for a in found if a.target_id in standing]


def outline_pieces(map: Map, claim_ids: set[int]) -> OutlinePieces:
    # Arguments about a deleted claim do not stand: asking with every id given is safe.
    arguments, undercuts = arguments_about(claim_ids)
    premise_ids = {pid for a in [*arguments, *undercuts] for pid in a.premise_ids}
    nodes = claim_nodes(Claim.objects.filter(map=map, pk__in={*claim_ids, *premise_ids}))
    pieces = OutlinePieces(cards={cid: nodes[cid] for cid in sorted(claim_ids) if cid in nodes})
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


def _count(rows: QuerySet[Any]) -> Subquery:
    return Subquery(rows.order_by().values(n=Func(F("pk"), function="COUNT")))


def _live_claims(map: Map) -> QuerySet[Claim]:
    return Claim.objects.filter(map=map, deleted_at__isnull=True)


def _live_arguments(map: Map) -> QuerySet[Argument]:
    return Argument.objects.filter(map=map, deleted_at__isnull=True)


def _claim_facts(map: Map, claim_ids: list[int]) -> QuerySet[Any]:
    """Per claim: its live uses as a premise, whether live arguments conclude it; and on every
    row the map's live claims and arguments (uncorrelated subqueries: computed once)."""
    uses = Premise.objects.filter(claim=OuterRef("pk"), argument__deleted_at__isnull=True)
    argued = Argument.objects.filter(conclusion=OuterRef("pk"), deleted_at__isnull=True)
    return Claim.objects.filter(pk__in=claim_ids).values_list(
        "pk", _count(uses), Exists(argued), _count(_live_claims(map)), _count(_live_arguments(map))
    )


def map_counts(map: Map) -> tuple[int, int]:
    """The live claims and arguments of the map, counted in one query on their (map, deleted_at)
    indexes. The services delete an argument with its conclusion or its last premise: the live
    ones are those the outline shows (an index count, not a join over the map)."""
    counts = Map.objects.filter(pk=map.pk).values_list(
        _count(_live_claims(map)), _count(_live_arguments(map))
    )
    claims, arguments = counts.get()
    return claims, arguments


def branch(map: Map, claim_id: int, depth: int) -> OutlineClaim:
    """A claim's branch of the outline, ``depth`` levels deep, read level by level (two queries
    a level). A claim reached twice within the branch is drawn in full once."""
    claims = claim_nodes(Claim.objects.filter(map=map, pk=claim_id))
    arguments: dict[int, ArgumentNode] = {}
    level = set(claims)
    for _ in range(depth):
        about, undercuts = arguments_about(level)
        found = [*about, *undercuts]
        arguments.update((a.id, a) for a in found)
        level = {pid for a in found for pid in a.premise_ids} - set(claims)
        claims.update(claim_nodes(Claim.objects.filter(pk__in=level)))
    graph = ArgumentGraph(claims=claims, arguments=arguments)
    return graph.outline_of(claim_id, depth)
