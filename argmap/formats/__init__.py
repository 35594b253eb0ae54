"""Document parsers: turn an uploaded file into a ``ParsedDocument`` (no Django here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .document import (
    DRAFT_RESOLUTION,
    OTHER,
    STATEMENT,
    DocumentError,
    ParsedDocument,
    ParsedPassage,
)
from .extract import extract, sniff
from .markup import normalise_text
from .other import parse_other
from .resolution import parse_resolution
from .statement import parse_statement

__all__ = [
    "DRAFT_RESOLUTION",
    "KINDS",
    "OTHER",
    "STATEMENT",
    "DocumentError",
    "ParsedDocument",
    "ParsedPassage",
    "decode_document",
    "parse_document",
    "parse_other",
    "parse_resolution",
    "parse_statement",
    "sniff",
]

KINDS: dict[str, Callable[..., ParsedDocument]] = {
    DRAFT_RESOLUTION: parse_resolution,
    STATEMENT: parse_statement,
    OTHER: parse_other,
}


def parse_document(
    data: bytes, *, kind: str, filename: str, progress: Callable[[int, int], Any] | None = None
) -> ParsedDocument:
    """Parse an uploaded file of the given kind; raises ``DocumentError`` naming the file.
    ``progress(pages read, pages)`` hears how far the reading of a PDF has come."""
    parser = KINDS.get(kind)
    if parser is None:
        raise DocumentError(
            f"unknown document kind {kind!r}; choose one of: {', '.join(KINDS)}",
            filename=filename,
        )
    text = document_text(data, kind=kind, filename=filename, progress=progress)
    return parser(text, filename=filename)


def document_text(
    data: bytes, *, kind: str, filename: str, progress: Callable[[int, int], Any] | None = None
) -> str:
    """The text the parsers read: extracted from a PDF, Word or HTML file (told by its content,
    not its name), else the file decoded as UTF-8 text or Markdown."""
    text = extract(data, filename=filename, headings=kind == OTHER, progress=progress)
    return text if text is not None else decode_document(data, filename=filename)


def decode_document(data: bytes, *, filename: str) -> str:
    """UTF-8 text without a BOM and with LF line ends; refuses empty and binary files."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("the file is UTF-16 text; save it as UTF-8", filename=filename)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DocumentError(
            "this is a binary file (it contains NUL bytes); expected UTF-8 text",
            filename=filename,
            line=data.count(b"\n", 0, nul) + 1,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"this is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the file as UTF-8",
            filename=filename,
            line=data.count(b"\n", 0, error.start) + 1,
        ) from None
    text = normalise_text(text)
    if not text.strip():
        raise DocumentError("the file is empty", filename=filename)
    return text
