"""Maps in and out as files: AIF, Argdown, Kialo (and Markdown out), as on the pages. Imports are
checked in the request and written by the task worker (a job the client follows); exports are
written in the request (under a second at 10,000 claims: bench/bench_jobs.py)."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.decorators import api_view, parser_classes
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.formats import maps as formats
from argmap.maps import map_imports
from argmap.maps.imports import map_title, read_map_file
from argmap.maps.models import MapImport
from argmap.maps.selectors import map_graph_for_export
from argmap.maps.tasks import queue_file

from ..openapi import BAD_REQUEST, NOT_FOUND, READ_ERRORS, UNAUTHORIZED
from ..serializers import MapImportQueuedSerializer, MapImportSerializer
from .common import user_of
from .maps import readable_map

EXPORTS = sorted(name for name, spec in formats.FORMATS.items() if spec.writer is not None)
IMPORTS = sorted(formats.IMPORT_FORMATS)


@extend_schema(
    parameters=[OpenApiParameter("name", enum=EXPORTS, location=OpenApiParameter.PATH)],
    responses={
        **{
            (200, media_type): OpenApiResponse(
                OpenApiTypes.OBJECT if media_type.endswith("json") else str,
                description="The map as a file of that format.",
            )
            for media_type in sorted({formats.FORMATS[name].media_type for name in EXPORTS})
        },
        400: BAD_REQUEST,
        **READ_ERRORS,
    },
)
@api_view(["GET"])
def map_export(request: Request, slug: str, name: str) -> HttpResponse | Response:
    """Download the map as AIF JSON, Argdown, Kialo text or a Markdown outline."""
    the_map = readable_map(request, slug)
    if name not in EXPORTS:
        return Response({"name": [f"Choose one of: {', '.join(EXPORTS)}."]}, status=400)
    spec = formats.FORMATS[name]
    response = HttpResponse(
        formats.write_map(map_graph_for_export(the_map), format=name),
        content_type=f"{spec.media_type}; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{the_map.slug}{spec.extension}"'
    return response


IMPORT_RESPONSE = OpenApiResponse(
    MapImportQueuedSerializer,
    description="The file was read and checked; the task worker creates the map. The Location "
    "header and `url` name the job: GET it until `state` is `done` (then `map` names the map) "
    "or `failed` (then `error` says why; nothing was written).",
)


@extend_schema(
    request={
        "multipart/form-data": inline_serializer(
            "MapImportUpload",
            {
                "file": serializers.FileField(),
                "format": serializers.ChoiceField(choices=IMPORTS, required=False),
                "title": serializers.CharField(required=False),
            },
        )
    },
    parameters=[
        OpenApiParameter(
            "Location",
            location=OpenApiParameter.HEADER,
            response=[202],
            description="The job's address (`/api/imports/<token>/`), as `url` in the body.",
        )
    ],
    responses={202: IMPORT_RESPONSE, 400: BAD_REQUEST, 401: UNAUTHORIZED},
)
@api_view(["POST"])
@parser_classes([MultiPartParser])
def map_import(request: Request) -> Response:
    """Create a private map of yours from an AIF, Argdown or Kialo file (format detected or given).

    The file is read and checked at once (a bad one is a 400 naming the file and line); the map is
    then written by the task worker: the answer is 202 with the job to follow.
    """
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    upload = request.FILES.get("file")
    if upload is None:
        return Response({"file": ["Send the map file as 'file'."]}, status=400)
    if upload.size is not None and upload.size > formats.MAX_MAP_BYTES:
        return Response(
            {"file": [f"{upload.name} is larger than {formats.MAX_MAP_BYTES:,} bytes."]}, status=400
        )
    chosen = request.POST.get("format") or None
    if chosen is not None and chosen not in IMPORTS:
        return Response({"format": [f"Choose one of: {', '.join(IMPORTS)}."]}, status=400)
    data, filename, given = upload.read(), upload.name or "map", request.POST.get("title")
    try:  # what the worker will check, checked here: a bad file is refused before it is queued
        parsed = read_map_file(data=data, filename=filename, format=chosen, title=given)
    except ValidationError as error:
        return Response({"file": error.messages}, status=400)
    graph = parsed.graph
    job = queue_file(
        owner=user_of(request),
        filename=filename,
        data=data,
        format=parsed.format,
        title=map_title(given=given, file_title=parsed.title, filename=filename),
        total=len(graph.claims) + len(graph.arguments),
    )
    context = {"request": request, "parsed": parsed}
    body = MapImportQueuedSerializer(job, context=context).data
    return Response(body, status=202, headers={"Location": body["url"]})


@extend_schema(responses={200: MapImportSerializer, 401: UNAUTHORIZED, 404: NOT_FOUND})
@api_view(["GET"])
def import_detail(request: Request, token: str) -> Response:
    """How far a map import of yours has come: its state, progress, error, and the new map."""
    if not request.user.is_authenticated:
        raise NotAuthenticated()
    job = map_imports.of_owner(token=token, owner=user_of(request))
    if job is None or job.state == MapImport.State.WAITING:  # a page's upload is not a job yet
        raise NotFound("No import of yours here.")
    return Response(MapImportSerializer(job, context={"request": request}).data)
