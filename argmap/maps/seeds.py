"""The seed map: the seed documents imported and the map of their debate built, once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from argmap.accounts.models import User
from argmap.formats import DocumentError, ParsedDocument
from argmap.formats.seed_manifest import build_seed_graph, load_manifest
from argmap.sources.models import Source
from argmap.sources.services import import_document

from . import services
from .imports import import_graph
from .models import Map


@dataclass
class SeedReport:
    map: Map
    map_created: bool
    documents_created: list[str] = field(default_factory=list)
    documents_found: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed_anything(self) -> bool:
        return self.map_created or bool(self.documents_created)


@transaction.atomic
def import_seeds(
    *, manifest_path: Path, owner: User | None, progress: Callable[[str], None] = lambda line: None
) -> SeedReport:
    """Import the seed documents and build the seed map once; a second run changes nothing.

    All or nothing: any error leaves the database as it was.
    """
    try:
        manifest = load_manifest(
            manifest_path.read_text(encoding="utf-8"), filename=str(manifest_path)
        )
    except DocumentError as error:
        raise ValidationError(str(error)) from error
    parsed: dict[str, ParsedDocument] = {}
    sources: dict[str, Source] = {}
    created: list[str] = []
    found: list[str] = []
    for i, doc in enumerate(manifest.documents):
        path = manifest_path.parent / doc.file
        if not path.is_file():
            raise ValidationError(
                f"{manifest_path}: documents[{i}]: the file {doc.file} is not in {path.parent}."
            )
        progress(f"Reading {doc.file} ({doc.kind})")
        result = import_document(
            data=path.read_bytes(),
            filename=str(path),
            kind=doc.kind,
            slug=doc.slug,
            symbol=doc.symbol,
        )
        parsed[doc.slug], sources[doc.slug] = result.parsed, result.source
        (created if result.created else found).append(result.source.slug)
        verb = "imported" if result.created else "already imported as"
        progress(f"  {verb} {result.source.slug}: {len(result.parsed.passages)} passages")

    existing = Map.objects.filter(slug=manifest.map["slug"]).first()
    if existing is not None:
        progress(f"Map {existing.slug} is already there; left as it is.")
        return SeedReport(
            map=existing, map_created=False, documents_created=created, documents_found=found
        )

    try:
        graph = build_seed_graph(manifest, parsed)
    except DocumentError as error:
        raise ValidationError(str(error)) from error
    for claim in graph.claims.values():  # a document imported before may carry another slug
        claim.source_slug = sources[claim.source_slug].slug
    seed_map = services.create_map(
        title=manifest.map["title"],
        slug=manifest.map["slug"],
        description=manifest.map.get("description", ""),
        visibility=manifest.map.get("visibility", Map.Visibility.PUBLIC),
        created_by=owner,
    )
    for source in sources.values():
        services.attach_source(map=seed_map, source=source)
    counts = import_graph(map=seed_map, graph=graph, author=owner)
    progress(
        f"Created map {seed_map.slug}: {counts['claims']} claims, {counts['arguments']} arguments"
    )
    return SeedReport(
        map=seed_map,
        map_created=True,
        documents_created=created,
        documents_found=found,
        counts=counts,
    )
