"""The admin shows everything; changes go through the pages and the API, which use the services.

Admin pages are read-only but for deleting a map, which calls the service as well.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from argmap.admin_deletion import SummarisedDeletion

from . import permissions, services
from .models import Annotation, Argument, Change, Claim, Judgement, Map, Membership, Premise


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only, and scoped by the same permissions as the pages: staff who are not superusers
    see only the maps they may read, and what belongs to them."""

    map_path = "map"  # how a row reaches its map

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        readable = permissions.readable_maps(request.user)
        return (
            queryset.filter(**{f"{self.map_path}__in": readable})
            if self.map_path
            else queryset.filter(pk__in=readable)
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipInline(ReadOnlyInline):
    model = Membership


# A filter by map lists only the maps of the rows shown, which the admin scoped to the maps the
# user may read: the title of a private map is never offered to someone who may not read it.
BY_MAP = ("map", admin.RelatedOnlyFieldListFilter)


@admin.register(Map)
class MapAdmin(SummarisedDeletion, ReadOnlyAdmin):
    map_path = ""
    list_display = ["title", "slug", "visibility", "created_by", "updated_at"]
    list_filter = ["visibility"]
    search_fields = ["title", "slug", "description"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def delete_model(self, request: HttpRequest, obj: Map) -> None:
        services.delete_map(map=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Map]) -> None:
        for map in queryset:
            services.delete_map(map=map)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["map", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["map__title", "user__username", "user__email"]
    list_select_related = ["map", "user"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["short_text", "map", "speaker", "passage", "version", "deleted_at"]
    list_filter = [BY_MAP, "speaker", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "speaker"]
    list_select_related = ["map", "passage"]
    raw_id_fields = ["passage", "author"]

    @admin.display(description="text")
    def short_text(self, obj: Claim) -> str:
        return obj.text[:100]


class PremiseInline(ReadOnlyInline):
    model = Premise


@admin.register(Argument)
class ArgumentAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "map", "conclusion", "target", "scheme", "deleted_at"]
    list_filter = ["kind", BY_MAP, ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["conclusion__text", "premise_links__claim__text"]
    list_select_related = ["map", "conclusion", "target"]
    raw_id_fields = ["conclusion", "target", "author"]
    inlines = [PremiseInline]


@admin.register(Annotation)
class AnnotationAdmin(ReadOnlyAdmin):
    list_display = ["kind", "map", "claim", "argument", "author", "created_at"]
    list_filter = ["kind", BY_MAP]
    search_fields = ["body", "url"]
    list_select_related = ["map", "claim", "argument", "author"]
    raw_id_fields = ["claim", "argument", "author"]


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "map",
        "actor",
        "operation",
        "object_type",
        "object_id",
        "is_undo",
        "undone",
    ]
    list_filter = ["operation", "object_type", "is_undo", "undone", BY_MAP]
    search_fields = ["operation", "actor__username", "map__title"]
    list_select_related = ["map", "actor"]


@admin.register(Judgement)
class JudgementAdmin(ReadOnlyAdmin):
    list_display = ["map", "user", "claim", "status", "base_score", "updated_at"]
    list_filter = ["status", BY_MAP]
    search_fields = ["user__username", "claim__text"]
    list_select_related = ["map", "user", "claim"]
