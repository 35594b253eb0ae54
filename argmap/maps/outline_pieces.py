"""Reads for the pieces of the outline a change touched (DESIGN.md, "Fragments").

A claim's card, its group of arguments (premises shown one level deep: the page keeps the
branches it has already loaded below them) and whether it is a central claim now; in a fixed
number of queries, whatever the size of the map.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Func, Subquery

from argmap.graph import (
    ArgumentGraph,
    ArgumentNode,
    ClaimNode,
    OutlineArgument,
    OutlineClaim,
    standing,
)

from .models import Argument, Change, Claim, Map, Premise
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


def last_action(map: Map, actor_id: int | None) -> tuple[set[int], list[int]]:
    """The claims touched by the actor's last action on the map, and those it made (one query)."""
    last = (
        Change.objects.filter(map=map, actor=actor_id).order_by("-at", "-id").values("action")[:1]
    )
    rows = Change.objects.filter(map=map, action=Subquery(last)).values_list(
        "claim_ids", "operation", "object_id"
    )
    touched: set[int] = set()
    made: list[int] = []
    for claim_ids, operation, object_id in rows.order_by("id"):
        touched.update(claim_ids)
        if operation == "claim.create":
            made.append(object_id)
    return touched, made


def last_action_claims(map: Map, actor_id: int | None) -> set[int]:
    """The claims touched by the actor's last action on the map (one query)."""
    return last_action(map, actor_id)[0]


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
    # How many live arguments use each of these claims as a premise: a premise of several is
    # drawn in full under one of them (the page has it), a card used by none is central. The
    # services delete an argument with its conclusion: a live argument is about a live claim.
    uses = Counter(
        Premise.objects.filter(
            claim__in=[*premises, *pieces.cards], argument__deleted_at__isnull=True
        ).values_list("claim_id", flat=True)
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
    pieces.claims, pieces.arguments = map_counts(map)
    for claim_id in pieces.cards:
        pieces.standing[claim_id] = standing(
            root=not uses[claim_id], linked=bool(pieces.groups[claim_id]), alone=pieces.claims == 1
        )
    for claim_id in sorted(claim_ids):
        if claim_id in pieces.cards and not uses[claim_id]:
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


def map_counts(map: Map) -> tuple[int, int]:
    """The live claims and arguments of the map, counted in one query on their (map, deleted_at)
    indexes. The services delete an argument with its conclusion or its last premise: the live
    ones are those the outline shows (an index count, not a join over the map)."""
    live_claims = Claim.objects.filter(map=map, deleted_at__isnull=True)
    live_arguments = Argument.objects.filter(map=map, deleted_at__isnull=True)
    counts = Map.objects.filter(pk=map.pk).values_list(
        Subquery(live_claims.order_by().values(n=Func(F("pk"), function="COUNT"))),
        Subquery(live_arguments.order_by().values(n=Func(F("pk"), function="COUNT"))),
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
