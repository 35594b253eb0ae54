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
from .revisions import earlier_symbols

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
    revision_of: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ImportedDocument:
    """Parse a file and store it with its passages; the same file imported twice is one Source.

    Raises ``ValidationError`` naming the file and line when the document cannot be read.
    ``progress(done, total)`` hears how many pages of a PDF are read, then how many passages
    are written so far. ``revision_of`` (a document's slug) marks the document as a revision of
    that one; without it a symbol that extends another document's (…/Rev.1, …/Corr.1, …/Add.1)
    links the two.
    """
    original = None
    if revision_of:
        original = Source.objects.defer("body").filter(slug=revision_of).first()
        if original is None:
            raise ValidationError({"revision_of": f"There is no document “{revision_of}”."})
    try:
        parsed = parse_document(data, kind=kind, filename=filename, progress=progress)
    except DocumentError as error:
        raise ValidationError(str(error), code="document") from error
    if symbol:
        parsed.symbol = symbol
    sha256 = hashlib.sha256(data).hexdigest()
    existing = Source.objects.filter(sha256=sha256).first()
    if existing is not None:
        if original is not None and existing.revision_of_id != original.pk:
            _link(existing, original)  # marked as a revision after its import
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
    _link(source, original or earlier_version(source.symbol))
    _adopt_revisions(source)
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


def earlier_version(symbol: str) -> Source | None:
    """The document a symbol revises: the nearest earlier one imported (Rev.1 before the
    original for a Rev.2), or None."""
    for candidate in earlier_symbols(symbol):
        found = (
            Source.objects.defer("body")
            .filter(symbol__iexact=candidate)
            .order_by("-created_at", "-pk")  # the latest import of that symbol
            .first()
        )
        if found is not None:
            return found
    return None


def _link(source: Source, original: Source | None) -> None:
    if original is None:
        return
    if original.pk == source.pk:
        raise ValidationError({"revision_of": "A document cannot be a revision of itself."})
    ancestor = original.revision_of_id
    while ancestor is not None:  # a chain, never a loop
        if ancestor == source.pk:
            raise ValidationError(
                {"revision_of": f"“{original.slug}” is itself a revision of “{source.slug}”."}
            )
        ancestor = Source.objects.filter(pk=ancestor).values_list("revision_of", flat=True)[0]
    Source.objects.filter(pk=source.pk).update(revision_of=original)
    source.revision_of = original


def _adopt_revisions(source: Source) -> None:
    """Revisions imported before their original (a Rev.1 first) are linked once it comes."""
    if not source.symbol:
        return
    later = Source.objects.defer("body").filter(
        symbol__istartswith=source.symbol + "/", revision_of__isnull=True
    )
    for revision in later:
        if earlier_version(revision.symbol) == source:
            _link(revision, source)
