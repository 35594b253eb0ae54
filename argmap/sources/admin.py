from django.contrib import admin

from .models import Passage, Source


class PassageInline(admin.TabularInline):
    model = Passage
    fields = readonly_fields = ("position", "label", "kind", "text", "start", "end")
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "symbol", "author", "date", "passage_count"]
    list_filter = ["kind", "date"]
    search_fields = ["title", "symbol", "author", "speaker", "slug"]
    readonly_fields = ["sha256", "created_at"]
    inlines = [PassageInline]

    @admin.display(description="passages")
    def passage_count(self, obj: Source) -> int:
        return obj.passages.count()


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "source", "short_text"]
    list_filter = ["kind", "source"]
    search_fields = ["label", "text"]
    list_select_related = ["source"]

    @admin.display(description="text")
    def short_text(self, obj: Passage) -> str:
        return obj.text[:100]
