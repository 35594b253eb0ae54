"""Writing a whole ArgumentGraph into a map in bulk: the one path for every map import.

Checks the graph as a whole first (the same rules the single-step services apply), then writes
claims, arguments and premises with a handful of bulk INSERTs in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from argmap.accounts.models import User
from argmap.formats import DocumentError, ParsedDocument
from argmap.formats.maps import parse_map
from argmap.formats.seed_manifest import build_seed_graph, load_manifest
from argmap.graph import ATTACK, SUPPORT, ArgumentGraph, ArgumentNode
from argmap.sources.models import Passage, Source
from argmap.sources.services import import_document

from . import services
from .models import Annotation, Argument, Claim, Map, Premise
from .services.claims import normalise_tags
from .services.history import record


def _passages_for(map: Map, graph: ArgumentGraph) -> dict[tuple[str, str], Passage]:
    wanted = {(c.source_slug, c.passage_label) for c in graph.claims.values() if c.passage_label}
    if not wanted:
        return {}
    slugs = {slug for slug, _ in wanted}
    found = {
        (p.source.slug, p.label): p
        for p in Passage.objects.filter(source__slug__in=slugs, source__maps=map).select_related(
            "source"
        )
    }
    missing = sorted(wanted - found.keys())
    if missing:
        slug, label = missing[0]
        raise ValidationError(f"Passage {label} of “{slug}” is not in a source of this map.")
    return found


def _in_levels(graph: ArgumentGraph) -> list[list[ArgumentNode]]:
    """Arguments in batches such that each undercut comes after the argument it attacks."""
    levels: list[list[ArgumentNode]] = []
    placed: set[int] = set()
    pending = sorted(graph.arguments.values(), key=lambda a: a.id)
    while pending:
        ready = [a for a in pending if a.target_id is None or a.target_id in placed]
        if not ready:
            raise ValidationError(
                f"Argument {pending[0].id}: its undercuts attack each other in a circle."
            )
        levels.append(ready)
        placed.update(a.id for a in ready)
        pending = [a for a in pending if a.id not in placed]
    return levels


def check_graph(graph: ArgumentGraph) -> None:
    """Raise ValidationError naming the first claim or argument that breaks a rule of the model."""
    for claim in graph.claims.values():
        if not claim.text.strip():
            raise ValidationError(f"Claim {claim.id}: the text is blank.")
    for a in graph.arguments.values():
        where = f"Argument {a.id}"
        if a.kind not in (SUPPORT, ATTACK):
            raise ValidationError(f"{where}: kind must be support or attack, not {a.kind!r}.")
        if (a.conclusion_id is None) == (a.target_id is None):
            raise ValidationError(f"{where}: needs either a conclusion claim or a target argument.")
        if a.target_id is not None and (a.kind != ATTACK or a.target_id not in graph.arguments):
            raise ValidationError(
                f"{where}: an undercut must be an attack on an argument of the map."
            )
        if a.conclusion_id is not None and a.conclusion_id not in graph.claims:
            raise ValidationError(
                f"{where}: its conclusion {a.conclusion_id} is not a claim of the map."
            )
        if not a.premise_ids:
            raise ValidationError(f"{where}: needs at least one premise.")
        if len(set(a.premise_ids)) != len(a.premise_ids) or a.conclusion_id in a.premise_ids:
            raise ValidationError(f"{where}: a premise repeats, or is the conclusion itself.")
        unknown = [p for p in a.premise_ids if p not in graph.claims]
        if unknown:
            raise ValidationError(f"{where}: premise {unknown[0]} is not a claim of the map.")


def _check_notes(graph: ArgumentGraph) -> None:
    kinds = {k for k, _ in Annotation.Kind.choices}
    for i, note in enumerate(graph.notes):
        ids = graph.claims if note.target == "claim" else graph.arguments
        if note.target not in ("claim", "argument") or note.target_id not in ids:
            raise ValidationError(f"Note {i + 1}: it belongs to no claim or argument of the map.")
        if note.kind not in kinds or not note.body.strip():
            raise ValidationError(
                f"Note {i + 1}: a note needs a body and a kind of {sorted(kinds)}."
            )


BATCH = 1000  # rows per INSERT, and how often the progress callback hears of them


@transaction.atomic
def import_graph(
    *,
    map: Map,
    graph: ArgumentGraph,
    author: User | None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Add the graph's claims, arguments and notes to ``map``; returns how many were created.

    ``progress(done, total)`` hears how many claims and arguments are written so far.
    """
    check_graph(graph)
    _check_notes(graph)
    levels = _in_levels(graph)
    passages = _passages_for(map, graph)
    total, done = len(graph.claims) + len(graph.arguments), 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    claims: dict[int, Claim] = {}
    for node in graph.claims.values():
        passage = (
            passages.get((node.source_slug, node.passage_label)) if node.passage_label else None
        )
        span = (node.span_start, node.span_end)
        if (
            passage is not None
            and span[0] is not None
            and span[1] is not None
            and not 0 <= span[0] < span[1] <= len(passage.text)
        ):
            raise ValidationError(
                f"Claim {node.id}: the span {span[0]}–{span[1]} lies outside passage {passage.label}."
            )
        claims[node.id] = Claim(
            map=map,
            text=node.text.strip(),
            speaker=node.speaker,
            passage=passage,
            span_start=node.span_start if passage else None,
            span_end=node.span_end if passage else None,
            tags=normalise_tags(node.tags),
            author=author,
        )
    rows = list(claims.values())
    for start in range(0, len(rows), BATCH):
        Claim.objects.bulk_create(rows[start : start + BATCH])
        advance(len(rows[start : start + BATCH]))
    said = []  # when it was said, where the file tells: bulk_create stamps "now"
    for node in graph.claims.values():
        if node.created is not None:
            claims[node.id].created_at = node.created
            said.append(claims[node.id])
    if said:
        Claim.objects.bulk_update(said, ["created_at"], batch_size=BATCH)

    arguments: dict[int, Argument] = {}
    for level in levels:  # an undercut needs its target's primary key first
        batch = {
            node.id: Argument(
                map=map,
                kind=node.kind,
                scheme=node.scheme,
                author=author,
                conclusion=claims[node.conclusion_id] if node.conclusion_id is not None else None,
                target=arguments[node.target_id] if node.target_id is not None else None,
            )
            for node in level
        }
        Argument.objects.bulk_create(batch.values(), batch_size=BATCH)
        arguments.update(batch)
        advance(len(batch))
    Premise.objects.bulk_create(
        (
            Premise(argument=arguments[node.id], claim=claims[cid], position=i)
            for node in graph.arguments.values()
            for i, cid in enumerate(node.premise_ids)
        ),
        batch_size=BATCH,
    )
    Annotation.objects.bulk_create(
        (
            Annotation(
                map=map,
                claim=claims[note.target_id] if note.target == "claim" else None,
                argument=arguments[note.target_id] if note.target == "argument" else None,
                author=author,
                kind=note.kind,
                body=note.body.strip(),
                url=note.url[:500],
            )
            for note in graph.notes
        ),
        batch_size=BATCH,
    )
    counts = {"claims": len(claims), "arguments": len(arguments), "notes": len(graph.notes)}
    # One entry in the history for the whole import (not one per row: imports are bulk).
    record(map=map, actor=author, operation="map.import", obj=map, after=counts)
    return counts


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


@dataclass
class ImportReport:
    map: Map
    format: str
    counts: dict[str, int]
    report: list[str]  # what the file held that argmap did not keep


@transaction.atomic
def import_map_file(
    *,
    data: bytes,
    filename: str,
    format: str | None,
    title: str | None,
    owner: User | None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Create a map from an AIF, Argdown or Kialo file, all or nothing.

    Raises ValidationError with the file and line (or node) at fault, or the size limit.
    """
    try:
        parsed = parse_map(data, format=format, filename=filename)
    except DocumentError as error:
        raise ValidationError(str(error)) from error
    name = (title or "").strip() or parsed.title or Path(filename).stem.replace("_", " ")
    new_map = services.create_map(title=name[:200], created_by=owner)
    counts = import_graph(map=new_map, graph=parsed.graph, author=owner, progress=progress)
    return ImportReport(map=new_map, format=parsed.format, counts=counts, report=parsed.report)
