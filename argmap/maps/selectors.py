"""Reads shared by pages, API and exports, each in a fixed number of queries."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Q, QuerySet

from argmap.accounts.models import User
from argmap.graph import ArgumentGraph, ArgumentNode, ClaimNode

from .models import Argument, Claim, Map, Premise
from .permissions import readable_maps


def map_list(user: User | AnonymousUser) -> QuerySet[Map]:
    """Maps the user may read, with their size and last change, newest first (one query)."""
    live = Q(claims__deleted_at__isnull=True)
    return (
        readable_maps(user)
        .annotate(
            claim_count=Count("claims", filter=live, distinct=True),
            last_change=Max("claims__updated_at"),
        )
        .order_by("-updated_at")
    )


def map_graph(map: Map) -> ArgumentGraph:
    """The live claims and arguments of a map as an ArgumentGraph, in three queries.

    An argument is left out when its conclusion, its target or all its premises are deleted.
    """
    claims = {
        c.pk: ClaimNode(
            id=c.pk,
            text=c.text,
            speaker=c.speaker,
            source_slug=c.passage.source.slug if c.passage else "",
            passage_label=c.passage.label if c.passage else "",
            span_start=c.span_start,
            span_end=c.span_end,
            quote=c.quote,
        )
        for c in Claim.objects.filter(map=map, deleted_at__isnull=True).select_related(
            "passage__source"
        )
    }
    premises: dict[int, list[int]] = {}
    for argument_id, claim_id in (
        Premise.objects.filter(argument__map=map, claim__deleted_at__isnull=True)
        .order_by("argument_id", "position")
        .values_list("argument_id", "claim_id")
    ):
        premises.setdefault(argument_id, []).append(claim_id)

    candidates = {
        a.pk: a
        for a in Argument.objects.filter(map=map, deleted_at__isnull=True).only(
            "pk", "kind", "conclusion_id", "target_id", "scheme"
        )
    }
    arguments: dict[int, ArgumentNode] = {}
    for pk, a in sorted(candidates.items()):
        if not premises.get(pk) or (a.conclusion_id is not None and a.conclusion_id not in claims):
            continue
        arguments[pk] = ArgumentNode(
            id=pk,
            kind=a.kind,
            premise_ids=premises[pk],
            conclusion_id=a.conclusion_id,
            target_id=a.target_id,
            scheme=a.scheme,
        )
    # An undercut of an argument that was left out goes too (targets may chain).
    changed = True
    while changed:
        changed = False
        for pk, node in list(arguments.items()):
            if node.target_id is not None and node.target_id not in arguments:
                del arguments[pk]
                changed = True
    return ArgumentGraph(title=map.title, claims=claims, arguments=arguments)
