from django import template
from django.utils.safestring import SafeString

from argmap.evaluation.words import MEANINGS
from argmap.graph import ArgumentGraph, ArgumentNode
from argmap.maps.evaluation import Evaluation
from argmap.maps.markdown import render_markdown
from argmap.maps.paths import map_path

register = template.Library()


# {% map_path name slug [pk] as path %}: {% url %} for the pages of a map, cached (paths.py).
register.simple_tag(map_path)


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
