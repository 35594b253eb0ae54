from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.maps import permissions, selectors
from argmap.maps.models import Map
from argmap.sources.models import Source

from .serializers import MapGraphSerializer, SourceSerializer

NOT_FOUND = OpenApiResponse(description="No such object, or not one you may read.")


@extend_schema(responses={200: SourceSerializer, 404: NOT_FOUND})
@api_view(["GET"])
def source_detail(request: Request, slug: str) -> Response:
    """A source document's header facts and its passages in order."""
    source = get_object_or_404(Source.objects.prefetch_related("passages"), slug=slug)
    return Response(SourceSerializer(source).data)


@extend_schema(responses={200: MapGraphSerializer, 404: NOT_FOUND})
@api_view(["GET"])
def map_graph(request: Request, slug: str) -> Response:
    """The whole map in one call: its live claims (with provenance) and arguments."""
    map = get_object_or_404(Map, slug=slug)
    if not permissions.can_read(request.user, map):
        raise NotFound("No map here.")
    graph = selectors.map_graph(map)
    data = {
        "slug": map.slug,
        "title": map.title,
        "claims": list(graph.claims.values()),
        "arguments": list(graph.arguments.values()),
    }
    return Response(MapGraphSerializer(data).data)
