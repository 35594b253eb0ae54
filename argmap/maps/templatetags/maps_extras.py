from django import template
from django.utils.safestring import SafeString

from argmap.graph import ArgumentGraph, ArgumentNode
from argmap.maps.markdown import render_markdown

register = template.Library()


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
def markdown(text: str) -> SafeString:
    return render_markdown(text)
