"""Every list is paginated the same way: ?page=N&page_size=M, with count, next and previous."""

from functools import cache
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from .filters import parse
from .inputs import MAX_INT, WholeNumber


class PageQuery(serializers.Serializer):
    page = WholeNumber(required=False, min_value=1, max_value=MAX_INT)
    page_size = WholeNumber(required=False, min_value=1, max_value=MAX_INT)


class Pagination(PageNumberPagination):
    """DRF's, with the two parameters checked like any other: a bad one is a 400 naming it."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        self.query = parse(request, PageQuery)
        return super().paginate_queryset(queryset, request, view)

    def get_page_size(self, request: Request) -> int:
        return min(self.query.get("page_size", self.page_size), self.max_page_size)

    def get_page_number(self, request: Request, paginator: Paginator) -> int:
        return self.query.get("page", 1)


PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number, from 1 (a page past the end: 404)."),
    OpenApiParameter("page_size", int, description="Items per page: 50 unless given, 200 at most."),
]


def paginate(
    request: Request, queryset: QuerySet, serializer_class: type[serializers.Serializer]
) -> Response:
    """One page of ``queryset`` (which must be ordered), serialized, with links to its neighbours."""
    paginator = Pagination()
    page = paginator.paginate_queryset(queryset, request)
    data = serializer_class(page, many=True, context={"request": request}).data
    return paginator.get_paginated_response(data)


@cache
def paginated(serializer_class: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The schema of a page of ``serializer_class`` (for the documentation only)."""
    name = serializer_class.__name__.removesuffix("Serializer")
    return type(
        f"Paginated{name}List",
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )
