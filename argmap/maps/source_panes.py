"""The workspace's sources pane: the map's documents, each passage cut into segments by the
claims that quote it. A long document shows its first page (PAGE passages); the rest loads as
the reader scrolls the pane (views/maps.py map_source_passages)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from argmap.graph import ArgumentGraph
from argmap.sources.header import is_header_line
from argmap.sources.models import PAGE, Passage, Source

from .models import Map
from .selectors import claim_nodes


@dataclass
class Segment:
    text: str
    claim_ids: list[int]  # claims whose quoted span covers this piece, the most precise first


@dataclass
class PanePassage:
    passage: Passage
    segments: list[Segment]


@dataclass
class SourcePane:
    source: Source
    header: list[PanePassage]  # the header's lines (symbol, date…), folded away in the pane
    passages: list[PanePassage]  # the text, its first page (PAGE passages): the rest loads as
    # the reader scrolls the pane (views/maps.py map_source_passages)
    total: int = 0  # the document's passages

    @property
    def header_quoted(self) -> bool:
        return any(segment.claim_ids for view in self.header for segment in view.segments)

    @property
    def more(self) -> bool:
        return self.total > PAGE


def segments(text: str, spans: list[tuple[int, int, int]]) -> list[Segment]:
    """Cut ``text`` where quoted spans (start, end, claim id) begin and end; spans may overlap."""
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    narrowest_first = sorted(spans, key=lambda span: span[1] - span[0])
    pieces = []
    for start, end in itertools.pairwise(cuts):
        ids = [cid for s, e, cid in narrowest_first if s <= start and end <= e]
        pieces.append(Segment(text=text[start:end], claim_ids=ids))
    return pieces


def _quoted_spans(graph: ArgumentGraph) -> dict[tuple[str, str], list[tuple[int, int, int]]]:
    """The spans the map's claims quote, by (source slug, passage label)."""
    spans: dict[tuple[str, str], list[tuple[int, int, int]]] = defaultdict(list)
    for claim in graph.claims.values():
        if claim.passage_label and claim.span_start is not None and claim.span_end is not None:
            spans[(claim.source_slug, claim.passage_label)].append(
                (claim.span_start, claim.span_end, claim.id)
            )
    return spans


def source_panes(map: Map, graph: ArgumentGraph | None = None) -> list[SourcePane]:
    """The map's documents, the first page of each, each passage cut into segments by the
    claims quoting it (three queries; four without the map's graph, which then reads only the
    claims that quote). A long document's later pages load as the reader scrolls the pane."""
    spans = _quoted_spans(graph or ArgumentGraph(claims=claim_nodes(map, quoting=True)))
    sources = map.sources.annotate(total=Count("passages")).order_by("date", "title")
    panes = {s.pk: SourcePane(source=s, header=[], passages=[], total=s.total) for s in sources}
    rows = Passage.objects.filter(source__in=list(panes), position__lte=PAGE).defer("search_vector")
    for passage in rows.order_by("source_id", "position"):
        pane = panes[passage.source_id]
        cuts = segments(passage.text, spans.get((pane.source.slug, passage.label), []))
        shown_in = pane.header if is_header_line(passage) else pane.passages
        shown_in.append(PanePassage(passage=passage, segments=cuts))
    return list(panes.values())


def pane_page(map: Map, source: Source, page: int) -> list[PanePassage]:
    """A later page of a document in the map's sources pane, cut by the claims quoting it."""
    spans = _quoted_spans(ArgumentGraph(claims=claim_nodes(map, quoting=True)))
    rows = source.passages.filter(position__gt=(page - 1) * PAGE, position__lte=page * PAGE)
    return [
        PanePassage(passage=p, segments=segments(p.text, spans.get((source.slug, p.label), [])))
        for p in rows.defer("search_vector").order_by("position")
    ]


def attachable_sources(map: Map) -> QuerySet[Source]:
    return Source.objects.exclude(maps=map).order_by("title")
