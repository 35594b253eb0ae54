"""Search pages: the workspace's search over one map, and the site's search of all one may read.

The site's page lives with the maps because its results are mostly claims and annotations and
it reads the maps' permissions; passages come from argmap.sources through the same service
(argmap/maps/search.py), which the API calls as well.
"""

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from argmap.evaluation import IN, OUT, UNDEC
from argmap.query import page_field, parse_query, search_field

from .. import evaluation_cache, search
from ..fields import SPEAKER_MAX_LENGTH, TAG_MAX_LENGTH
from .common import HtmxHttpRequest, evaluate_mode, full_page_context, map_for

SITE_PAGE_SIZE = 20


def yes_field() -> forms.ChoiceField:
    """A checkbox filter: absent, empty or 'yes'; anything else is a 400 naming it."""
    return forms.ChoiceField(choices=[("", "any"), ("yes", "yes")], required=False)


class MapSearchQuery(forms.Form):
    q = search_field()
    tag = forms.CharField(max_length=TAG_MAX_LENGTH, required=False)
    speaker = forms.CharField(max_length=SPEAKER_MAX_LENGTH, required=False)
    questions = yes_field()
    evidence = yes_field()
    label = forms.ChoiceField(
        choices=[("", "any"), (IN, IN), (OUT, OUT), (UNDEC, UNDEC)], required=False
    )


class SiteSearchQuery(forms.Form):
    q = search_field()
    page = page_field()


def map_search(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The claims found in one map (htmx: the results; without JavaScript: the workspace)."""
    map = map_for(request, slug)
    params = parse_query(request, MapSearchQuery)
    mode = evaluate_mode(request, map)  # labels exist when Evaluate is on
    labels = None
    if mode and params["label"]:
        labels = evaluation_cache.evaluated(map, request.user, mode).evaluation.labelling.claims
    filters = search.Filters(
        tag=params["tag"],
        speaker=params["speaker"],
        questions=params["questions"] == "yes",
        evidence=params["evidence"] == "yes",
        label=params["label"] if mode else "",
    )
    context = {
        "map": map,
        "search": search.in_map(map, params["q"].strip(), filters, labels=labels),
    }
    if request.htmx:
        return render(request, "maps/_search_results.html", context)
    return render(request, "maps/workspace.html", {**full_page_context(request, map), **context})


def site_search(request: HttpRequest) -> HttpResponse:
    """Claims, annotations and passages of every map and document the visitor may read."""
    params = parse_query(request, SiteSearchQuery)
    q = params["q"].strip()
    context: dict = {"q": q, "page": None, "hits": []}
    if q:
        page = Paginator(search.site_rows(request.user, q), SITE_PAGE_SIZE).get_page(
            params["page"] or 1
        )
        context.update(page=page, hits=search.hits(page.object_list, q))
    return render(request, "maps/search.html", context)
