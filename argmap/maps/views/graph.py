from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .maps import readable_map_or_404


def map_graph_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The map as boxes and arrows, drawn in the browser from the map graph API."""
    map = readable_map_or_404(request, slug)
    return render(request, "maps/graph.html", {"map": map})
