"""Claims carried from a document to its revision: a claim quoting words that still stand in the
revision is anchored there instead; one whose words changed keeps its anchor and gets an open
question saying so, where the claim's details show it and anyone may answer or remove it.

One action: "Undo" takes it back whole (anchors, questions). The revision is attached to the
map first (undo leaves it attached: nothing then cites it, and attaching is never undone).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from argmap.accounts.models import User
from argmap.sources.models import Passage, Source
from argmap.sources.revisions import (
    Paragraph,
    compare,
    find_quote,
    paired,
    passage_at,
    quote_selector,
)

from ..models import Annotation, Claim, Map
from .annotations import annotate
from .history import recorded, versioned_change
from .maps import attach_source


@dataclass
class Carried:
    moved: list[Claim] = field(default_factory=list)
    flagged: list[Claim] = field(default_factory=list)


@recorded
def reanchor_claim(
    *,
    claim: Claim,
    version: int,
    passage: Passage | None,
    span_start: int | None,
    span_end: int | None,
    actor: User | None = None,
) -> Claim:
    """Point a claim at other words of its map's documents (undo points it back)."""
    with versioned_change(
        claim,
        version=version,
        operation="claim.reanchor",
        actor=actor,
        passage=passage,
        span_start=span_start,
        span_end=span_end,
    ):
        pass
    return claim


@recorded
def carry_claims(*, map: Map, original: Source, revision: Source, actor: User | None) -> Carried:
    """Re-anchor the map's claims quoting ``original`` to the same words in ``revision`` (found
    by exact quote, prefix and suffix: the W3C text-quote selector); flag those whose words are
    gone. Claims already carried, or never anchored to the original, are left alone."""
    if original.pk == revision.pk:
        raise ValidationError("Choose a different document to carry the claims to.")
    # (a claim quotes only documents of its map: none of these if ``original`` is not one)
    claims = list(
        Claim.objects.filter(map=map, passage__source=original, deleted_at__isnull=True)
        .select_related("passage")
        .order_by("id")
    )
    result = Carried()
    if not claims:
        return result
    if not map.sources.filter(pk=revision.pk).exists():
        attach_source(map=map, source=revision, actor=actor)
    old_body = Source.objects.values_list("body", flat=True).get(pk=original.pk)
    new_body = Source.objects.values_list("body", flat=True).get(pk=revision.pk)
    old_passages = list(original.passages.defer("search_vector").order_by("position"))
    new_passages = list(revision.passages.defer("search_vector").order_by("position"))
    became = paired(compare(old_passages, new_passages))
    rows = {p.pk: p for p in new_passages}  # the revision's passages as rows, to point claims at
    for claim in claims:
        passage = claim.passage
        assert passage is not None  # filtered on its source
        counterpart = became.get(passage.pk)
        if claim.span_start is None or claim.span_end is None:
            # the whole paragraph is cited: it stands if the paragraph is unchanged
            if counterpart is not None and " ".join(counterpart.text.split()) == " ".join(
                passage.text.split()
            ):
                _move(claim, rows[counterpart.pk], None, None, actor)
                result.moved.append(claim)
            else:
                _flag(claim, passage, revision, counterpart, actor)
                result.flagged.append(claim)
            continue
        in_body = passage.start + claim.span_start, passage.start + claim.span_end
        quote = quote_selector(old_body, *in_body)
        prefer = (counterpart.start, counterpart.end) if counterpart else None
        at = find_quote(new_body, quote, prefer=prefer)
        target = passage_at(new_passages, at, at + len(quote.exact)) if at is not None else None
        if at is None or target is None:
            _flag(claim, passage, revision, counterpart, actor)
            result.flagged.append(claim)
            continue
        offset = at - target.start  # spans count from the passage's start
        _move(claim, rows[target.pk], offset, offset + len(quote.exact), actor)
        result.moved.append(claim)
    return result


def _move(
    claim: Claim, passage: Passage, start: int | None, end: int | None, actor: User | None
) -> None:
    reanchor_claim(
        claim=claim,
        version=claim.version,
        passage=passage,
        span_start=start,
        span_end=end,
        actor=actor,
    )


def _flag(
    claim: Claim,
    passage: Passage,
    revision: Source,
    counterpart: Paragraph | None,
    actor: User | None,
) -> None:
    name = revision.symbol or revision.title
    if counterpart is None:
        where = f"{passage.label} has no counterpart in {name} (removed, or rewritten beyond recognition)"
    else:
        where = f"{passage.label} became {counterpart.label} in {name}, in other words"
    body = (
        f"Review this claim's quote: the words it cites changed in the revision. {where}. "
        f"It still quotes the earlier text: “{claim.quote}”."
        if claim.quote
        else f"Review this claim: the paragraph it cites changed in the revision. {where}."
    )
    asked = Annotation.objects.filter(
        claim=claim, kind=Annotation.Kind.QUESTION, deleted_at__isnull=True, body=body
    )
    if not asked.exists():  # carried again: the question stands, once
        annotate(target=claim, author=actor, body=body, kind=Annotation.Kind.QUESTION)
