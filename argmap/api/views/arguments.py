"""Arguments: reasons, objections and undercuts; their premises; moving, deleting, restoring."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, parser_classes
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.maps import services
from argmap.maps.models import Argument, Claim, Map, Premise

from .. import filters
from ..inputs import ArgumentInput, MoveInput, PremiseInput, Version
from ..openapi import ETAG, EXAMPLES, IF_MATCH, NO_CONTENT, READ_ERRORS, WRITE_ERRORS, conflict
from ..pagination import PAGE_PARAMETERS, paginate, paginated
from ..parsers import JSONParser
from ..serializers import ArgumentSerializer
from .common import gate, seen_version, shaped, user_of


def arguments() -> QuerySet[Argument]:
    links = Premise.objects.select_related("claim").order_by("position", "pk")
    return (
        Argument.objects.select_related("map", "author")
        .prefetch_related(Prefetch("premise_links", queryset=links))
        .order_by("id")
    )


def argument_for(request: Request, pk: int, need: str = "read", *, live: bool = True) -> Argument:
    rows = arguments().filter(deleted_at__isnull=True) if live else arguments()
    argument = get_object_or_404(rows, pk=pk)
    gate(request, argument.map, need)
    return argument


def claim_in(map: Map, pk: int, field: str) -> Claim:
    """A claim of the map named in the body; one of another map or none at all is a 400."""
    claim = Claim.objects.filter(map=map, pk=pk).first()
    if claim is None:
        raise invalid(field, f"No claim {pk} in this map.")
    return claim


def invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


def answer(request: Request, argument: Argument, status: int = 200) -> Response:
    return shaped(arguments().get(pk=argument.pk), ArgumentSerializer, request, status=status)


@extend_schema(
    methods=["GET"],
    operation_id="arguments_list",
    parameters=[filters.ArgumentFilter, *PAGE_PARAMETERS],
    responses={200: paginated(ArgumentSerializer), 400: WRITE_ERRORS[400], **READ_ERRORS},
    description="Live arguments of the maps you may read (or of one map), oldest first.",
)
@extend_schema(
    methods=["POST"],
    request=ArgumentInput,
    examples=EXAMPLES["argument_create"],
    parameters=[ETAG],
    responses={201: ArgumentSerializer, **WRITE_ERRORS},
    description="Add a reason (support of a conclusion), an objection (attack on a conclusion) or "
    "an undercut (attack on a target argument), with premises that are claims of the map or new "
    "claims (editors).",
)
@api_view(["GET", "POST"])
@parser_classes([JSONParser])
def argument_list(request: Request) -> Response:
    if request.method == "GET":
        params = filters.parse(request, filters.ArgumentFilter)
        rows = filters.readable(
            request, arguments().filter(deleted_at__isnull=True), params.get("map")
        )
        return paginate(request, filters.arguments(rows, params), ArgumentSerializer)
    author = user_of(request)
    data = ArgumentInput(data=request.data)
    data.is_valid(raise_exception=True)
    fields = data.validated_data
    map = gate(request, get_object_or_404(Map, slug=fields["map"]), "edit")
    premises: list[Claim | str] = [
        claim_in(map, p, "premises") if isinstance(p, int) else p for p in fields["premises"]
    ]
    scheme = fields.get("scheme", "")
    if "target" in fields:
        if fields["kind"] != Argument.Kind.ATTACK:
            raise invalid("target", "Only an attack can target an argument (an undercut).")
        target = Argument.objects.filter(map=map, pk=fields["target"]).first()
        if target is None:
            raise invalid("target", f"No argument {fields['target']} in this map.")
        argument = services.add_undercut(
            argument=target, premises=premises, author=author, scheme=scheme
        )
    else:
        conclusion = claim_in(map, fields["conclusion"], "conclusion")
        if fields["kind"] == Argument.Kind.SUPPORT:
            argument = services.add_support(
                conclusion=conclusion, premises=premises, author=author, scheme=scheme
            )
        else:
            argument = services.add_rebuttal(
                claim=conclusion, premises=premises, author=author, scheme=scheme
            )
    return answer(request, argument, status=201)


@extend_schema(
    methods=["GET"], parameters=[ETAG], responses={200: ArgumentSerializer, **READ_ERRORS}
)
@extend_schema(
    methods=["PATCH"],
    request=MoveInput,
    examples=EXAMPLES["argument_move"],
    parameters=[IF_MATCH, ETAG],
    responses={200: ArgumentSerializer, **WRITE_ERRORS, **conflict(ArgumentSerializer)},
    description="Move the argument to another conclusion claim of the map (editors), given the "
    "version you saw.",
)
@extend_schema(
    methods=["DELETE"],
    responses={204: NO_CONTENT, **READ_ERRORS},
    description="Delete the argument and the undercuts attacking it (editors). It can be restored.",
)
@api_view(["GET", "PATCH", "DELETE"])
@parser_classes([JSONParser])
def argument_detail(request: Request, pk: int) -> Response:
    if request.method == "GET":
        return shaped(argument_for(request, pk), ArgumentSerializer, request)
    argument = argument_for(request, pk, "edit")
    if request.method == "DELETE":
        services.delete_argument(argument=argument, actor=user_of(request))
        return Response(status=204)
    data = MoveInput(data=request.data)
    data.is_valid(raise_exception=True)
    seen = seen_version(request, data.validated_data.get("version"))
    conclusion = claim_in(argument.map, data.validated_data["conclusion"], "conclusion")
    services.move_argument(
        argument=argument, version=seen, conclusion=conclusion, actor=user_of(request)
    )
    return answer(request, argument)


@extend_schema(
    request=None,
    parameters=[ETAG],
    responses={200: ArgumentSerializer, **WRITE_ERRORS},
    description="Undo the deletion that removed it (editors): all that deletion removed comes back, "
    "or nothing if an argument would stand on a claim deleted separately (400).",
)
@api_view(["POST"])
def argument_restore(request: Request, pk: int) -> Response:
    argument = argument_for(request, pk, "edit", live=False)
    services.restore_argument(argument=argument, actor=user_of(request))
    return answer(request, argument)


@extend_schema(
    request=PremiseInput,
    examples=EXAMPLES["premise_add"],
    parameters=[IF_MATCH, ETAG],
    responses={201: ArgumentSerializer, **WRITE_ERRORS, **conflict(ArgumentSerializer)},
    description="Add a co-premise (editors): a claim of the map, or the text of a new claim, that "
    "argues together with the others. Needs the version of the argument you saw.",
)
@api_view(["POST"])
@parser_classes([JSONParser])
def argument_add_premise(request: Request, pk: int) -> Response:
    argument = argument_for(request, pk, "edit")
    data = PremiseInput(data=request.data)
    data.is_valid(raise_exception=True)
    fields = data.validated_data
    seen = seen_version(request, fields.get("version"))
    premise = (
        claim_in(argument.map, fields["claim"], "claim") if "claim" in fields else fields["text"]
    )
    services.add_premise(argument=argument, version=seen, premise=premise, author=user_of(request))
    return answer(request, argument, status=201)


VERSION_QUERY = OpenApiParameter(
    "version", int, description="The version of the argument you saw (or send it as If-Match)."
)


@extend_schema(
    parameters=[IF_MATCH, VERSION_QUERY, ETAG],
    responses={200: ArgumentSerializer, **WRITE_ERRORS, **conflict(ArgumentSerializer)},
    description="Take a claim out of the argument's premises (editors); an argument keeps at "
    "least one. Needs the version of the argument you saw.",
)
@api_view(["DELETE"])
def argument_remove_premise(request: Request, pk: int, claim_pk: int) -> Response:
    argument = argument_for(request, pk, "edit")
    claim = get_object_or_404(Claim, map=argument.map, pk=claim_pk)
    seen = seen_version(request, query_version(request))
    services.remove_premise(argument=argument, version=seen, claim=claim, actor=user_of(request))
    return answer(request, argument)


class VersionQuery(serializers.Serializer):
    version = Version()


def query_version(request: Request) -> int | None:
    return filters.parse(request, VersionQuery).get("version")
