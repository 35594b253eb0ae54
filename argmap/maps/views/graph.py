from django.http import HttpResponse
from django.shortcuts import render

from ..models import Claim
from .common import HtmxHttpRequest, map_for


def map_graph_page(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The map as boxes and arrows, drawn in the browser from the map graph API."""
    map = map_for(request, slug)
    has_claims = Claim.objects.filter(map=map, deleted_at__isnull=True).exists()
    return render(request, "maps/graph.html", {"map": map, "has_claims": has_claims})
