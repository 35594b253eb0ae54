"""Maps in and out through the pages: file downloads, the print view, and the two-step import.

The import: step 1 uploads a file, parses it (nothing written) and shows a preview while the
bytes wait in a MapImport row (PostgreSQL, so any app server can take step 2); step 2 queues
the task that creates the map (``tasks.import_map``, run by the worker process). The page polls
the job's progress, which the task writes to that row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect, push_url

from argmap.formats import DocumentError
from argmap.formats import maps as formats
from argmap.graph import SUPPORT, ArgumentGraph, ClaimNode
from argmap.query import parse_query

from .. import map_imports
from ..fields import MAP_TITLE_MAX_LENGTH
from ..imports import map_title, read_map_file
from ..models import MapImport
from ..selectors import map_graph, map_graph_for_export
from ..tasks import queue_import
from .common import HtmxHttpRequest, author, map_for

# Downloads


@require_GET
def map_export(request: HtmxHttpRequest, slug: str, format: str) -> HttpResponse:
    """The map as a file: AIF JSON, Argdown, Kialo text or a Markdown outline. Written in the
    request, not as a job: at 10,000 claims (about the import limit) it takes 0.25-0.6 s, and it
    is a read that leaves nothing half done (bench/bench_jobs.py)."""
    map = map_for(request, slug)
    spec = formats.FORMATS.get(format)
    if spec is None or spec.writer is None:
        raise Http404(f"No export format {format!r}.")
    text = formats.write_map(map_graph_for_export(map), format=format)
    response = HttpResponse(text, content_type=f"{spec.media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{map.slug}{spec.extension}"'
    return response


# The print view: each claim with its reasons and objections side by side, sources as footnotes


@dataclass
class Line:
    claim: ClaimNode
    note: int | None = None  # its provenance footnote
    see: int | None = None  # the section with its own reasons and objections


@dataclass
class Item:
    """A reason or an objection, or (depth > 0) an undercut below the one before it."""

    depth: int  # 0, or how deep an undercut hangs below the reason or objection it attacks
    premises: list[Line]


@dataclass
class Section:
    number: int
    head: Line
    reasons: list[Item] = field(default_factory=list)
    objections: list[Item] = field(default_factory=list)


@dataclass
class Footnote:
    number: int
    quote: str
    where: str  # "PP5 of A/C.3/74/L.11"


def handout(graph: ArgumentGraph, sources: dict[str, str]) -> tuple[list[Section], list[Footnote]]:
    """One section per central claim and per claim that has reasons or objections, in reading
    order; ``sources`` names each source by its slug. Walks with its own queue (maps may cycle)."""
    numbers: dict[int, int] = {}
    queue = [c.id for c in graph.central_claims()]
    for cid in queue:  # the queue grows as it is read: breadth first
        if cid in numbers:
            continue
        numbers[cid] = len(numbers) + 1
        for a in graph.arguments_for_claim.get(cid, []):
            queue += [p for p in _with_undercuts(graph, a.id) if graph.arguments_for_claim.get(p)]
    notes: dict[int, Footnote] = {}

    def line(claim: ClaimNode) -> Line:
        if claim.passage_label and claim.id not in notes:
            where = f"{claim.passage_label} of {sources.get(claim.source_slug, claim.source_slug)}"
            notes[claim.id] = Footnote(len(notes) + 1, claim.quote, where)
        note = notes[claim.id].number if claim.id in notes else None
        return Line(claim, note, numbers.get(claim.id))

    sections = []
    for cid, number in numbers.items():
        section = Section(number, line(graph.claims[cid]))
        for a in graph.arguments_for_claim.get(cid, []):
            column = section.reasons if a.kind == SUPPORT else section.objections
            column.append(Item(0, []))
            stack, seen = [(a.id, 0)], set()
            while stack:
                aid, depth = stack.pop()
                if aid in seen:
                    continue
                seen.add(aid)
                if depth:
                    column.append(Item(depth, []))
                premises = graph.arguments[aid].premise_ids
                column[-1].premises = [line(graph.claims[p]) for p in premises]
                stack += [(u.id, depth + 1) for u in reversed(graph.undercuts_of.get(aid, []))]
        sections.append(section)
    return sections, list(notes.values())


def _with_undercuts(graph: ArgumentGraph, argument_id: int) -> list[int]:
    """The premises of an argument and of every undercut below it."""
    found, stack, seen = [], [argument_id], set()
    while stack:
        aid = stack.pop()
        if aid not in seen:
            seen.add(aid)
            found += graph.arguments[aid].premise_ids
            stack += [u.id for u in graph.undercuts_of.get(aid, [])]
    return found


class PrintQuery(forms.Form):
    paper = forms.ChoiceField(
        choices=[("", "as the printer sets it"), ("a4", "A4"), ("letter", "Letter")], required=False
    )


@require_GET
def map_print(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The map as a handout for A4 or Letter paper (``?paper=a4|letter`` fixes the size)."""
    map = map_for(request, slug)
    graph = map_graph(map)
    names = {s.slug: s.symbol or s.title for s in map.sources.only("slug", "symbol", "title")}
    sections, footnotes = handout(graph, names)
    paper = parse_query(request, PrintQuery)["paper"]
    context = {
        "map": map,
        "graph": graph,
        "sections": sections,
        "footnotes": footnotes,
        "paper": {"a4": "A4", "letter": "letter"}.get(paper, ""),
    }
    return render(request, "maps/print.html", context)


# The import page

FORMAT_CHOICES = [
    ("auto", "Detect it from the file"),
    *((name, formats.FORMATS[name].label) for name in formats.IMPORT_FORMATS),
]
PENDING = "map-import"  # the session's upload waiting for "Create the map"


class ImportQuery(forms.Form):
    token = forms.CharField(max_length=32, required=False)  # the upload waiting for step 2


class ImportForm(forms.Form):
    file = forms.FileField(label="Map file", allow_empty_file=True)
    format = forms.ChoiceField(choices=FORMAT_CHOICES, initial="auto", required=False)
    title = forms.CharField(max_length=MAP_TITLE_MAX_LENGTH, required=False)


def _read_upload(upload: UploadedFile, format: str, title: str) -> tuple[bytes, formats.ParsedMap]:
    """The bytes and what they hold, checked as the import will check them (so the preview
    refuses what "Create the map" would); a file above the limit is refused before it is read."""
    name = upload.name or "upload"
    if (upload.size or 0) > formats.MAX_MAP_BYTES:
        raise DocumentError(
            f"the file has {upload.size:,} bytes; maps can be imported from files of up to "
            f"{formats.MAX_MAP_BYTES:,} bytes ({formats.MAX_MAP_BYTES // 2**20} MiB): "
            "split the map first",
            filename=name,
        )
    data = upload.read()
    chosen = None if format == "auto" else format
    return data, read_map_file(data=data, format=chosen, filename=name, title=title)


def _preview(parsed: formats.ParsedMap, pending: MapImport) -> dict[str, Any]:
    graph = parsed.graph
    return {
        "pending": pending,
        "format_label": formats.FORMATS[parsed.format].label,
        "counts": {
            "claims": len(graph.claims),
            "arguments": len(graph.arguments),
            "notes": len(graph.notes),
        },
        "report": parsed.report,
        "outline": graph.outline(2)[:5],
        "more_central": max(0, len(graph.central_claims()) - 5),
    }


def _pending(request: HtmxHttpRequest, token: str) -> MapImport | None:
    """The session's upload waiting for step 2, if ``token`` names it and it is still there."""
    pending = request.session.get(PENDING)
    if not pending or pending["token"] != token:
        return None
    return map_imports.waiting(token=token, owner=author(request))


def _pending_preview(request: HtmxHttpRequest, token: str) -> dict[str, Any] | None:
    """The preview of the session's waiting upload, read again (after a redirect or a reload)."""
    job = _pending(request, token)
    if job is None:
        return None
    parsed = formats.parse_map(bytes(job.data or b""), format=job.format, filename=job.filename)
    return _preview(parsed, job)


def _page(request: HtmxHttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The import page, or for htmx its current step: the form, the preview or the progress."""
    template = "maps/import_map.html#step" if request.htmx else "maps/import_map.html"
    limits = {"max_bytes": formats.MAX_MAP_BYTES, "max_nodes": formats.MAX_MAP_NODES}
    return render(request, template, {**limits, **context}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def map_import(request: HtmxHttpRequest) -> HttpResponse:
    """GET the form (or, with ?token=, the preview); POST a file for the preview, or a token
    to create the map."""
    if request.method == "GET":
        preview = _pending_preview(request, parse_query(request, ImportQuery)["token"])
        return _page(request, preview or {"form": ImportForm()})
    if "token" in request.POST:
        return _create(request)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data, parsed = _read_upload(
                upload, form.cleaned_data["format"], form.cleaned_data["title"]
            )
        except DocumentError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            form.add_error("file", error)
        else:
            job = map_imports.keep(
                owner=author(request),
                filename=upload.name or "upload",
                data=data,
                format=parsed.format,
                title=form.cleaned_data["title"].strip() or parsed.title,
                total=len(parsed.graph.claims) + len(parsed.graph.arguments),
            )
            request.session[PENDING] = {"token": job.token}
            url = f"{reverse('maps:import')}?token={job.token}"
            if not request.htmx:
                return redirect(url)
            return push_url(_page(request, _preview(parsed, job)), url)
    return _page(request, {"form": form}, status=422)


def _create(request: HtmxHttpRequest) -> HttpResponse:
    """Step 2: queue the job, then show its progress (htmx polls it; without, a link)."""
    token = request.POST["token"]
    job = _pending(request, token)
    gone = "That upload is no longer here; choose the file again."
    if job is None:
        return _page(request, {"form": ImportForm(), "problem": gone}, status=422)
    title = request.POST.get("title", "").strip() or job.title
    try:  # before the upload is let go, so that another title can be given
        map_title(given=title, file_title="", filename=job.filename)
    except ValidationError as error:
        preview = _pending_preview(request, token) or {}
        return _page(request, {**preview, "problem": " ".join(error.messages)}, status=422)
    if not queue_import(job=job, title=title):  # a second click cannot import it twice
        return _page(request, {"form": ImportForm(), "problem": gone}, status=422)
    del request.session[PENDING]
    if not request.htmx:
        return redirect("maps:import-progress", token=token)
    return _progress(request, token)


@login_required
@require_GET
def import_progress(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """How far the import has come; once done, off to the new map."""
    return _progress(request, token)


def _progress(request: HtmxHttpRequest, token: str) -> HttpResponse:
    job = map_imports.of_owner(token=token, owner=author(request))
    if job is None or job.state == MapImport.State.WAITING:
        raise Http404("No such import.")
    if job.state == MapImport.State.DONE:
        if job.map is None:
            raise Http404("The map of this import was deleted.")
        url = job.map.get_absolute_url()
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    return _page(request, {"progress": job, "token": token})
