from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .. import permissions, selectors
from ..models import Map


def readable_map_or_404(request: HttpRequest, slug: str) -> Map:
    """The map, if the visitor may read it; a private map stays hidden (404) from others."""
    map = get_object_or_404(Map, slug=slug)
    if not permissions.can_read(request.user, map):
        raise Http404("No map here.")
    return map


def map_list(request: HttpRequest) -> HttpResponse:
    return render(request, "maps/map_list.html", {"maps": selectors.map_list(request.user)})


def map_detail(request: HttpRequest, slug: str) -> HttpResponse:
    map = readable_map_or_404(request, slug)
    graph = selectors.map_graph(map)
    return render(
        request,
        "maps/map_detail.html",
        {"map": map, "graph": graph, "outline": graph.outline(), "sources": map.sources.all()},
    )
