"""Reads of source documents for pages and the API."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser

from argmap.accounts.models import User
from argmap.maps.models import Claim
from argmap.maps.permissions import readable_maps

from .models import PAGE, Passage, Source


@dataclass
class PassageView:
    passage: Passage
    claims: list[Claim] = field(
        default_factory=list
    )  # claims citing it, in maps the reader may see


def source_passages(
    source: Source, user: User | AnonymousUser, *, page: int | None = None
) -> list[PassageView]:
    """The passages of a source in order (those of one page, if given: see ``PAGE``), each
    with the claims that cite it (two queries)."""
    passages = source.passages.defer("search_vector").order_by("position")
    if page is not None:
        passages = passages.filter(position__lte=page * PAGE)
        if page > 1:
            passages = passages.filter(position__gt=(page - 1) * PAGE)
    rows = list(passages)
    citing: dict[int, list[Claim]] = defaultdict(list)
    cited = {"passage__source": source} if page is None else {"passage__in": [p.pk for p in rows]}
    claims = (
        Claim.objects.filter(**cited, deleted_at__isnull=True, map__in=readable_maps(user))
        .select_related("map")
        .order_by("map__title", "id")
    )
    for claim in claims:
        citing[claim.passage_id].append(claim)  # type: ignore[index]
    return [PassageView(passage=p, claims=citing[p.pk]) for p in rows]
