"""Claims: list and filter, add (quoting a passage or not), read, change, delete and restore."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, parser_classes
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.maps import services
from argmap.maps.models import Claim, Map
from argmap.sources.models import Passage

from .. import filters
from ..inputs import ClaimCreate, ClaimUpdate
from ..openapi import ETAG, EXAMPLES, IF_MATCH, NO_CONTENT, READ_ERRORS, WRITE_ERRORS, conflict
from ..pagination import PAGE_PARAMETERS, paginate, paginated
from ..parsers import JSONParser
from ..serializers import ClaimSerializer
from .common import gate, seen_version, shaped, user_of


def claims() -> QuerySet[Claim]:
    return Claim.objects.select_related("map", "passage__source", "author").order_by("id")


def claim_for(request: Request, pk: int, need: str = "read", *, live: bool = True) -> Claim:
    """The claim if the user may ``need`` its map; deleted claims are 404 unless ``live=False``."""
    rows = claims() if not live else claims().filter(deleted_at__isnull=True)
    claim = get_object_or_404(rows, pk=pk)
    gate(request, claim.map, need)
    return claim


@extend_schema(
    methods=["GET"],
    operation_id="claims_list",
    parameters=[filters.ClaimFilter, *PAGE_PARAMETERS],
    responses={200: paginated(ClaimSerializer), 400: WRITE_ERRORS[400], **READ_ERRORS},
    description="Live claims of the maps you may read (or of one map), oldest first.",
)
@extend_schema(
    methods=["POST"],
    request=ClaimCreate,
    examples=EXAMPLES["claim_create"],
    parameters=[ETAG],
    responses={201: ClaimSerializer, **WRITE_ERRORS},
    description="Add a claim to a map (editors), optionally quoting a span of one of its sources' "
    "passages. Tags are set by changing the claim.",
)
@api_view(["GET", "POST"])
@parser_classes([JSONParser])
def claim_list(request: Request) -> Response:
    if request.method == "GET":
        params = filters.parse(request, filters.ClaimFilter)
        rows = filters.readable(
            request, claims().filter(deleted_at__isnull=True), params.get("map")
        )
        return paginate(request, filters.claims(rows, params), ClaimSerializer)
    author = user_of(request)
    data = ClaimCreate(data=request.data)
    data.is_valid(raise_exception=True)
    fields = dict(data.validated_data)
    map = gate(request, get_object_or_404(Map, slug=fields.pop("map")), "edit")
    passage = None
    if "source" in fields:
        source, label = fields.pop("source"), fields.pop("passage")
        passage = Passage.objects.filter(source__slug=source, label=label).first()
        if passage is None:
            return Response({"passage": [f"No passage {label} in source {source}."]}, status=400)
    claim = services.add_claim(map=map, author=author, passage=passage, **fields)
    return shaped(claims().get(pk=claim.pk), ClaimSerializer, request, status=201)


@extend_schema(methods=["GET"], parameters=[ETAG], responses={200: ClaimSerializer, **READ_ERRORS})
@extend_schema(
    methods=["PATCH"],
    request=ClaimUpdate,
    examples=EXAMPLES["claim_update"],
    parameters=[IF_MATCH, ETAG],
    responses={200: ClaimSerializer, **WRITE_ERRORS, **conflict(ClaimSerializer)},
    description="Change text, speaker or tags (editors), given the version you saw.",
)
@extend_schema(
    methods=["DELETE"],
    responses={204: NO_CONTENT, **READ_ERRORS},
    description="Delete the claim (editors), with the arguments about it and those left without "
    "a premise. It can be restored.",
)
@api_view(["GET", "PATCH", "DELETE"])
@parser_classes([JSONParser])
def claim_detail(request: Request, pk: int) -> Response:
    if request.method == "GET":
        return shaped(claim_for(request, pk), ClaimSerializer, request)
    claim = claim_for(request, pk, "edit")
    if request.method == "DELETE":
        services.delete_claim(claim=claim, actor=user_of(request))
        return Response(status=204)
    data = ClaimUpdate(data=request.data, partial=True)
    data.is_valid(raise_exception=True)
    changes = dict(data.validated_data)
    seen = seen_version(request, changes.pop("version", None))
    services.update_claim(claim=claim, version=seen, actor=user_of(request), **changes)
    return shaped(claims().get(pk=claim.pk), ClaimSerializer, request)


@extend_schema(
    request=None,
    parameters=[ETAG],
    responses={200: ClaimSerializer, **WRITE_ERRORS},
    description="Undo the deletion that removed it (editors): all that deletion removed comes back, "
    "or nothing if an argument would stand on a claim deleted separately (400).",
)
@api_view(["POST"])
def claim_restore(request: Request, pk: int) -> Response:
    claim = claim_for(request, pk, "edit", live=False)
    services.restore_claim(claim=claim, actor=user_of(request))
    return shaped(claims().get(pk=claim.pk), ClaimSerializer, request)
