"""The focus view: one claim in the middle, its reasons and objections in two columns, the path
from the central claim above it, and an overview of the whole map to jump from.

The page reads the map's graph once (the evaluation's, cached, when Evaluate is on) and the
notes of the cards it shows in one query: its queries do not grow with the map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from argmap.graph import (
    SUPPORT,
    ArgumentGraph,
    ArgumentNode,
    ClaimNode,
    OutlineArgument,
    OutlineClaim,
)

from .. import evaluation_cache, permissions, selectors
from ..evaluation import Evaluation, why
from ..models import Annotation, Map
from .common import HtmxHttpRequest, evaluate_mode, map_for
from .evaluation import MODES

OVERVIEW_DEPTH = 40  # as deep as the outline goes; deeper claims are not drawn
OVERVIEW_NAME = 160  # characters of a claim's text in the overview's names


@dataclass
class Card:
    """A claim as the focus view shows it, with what lies directly beneath it."""

    claim: ClaimNode
    reasons: int = 0
    objections: int = 0
    notes: int = 0


@dataclass
class Group:
    """A reason or an objection (its co-premises together), or an undercut ``depth`` levels
    below the reason or objection before it."""

    argument: ArgumentNode
    label: str  # Reason, Objection, Undercut
    cards: list[Card]
    depth: int = 0


@dataclass
class Column:
    groups: list[Group] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(1 for g in self.groups if not g.depth)


def map_graph_as_seen(
    request: HtmxHttpRequest, map: Map
) -> tuple[ArgumentGraph, Evaluation | None]:
    """The graph the workspace shows, with its evaluation when the Evaluate switch is on."""
    mode = evaluate_mode(request, map)
    if mode:
        evaluated = evaluation_cache.evaluated(map, request.user, mode)
        return evaluated.graph, evaluated.evaluation
    return selectors.map_graph(map), None


def _groups(argument: OutlineArgument, depth: int = 0) -> list[Group]:
    """The argument, then the undercuts below it (flat, each with its depth), as the handout."""
    cards = [Card(item.claim) for item in argument.premises]
    found = [Group(argument.argument, argument.label, cards, depth)]
    for undercut in argument.undercuts:
        found += _groups(undercut, depth + 1)
    return found


def _count(graph: ArgumentGraph, cards: list[Card]) -> None:
    """Fill in each card's reasons and objections from the graph in hand, and its notes from one
    query for all the cards shown."""
    notes = dict(
        Annotation.objects.filter(claim_id__in={c.claim.id for c in cards}, deleted_at__isnull=True)
        .values("claim_id")
        .annotate(n=Count("id"))
        .values_list("claim_id", "n")
    )
    for card in cards:
        arguments = graph.arguments_for_claim.get(card.claim.id, [])
        card.reasons = sum(1 for a in arguments if a.kind == SUPPORT)
        card.objections = len(arguments) - card.reasons
        card.notes = notes.get(card.claim.id, 0)


def overview(graph: ArgumentGraph, evaluation: Evaluation | None) -> list[dict[str, Any]]:
    """The map as nested claims for the overview's sunburst, from the outline (one pass): each
    with its kind (central, reason, objection, undercut) and, with Evaluate on, its label. The
    premises of an undercut hang beside those of the argument it attacks."""
    labels = evaluation.labelling.claims if evaluation is not None else None

    def node(item: OutlineClaim, kind: str) -> dict[str, Any]:
        text = item.claim.text
        shown: dict[str, Any] = {
            "id": item.claim.id,
            "name": text if len(text) <= OVERVIEW_NAME else text[: OVERVIEW_NAME - 1] + "…",
            "kind": kind,
        }
        if labels is not None:
            shown["label"] = labels.get(item.claim.id, "")
        if item.repeated:
            shown["repeated"] = True  # expanded where it is nearest the central claim
        children = [child for argument in item.arguments for child in nodes(argument)]
        if children:
            shown["children"] = children
        return shown

    def nodes(argument: OutlineArgument) -> list[dict[str, Any]]:
        found = [node(premise, argument.label.lower()) for premise in argument.premises]
        for undercut in argument.undercuts:
            found += nodes(undercut)
        return found

    return [node(item, "central") for item in graph.outline(OVERVIEW_DEPTH)]


@require_GET
def claim_focus(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """A claim as the centre: its reasons and objections side by side, breadcrumbs, overview."""
    map = map_for(request, slug)
    graph, evaluation = map_graph_as_seen(request, map)
    if pk not in graph.claims:
        return render(request, "maps/focus.html", {"map": map, "missing": True}, status=404)
    centre = Card(graph.claims[pk])
    reasons, objections = Column(), Column()
    for argument in graph.outline_of(pk, max_depth=1).arguments:
        (reasons if argument.argument.kind == SUPPORT else objections).groups += _groups(argument)
    _count(graph, [centre, *(c for g in reasons.groups + objections.groups for c in g.cards)])
    mode = evaluate_mode(request, map)
    context = {
        "map": map,
        "centre": centre,
        "path": [graph.claims[cid] for cid in graph.path_to(pk)],
        "reasons": reasons,
        "objections": objections,
        "evaluation": evaluation,
        "why": why(evaluation, pk) if evaluation is not None else None,
        "evaluate_mode": MODES.get(mode, "") if evaluation is not None else "",
        "can_edit": permissions.can_edit(request.user, map),
        "overview": {
            "title": map.title,
            "current": pk,
            "focus_url": reverse("maps:claim-focus", kwargs={"slug": map.slug, "pk": 0}),
            "evaluated": evaluation is not None,
            "children": overview(graph, evaluation),
        },
    }
    return render(request, "maps/focus.html", context)
