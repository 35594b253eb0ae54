"""What the lists may be filtered by: query parameters, checked like a body, then applied.

A list filtered by a map the user may not read is a 404 (as the map's own page); without a
map, a list covers the maps the user may read. Bad values are a 400 naming the parameter.
"""

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from argmap.maps import permissions
from argmap.maps.models import Annotation, Map
from argmap.sources.models import Source

from .inputs import Id

M = TypeVar("M", bound=Model)

ARGUMENT_KINDS = [
    ("support", "Reasons"),
    ("attack", "Objections and undercuts"),
    ("undercut", "Undercuts: attacks on arguments"),
]
MAP = serializers.SlugField(
    required=False, allow_blank=True, max_length=120, help_text="Only this map (its slug)."
)
TEXT = serializers.CharField(
    required=False,
    allow_blank=True,
    max_length=200,
    help_text="Every word of it appears (any case).",
)


class MapFilter(serializers.Serializer):
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Every word appears in the title.",
    )
    visibility = serializers.ChoiceField(
        choices=Map.Visibility.choices, required=False, allow_blank=True
    )


class ClaimFilter(serializers.Serializer):
    map = MAP
    text = TEXT
    tag = serializers.CharField(
        required=False, allow_blank=True, max_length=50, help_text="Claims with this tag."
    )
    passage = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=160,
        help_text="Claims quoting this source ('<source slug>') or passage ('<source slug>:<label>').",
    )


class ArgumentFilter(serializers.Serializer):
    map = MAP
    kind = serializers.ChoiceField(
        choices=ARGUMENT_KINDS,
        required=False,
        allow_blank=True,
        help_text="support (reasons), attack (objections and undercuts), undercut (attacks on arguments).",
    )
    conclusion = Id(required=False, help_text="Arguments for or against this claim.")
    target = Id(required=False, help_text="Undercuts of this argument.")
    premise = Id(required=False, help_text="Arguments this claim is a premise of.")


class AnnotationFilter(serializers.Serializer):
    map = MAP
    claim = Id(required=False)
    argument = Id(required=False)
    kind = serializers.ChoiceField(
        choices=Annotation.Kind.choices, required=False, allow_blank=True
    )


class SourceFilter(serializers.Serializer):
    map = MAP
    kind = serializers.ChoiceField(choices=Source.Kind.choices, required=False, allow_blank=True)
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Every word appears in the title or symbol.",
    )


def parse(request: Request, filter_class: type[serializers.Serializer]) -> dict[str, Any]:
    params = filter_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


def readable_map(request: Request, slug: str) -> Map:
    map = get_object_or_404(Map, slug=slug)
    if not permissions.can_read(request.user, map):
        raise NotFound("No map here.")
    return map


def readable(request: Request, queryset: QuerySet[M], map_slug: str | None) -> QuerySet[M]:
    """Rows of the one map named (404 if it may not be read), or of every readable map."""
    if map_slug:
        return queryset.filter(map=readable_map(request, map_slug))
    return queryset.filter(map__in=permissions.readable_maps(request.user))


def words(queryset: QuerySet[M], text: str, *fields: str) -> QuerySet[M]:
    for word in text.split()[:8]:
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def claims(queryset: QuerySet, params: dict[str, Any]) -> QuerySet:
    if params.get("text"):
        queryset = words(queryset, params["text"], "text")
    if params.get("tag"):
        queryset = queryset.filter(tags__contains=[params["tag"].strip().lstrip("#")])
    if params.get("passage"):
        source, _, label = params["passage"].partition(":")
        queryset = queryset.filter(passage__source__slug=source)
        if label:
            queryset = queryset.filter(passage__label=label)
    return queryset


def arguments(queryset: QuerySet, params: dict[str, Any]) -> QuerySet:
    kind = params.get("kind")
    if kind == "undercut":
        queryset = queryset.filter(target__isnull=False)
    elif kind:
        queryset = queryset.filter(kind=kind)
    if "conclusion" in params:
        queryset = queryset.filter(conclusion_id=params["conclusion"])
    if "target" in params:
        queryset = queryset.filter(target_id=params["target"])
    if "premise" in params:
        queryset = queryset.filter(premise_links__claim_id=params["premise"])
    return queryset


def annotations(queryset: QuerySet, params: dict[str, Any]) -> QuerySet:
    for name in ("claim", "argument"):
        if name in params:
            queryset = queryset.filter(**{f"{name}_id": params[name]})
    if params.get("kind"):
        queryset = queryset.filter(kind=params["kind"])
    return queryset


def maps(queryset: QuerySet, params: dict[str, Any]) -> QuerySet:
    if params.get("text"):
        queryset = words(queryset, params["text"], "title")
    if params.get("visibility"):
        queryset = queryset.filter(visibility=params["visibility"])
    return queryset


def sources(request: Request, queryset: QuerySet, params: dict[str, Any]) -> QuerySet:
    if params.get("map"):
        queryset = queryset.filter(maps=readable_map(request, params["map"]))
    if params.get("kind"):
        queryset = queryset.filter(kind=params["kind"])
    if params.get("text"):
        queryset = words(queryset, params["text"], "title", "symbol")
    return queryset
