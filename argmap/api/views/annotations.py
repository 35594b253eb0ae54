"""Notes, evidence and questions on claims and arguments (commenters may add them too)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, parser_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.maps import permissions, services
from argmap.maps.models import Annotation, Argument, Claim

from .. import filters
from ..inputs import AnnotationInput, AnnotationUpdate
from ..openapi import ETAG, EXAMPLES, IF_MATCH, NO_CONTENT, READ_ERRORS, WRITE_ERRORS, conflict
from ..pagination import PAGE_PARAMETERS, paginate, paginated
from ..parsers import JSONParser
from ..serializers import AnnotationSerializer
from .common import gate, seen_version, shaped, user_of


def annotations() -> QuerySet[Annotation]:
    return (
        Annotation.objects.filter(deleted_at__isnull=True)
        .exclude(claim__deleted_at__isnull=False)  # what they annotate is deleted: hidden too
        .exclude(argument__deleted_at__isnull=False)
        .select_related("map", "author")
        .order_by("created_at", "id")
    )


def live_claims() -> QuerySet[Claim]:
    return Claim.objects.filter(deleted_at__isnull=True).select_related("map")


def live_arguments() -> QuerySet[Argument]:
    return Argument.objects.filter(deleted_at__isnull=True).select_related("map")


def annotation_for(request: Request, pk: int) -> Annotation:
    annotation = get_object_or_404(annotations(), pk=pk)
    gate(request, annotation.map)
    return annotation


@extend_schema(
    methods=["GET"],
    operation_id="annotations_list",
    parameters=[filters.AnnotationFilter, *PAGE_PARAMETERS],
    responses={200: paginated(AnnotationSerializer), 400: WRITE_ERRORS[400], **READ_ERRORS},
    description="Live annotations of the maps you may read (or of one map), oldest first.",
)
@extend_schema(
    methods=["POST"],
    request=AnnotationInput,
    examples=EXAMPLES["annotation_create"],
    responses={201: AnnotationSerializer, **WRITE_ERRORS},
    description="Annotate a live claim or argument (commenters, editors, owners); one you may not "
    "read, or that is deleted, is a 404.",
)
@api_view(["GET", "POST"])
@parser_classes([JSONParser])
def annotation_list(request: Request) -> Response:
    if request.method == "GET":
        params = filters.parse(request, filters.AnnotationFilter)
        rows = filters.readable(request, annotations(), params.get("map"))
        return paginate(request, filters.annotations(rows, params), AnnotationSerializer)
    author = user_of(request)
    data = AnnotationInput(data=request.data)
    data.is_valid(raise_exception=True)
    fields = dict(data.validated_data)
    # As on the pages: what one may not read is a 404, whether it exists or not.
    target: Claim | Argument = (
        get_object_or_404(live_claims(), pk=fields.pop("claim"))
        if "claim" in fields
        else get_object_or_404(live_arguments(), pk=fields.pop("argument"))
    )
    gate(request, target.map, "comment")
    annotation = services.annotate(target=target, author=author, **fields)
    return Response(AnnotationSerializer(annotation).data, status=201)


@extend_schema(
    methods=["GET"], parameters=[ETAG], responses={200: AnnotationSerializer, **READ_ERRORS}
)
@extend_schema(
    methods=["PATCH"],
    request=AnnotationUpdate,
    examples=EXAMPLES["annotation_update"],
    parameters=[IF_MATCH, ETAG],
    responses={200: AnnotationSerializer, **WRITE_ERRORS, **conflict(AnnotationSerializer)},
    description="Change the text, kind or link of your own annotation, given the version you saw. "
    "Nobody else may change it, editors and owners included (they may remove it).",
)
@extend_schema(
    methods=["DELETE"],
    responses={204: NO_CONTENT, **READ_ERRORS},
    description="Remove an annotation: your own (commenters), or any (editors, owners).",
)
@api_view(["GET", "PATCH", "DELETE"])
@parser_classes([JSONParser])
def annotation_detail(request: Request, pk: int) -> Response:
    annotation = annotation_for(request, pk)
    if request.method == "GET":
        return shaped(annotation, AnnotationSerializer, request)
    gate(request, annotation.map, "comment")
    if request.method == "PATCH":
        if annotation.author_id != request.user.pk:
            raise PermissionDenied("Only its author may change this annotation.")
        data = AnnotationUpdate(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        seen = seen_version(request, changes.pop("version", None))
        services.update_annotation(
            annotation=annotation, version=seen, actor=user_of(request), **changes
        )
        return shaped(annotations().get(pk=pk), AnnotationSerializer, request)
    if annotation.author_id != request.user.pk and not permissions.can_edit(
        request.user, annotation.map
    ):
        raise PermissionDenied("Only its author or an editor may remove this annotation.")
    services.delete_annotation(annotation=annotation, actor=user_of(request))
    return Response(status=204)
