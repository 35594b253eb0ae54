"""Reading the workspace: the page, the detail of a claim or argument, branches, the claim picker."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render

from argmap.query import IdListField, parse_query, search_field

from .. import outline_pieces, search
from .common import (
    HtmxHttpRequest,
    argument_of,
    claim_of,
    detail_context,
    full_page_context,
    map_for,
)

BRANCH_DEPTH = 3  # levels a branch loaded on demand shows


def map_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    map = map_for(request, slug)
    return render(request, "maps/workspace.html", full_page_context(request, map))


def claim_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The claim in the detail pane (htmx), or the workspace with it selected."""
    map = map_for(request, slug)
    claim = claim_of(map, pk, live=False)
    if request.htmx:
        context = detail_context(request, map, claim=claim)
        return render(request, "maps/workspace.html#detail", context)
    return render(request, "maps/workspace.html", full_page_context(request, map, claim=claim))


def argument_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug)
    argument = argument_of(map, pk, live=False)
    if request.htmx:
        return render(
            request,
            "maps/workspace.html#detail",
            detail_context(request, map, argument=argument),
        )
    return render(
        request, "maps/workspace.html", full_page_context(request, map, argument=argument)
    )


def claim_branch(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """A collapsed branch of the outline, loaded on demand; without htmx, the map focused on it."""
    map = map_for(request, slug)
    claim = claim_of(map, pk)
    if not request.htmx:
        return render(
            request, "maps/workspace.html", full_page_context(request, map, claim=claim, root=claim)
        )
    # The same context as the outline it joins (evaluation labels included), read from the
    # claim down: not the whole map.
    context = detail_context(request, map)
    context["item"] = outline_pieces.branch(map, claim.pk, BRANCH_DEPTH)
    return render(request, "maps/_outline_claim.html", context)


class PickerQuery(forms.Form):
    q = search_field()
    exclude = IdListField(required=False)  # claims already chosen


def claim_picker(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Search-as-you-type results for linking an existing claim (radio buttons of a form)."""
    map = map_for(request, slug)
    params = parse_query(request, PickerQuery)
    query, exclude = params["q"], params["exclude"]
    results = search.claims_containing(map, query, exclude=exclude) if query else []
    return render(request, "maps/_picker_results.html", {"picker_results": results, "q": query})
