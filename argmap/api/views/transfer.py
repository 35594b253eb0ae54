"""Maps in and out as files: AIF, Argdown, Kialo (and Markdown out), as on the pages."""

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
from rest_framework.exceptions import NotAuthenticated
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.formats import maps as formats
from argmap.maps.imports import import_map_file
from argmap.maps.selectors import map_graph_for_export

from ..openapi import BAD_REQUEST, READ_ERRORS, UNAUTHORIZED
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


@extend_schema(
    request={
        "multipart/form-data": inline_serializer(
            "MapImport",
            {
                "file": serializers.FileField(),
                "format": serializers.ChoiceField(choices=IMPORTS, required=False),
                "title": serializers.CharField(required=False),
            },
        )
    },
    responses={
        201: inline_serializer(
            "MapImported",
            {
                "slug": serializers.SlugField(),
                "format": serializers.CharField(),
                "counts": serializers.DictField(child=serializers.IntegerField()),
                "report": serializers.ListField(child=serializers.CharField()),
            },
        ),
        400: BAD_REQUEST,
        401: UNAUTHORIZED,
    },
)
@api_view(["POST"])
@parser_classes([MultiPartParser])
def map_import(request: Request) -> Response:
    """Create a private map of yours from an AIF, Argdown or Kialo file (format detected or given)."""
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
    try:
        report = import_map_file(
            data=upload.read(),
            filename=upload.name or "map",
            format=chosen,
            title=request.POST.get("title") or None,
            owner=user_of(request),
        )
    except ValidationError as error:
        return Response({"file": error.messages}, status=400)
    body = {
        "slug": report.map.slug,
        "format": report.format,
        "counts": report.counts,
        "report": report.report,
    }
    return Response(body, status=201)
