"""The map formats: which parser reads a file and which writer writes a map (no Django here).

``parse_map`` turns the bytes of an upload into a ``ParsedMap`` (an ArgumentGraph, a title and a
report of what the file held that argmap could not keep); ``write_map`` turns a graph into the
text of a file. Both refuse politely: a ``DocumentError`` names the file and the line or node.

Limits (documented for users in the import command's help): a file above ``MAX_MAP_BYTES`` is
refused before it is read, and a map above ``MAX_MAP_NODES`` claims and arguments after parsing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from ..graph import ArgumentGraph
from . import decode_document
from .aif import parse_aif
from .aif_write import write_aif
from .argdown import parse_argdown
from .argdown_write import write_argdown
from .document import DocumentError
from .kialo import parse_kialo, write_kialo
from .outline import write_outline

MAX_MAP_BYTES = 10 * 1024 * 1024  # 10 MiB: some 30,000 Kialo claims or 20,000 AIF I-nodes
MAX_MAP_NODES = 20_000  # claims + arguments in one map


@dataclass
class ParsedMap:
    graph: ArgumentGraph
    title: str
    format: str
    report: list[str] = field(default_factory=list)  # what the file held that argmap did not keep


@dataclass(frozen=True)
class MapFormat:
    name: str
    label: str
    extension: str  # of an exported file
    media_type: str
    reader: Callable[..., tuple[ArgumentGraph, list[str]]] | None
    writer: Callable[[ArgumentGraph], str] | None


FORMATS: dict[str, MapFormat] = {
    f.name: f
    for f in (
        MapFormat(
            "aif", "AIF JSON (AIFdb, OVA)", ".json", "application/json", parse_aif, write_aif
        ),
        MapFormat("argdown", "Argdown", ".argdown", "text/plain", parse_argdown, write_argdown),
        MapFormat("kialo", "Kialo text export", ".txt", "text/plain", parse_kialo, write_kialo),
        MapFormat("markdown", "Markdown outline", ".md", "text/markdown", None, write_outline),
    )
}
IMPORT_FORMATS = [name for name, f in FORMATS.items() if f.reader]
EXPORT_FORMATS = [name for name, f in FORMATS.items() if f.writer]
_EXTENSIONS = {".json": "aif", ".aif": "aif", ".argdown": "argdown", ".ad": "argdown"}


def detect_format(data: bytes, filename: str) -> str:
    """The import format of a file: from its extension, else from its first characters."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "aif"
    if head.startswith(b"Discussion Title:"):
        return "kialo"
    text = head.decode("utf-8", errors="replace")
    if re.search(r"(?m)^\s*(?:\[[^\]\n]+\]:|<[^>\n]+>:?|(?:[+\-_]|<[+\-_]|[+\-_]>)\s)", text):
        return "argdown"
    raise DocumentError(
        f"cannot tell the format of this file; choose one of: {', '.join(IMPORT_FORMATS)}",
        filename=filename,
    )


def decode(data: bytes, *, filename: str) -> str:
    """UTF-8 text with LF line ends; refuses oversized, empty and binary files."""
    if len(data) > MAX_MAP_BYTES:
        raise DocumentError(
            f"the file has {len(data):,} bytes; maps can be imported from files of up to "
            f"{MAX_MAP_BYTES:,} bytes ({MAX_MAP_BYTES // 2**20} MiB): split the map first",
            filename=filename,
        )
    return decode_document(data, filename=filename)


def parse_map(data: bytes, *, format: str | None, filename: str) -> ParsedMap:
    """Parse an uploaded map file; ``format=None`` detects it. Raises ``DocumentError``."""
    text = decode(data, filename=filename)  # too big, binary or empty: said first
    name = format or detect_format(data, filename)
    spec = FORMATS.get(name)
    if spec is None or spec.reader is None:
        raise DocumentError(
            f"argmap cannot import {name!r}; choose one of: {', '.join(IMPORT_FORMATS)}",
            filename=filename,
        )
    graph, report = spec.reader(text, filename=filename)
    size = len(graph.claims) + len(graph.arguments)
    if size > MAX_MAP_NODES:
        raise DocumentError(
            f"the file holds {size:,} claims and arguments; a map holds at most {MAX_MAP_NODES:,}",
            filename=filename,
        )
    if not graph.claims:
        raise DocumentError(f"the file holds no claims to import ({spec.label})", filename=filename)
    return ParsedMap(graph=graph, title=graph.title, format=name, report=report)


def write_map(graph: ArgumentGraph, *, format: str) -> str:
    """The text of a map file in the given export format."""
    spec = FORMATS.get(format)
    if spec is None or spec.writer is None:
        raise ValueError(
            f"unknown export format {format!r}; choose one of: {', '.join(EXPORT_FORMATS)}"
        )
    return spec.writer(graph)
