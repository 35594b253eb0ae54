"""Source documents with their passages, and the user making the request."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.sources.models import Source

from .. import filters
from ..openapi import READ_ERRORS, UNAUTHORIZED, WRITE_ERRORS
from ..pagination import PAGE_PARAMETERS, paginate, paginated
from ..serializers import SourceSerializer, SourceSummarySerializer, UserSerializer
from .common import user_of


@extend_schema(
    operation_id="sources_list",
    parameters=[filters.SourceFilter, *PAGE_PARAMETERS],
    responses={200: paginated(SourceSummarySerializer), 400: WRITE_ERRORS[400], **READ_ERRORS},
    description="The imported documents (without their passages), oldest first.",
)
@api_view(["GET"])
def source_list(request: Request) -> Response:
    params = filters.parse(request, filters.SourceFilter)
    rows = filters.sources(request, Source.objects.order_by("date", "title", "pk"), params)
    return paginate(request, rows, SourceSummarySerializer)


@extend_schema(responses={200: SourceSerializer, **READ_ERRORS})
@api_view(["GET"])
def source_detail(request: Request, slug: str) -> Response:
    """A source document's header facts and its passages in order."""
    sources = Source.objects.prefetch_related("passages").select_related("revision_of")
    source = get_object_or_404(
        sources.defer("revision_of__body", "revision_of__metadata"), slug=slug
    )
    return Response(SourceSerializer(source).data)


@extend_schema(responses={200: UserSerializer, 401: UNAUTHORIZED, 403: READ_ERRORS[403]})
@api_view(["GET"])
def user_me(request: Request) -> Response:
    """Who you are, as the API sees you."""
    return Response(UserSerializer(user_of(request)).data)
