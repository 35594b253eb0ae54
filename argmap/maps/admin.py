from django.contrib import admin

from .models import Annotation, Argument, Claim, Map, Membership, Premise


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Map)
class MapAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "visibility", "created_by", "updated_at"]
    list_filter = ["visibility"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sources"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["map", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["map__title", "user__username", "user__email"]
    list_select_related = ["map", "user"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["short_text", "map", "speaker", "passage", "version", "deleted_at"]
    list_filter = ["map", "speaker", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "speaker"]
    list_select_related = ["map", "passage__source"]
    raw_id_fields = ["passage", "author"]

    @admin.display(description="text")
    def short_text(self, obj: Claim) -> str:
        return obj.text[:100]


class PremiseInline(admin.TabularInline):
    model = Premise
    extra = 0
    raw_id_fields = ["claim"]


@admin.register(Argument)
class ArgumentAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "map", "conclusion", "target", "scheme", "deleted_at"]
    list_filter = ["kind", "map", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["conclusion__text", "premise_links__claim__text"]
    list_select_related = ["map", "conclusion", "target"]
    raw_id_fields = ["conclusion", "target", "author"]
    inlines = [PremiseInline]


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ["kind", "map", "claim", "argument", "author", "created_at"]
    list_filter = ["kind", "map"]
    search_fields = ["body", "url"]
    list_select_related = ["map", "claim", "argument", "author"]
    raw_id_fields = ["claim", "argument", "author"]
