"""Who belongs to a map: owners list, invite, change roles and remove; members may leave."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, parser_classes
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.maps import services
from argmap.maps.models import Map, Membership

from ..inputs import MemberInvite, MemberRole
from ..openapi import EXAMPLES, NO_CONTENT, READ_ERRORS, WRITE_ERRORS
from ..pagination import PAGE_PARAMETERS, paginate, paginated
from ..parsers import JSONParser
from ..serializers import MembershipSerializer
from .common import gate, user_of


def members(map: Map) -> QuerySet[Membership]:
    return Membership.objects.filter(map=map).select_related("user").order_by("created_at", "pk")


@extend_schema(
    methods=["GET"],
    operation_id="maps_members_list",
    parameters=PAGE_PARAMETERS,
    responses={200: paginated(MembershipSerializer), **READ_ERRORS},
    description="Who belongs to the map, in which role (owners only).",
)
@extend_schema(
    methods=["POST"],
    request=MemberInvite,
    examples=EXAMPLES["member_invite"],
    responses={201: MembershipSerializer, **WRITE_ERRORS},
    description="Add someone who has an account, by user name or e-mail address (owners only).",
)
@api_view(["GET", "POST"])
@parser_classes([JSONParser])
def member_list(request: Request, slug: str) -> Response:
    map = gate(request, get_object_or_404(Map, slug=slug), "own")
    if request.method == "GET":
        return paginate(request, members(map), MembershipSerializer)
    data = MemberInvite(data=request.data)
    data.is_valid(raise_exception=True)
    member = services.invite_member(map=map, actor=user_of(request), **data.validated_data)
    return Response(MembershipSerializer(member).data, status=201)


@extend_schema(methods=["GET"], responses={200: MembershipSerializer, **READ_ERRORS})
@extend_schema(
    methods=["PATCH"],
    request=MemberRole,
    examples=EXAMPLES["member_role"],
    responses={200: MembershipSerializer, **WRITE_ERRORS},
    description="Change a member's role (owners only). A map always keeps an owner: the last one "
    "cannot step down.",
)
@extend_schema(
    methods=["DELETE"],
    responses={204: NO_CONTENT, **WRITE_ERRORS},
    description="Remove a member (owners), or leave the map yourself. The last owner cannot go.",
)
@api_view(["GET", "PATCH", "DELETE"])
@parser_classes([JSONParser])
def member_detail(request: Request, slug: str, username: str) -> Response:
    map = gate(request, get_object_or_404(Map, slug=slug), "read")
    leaving = request.method == "DELETE" and username == request.user.get_username()
    if not leaving:
        gate(request, map, "own")
    membership = get_object_or_404(members(map), user__username=username)
    if request.method == "GET":
        return Response(MembershipSerializer(membership).data)
    if request.method == "DELETE":
        services.remove_member(membership=membership, actor=user_of(request))
        return Response(status=204)
    data = MemberRole(data=request.data)
    data.is_valid(raise_exception=True)
    services.change_role(membership=membership, actor=user_of(request), **data.validated_data)
    return Response(MembershipSerializer(members(map).get(pk=membership.pk)).data)
