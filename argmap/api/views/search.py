"""Search of every map and document you may read: claims, annotations and passages, ranked."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from argmap.maps import search

from .. import filters
from ..openapi import READ_ERRORS, WRITE_ERRORS
from ..pagination import PAGE_PARAMETERS, Pagination, paginated


class SearchFilter(serializers.Serializer):
    q = serializers.CharField(
        max_length=200,
        help_text='Words to find, stemmed ("draft" finds "drafting"); "a phrase", or, -word.',
    )


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["claim", "annotation", "passage"])
    id = serializers.IntegerField(source="pk")
    headline = serializers.CharField(
        help_text="The text (an excerpt of a long one), HTML-escaped, matched words in <mark>."
    )
    title = serializers.CharField(source="where", help_text="The map's or the document's title.")
    detail = serializers.CharField(
        help_text="The claim's speaker, the annotation's kind or the passage's label."
    )
    url = serializers.SerializerMethodField(help_text="Where it is shown (an HTML page).")

    def get_url(self, hit: search.Hit) -> str:
        return self.context["request"].build_absolute_uri(hit.url)


@extend_schema(
    operation_id="search",
    parameters=[SearchFilter, *PAGE_PARAMETERS],
    responses={200: paginated(SearchHitSerializer), 400: WRITE_ERRORS[400], **READ_ERRORS},
    description="Claims, annotations and passages matching q in the maps you may read (guests: "
    "public maps) and in the documents, best first.",
)
@api_view(["GET"])
def search_list(request: Request) -> Response:
    q = filters.parse(request, SearchFilter)["q"].strip()
    paginator = Pagination()
    rows = paginator.paginate_queryset(search.site_rows(request.user, q), request)
    data = SearchHitSerializer(search.hits(rows, q), many=True, context={"request": request}).data
    return paginator.get_paginated_response(data)
