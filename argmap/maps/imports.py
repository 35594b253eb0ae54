"""Writing a whole ArgumentGraph into a map in bulk: the one path for every map import.

Checks that the graph holds together (every premise, conclusion and target is in it), validates
every row with the model's own rules (what the services' full_clean applies: limits, blankness,
clean()), then writes claims, arguments and premises with a handful of bulk INSERTs in one
transaction. Nothing is cut to fit: a row that breaks a rule refuses the whole file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction

from argmap.accounts.models import User
from argmap.formats import DocumentError
from argmap.formats.maps import ParsedMap, parse_map
from argmap.graph import ArgumentGraph, ArgumentNode, ClaimNode, GraphNote
from argmap.sources.models import Passage

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


def _where(kind: str, node: ClaimNode | ArgumentNode | GraphNote, number: int) -> str:
    return f"{kind} at {node.origin}" if node.origin else f"{kind} {number}"


def _refusal(where: str, error: ValidationError) -> ValidationError:
    """One message naming the row at fault, and the field when the model names one."""
    if hasattr(error, "error_dict"):
        parts = [
            " ".join(messages) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        ]
    else:
        parts = error.messages
    return ValidationError(f"{where}: {'; '.join(parts)}")


_RELATIONS = ["map", "author", "passage", "conclusion", "target", "claim", "argument"]


def _validated(row: Claim | Argument | Annotation, where: str, *, whole: bool = False) -> None:
    """The model's own rules for one row, as the services' full_clean applies them: its fields
    (limits, blankness, choices), and with ``whole`` the rules across them (``clean()``).

    Foreign keys are left out: they point at the map, the author and rows written moments ago,
    and checking each would cost a query per row. The database checks its constraints on insert.
    """
    try:
        if whole:
            row.clean()
        else:
            row.clean_fields(exclude=_RELATIONS)
    except ValidationError as error:
        raise _refusal(where, error) from None


def _claim_row(node: ClaimNode, **relations: object) -> Claim:
    return Claim(
        text=node.text.strip(),
        speaker=node.speaker.strip(),
        tags=normalise_tags(node.tags),
        **relations,
    )


def _argument_row(node: ArgumentNode, **relations: object) -> Argument:
    return Argument(kind=node.kind, scheme=node.scheme, **relations)


def _note_row(note: GraphNote, **relations: object) -> Annotation:
    return Annotation(kind=note.kind, body=note.body.strip(), url=note.url.strip(), **relations)


def validate_graph(graph: ArgumentGraph) -> None:
    """Everything that can be checked of a graph before it has a map: that it holds together and
    that every claim, argument and note fits its columns. The import page's preview and every
    import (before writing anything) run this one check; ValidationError names the row."""
    check_graph(graph)
    _in_levels(graph)
    for node in graph.claims.values():
        _validated(_claim_row(node), _where("Claim", node, node.id))
    for argument in graph.arguments.values():
        _validated(_argument_row(argument), _where("Argument", argument, argument.id))
    for i, note in enumerate(graph.notes, start=1):
        _validated(_note_row(note), _where("Note", note, i))


def check_graph(graph: ArgumentGraph) -> None:
    """Raise ValidationError naming the first argument whose premises, conclusion or target are
    not claims and arguments of the graph, or break the services' rules for premises."""
    for a in graph.arguments.values():
        where = _where("Argument", a, a.id)
        if a.target_id is not None and a.target_id not in graph.arguments:
            raise ValidationError(f"{where}: it attacks an argument that is not in the map.")
        if a.conclusion_id is not None and a.conclusion_id not in graph.claims:
            raise ValidationError(f"{where}: its conclusion is not a claim of the map.")
        if not a.premise_ids:
            raise ValidationError(f"{where}: an argument needs at least one premise.")
        if len(set(a.premise_ids)) != len(a.premise_ids) or a.conclusion_id in a.premise_ids:
            raise ValidationError(f"{where}: a premise repeats, or is the conclusion itself.")
        if any(p not in graph.claims for p in a.premise_ids):
            raise ValidationError(f"{where}: a premise is not a claim of the map.")
    for i, note in enumerate(graph.notes, start=1):
        ids = graph.claims if note.target == "claim" else graph.arguments
        if note.target not in ("claim", "argument") or note.target_id not in ids:
            raise ValidationError(
                f"{_where('Note', note, i)}: it belongs to no claim or argument of the map."
            )


BATCH = 1000  # rows per INSERT, and how often the progress callback hears of them
ANALYZE_FROM = 1000  # claims and arguments: an import this large refreshes the statistics


def refresh_statistics() -> None:
    """Bring PostgreSQL's statistics up to date after a large import, as autovacuum would within
    a minute or so: until then the planner takes a large new map for an empty one, and the
    workspace's reads ran hash joins over every map's rows (3-5 ms a read at 10,000 claims)."""
    tables = [model._meta.db_table for model in (Claim, Argument, Premise, Annotation)]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


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
    validate_graph(graph)
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
        claims[node.id] = _claim_row(
            node,
            map=map,
            passage=passage,
            span_start=node.span_start if passage else None,
            span_end=node.span_end if passage else None,
            author=author,
        )
        _validated(claims[node.id], _where("Claim", node, node.id), whole=True)
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
            node.id: _argument_row(
                node,
                map=map,
                author=author,
                conclusion=claims[node.conclusion_id] if node.conclusion_id is not None else None,
                target=arguments[node.target_id] if node.target_id is not None else None,
            )
            for node in level
        }
        for argument in level:
            _validated(batch[argument.id], _where("Argument", argument, argument.id), whole=True)
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
    notes = [
        _note_row(
            note,
            map=map,
            claim=claims[note.target_id] if note.target == "claim" else None,
            argument=arguments[note.target_id] if note.target == "argument" else None,
            author=author,
        )
        for note in graph.notes
    ]
    for i, (row, note) in enumerate(zip(notes, graph.notes, strict=True), start=1):
        _validated(row, _where("Note", note, i), whole=True)
    Annotation.objects.bulk_create(notes, batch_size=BATCH)
    counts = {"claims": len(claims), "arguments": len(arguments), "notes": len(graph.notes)}
    if total >= ANALYZE_FROM:
        transaction.on_commit(refresh_statistics, robust=True)
    # One entry in the history for the whole import (not one per row: imports are bulk).
    record(map=map, actor=author, operation="map.import", obj=map, after=counts)
    return counts


def _parsed(data: bytes, filename: str, format: str | None) -> ParsedMap:
    try:
        return parse_map(data, format=format, filename=filename)
    except DocumentError as error:
        raise ValidationError(str(error)) from error


def map_title(*, given: str | None, file_title: str, filename: str) -> str:
    """The new map's title: the one given, else the file's own, else the file's name; refused
    as the model refuses a title (never cut to fit)."""
    title = (given or "").strip() or file_title or Path(filename).stem.replace("_", " ")
    try:
        Map._meta.get_field("title").clean(title, None)
    except ValidationError as error:
        raise ValidationError(
            f"{filename}: the map's title: {' '.join(error.messages)} Give another title."
        ) from None
    return title


def read_map_file(
    *, data: bytes, filename: str, format: str | None, title: str | None
) -> ParsedMap:
    """The map a file holds, checked as far as it can be before it has a map of its own: the
    import page's preview. ``validate_graph`` and ``map_title`` are the checks the import runs.

    Raises ValidationError with the file and line (or node) at fault.
    """
    parsed = _parsed(data, filename, format)
    map_title(given=title, file_title=parsed.title, filename=filename)
    try:
        validate_graph(parsed.graph)
    except ValidationError as error:
        raise ValidationError(f"{filename}: {' '.join(error.messages)}") from None
    return parsed


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
    parsed = _parsed(data, filename, format)  # import_graph validates it before writing
    name = map_title(given=title, file_title=parsed.title, filename=filename)
    try:
        new_map = services.create_map(title=name, created_by=owner)
    except ValidationError as error:  # no free address left for it, say
        raise ValidationError(f"{filename}: {' '.join(error.messages)}") from None
    try:
        counts = import_graph(map=new_map, graph=parsed.graph, author=owner, progress=progress)
    except ValidationError as error:
        raise ValidationError(f"{filename}: {' '.join(error.messages)}") from None
    return ImportReport(map=new_map, format=parsed.format, counts=counts, report=parsed.report)
