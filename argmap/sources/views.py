from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from argmap.maps import permissions
from argmap.query import parse_query

from .header import document_header
from .models import PAGE, Source, SourceFile
from .revisions import Para, Row, compare, summary
from .selectors import source_passages

LIGHT = ("body",)  # a document's page shows its passages, never the whole text at once


class PassagesQuery(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=1_000_000, required=False)


def source_list(request: HttpRequest) -> HttpResponse:
    sources = Source.objects.defer(*LIGHT).select_related("revision_of")
    return render(
        request, "sources/source_list.html", {"sources": sources.defer("revision_of__body")}
    )


def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A document, PAGE passages at a time: the next page loads as the reader scrolls to its
    end (htmx, ``revealed``), or through the link there without JavaScript."""
    source = get_object_or_404(Source.objects.defer(*LIGHT), slug=slug)
    page = parse_query(request, PassagesQuery)["page"] or 1
    total = source.passages.count()
    if page > 1 and (page - 1) * PAGE >= total:
        raise Http404(f"This document has {total:,} passages: there is no page {page}.")
    views = source_passages(source, request.user, page=page)
    context: dict[str, Any] = {
        "source": source,
        "page": page,
        "total": total,
        "first": (page - 1) * PAGE + 1,
        "last": min(page * PAGE, total),
        "next_page": page + 1 if page * PAGE < total else None,
        "next_last": min((page + 1) * PAGE, total),
    }
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    if page == 1:
        context["header"] = document_header(source, views)
        context["rows"] = context["header"].passages
        context["original_file"] = SourceFile.objects.defer("data").filter(source=source).first()
        context["revisions"] = source.revisions.defer(*LIGHT).order_by("created_at", "pk")
        context["original"] = (
            Source.objects.defer(*LIGHT).filter(pk=source.revision_of_id).first()
            if source.revision_of_id
            else None
        )
    else:
        context["rows"] = views
    if htmx and page > 1:  # the next passages, and the trigger for those after them
        return render(request, "sources/source_detail.html#passages", context)
    return render(request, "sources/source_detail.html", context)


# Unchanged paragraphs are folded into one line; a run of more than this many is not repeated
# on the comparison page at all (a link opens it in the document): the page of two long texts
# carries what changed, not the whole text twice.
FOLDED_TEXTS = 30


@dataclass
class Block:
    """Consecutive rows of a comparison shown together: changes one by one, unchanged
    paragraphs folded into one line."""

    status: str
    rows: list[Row]

    @property
    def texts_shown(self) -> bool:
        return len(self.rows) <= FOLDED_TEXTS


def _blocks(rows: list[Row]) -> list[Block]:
    blocks: list[Block] = []
    for row in rows:
        if row.status == "unchanged" and blocks and blocks[-1].status == "unchanged":
            blocks[-1].rows.append(row)
        else:
            blocks.append(Block(row.status, [row]))
    return blocks


def _passages(source: Source) -> list[Para]:
    fields = ("pk", "position", "label", "text", "start", "end")
    rows = source.passages.order_by("position").values_list(*fields)
    return [
        Para(pk, at, label, text, start, end, source.slug)
        for pk, at, label, text, start, end in rows
    ]


def source_compare(request: HttpRequest, slug: str, other: str) -> HttpResponse:
    """What changed from one document to another (a draft and its revision), paragraph by
    paragraph; editors of a map citing the first may carry their claims to the second."""
    old = get_object_or_404(Source.objects.defer(*LIGHT), slug=slug)
    new = get_object_or_404(Source.objects.defer(*LIGHT), slug=other)
    rows = compare(_passages(old), _passages(new))
    carriable = (
        permissions.editable_maps(request.user)
        .filter(sources=old)
        .annotate(
            quoting=Count(
                "claims",
                filter=Q(claims__passage__source=old, claims__deleted_at__isnull=True),
                distinct=True,
            )
        )
        .filter(quoting__gt=0)
        .order_by("title")
        if request.user.is_authenticated
        else []
    )
    context = {
        "old": old,
        "new": new,
        "blocks": _blocks(rows),
        "summary": summary(rows),
        "carriable": carriable,
    }
    return render(request, "sources/source_compare.html", context)


@require_GET
def source_file(request: HttpRequest, slug: str) -> HttpResponse:
    """The file the document was imported from, as it was uploaded."""
    original = get_object_or_404(SourceFile, source__slug=slug)
    response = HttpResponse(bytes(original.data), content_type=original.content_type)
    # a download, never shown inline: an uploaded HTML page must not run on this site
    response.headers["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=original.filename
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
