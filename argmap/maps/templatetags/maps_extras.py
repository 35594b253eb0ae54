from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString

from argmap.evaluation.words import MEANINGS
from argmap.graph import ArgumentGraph, ArgumentNode
from argmap.maps.evaluation import Evaluation
from argmap.maps.markdown import render_markdown

register = template.Library()


@register.simple_tag
def map_path(name: str, slug: str, pk: int) -> str:
    """``{% url name slug pk %}`` for the outline's hundreds of claims and arguments a page:
    reversed once per route and map (Django's reverse costs some 45 µs a call here), then the
    id put in."""
    head, tail = _path_around_pk(name, slug, get_script_prefix())
    return f"{head}{int(pk)}{tail}"


@lru_cache(maxsize=512)
def _path_around_pk(name: str, slug: str, _prefix: str) -> tuple[str, str]:
    # These routes put the pk after the slug: the marker's last occurrence is the pk's place.
    marker = "918273645"
    head, _, tail = reverse(name, args=(slug, int(marker))).rpartition(marker)
    return head, tail


@register.filter
def argument_label(argument: ArgumentNode) -> str:
    """What an argument is to a reader: a reason, an objection or an undercut."""
    if argument.is_undercut:
        return "Undercut"
    return "Reason" if argument.kind == "support" else "Objection"


@register.filter
def claim_text(graph: ArgumentGraph, claim_id: int) -> str:
    claim = graph.claims.get(claim_id)
    return claim.text if claim else "(a deleted claim)"


@register.filter
def standing_of(standing: dict[int, str], claim_id: int) -> str:
    """What a card of the outline's pieces labels its claim (OutlinePieces.standing)."""
    return standing.get(claim_id, "")


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def claim_label(evaluation: Evaluation, claim_id: int) -> str:
    return evaluation.labelling.claims.get(claim_id, "")


@register.filter
def label_meaning(label: str) -> str:
    """What a label means, as the legend says it (the badge's tooltip)."""
    return MEANINGS.get(label, "Not evaluated")


@register.filter
def argument_status(evaluation: Evaluation, argument_id: int) -> str:
    return evaluation.labelling.arguments.get(argument_id, "")


@register.filter
def strength(evaluation: Evaluation, claim_id: int) -> float:
    return round(evaluation.strengths.claims.get(claim_id, 0.0), 2)


@register.filter
def percent(value: float) -> int:
    return round(value * 100)
