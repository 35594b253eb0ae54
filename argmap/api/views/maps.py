"""Maps: list, create, read, change, delete; their members, sources, and the whole graph."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, OuterRef, QuerySet, Subquery, Value
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, parser_classes
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.accounts.models import User
from argmap.maps import selectors, services
from argmap.maps.models import Map, Membership
from argmap.sources.models import Source

from .. import filters
from ..inputs import AttachSourceInput, CarryClaimsInput, MapCreate, MapUpdate
from ..openapi import ETAG, EXAMPLES, IF_MATCH, NO_CONTENT, READ_ERRORS, WRITE_ERRORS, conflict
from ..pagination import PAGE_PARAMETERS, paginate, paginated
from ..parsers import JSONParser
from ..serializers import CarriedSerializer, MapGraphSerializer, MapSerializer
from .common import gate, seen_version, shaped, user_of

MAP_FIELDS = ("title", "description", "visibility")


def maps_for(user: User | AnonymousUser) -> QuerySet[Map]:
    """Readable maps with their size, your role and their sources, in a fixed number of queries."""
    maps = selectors.map_list(user).select_related("created_by").prefetch_related("sources")
    if not isinstance(user, User):
        return maps.annotate(my_role=Value(None, output_field=CharField()))
    role = Membership.objects.filter(map=OuterRef("pk"), user=user).values("role")[:1]
    return maps.annotate(my_role=Subquery(role))


def readable_map(request: Request, slug: str) -> Map:
    """The map (404 if it is not there or may not be read), annotated for showing."""
    return get_object_or_404(maps_for(request.user), slug=slug)


@extend_schema(
    methods=["GET"],
    operation_id="maps_list",
    parameters=[filters.MapFilter, *PAGE_PARAMETERS],
    responses={200: paginated(MapSerializer), 400: WRITE_ERRORS[400], **READ_ERRORS},
    description="The maps you may read: public ones and those you are a member of, newest first.",
)
@extend_schema(
    methods=["POST"],
    request=MapCreate,
    examples=EXAMPLES["map_create"],
    responses={201: MapSerializer, **WRITE_ERRORS},
    parameters=[ETAG],
    description="A new map; you become its owner.",
)
@api_view(["GET", "POST"])
@parser_classes([JSONParser])
def map_list(request: Request) -> Response:
    if request.method == "GET":
        params = filters.parse(request, filters.MapFilter)
        return paginate(request, filters.maps(maps_for(request.user), params), MapSerializer)
    author = user_of(request)
    data = MapCreate(data=request.data)
    data.is_valid(raise_exception=True)
    new_map = services.create_map(created_by=author, **data.validated_data)
    return shaped(readable_map(request, new_map.slug), MapSerializer, request, status=201)


@extend_schema(
    methods=["GET"],
    responses={200: MapSerializer, **READ_ERRORS},
    parameters=[ETAG],
)
@extend_schema(
    methods=["PATCH"],
    request=MapUpdate,
    examples=EXAMPLES["map_update"],
    parameters=[IF_MATCH, ETAG],
    responses={200: MapSerializer, **WRITE_ERRORS, **conflict(MapSerializer)},
    description="Change title, description or visibility (owners only), given the version you saw.",
)
@extend_schema(
    methods=["DELETE"],
    responses={204: NO_CONTENT, **READ_ERRORS},
    description="Delete the map with everything in it (owners only). This cannot be undone.",
)
@api_view(["GET", "PATCH", "DELETE"])
@parser_classes([JSONParser])
def map_detail(request: Request, slug: str) -> Response:
    map = readable_map(request, slug)
    if request.method == "GET":
        return shaped(map, MapSerializer, request)
    gate(request, map, "own")
    if request.method == "DELETE":
        services.delete_map(map=map)
        return Response(status=204)
    data = MapUpdate(data=request.data, partial=True)
    data.is_valid(raise_exception=True)
    changes = data.validated_data
    seen = seen_version(request, changes.pop("version", None))
    fields = {name: changes.get(name, getattr(map, name)) for name in MAP_FIELDS}
    services.update_map(map=map, version=seen, actor=user_of(request), **fields)
    return shaped(readable_map(request, slug), MapSerializer, request)


@extend_schema(
    request=AttachSourceInput,
    examples=EXAMPLES["attach_source"],
    responses={200: MapSerializer, **WRITE_ERRORS},
    parameters=[ETAG],
    description="Attach an imported source document to the map (editors), so claims may quote it.",
)
@api_view(["POST"])
@parser_classes([JSONParser])
def map_attach_source(request: Request, slug: str) -> Response:
    map = gate(request, get_object_or_404(Map, slug=slug), "edit")
    data = AttachSourceInput(data=request.data)
    data.is_valid(raise_exception=True)
    source = Source.objects.filter(slug=data.validated_data["source"]).first()
    if source is None:
        return Response({"source": ["No source with this slug."]}, status=400)
    services.attach_source(map=map, source=source, actor=user_of(request))
    return shaped(readable_map(request, slug), MapSerializer, request)


@extend_schema(
    request=CarryClaimsInput,
    responses={200: CarriedSerializer, **WRITE_ERRORS},
    description="Carry the map's claims quoting one document to the same words in another (its "
    "revision), found by exact quote with prefix and suffix; claims whose words changed keep "
    "their quote and get an open question. Editors; one action, which undo takes back.",
)
@api_view(["POST"])
@parser_classes([JSONParser])
def map_carry_claims(request: Request, slug: str) -> Response:
    map = gate(request, get_object_or_404(Map, slug=slug), "edit")
    data = CarryClaimsInput(data=request.data)
    data.is_valid(raise_exception=True)
    documents = Source.objects.defer("body", "metadata")
    original = documents.filter(slug=data.validated_data["original"]).first()
    revision = documents.filter(slug=data.validated_data["revision"]).first()
    if original is None or revision is None:
        missing = "original" if original is None else "revision"
        return Response({missing: ["No source with this slug."]}, status=400)
    carried = services.carry_claims(
        map=map, original=original, revision=revision, actor=user_of(request)
    )
    moved, flagged = [c.pk for c in carried.moved], [c.pk for c in carried.flagged]
    return Response(CarriedSerializer({"moved": moved, "flagged": flagged}).data)


@extend_schema(responses={200: MapGraphSerializer, **READ_ERRORS})
@api_view(["GET"])
def map_graph(request: Request, slug: str) -> Response:
    """The whole map in one call: its live claims (with provenance) and arguments."""
    map = gate(request, get_object_or_404(Map, slug=slug))
    graph = selectors.map_graph(map)
    data = {
        "slug": map.slug,
        "title": map.title,
        "claims": list(graph.claims.values()),
        "arguments": list(graph.arguments.values()),
    }
    return Response(MapGraphSerializer(data).data)
