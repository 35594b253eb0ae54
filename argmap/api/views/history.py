"""Undo and redo through the API: take back your last action on a map, or make again what your
last undo took back, as the workspace's toolbar does."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.maps import services
from argmap.maps.models import Map

from ..openapi import WRITE_ERRORS
from ..serializers import ChangeSerializer, UndoResult
from .common import gate, user_of


@extend_schema(
    request=None,
    responses={200: UndoResult, **WRITE_ERRORS},
    description="Undo your last action on the map (commenters, editors, owners): the whole action, "
    "applied inversely and recorded. Repeat to walk further back. Refused (400, with the reason) "
    "when there is nothing of yours to undo or someone changed the object since.",
)
@api_view(["POST"])
def map_undo(request: Request, slug: str) -> Response:
    map = gate(request, get_object_or_404(Map, slug=slug), "comment")
    undone = services.undo_last(map=map, actor=user_of(request))
    return Response({"undone": ChangeSerializer(undone, many=True).data})


@extend_schema(
    request=None,
    responses={200: UndoResult, **WRITE_ERRORS},
    description="Redo what your last undo on the map took back (commenters, editors, owners), by "
    "undoing that undo. Only until you change something else on the map: a new change ends what "
    "can be redone. Refused (400, with the reason) when there is nothing to redo or someone "
    "changed the object since. `undone` lists the changes of the undo that was taken back.",
)
@api_view(["POST"])
def map_redo(request: Request, slug: str) -> Response:
    map = gate(request, get_object_or_404(Map, slug=slug), "comment")
    undone = services.redo_last(map=map, actor=user_of(request))
    return Response({"undone": ChangeSerializer(undone, many=True).data})
