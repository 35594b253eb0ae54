"""What a document parser returns: plain data, no ORM.

A parser turns the text of a file into a ``ParsedDocument``. Its ``body`` is the text that will
be stored as ``Source.body`` (light markup such as ``*italic*``, ``**bold**`` and ``[73/187](#)``
links removed); every passage is a slice of that body: ``body[p.start:p.end] == p.text``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

DRAFT_RESOLUTION = "draft-resolution"
STATEMENT = "statement"
OTHER = "other"


class DocumentError(ValueError):
    """A document that cannot be read; names the file, the line and what was expected."""

    def __init__(self, message: str, *, filename: str = "<text>", line: int | None = None):
        self.message = message
        self.filename = filename
        self.line = line
        where = f"{filename}, line {line}" if line else filename
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class ParsedPassage:
    label: str  # PP1, OP2, OP2(a), FN1, P3, H1
    kind: str  # heading, preamble, operative, subparagraph, footnote, paragraph, reason, ...
    text: str  # == document.body[start:end]
    start: int
    end: int
    line: int  # 1-based line of the original file where the passage starts
    parent: str | None = None  # OP2 for OP2(a)
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class ParsedDocument:
    kind: str  # DRAFT_RESOLUTION, STATEMENT or OTHER
    title: str
    body: str
    passages: list[ParsedPassage]
    symbol: str = ""  # e.g. A/C.3/74/L.11, when the text gives it
    author: str = ""  # sponsors of a resolution; the delegation of a statement
    speaker: str = ""
    place: str = ""
    date: datetime.date | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def passage(self, label: str) -> ParsedPassage:
        for passage in self.passages:
            if passage.label == label:
                return passage
        raise KeyError(label)
