"""Reads for the pieces of the outline a change touched (DESIGN.md, "Fragments").

A claim's card, its group of arguments (premises shown one level deep: the page keeps the
branches it has already loaded below them) and whether it is a central claim now; in a fixed
number of queries, whatever the size of the map.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from argmap.graph import ArgumentGraph, ArgumentNode, ClaimNode, OutlineArgument, OutlineClaim

from .models import Argument, Change, Claim, Map, Premise
from .selectors import claim_nodes, standing_arguments


@dataclass
class OutlinePieces:
    cards: dict[int, ClaimNode] = field(default_factory=dict)  # the touched claims still live
    groups: dict[int, list[OutlineArgument]] = field(default_factory=dict)  # by conclusion
    roots: list[OutlineClaim] = field(default_factory=list)  # touched claims central now
    not_roots: list[int] = field(default_factory=list)  # touched claims that are not (or gone)
    claims: int = 0
    arguments: int = 0


def last_action_claims(map: Map, actor_id: int | None) -> set[int]:
    """The claims touched by the actor's last action on the map (two queries)."""
    last = (
        Change.objects.filter(map=map, actor=actor_id)
        .order_by("-at", "-id")
        .values_list("action", flat=True)
        .first()
    )
    if last is None:
        return set()
    rows = Change.objects.filter(map=map, action=last).values_list("claim_ids", flat=True)
    return {claim_id for ids in rows for claim_id in ids}


def outline_pieces(map: Map, claim_ids: set[int]) -> OutlinePieces:
    pieces = OutlinePieces(cards=claim_nodes(Claim.objects.filter(map=map, pk__in=claim_ids)))
    arguments = standing_arguments(Argument.objects.filter(conclusion__in=pieces.cards))
    undercuts = standing_arguments(Argument.objects.filter(target__in=[a.id for a in arguments]))
    premise_ids = {pid for a in [*arguments, *undercuts] for pid in a.premise_ids}
    premises = claim_nodes(Claim.objects.filter(pk__in=premise_ids))
    # A premise of several arguments is drawn in full under one of them (the page has it). The
    # services delete an argument with its conclusion: a live argument is about a live claim.
    uses = Counter(
        Premise.objects.filter(claim__in=premises, argument__deleted_at__isnull=True).values_list(
            "claim_id", flat=True
        )
    )
    with_arguments = set(
        Argument.objects.filter(conclusion__in=premise_ids, deleted_at__isnull=True).values_list(
            "conclusion_id", flat=True
        )
    )

    def shallow(argument: ArgumentNode) -> OutlineArgument:
        return OutlineArgument(
            argument=argument,
            premises=[
                OutlineClaim(
                    claim=premises[pid],
                    collapsed=pid in with_arguments,
                    repeated=uses[pid] > 1,
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
    used = set(
        Premise.objects.filter(
            claim__in=pieces.cards, argument__deleted_at__isnull=True
        ).values_list("claim_id", flat=True)
    )
    for claim_id in sorted(claim_ids):
        if claim_id in pieces.cards and claim_id not in used:
            node = pieces.cards[claim_id]
            pieces.roots.append(OutlineClaim(claim=node, collapsed=bool(pieces.groups[claim_id])))
        else:
            pieces.not_roots.append(claim_id)
    pieces.claims = Claim.objects.filter(map=map, deleted_at__isnull=True).count()
    # The services delete an argument with its conclusion or its last premise: the live ones
    # are those the outline shows (an index count, not a join over the map).
    pieces.arguments = Argument.objects.filter(map=map, deleted_at__isnull=True).count()
    return pieces


def branch(map: Map, claim_id: int, depth: int) -> OutlineClaim:
    """A claim's branch of the outline, ``depth`` levels deep, read level by level (a fixed
    number of queries). A claim reached twice within the branch is drawn in full once."""
    claims = claim_nodes(Claim.objects.filter(map=map, pk=claim_id))
    arguments: dict[int, ArgumentNode] = {}
    level = set(claims)
    for _ in range(depth):
        found = standing_arguments(Argument.objects.filter(conclusion__in=level))
        found += standing_arguments(Argument.objects.filter(target__in=[a.id for a in found]))
        arguments.update((a.id, a) for a in found)
        level = {pid for a in found for pid in a.premise_ids} - set(claims)
        claims.update(claim_nodes(Claim.objects.filter(pk__in=level)))
    graph = ArgumentGraph(claims=claims, arguments=arguments)
    return graph.outline_of(claim_id, depth)
