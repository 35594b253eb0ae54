from django.http import HttpResponse
from django.shortcuts import render

from .. import permissions
from ..models import Claim
from .common import HtmxHttpRequest, map_for
from .evaluation import session_key


def map_graph_page(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The map as boxes and arrows, drawn in the browser from the map graph API; with the
    Evaluate switch's labels when it is on, and drag-to-link for those who may edit."""
    map = map_for(request, slug)
    has_claims = Claim.objects.filter(map=map, deleted_at__isnull=True).exists()
    context = {
        "map": map,
        "has_claims": has_claims,
        "can_edit": permissions.can_edit(request.user, map),
        "evaluate_mode": request.session.get(session_key(map.pk), ""),
    }
    return render(request, "maps/graph.html", context)
