"""Importing source documents: the one write path for Source and Passage rows.

Called by the ``import_document`` and ``import_seeds`` commands and by the admin's import page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from argmap.formats import DocumentError, ParsedDocument, parse_document
from argmap.formats.extract import MIME, sniff

from .models import Passage, Source, SourceFile

BATCH = 500  # passages per INSERT, and how often progress is reported


@dataclass
class ImportedDocument:
    source: Source
    parsed: ParsedDocument
    created: bool  # False when the same file had been imported before


def document_slug(parsed: ParsedDocument) -> str:
    """A readable slug: the document symbol when it has one, else kind, speaker and date."""
    if parsed.symbol:
        base = slugify(parsed.symbol.replace("/", "-").replace(".", "-"))
    else:
        parts = [
            parsed.kind,
            parsed.author or parsed.speaker,
            parsed.date.isoformat() if parsed.date else "",
        ]
        base = slugify(" ".join(p for p in parts if p)) or slugify(parsed.title)[:60]
    slug, n = base[:110], 2
    while Source.objects.filter(slug=slug).exists():
        slug, n = f"{base[:105]}-{n}", n + 1
    return slug


@transaction.atomic
def import_document(
    *,
    data: bytes,
    filename: str,
    kind: str,
    slug: str = "",
    symbol: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ImportedDocument:
    """Parse a file and store it with its passages; the same file imported twice is one Source.

    Raises ``ValidationError`` naming the file and line when the document cannot be read.
    ``progress(done, total)`` hears how many pages of a PDF are read, then how many passages
    are written so far.
    """
    try:
        parsed = parse_document(data, kind=kind, filename=filename, progress=progress)
    except DocumentError as error:
        raise ValidationError(str(error), code="document") from error
    if symbol:
        parsed.symbol = symbol
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Source.objects.filter(sha256=sha256).first()
    if existing is not None:
        return ImportedDocument(source=existing, parsed=parsed, created=False)
    if slug and Source.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"Another document already uses the slug “{slug}”."})
    source = Source(
        slug=slug or document_slug(parsed),
        kind=parsed.kind,
        title=parsed.title,
        symbol=parsed.symbol,
        author=parsed.author,
        speaker=parsed.speaker,
        place=parsed.place,
        date=parsed.date,
        body=parsed.body,
        metadata=parsed.metadata,
        filename=filename.rsplit("/", 1)[-1],
        sha256=sha256,
    )
    source.full_clean()
    source.save()
    SourceFile.objects.create(
        source=source,
        filename=source.filename or "document",
        content_type=MIME.get(sniff(data), "application/octet-stream"),
        size=len(data),
        data=data,
    )
    rows = [
        Passage(
            source=source,
            position=position,
            label=p.label,
            kind=p.kind,
            text=p.text,
            start=p.start,
            end=p.end,
            line=p.line,
            parent_label=p.parent or "",
            metadata=p.metadata,
        )
        for position, p in enumerate(parsed.passages, start=1)
    ]
    if progress is not None:
        progress(0, len(rows))  # read: what is left is writing
    for start in range(0, len(rows), BATCH):
        Passage.objects.bulk_create(rows[start : start + BATCH])
        if progress is not None:
            progress(min(start + BATCH, len(rows)), len(rows))
    return ImportedDocument(source=source, parsed=parsed, created=True)
