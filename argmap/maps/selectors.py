"""Reads shared by pages, API and exports, each in a fixed number of queries."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Count, Max, Model, Q, QuerySet

from argmap.accounts.models import User
from argmap.graph import ArgumentGraph, ArgumentNode, ClaimNode, GraphNote
from argmap.sources.models import Passage, Source

from .models import Annotation, Argument, Claim, Map, Premise
from .permissions import readable_maps
from .sql import columns


def one_of(*ids: QuerySet) -> Q:
    """``pk IN (a UNION b …)``, each a query of ids: what an OR across a join asks, but each side
    reads its own index (PostgreSQL answers ``a.x = 1 OR b.y = 1`` by scanning both tables whole,
    which grows with the map)."""
    first, *rest = ids
    return Q(pk__in=first.union(*rest))


def map_list(user: User | AnonymousUser) -> QuerySet[Map]:
    """Maps the user may read, with their size and last change, newest first (one query)."""
    live = Q(claims__deleted_at__isnull=True)
    return (
        readable_maps(user)
        .annotate(
            claim_count=Count("claims", filter=live, distinct=True),
            last_change=Max("claims__updated_at"),
        )
        .order_by("-updated_at")
    )


# The hot reads (claim_nodes, standing_arguments) are SQL of constant text: compiled by the ORM,
# their subqueries cost several times what the database takes to run them, and a write's answer
# makes three or four of them.
CLAIM_NODES = """
SELECT c.id, c.text, c.speaker, s.slug, p.label, c.span_start, c.span_end,
       substr(p.text, c.span_start + 1, c.span_end - c.span_start), c.tags,
       ARRAY(SELECT n.kind FROM maps_annotation n WHERE n.claim_id = c.id AND n.deleted_at IS NULL)
FROM maps_claim c
LEFT JOIN sources_passage p ON p.id = c.passage_id
LEFT JOIN sources_source s ON s.id = p.source_id
WHERE c.map_id = %(map)s AND c.deleted_at IS NULL
"""


def claim_nodes(
    map: Map, ids: Iterable[int] | None = None, *, quoting: bool = False
) -> dict[int, ClaimNode]:
    """The map's live claims (those of ``ids``; those quoting a passage) as nodes, by id in
    order: one query, rows as tuples (no model objects), with the quoted words and the kinds of
    their live annotations."""
    sql = CLAIM_NODES
    if ids is not None:
        sql += " AND c.id = ANY(%(ids)s::bigint[])"
    if quoting:
        sql += " AND c.passage_id IS NOT NULL"
    # In the order they were made, whatever the plan (a hash join returns rows in its own order):
    # the API lists them so, and the graph view lays a map out the same way each time.
    sql += " ORDER BY c.id"
    with connection.cursor() as cursor:
        cursor.execute(sql, {"map": map.pk, "ids": list(ids or ())})
        rows = cursor.fetchall()
    return {
        pk: ClaimNode(
            id=pk,
            text=text,
            speaker=speaker,
            source_slug=slug or "",
            passage_label=label or "",
            span_start=start,
            span_end=end,
            quote=quote or "",  # Claim.quote, cut by the database
            tags=list(tags),
            notes=kinds.count(Annotation.Kind.NOTE),
            evidence=kinds.count(Annotation.Kind.EVIDENCE),
            questions=kinds.count(Annotation.Kind.QUESTION),
        )
        for pk, text, speaker, slug, label, start, end, quote, tags, kinds in rows
    }


def map_graph(map: Map) -> ArgumentGraph:
    """The live claims and arguments of a map as an ArgumentGraph, in three queries.

    An argument is left out when its conclusion, its target or all its premises are deleted.
    """
    claims = claim_nodes(map)
    premises: dict[int, list[int]] = {}
    for argument_id, claim_id in (
        Premise.objects.filter(argument__map=map)
        .order_by("argument_id", "position")
        .values_list("argument_id", "claim_id")
    ):
        if claim_id in claims:  # live (a join with the claims would read them a second time)
            premises.setdefault(argument_id, []).append(claim_id)

    candidates = Argument.objects.filter(map=map, deleted_at__isnull=True).values_list(
        "pk", "kind", "conclusion_id", "target_id", "scheme"
    )
    arguments: dict[int, ArgumentNode] = {}
    for pk, kind, conclusion_id, target_id, scheme in sorted(candidates):
        if not premises.get(pk) or (conclusion_id is not None and conclusion_id not in claims):
            continue
        arguments[pk] = ArgumentNode(
            id=pk,
            kind=kind,
            premise_ids=premises[pk],
            conclusion_id=conclusion_id,
            target_id=target_id,
            scheme=scheme,
        )
    # An undercut of an argument that was left out goes too (targets may chain).
    kept = _reaching_a_live_argument(arguments)
    arguments = {pk: node for pk, node in arguments.items() if pk in kept}
    return ArgumentGraph(title=map.title, claims=claims, arguments=arguments)


def _reaching_a_live_argument(arguments: dict[int, ArgumentNode]) -> set[int]:
    """Arguments whose chain of targets stays among ``arguments``; each chain is walked once."""
    kept: dict[int, bool] = {}
    for start in arguments:
        chain: list[int] = []
        on_chain: set[int] = set()
        here: int | None = start
        while True:
            if here is None:  # reached an argument about a claim: the chain stands
                answer = True
                break
            if here in kept:
                answer = kept[here]
                break
            if here not in arguments:  # it undercuts an argument that was left out
                answer = False
                break
            if here in on_chain:  # undercuts attacking each other in a circle
                answer = True
                break
            chain.append(here)
            on_chain.add(here)
            here = arguments[here].target_id
        kept.update(dict.fromkeys(chain, answer))
    return {pk for pk, ok in kept.items() if ok}


def map_graph_for_export(map: Map) -> ArgumentGraph:
    """map_graph with what files can carry besides: annotations as notes, and claim times (4 queries)."""
    graph = map_graph(map)
    live = Annotation.objects.filter(map=map, deleted_at__isnull=True).order_by("created_at", "id")
    for note in live.values("claim_id", "argument_id", "kind", "body", "url"):
        target, target_id = (
            ("claim", note["claim_id"]) if note["claim_id"] else ("argument", note["argument_id"])
        )
        present = graph.claims if target == "claim" else graph.arguments
        if target_id in present:
            graph.notes.append(
                GraphNote(target, target_id, note["body"], note["kind"], note["url"])
            )
    for claim_id, created in Claim.objects.filter(pk__in=graph.claims).values_list(
        "pk", "created_at"
    ):
        graph.claims[claim_id].created = created
    return graph


# The workspace: the detail of what is selected.


@dataclass
class ClaimDetail:
    claim: Claim
    node: ClaimNode | None  # None when the claim is deleted
    reasons: list[ArgumentNode] = field(default_factory=list)
    objections: list[ArgumentNode] = field(default_factory=list)
    premise_of: list[ArgumentNode] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    graph: ArgumentGraph = field(default_factory=ArgumentGraph)  # the texts of the claims named
    alone: bool = False  # the only live claim of its map


@dataclass
class ArgumentDetail:
    argument: Argument
    node: ArgumentNode | None  # None when the argument is deleted or hidden
    undercuts: list[ArgumentNode] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    graph: ArgumentGraph = field(default_factory=ArgumentGraph)  # the texts of the claims named


# A claim's or an argument's live annotations with what the page names their authors by
# (constant SQL: every details pane asks it, and the ORM's select_related took longer to compile
# than the database to answer).
LIVE_ANNOTATIONS = f"""
SELECT {columns(Annotation, "n")}, u.username AS author_username, u.first_name AS author_first_name,
       u.last_name AS author_last_name
FROM maps_annotation n LEFT JOIN accounts_user u ON u.id = n.author_id
WHERE n.{{target}}_id = %s AND n.deleted_at IS NULL
ORDER BY n.created_at, n.id
"""
AUTHOR_FIELDS = ["id", "username", "first_name", "last_name"]


def live_annotations(**target: Claim | Argument) -> list[Annotation]:
    """The live annotations of ``claim=`` or ``argument=``, oldest first, each with its author
    (their name only; User.__str__ needs no more)."""
    ((name, obj),) = target.items()
    assert name in ("claim", "argument")
    notes = list(Annotation.objects.raw(LIVE_ANNOTATIONS.format(target=name), [obj.pk]))
    for note in notes:
        if note.author_id is not None:
            row = vars(note)  # the author's columns, as the raw query named them
            names = (row["author_username"], row["author_first_name"], row["author_last_name"])
            note.author = User.from_db(DEFAULT_DB_ALIAS, AUTHOR_FIELDS, (note.author_id, *names))
    return notes


# The ids asked for are read once (MATERIALIZED), then each argument by its key: planned as
# "a.id IN (…)", a map written in the same transaction (no statistics yet) was once answered by
# running the UNION again for every argument of the table (over 20 s at 1,000 claims).
STANDING_ARGUMENTS = """
WITH asked AS MATERIALIZED ({ids})
SELECT a.id, a.kind, a.conclusion_id, a.target_id, a.scheme,
       ARRAY(SELECT p.claim_id FROM maps_premise p JOIN maps_claim pc ON pc.id = p.claim_id
             WHERE p.argument_id = a.id AND pc.deleted_at IS NULL ORDER BY p.position, p.id)
FROM (SELECT DISTINCT id FROM asked) AS q
JOIN maps_argument a ON a.id = q.id
LEFT JOIN maps_claim c ON c.id = a.conclusion_id
LEFT JOIN maps_argument t ON t.id = a.target_id
WHERE a.deleted_at IS NULL AND c.deleted_at IS NULL AND t.deleted_at IS NULL
ORDER BY a.id
"""


# What standing_arguments may be asked about. The arguments about claims (concluding them) and
# the undercuts of those: each side reads its own index (PostgreSQL answers an OR across a join by
# scanning both tables whole).
ABOUT_CLAIMS = """
SELECT id FROM maps_argument WHERE conclusion_id = ANY(%(claims)s::bigint[])
UNION ALL
SELECT u.id FROM maps_argument u JOIN maps_argument a ON a.id = u.target_id
WHERE a.conclusion_id = ANY(%(claims)s::bigint[])
"""
# The arguments about a claim and those it is a premise of.
ABOUT_OR_USING = """
SELECT id FROM maps_argument WHERE conclusion_id = %(claim)s
UNION ALL
SELECT argument_id FROM maps_premise WHERE claim_id = %(claim)s
"""
THE_ARGUMENT = "SELECT %(argument)s::bigint AS id"
UNDERCUTS = "SELECT id FROM maps_argument WHERE target_id = %(argument)s"


def standing_arguments(asked: str, **params: Any) -> list[ArgumentNode]:
    """The arguments ``asked`` (SQL selecting ids, with its ``params``) that map_graph keeps,
    as nodes with their live premises.

    What an argument is about must be live: its conclusion, or the argument it undercuts (one
    level: an undercut of an undercut of a hidden argument is rare enough to show). One query:
    the conclusion and the target joined by primary key (LEFT JOINs: an argument without a
    conclusion, or a target, passes the test on it), the live premises by the argument's index;
    the work follows the arguments asked for, never the map.
    """
    with connection.cursor() as cursor:
        cursor.execute(STANDING_ARGUMENTS.format(ids=asked), params)
        rows = cursor.fetchall()
    return [
        ArgumentNode(
            id=pk,
            kind=kind,
            premise_ids=premise_ids,
            conclusion_id=conclusion_id,
            target_id=target_id,
            scheme=scheme,
        )
        for pk, kind, conclusion_id, target_id, scheme, premise_ids in rows
        if premise_ids
    ]


@dataclass(frozen=True)
class RowPart:
    """One model's columns in a joined row of constant SQL, and how the ORM would build the
    instance from them (its fields' converters applied: JSON arrives as text)."""

    model: type[Model]
    alias: str

    @functools.cached_property
    def fields(self) -> list[Any]:
        return list(self.model._meta.concrete_fields)

    @functools.cached_property
    def columns(self) -> str:
        return columns(self.model, self.alias)

    def build(self, values: Sequence[Any]) -> Any:
        """The instance, or None for the missing side of a LEFT JOIN."""
        pk = self.fields.index(self.model._meta.pk)
        if values[pk] is None:
            return None
        converted = list(values)
        for i, f in enumerate(self.fields):
            for converter in f.get_db_converters(connection):
                converted[i] = converter(converted[i], f.get_col(self.alias), connection)
        return self.model.from_db(DEFAULT_DB_ALIAS, [f.attname for f in self.fields], converted)


CLAIM, PASSAGE, SOURCE = RowPart(Claim, "c"), RowPart(Passage, "p"), RowPart(Source, "s")


@functools.cache
def _claim_with_source_sql(live: bool) -> str:
    return (
        f"SELECT {CLAIM.columns}, {PASSAGE.columns}, {SOURCE.columns} FROM maps_claim c"
        f" LEFT JOIN {Passage._meta.db_table} p ON p.id = c.passage_id"
        f" LEFT JOIN {Source._meta.db_table} s ON s.id = p.source_id"
        " WHERE c.map_id = %s AND c.id = %s" + (" AND c.deleted_at IS NULL" if live else "")
    )


def claim_with_source(map: Map, pk: int, *, live: bool = True) -> Claim | None:
    """A claim of the map (live ones only, unless ``live`` is False) with the passage it quotes
    and that passage's source, as ``select_related("passage__source")`` reads them (one query,
    constant SQL: every request about a claim asks it)."""
    if not -(2**63) <= pk < 2**63:  # no such id in a bigint column
        return None
    with connection.cursor() as cursor:
        cursor.execute(_claim_with_source_sql(live), [map.pk, pk])
        row = cursor.fetchone()
    if row is None:
        return None
    claim_end = len(CLAIM.fields)
    passage_end = claim_end + len(PASSAGE.fields)
    claim = CLAIM.build(row[:claim_end])
    passage = PASSAGE.build(row[claim_end:passage_end])
    if passage is not None:
        passage.source = SOURCE.build(row[passage_end:])
    claim.passage = passage
    return claim


LIVE_TEXTS = "SELECT id, text FROM maps_claim WHERE id = ANY(%s::bigint[]) AND deleted_at IS NULL"


def _texts(claim_ids: set[int]) -> ArgumentGraph:
    """A graph holding only the texts of these claims, for the names a fragment shows (1 query,
    constant SQL: every claim's details ask it; none for no claims)."""
    if not claim_ids:
        return ArgumentGraph()
    with connection.cursor() as cursor:
        cursor.execute(LIVE_TEXTS, [sorted(claim_ids)])
        rows = cursor.fetchall()
    return ArgumentGraph(claims={pk: ClaimNode(id=pk, text=text) for pk, text in rows})


def _named(arguments: list[ArgumentNode]) -> set[int]:
    return {cid for a in arguments for cid in [*a.premise_ids, a.conclusion_id] if cid is not None}


def claim_detail(map: Map, claim: Claim) -> ClaimDetail:
    """What the detail pane shows of a claim: the claim, its arguments, where it is a premise,
    its annotations; in a fixed number of queries, whatever the size of the map."""
    if claim.deleted_at is not None:
        return ClaimDetail(claim=claim, node=None)
    detail = ClaimDetail(claim=claim, node=ClaimNode(id=claim.pk, text=claim.text))
    for argument in standing_arguments(ABOUT_OR_USING, claim=claim.pk):
        if argument.conclusion_id == claim.pk:
            (detail.reasons if argument.kind == "support" else detail.objections).append(argument)
        elif claim.pk in argument.premise_ids:
            detail.premise_of.append(argument)
    detail.annotations = live_annotations(claim=claim)
    detail.graph = _texts(_named([*detail.reasons, *detail.objections, *detail.premise_of]))
    linked = detail.reasons or detail.objections or detail.premise_of
    detail.alone = not linked and not (
        Claim.objects.filter(map=map, deleted_at__isnull=True).exclude(pk=claim.pk).exists()
    )
    return detail


def argument_detail(map: Map, argument: Argument) -> ArgumentDetail:
    """What the detail pane shows of an argument, in a fixed number of queries."""
    found = standing_arguments(THE_ARGUMENT, argument=argument.pk)
    detail = ArgumentDetail(argument=argument, node=found[0] if found else None)
    if detail.node is not None:
        detail.undercuts = standing_arguments(UNDERCUTS, argument=argument.pk)
        detail.annotations = live_annotations(argument=argument)
        detail.graph = _texts(_named([detail.node, *detail.undercuts]))
    return detail
