"""Invitation links: owners list, make and withdraw them (joining is done on the link's page)."""

import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, parser_classes
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.maps import services
from argmap.maps.models import Invitation, Map

from ..inputs import InvitationCreate
from ..openapi import EXAMPLES, NO_CONTENT, READ_ERRORS, WRITE_ERRORS
from ..pagination import PAGE_PARAMETERS, paginate, paginated
from ..parsers import JSONParser
from ..serializers import InvitationSerializer
from .common import gate, user_of


def invitations(map: Map) -> QuerySet[Invitation]:
    return map.invitations.select_related("created_by").prefetch_related("uses__user")


@extend_schema(
    methods=["GET"],
    operation_id="maps_invitations_list",
    parameters=PAGE_PARAMETERS,
    responses={200: paginated(InvitationSerializer), **READ_ERRORS},
    description="The map's invitation links, newest first, with who joined through each "
    "(owners only).",
)
@extend_schema(
    methods=["POST"],
    request=InvitationCreate,
    examples=EXAMPLES["invitation_create"],
    responses={201: InvitationSerializer, **WRITE_ERRORS},
    description="Make a link that makes whoever opens it a viewer, commenter or editor "
    "(owners only). Send its url; they join on that page, signing up first if need be.",
)
@api_view(["GET", "POST"])
@parser_classes([JSONParser])
def invitation_list(request: Request, slug: str) -> Response:
    map = gate(request, get_object_or_404(Map, slug=slug), "own")
    if request.method == "GET":
        return paginate(request, invitations(map), InvitationSerializer)
    data = InvitationCreate(data=request.data)
    data.is_valid(raise_exception=True)
    days = data.validated_data["expires_in_days"]
    invitation = services.create_invitation(
        map=map,
        role=data.validated_data["role"],
        expires_in=datetime.timedelta(days=days) if days is not None else None,
        actor=user_of(request),
    )
    return Response(InvitationSerializer(invitation, context={"request": request}).data, 201)


@extend_schema(methods=["GET"], responses={200: InvitationSerializer, **READ_ERRORS})
@extend_schema(
    methods=["DELETE"],
    responses={204: NO_CONTENT, **WRITE_ERRORS},
    description="Withdraw the link (owners only): nobody joins through it any more; those who "
    "joined stay members. It stays listed, as withdrawn.",
)
@api_view(["GET", "DELETE"])
@parser_classes([JSONParser])
def invitation_detail(request: Request, slug: str, pk: int) -> Response:
    map = gate(request, get_object_or_404(Map, slug=slug), "own")
    invitation = get_object_or_404(invitations(map), pk=pk)
    if request.method == "GET":
        return Response(InvitationSerializer(invitation, context={"request": request}).data)
    services.revoke_invitation(invitation=invitation, actor=user_of(request))
    return Response(status=204)
