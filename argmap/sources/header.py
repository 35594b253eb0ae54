"""A document's header, shown once: the facts a reader wants (symbol, date, sponsors…) in one
block, with the header passages (H1, H2…) they come from folded into it.

A header passage keeps its label as an anchor on the fact it gave, so a link to ``#H7`` (a claim
quoting the agenda item, say) still lands on it; a header line that gave no fact shown here
becomes a fact of its own, so nothing of the document is lost. The opening line ("The General
Assembly,") is the start of the text, and stays there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from argmap.formats import ParsedDocument
from argmap.maps.models import Claim

from .models import Passage, Source
from .selectors import PassageView

# Header facts kept in the source's metadata, in reading order: (metadata key, label).
METADATA_FACTS = [
    ("body", "Issued by"),
    ("session", "Session"),
    ("committee", "Committee"),
    ("agenda_item", "Agenda item"),
    ("distribution", "Distribution"),
    ("original_language", "Original"),
    ("office", "Office"),
    ("mission", "Mission"),
]
# The fact each role of a header line gives (see the parsers in argmap/formats).
FACT_OF_ROLE = {
    "symbol": "Symbol",
    "date": "Date",
    "sponsors": "Sponsors",
    "speaker": "Speaker",
    "place": "Place",
    "agenda_item_title": "Agenda item",
    **{key: label for key, label in METADATA_FACTS},
}
# Header lines that give no fact above are shown as they are, under these labels.
OTHER_ROLES = {
    "session_dates": "Session dates",
    "delivery": "Delivery",
    "document_type": "Document",
    "masthead": "Organization",
}
IN_THE_TEXT = {"opening"}  # header passages that read as the start of the text


@dataclass
class Fact:
    label: str
    value: str
    anchors: list[str] = field(default_factory=list)  # labels of the header passages it shows
    claims: list[Claim] = field(default_factory=list)  # claims quoting those passages


@dataclass
class Header:
    facts: list[Fact]
    title: Fact  # the document's title, with the anchors of its title lines
    passages: list[PassageView]  # the passages still shown as rows of the text, in order


def header_role(passage: Passage) -> str:
    """What a header line gives ("symbol", "date"…), as its parser marked it."""
    return str(passage.metadata.get("role", "")).split("+")[0]


def is_header_line(passage: Passage) -> bool:
    """A line of the document's header (folded into its facts), not of its text: a heading
    without a header role is a section heading of the text ("other" documents)."""
    role = header_role(passage)
    return passage.kind == "heading" and bool(role) and role not in IN_THE_TEXT


def document_header(source: Source, passages: list[PassageView]) -> Header:
    facts = _facts(source)
    by_label = {fact.label: fact for fact in facts}
    title = Fact("Title", source.title)
    rows = []
    for view in passages:
        if not is_header_line(view.passage):
            rows.append(view)
            continue
        role = header_role(view.passage)
        if role == "title":
            fact = title
        elif (label := FACT_OF_ROLE.get(role)) and label in by_label:
            fact = by_label[label]
        else:  # a note, a "check against delivery"…: shown as written
            fact = Fact(OTHER_ROLES.get(role, "Note"), view.passage.text)
            facts.append(fact)
        fact.anchors.append(view.passage.label)
        fact.claims.extend(view.claims)
    return Header(facts=facts, title=title, passages=rows)


PREVIEW_PASSAGES = 12  # the first passages an import's preview shows


def document_preview(parsed: ParsedDocument, *, symbol: str = "") -> dict[str, Any]:
    """What the admin sees before an import is confirmed (plain JSON: a worker may make it):
    the header's facts as the document's page will show them, passages counted by kind, and
    the first passages of the text."""
    source = Source(
        kind=parsed.kind,
        title=parsed.title,
        symbol=symbol or parsed.symbol,
        author=parsed.author,
        speaker=parsed.speaker,
        place=parsed.place,
        date=parsed.date,
        metadata=parsed.metadata,
    )  # never saved: it lends the page's wording of the facts
    kinds = dict(Passage.Kind.choices)
    counts = Counter(passage.kind for passage in parsed.passages)
    text = [p for p in parsed.passages if p.kind != "heading"] or parsed.passages
    return {
        "kind": Source.Kind(parsed.kind).label,
        "title": parsed.title,
        "facts": [{"label": f.label, "value": f.value} for f in _facts(source)],
        "counts": [[kinds.get(kind, kind), n] for kind, n in counts.items()],
        "total": len(parsed.passages),
        "passages": [
            {"label": p.label, "kind": p.kind, "text": p.text[:400]}
            for p in text[:PREVIEW_PASSAGES]
        ],
        "more": max(0, len(text) - PREVIEW_PASSAGES),
        "characters": len(parsed.body),
    }


def _facts(source: Source) -> list[Fact]:
    meta = source.metadata
    facts = [Fact("Kind", source.get_kind_display())]
    if source.symbol:
        facts.append(Fact("Symbol", source.symbol))
    if source.date:
        facts.append(Fact("Date", f"{source.date.day} {source.date:%B %Y}"))
    if meta.get("sponsors"):
        facts.append(Fact("Sponsors", "; ".join(meta["sponsors"])))
    elif source.author:
        facts.append(Fact("On behalf of", source.author))
    for value, label in ((source.speaker, "Speaker"), (source.place, "Place")):
        if value:
            facts.append(Fact(label, value))
    for key, label in METADATA_FACTS:
        if meta.get(key):
            value = meta[key]
            if key == "agenda_item" and meta.get("agenda_item_title"):
                value = f"{value}: {meta['agenda_item_title']}"
            facts.append(Fact(label, value))
    return facts
