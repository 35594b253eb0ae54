from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from argmap.accounts.models import User
from argmap.admin_deletion import SummarisedDeletion
from argmap.formats import DocumentError, parse_document
from argmap.formats.extract import pdf_pages
from argmap.maps import permissions
from argmap.maps.models import DocumentImport, Map

from . import tasks
from .forms import ImportDocumentForm
from .header import document_preview
from .models import Passage, Source

SHOWN = 100  # passages listed on an import's page (all of them are a link away)
# A PDF of more pages is read for its preview by the task worker: a page takes some 30 ms of CPU
# to read (more on a busy machine), and a request must end within gunicorn's 30 seconds.
PAGES_READ_HERE = 40
BODY = ("body", "metadata")  # a source's large columns, loaded only on its own page


class SourceFilter(admin.RelatedFieldListFilter):
    """Sources by title, without loading the text of every document."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> list[Any]:
        return [(s.pk, str(s)) for s in Source.objects.defer(*BODY).order_by("title")]


def attachable_maps(request: HttpRequest) -> QuerySet[Map]:
    """Superusers may attach a document to any map, as they see every map in the admin; other
    staff to the maps the permissions module lets them edit."""
    if request.user.is_superuser:
        return Map.objects.all()
    return permissions.editable_maps(request.user)


@admin.register(Source)
class SourceAdmin(SummarisedDeletion):
    list_display = ["title", "kind", "symbol", "author", "date", "passage_count"]
    list_filter = ["kind", "date"]
    search_fields = ["title", "symbol", "author", "speaker", "slug"]
    readonly_fields = ["passages"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        # the body is loaded when a page shows it: one document, never a list of them
        queryset = super().get_queryset(request).defer(*BODY)
        return queryset.annotate(passages_count=Count("passages"))

    @admin.display(description="passages")
    def passages(self, obj: Source) -> SafeString:
        """A link to the passages, not thousands of them on this page."""
        url = reverse("admin:sources_passage_changelist") + f"?source__id__exact={obj.pk}"
        count: int = obj.passages_count  # type: ignore[attr-defined]
        return format_html('<a href="{}">{} passages</a>', url, f"{count:,}")

    # Sources come in through the import page (the same service as the commands) and are kept
    # as imported, so that every quote still matches its passage.
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        return redirect("admin:sources_source_import")

    @admin.display(description="passages", ordering="passages_count")
    def passage_count(self, obj: Source) -> int:
        return obj.passages_count  # type: ignore[attr-defined]

    def get_urls(self) -> list[URLPattern]:
        view, job = (self.admin_site.admin_view(v) for v in (self.import_view, self.job_view))
        return [
            path("import/", view, name="sources_source_import"),
            path("import/<str:token>/", job, name="sources_source_import_job"),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, **context: Any) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "title": "Import document",
            "opts": self.model._meta,
            **context,
        }

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Step 1: upload a document; it is read (here, or by the task worker for a long PDF)
        and its structure shown, nothing written. Step 2 (a POST of the upload's token): the
        worker imports it and the job's page follows. A document that is not of the kind
        chosen is refused at step 1 with the reason."""
        if not self.has_add_permission(request) or not isinstance(request.user, User):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, request.user)
        form = ImportDocumentForm(
            request.POST or None, request.FILES or None, maps=attachable_maps(request)
        )
        if request.method == "GET" and (token := request.GET.get("token")):
            job = tasks.of_owner(token=token, owner=request.user)
            if job is not None and job.state in (job.State.WAITING, job.State.FAILED):
                return self._preview(request, job, form)
        if request.method == "POST" and form.is_valid():
            data, kind = form.cleaned_data["file"], form.cleaned_data["kind"]
            shown = None
            if pdf_pages(data) <= PAGES_READ_HERE:
                try:
                    parsed = parse_document(data, kind=kind, filename=form.filename)
                except DocumentError as error:
                    form.add_error("file", str(error))
                else:
                    shown = document_preview(parsed, symbol=form.cleaned_data["symbol"])
            if not form.errors:
                job = tasks.queue_document(
                    owner=request.user,
                    filename=form.filename,
                    data=data,
                    kind=kind,
                    symbol=form.cleaned_data["symbol"],
                    map=form.cleaned_data["map"],
                    revision_of=form.cleaned_data["revision_of"],
                    preview=True,
                    total=shown["total"] if shown else 0,
                    shown=shown,  # None: the worker reads it
                )
                return self._preview(request, job, form)
        status = 422 if form.errors else 200
        context = self._context(request, form=form)
        return TemplateResponse(request, "admin/sources/source/import.html", context, status=status)

    def _preview(
        self, request: HttpRequest, job: DocumentImport, form: ImportDocumentForm
    ) -> TemplateResponse:
        """How the upload reads; while the worker reads it, a page that reloads itself; if it
        was refused, the form again with the reason."""
        if job.state == job.State.FAILED:
            context = self._context(request, form=form, problem=job.error)
            return TemplateResponse(
                request, "admin/sources/source/import.html", context, status=422
            )
        context = self._context(request, job=job, preview=job.preview, title="Check the document")
        return TemplateResponse(request, "admin/sources/source/import_preview.html", context)

    def _confirm(self, request: HttpRequest, user: User) -> HttpResponse:
        job = tasks.waiting(token=request.POST["token"], owner=user)
        if job is None or not tasks.confirm_document(job=job):  # a second click imports once
            form = ImportDocumentForm(maps=attachable_maps(request))
            problem = "That upload is no longer here; choose the file again."
            context = self._context(request, form=form, problem=problem)
            return TemplateResponse(
                request, "admin/sources/source/import.html", context, status=422
            )
        return redirect("admin:sources_source_import_job", token=job.token)

    def job_view(self, request: HttpRequest, token: str) -> TemplateResponse:
        """How far the import has come (the page reloads itself until it ends), then what it
        made or why it failed. Only the one who started it sees it."""
        if not self.has_add_permission(request) or not isinstance(request.user, User):
            raise PermissionDenied
        job = tasks.of_owner(token=token, owner=request.user)
        if job is None:
            raise Http404("No such import.")
        passages: list[Passage] = []
        if job.state == job.State.DONE and job.source is not None:
            passages = list(job.source.passages.order_by("position")[:SHOWN])
        context = self._context(request, job=job, passages=passages, shown=SHOWN)
        return TemplateResponse(request, "admin/sources/source/import_job.html", context)


@admin.register(Passage)
class PassageAdmin(SummarisedDeletion):
    """Passages are made by the import only: their offsets must match the source text."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    list_display = ["label", "kind", "source", "short_text"]
    list_filter = ["kind", ("source", SourceFilter)]
    search_fields = ["label", "text"]
    list_select_related = ["source"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Passage]:
        return super().get_queryset(request).defer(*(f"source__{name}" for name in BODY))

    @admin.display(description="text")
    def short_text(self, obj: Passage) -> str:
        return obj.text[:100]
