"""Full-text search: claims of one map with filters (the workspace), and every claim, annotation
and passage a reader may read (the site's search page and the API). One service for all three.

PostgreSQL's full-text search with the 'english' configuration: words are stemmed ("drafting"
finds "draft"), results ranked by ts_rank, and the matching words highlighted by ts_headline.
ts_headline does not escape HTML, so it marks words with two private-use characters; ``marked``
escapes the text and only then turns those into <mark> elements.
Each row's words are stored in its ``search_vector`` (argmap/fulltext.py), which a GIN index
serves, so matching and ranking never parse a text again; only the shown headlines do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Exists, F, Func, OuterRef, QuerySet, TextField, Value
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from argmap.accounts.models import User
from argmap.fulltext import CONFIG
from argmap.sources.models import Passage

from .models import Annotation, Claim, Map
from .permissions import readable_maps

START, STOP = "\ue000", "\ue001"  # ts_headline's marks, turned into <mark> after escaping
IN_MAP_LIMIT = 30  # claims listed in the workspace (the best ranked)
LONG_TEXT = {"max_words": 30, "min_words": 12, "max_fragments": 2, "fragment_delimiter": " … "}
# ts_rank's weights for D, C, B, A: annotations and passages (unweighted, D) count like a speaker.
PLAIN_WEIGHTS = [0.4, 0.2, 0.4, 1.0]


def marked(headline: str) -> SafeString:
    """The headline with every character escaped, then the matched words in <mark>."""
    html = escape(headline).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # escaped on the line above: only our marks are HTML


def words(q: str) -> SearchQuery:
    """Web-search syntax: words, "a phrase", or, -not; never a syntax error."""
    return SearchQuery(q, search_type="websearch", config=CONFIG)


def headline(expression: str, query: SearchQuery, *, whole: bool) -> SearchHeadline:
    options: dict[str, Any] = {"highlight_all": True} if whole else LONG_TEXT
    return SearchHeadline(
        expression, query, config=CONFIG, start_sel=START, stop_sel=STOP, **options
    )


# In one map: claims, with filters.


@dataclass
class Filters:
    tag: str = ""
    speaker: str = ""
    questions: bool = False  # has a question annotation
    evidence: bool = False  # has an evidence annotation
    label: str = ""  # IN, OUT or UNDEC: needs the labels of the Evaluate switch

    @property
    def any(self) -> bool:
        return bool(self.tag or self.speaker or self.questions or self.evidence or self.label)


@dataclass
class ClaimHit:
    claim: Claim
    headline: SafeString
    note: SafeString | None = None  # where an annotation of the claim matched, when it did


@dataclass
class MapSearch:
    q: str
    filters: Filters
    hits: list[ClaimHit] = field(default_factory=list)
    total: int = 0

    @property
    def asked(self) -> bool:
        return bool(self.q or self.filters.any)


def _has(kind: str) -> Exists:
    return Exists(
        Annotation.objects.filter(claim=OuterRef("pk"), kind=kind, deleted_at__isnull=True)
    )


def _filtered(claims: QuerySet[Claim], filters: Filters, labels: Mapping[int, str] | None) -> Any:
    if filters.tag:
        claims = claims.filter(tags__contains=[filters.tag.strip().lstrip("#")])
    if filters.speaker:
        claims = claims.filter(speaker__iexact=filters.speaker.strip())
    if filters.questions:
        claims = claims.filter(_has(Annotation.Kind.QUESTION))
    if filters.evidence:
        claims = claims.filter(_has(Annotation.Kind.EVIDENCE))
    if filters.label and labels is not None:
        claims = claims.filter(pk__in=[pk for pk, lab in labels.items() if lab == filters.label])
    return claims


def in_map(
    map: Map, q: str, filters: Filters, *, labels: Mapping[int, str] | None = None
) -> MapSearch:
    """The map's live claims whose words, speaker, tags or annotations match ``q``, best first,
    narrowed by ``filters`` (``labels``: claim id -> IN/OUT/UNDEC when Evaluate is on)."""
    found = MapSearch(q=q, filters=filters)
    if not found.asked:
        return found
    claims = _filtered(Claim.objects.filter(map=map, deleted_at__isnull=True), filters, labels)
    if not q:
        found.total = claims.count()
        found.hits = [
            ClaimHit(claim, marked(claim.text)) for claim in claims.order_by("pk")[:IN_MAP_LIMIT]
        ]
        return found
    query = words(q)
    by_words = Claim.objects.filter(map=map, search_vector=query).values("pk")
    by_notes = Annotation.objects.filter(
        map=map, search_vector=query, deleted_at__isnull=True, claim__isnull=False
    ).values("claim_id")
    claims = claims.filter(pk__in=by_words.union(by_notes))
    found.total = claims.count()
    ranked = claims.annotate(
        rank=SearchRank(F("search_vector"), query), headline=headline("text", query, whole=True)
    ).order_by("-rank", "pk")[:IN_MAP_LIMIT]
    found.hits = [ClaimHit(claim, marked(claim.headline)) for claim in ranked]
    notes = _matching_notes(query, [hit.claim.pk for hit in found.hits])
    for hit in found.hits:
        hit.note = notes.get(hit.claim.pk)
    return found


def _matching_notes(query: SearchQuery, claim_ids: list[int]) -> dict[int, SafeString]:
    """The first matching annotation of each of these claims, highlighted (one query)."""
    notes = (
        Annotation.objects.filter(
            claim_id__in=claim_ids, search_vector=query, deleted_at__isnull=True
        )
        .annotate(headline=headline("body", query, whole=False))
        .order_by("claim_id", "pk")
        .distinct("claim_id")
        .values_list("claim_id", "headline")
    )
    return {claim_id: marked(text) for claim_id, text in notes}


def tags_and_speakers(map: Map) -> tuple[list[str], list[str]]:
    """What the filters offer: the tags and the speakers of the map's live claims."""
    live = Claim.objects.filter(map=map, deleted_at__isnull=True)
    each_tag = Func(F("tags"), function="unnest", output_field=TextField())
    unnested = live.annotate(tag=each_tag).values_list("tag", flat=True)
    tags = sorted(unnested.order_by().distinct())
    speakers = list(
        live.exclude(speaker="").order_by("speaker").values_list("speaker", flat=True).distinct()
    )
    return tags, speakers


# Everywhere a reader may read: claims, annotations and passages in one ranked list.


@dataclass
class Hit:
    kind: str  # claim, annotation, passage
    pk: int
    headline: SafeString
    where: str  # the map's or the document's title
    url: str  # the claim, the annotated claim or argument, or the passage in its document
    fragment_url: str = ""  # the same in the workspace's detail pane (htmx), for map hits
    detail: str = ""  # a speaker, an annotation's kind, a passage's label


def site_rows(user: User | AnonymousUser, q: str) -> QuerySet:
    """(kind, pk, rank) of every match the user may read, best first: page it, then ``hits``."""
    query = words(q)
    maps = readable_maps(user).values("pk")
    claims = (
        Claim.objects.filter(search_vector=query, deleted_at__isnull=True, map__in=maps)
        .annotate(found=Value("claim"), rank=SearchRank(F("search_vector"), query))
        .values_list("pk", "found", "rank")
        .order_by()
    )
    annotations = (
        Annotation.objects.filter(search_vector=query, deleted_at__isnull=True, map__in=maps)
        .annotate(
            found=Value("annotation"),
            rank=SearchRank(F("search_vector"), query, weights=PLAIN_WEIGHTS),
        )
        .values_list("pk", "found", "rank")
        .order_by()
    )
    passages = (
        Passage.objects.filter(search_vector=query)
        .annotate(
            found=Value("passage"),
            rank=SearchRank(F("search_vector"), query, weights=PLAIN_WEIGHTS),
        )
        .values_list("pk", "found", "rank")
        .order_by()
    )
    return claims.union(annotations, passages, all=True).order_by("-rank", "found", "pk")


def hits(rows: Any, q: str) -> list[Hit]:
    """The rows of one page of ``site_rows``, read with their titles and highlights (3 queries)."""
    query = words(q)
    wanted: dict[str, list[int]] = {"claim": [], "annotation": [], "passage": []}
    for pk, kind, _rank in rows:
        wanted[kind].append(pk)
    found: dict[tuple[str, int], Hit] = {}
    if wanted["claim"]:
        for claim in (
            Claim.objects.filter(pk__in=wanted["claim"])
            .select_related("map")
            .annotate(headline=headline("text", query, whole=True))
        ):
            url = reverse("maps:claim", args=[claim.map.slug, claim.pk])
            found["claim", claim.pk] = Hit(
                "claim", claim.pk, marked(claim.headline), claim.map.title, url, url, claim.speaker
            )
    if wanted["annotation"]:
        for note in (
            Annotation.objects.filter(pk__in=wanted["annotation"])
            .select_related("map")
            .annotate(headline=headline("body", query, whole=False))
        ):
            if note.claim_id:
                url = reverse("maps:claim", args=[note.map.slug, note.claim_id])
            else:
                url = reverse("maps:argument", args=[note.map.slug, note.argument_id])
            found["annotation", note.pk] = Hit(
                "annotation",
                note.pk,
                marked(note.headline),
                note.map.title,
                url,
                url,
                note.get_kind_display(),
            )
    if wanted["passage"]:
        for passage in (
            Passage.objects.filter(pk__in=wanted["passage"])
            .select_related("source")
            .only("pk", "label", "position", "source__slug", "source__title", "source__symbol")
            .annotate(headline=headline("text", query, whole=False))
        ):
            source = passage.source
            found["passage", passage.pk] = Hit(
                "passage",
                passage.pk,
                marked(passage.headline),
                source.symbol or source.title,
                passage.get_absolute_url(),
                detail=passage.label,
            )
    return [found[kind, pk] for pk, kind, _rank in rows if (kind, pk) in found]


def claims_containing(map: Map, query: str, *, exclude: set[int], limit: int = 12) -> list[Claim]:
    """Live claims of the map whose text contains every word of ``query`` (newest first): what
    the pickers (link a premise, move an argument) offer as one types, parts of words included,
    unlike the full-text search above."""
    claims = Claim.objects.filter(map=map, deleted_at__isnull=True).exclude(pk__in=exclude)
    for word in query.split()[:8]:
        claims = claims.filter(text__icontains=word)
    return list(claims.order_by("-updated_at")[:limit])
