from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from argmap.maps import services as map_services

from .forms import ImportDocumentForm
from .models import Passage, Source
from .services import ImportedDocument, import_document


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
    inlines = [PassageInline]

    # Sources come in through the import page (the same service as the commands) and are kept
    # as imported, so that every quote still matches its passage.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        return redirect("admin:sources_source_import")

    @admin.display(description="passages")
    def passage_count(self, obj: Source) -> int:
        return obj.passages.count()

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="sources_source_import"), *super().get_urls()]

    def import_view(self, request: HttpRequest) -> TemplateResponse:
        """Upload a document, see its passages and what was created, or what is wrong with it."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportDocumentForm(request.POST or None, request.FILES or None)
        result: ImportedDocument | None = None
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    result = import_document(
                        data=form.cleaned_data["file"],
                        filename=form.filename,
                        kind=form.cleaned_data["kind"],
                        symbol=form.cleaned_data["symbol"],
                    )
                    if form.cleaned_data["map"]:
                        map_services.attach_source(
                            map=form.cleaned_data["map"], source=result.source
                        )
            except ValidationError as error:
                form.add_error(None, error)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import document",
            "opts": self.model._meta,
            "form": form,
            "result": result,
        }
        status = 422 if form.errors else 200
        return TemplateResponse(request, "admin/sources/source/import.html", context, status=status)


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    """Passages are made by the import only: their offsets must match the source text."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    list_display = ["label", "kind", "source", "short_text"]
    list_filter = ["kind", "source"]
    search_fields = ["label", "text"]
    list_select_related = ["source"]

    @admin.display(description="text")
    def short_text(self, obj: Passage) -> str:
        return obj.text[:100]
