from django.http import HttpResponse
from django.shortcuts import render

from .. import permissions
from ..models import Claim
from .common import HtmxHttpRequest, evaluate_mode, map_for


def map_graph_page(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The map as boxes and arrows, drawn in the browser from the map graph API; with the
    Evaluate switch's labels when it is on, and drag-to-link for those who may edit."""
    map = map_for(request, slug)
    has_claims = Claim.objects.filter(map=map, deleted_at__isnull=True).exists()
    context = {
        "map": map,
        "has_claims": has_claims,
        "can_edit": permissions.can_edit(request.user, map),
        "evaluate_mode": evaluate_mode(request, map),
    }
    return render(request, "maps/graph.html", context)
