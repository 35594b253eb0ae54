"""Parser for any other document an analyst reads (a report, an article, a web page): headed,
numbered paragraphs, so that claims and notes can cite any of them.

Layout: blank-line separated blocks. A block is a heading (``H1``, ``H2``, …) when it is a
Markdown heading (``## Background``; Word and HTML headings arrive marked so) or, in plain text,
a single short line without closing punctuation followed by more text; every other block is a
paragraph (``P1``, ``P2``, …) whose parent is the heading above it. A heading's span leaves out
its ``#`` marks. The title is the first heading, else the first line. A UN header at the top
(symbol, date, …) is read as the draft-resolution parser reads it, when there is one.
"""

from __future__ import annotations

import re
from typing import Any

from .document import OTHER, DocumentError, ParsedDocument, ParsedPassage
from .markup import (
    find_references,
    group_blocks,
    normalise_text,
    parse_date,
    split_lines,
    strip_markup,
)

_MARKDOWN_HEADING_RE = re.compile(r"(#{1,6})[ \t]+(?=\S)")
_SYMBOL_RE = re.compile(r"(?:United Nations\s+)?([A-Z]{1,6}(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+)")


def parse_other(text: str, *, filename: str = "<text>") -> ParsedDocument:
    markup = strip_markup(normalise_text(text))
    body = markup.body
    blocks = group_blocks(body, split_lines(body))
    if not blocks:
        raise DocumentError("the document is empty", filename=filename, line=1)
    document = ParsedDocument(OTHER, "", body, [], metadata={})
    passages: list[ParsedPassage] = []
    heading: str | None = None
    headings = paragraphs = 0
    for n, block in enumerate(blocks):
        meta: dict[str, Any] = {}
        first = block.lines[0]
        marked = _MARKDOWN_HEADING_RE.match(block.text)
        if marked and len(block.lines) == 1:
            level, start = len(marked[1]), block.start + marked.end()
        elif _plain_heading(block.text, last=n == len(blocks) - 1) and len(block.lines) == 1:
            level, start = 0, block.start
        else:
            level, start = -1, block.start
        if level >= 0:
            headings += 1
            heading = f"H{headings}"
            meta["level"] = level or None
            passages.append(
                ParsedPassage(
                    heading,
                    "heading",
                    body[start : block.end],
                    start,
                    block.end,
                    first.number,
                    metadata=meta,
                )
            )
            if level == 1 and not document.title:
                document.title = body[start : block.end]
            continue
        paragraphs += 1
        meta["references"] = find_references(block.text)
        passages.append(
            ParsedPassage(
                f"P{paragraphs}",
                "paragraph",
                block.text,
                block.start,
                block.end,
                first.number,
                parent=heading,
                metadata=meta,
            )
        )
    document.passages = passages
    if not document.title:
        document.title = " ".join(blocks[0].lines[0].stripped.split())[:200]
    _un_facts(document)
    return document


def _plain_heading(text: str, *, last: bool) -> bool:
    """ "Background", "2. Issues in 2023": one short line that does not end a sentence."""
    words = text.split()
    return not last and 0 < len(words) <= 12 and text[-1] not in ".,;:!?”\"')"


def _un_facts(document: ParsedDocument) -> None:
    """A symbol or a date standing alone among the first passages."""
    for passage in document.passages[:8]:
        flat = " ".join(passage.text.split())
        if (match := _SYMBOL_RE.fullmatch(flat)) and any(c.isdigit() for c in flat):
            document.symbol = document.symbol or match[1]
        elif (day := parse_date(flat)) and document.date is None:
            document.date = day
