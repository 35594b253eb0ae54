"""Revisions of a document: which earlier document a symbol extends, what changed paragraph by
paragraph, and where a quote of the earlier text stands in the later one.

Pure functions over rows already read: no writes here (imports link revisions in
``services.import_document``; claims are carried by ``argmap.maps.services.anchors``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import passage_url


class Paragraph(Protocol):
    """What a comparison reads of a passage: a Passage row, or a light Para."""

    pk: int
    position: int
    label: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Para:
    """A passage read as plain values: a page comparing two long texts builds thousands, and a
    model instance costs ten times as much to make."""

    pk: int
    position: int
    label: str
    text: str
    start: int
    end: int
    source_slug: str

    def get_absolute_url(self) -> str:
        return passage_url(self.source_slug, self.position, self.label)


# "/Rev.1", "/Corr.2", "/Add.1" at the end of a symbol (also "/Rev 1", "/rev.1").
SUFFIX = re.compile(r"\s*/\s*(Rev|Corr|Add)\.?\s*(\d+)\s*$", re.IGNORECASE)

# Two paragraphs are "the same paragraph, reworded" from this share of equal words on
# (difflib's ratio: 2 × matches / total length). Below it they are one removed and one added.
SIMILAR = 0.5
# Only pairs sharing this share of their word pairs (bigrams; Dice) are diffed: a paragraph
# reworded to half its words keeps about a third of them, unrelated ones share a few "of the".
SHARED_BIGRAMS = 0.25
SHORT = 12  # words and marks: below this, paragraphs (header lines) are always diffed
# Above this many pairs a gap of unmatched paragraphs is not searched for rewordings, nor with
# more than this many diffs: its paragraphs are reported as removed and added.
MOST_PAIRS = 40_000
MOST_DIFFS = 2_000

# A quote's context on each side, as the W3C Web Annotation TextQuoteSelector keeps it.
CONTEXT = 32
# Outside the paragraph the quoted one became, the same words count as the quote only with this
# many characters of its context around them (else "Member States" of a removed paragraph would
# land on the "Member States" of another).
CONTEXT_NEEDED = 16


def earlier_symbols(symbol: str) -> list[str]:
    """The symbols a document may revise, nearest first: for ``A/L.11/Rev.2/Corr.1`` that is
    ``A/L.11/Rev.2``, ``A/L.11/Rev.1``, ``A/L.11``. Empty for a symbol without a suffix."""
    found: list[str] = []
    current = symbol.strip()
    while match := SUFFIX.search(current):
        stem, kind, number = current[: match.start()], match.group(1), int(match.group(2))
        # Rev.3 revises Rev.2, which revised Rev.1: the nearest earlier one that exists wins.
        found += [f"{stem}/{kind}.{n}" for n in range(number - 1, 0, -1)]
        found.append(stem)
        current = stem
    return found


# --- Paragraph by paragraph ---------------------------------------------------------------


@dataclass
class Row:
    """One line of a comparison: a paragraph of the earlier text, of the later one, or both."""

    status: str  # "unchanged", "reworded", "added", "removed"
    old: Paragraph | None
    new: Paragraph | None
    ratio: float = 1.0

    @property
    def diff(self) -> SafeString:
        """The later text with the words removed and added marked (for a reworded paragraph)."""
        return word_diff(self.old.text if self.old else "", self.new.text if self.new else "")

    @property
    def relabelled(self) -> bool:
        return bool(self.old and self.new and self.old.label != self.new.label)


def _norm(text: str) -> str:
    return " ".join(text.split())


def compare(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> list[Row]:
    """Align two documents' passages by content, in reading order: equal texts first, then, in
    each gap between them, the most similar pair (above SIMILAR) and so on either side of it, as
    difflib's Differ pairs lines. Labels play no part: OP3 may become OP4."""
    a, b = [_norm(p.text) for p in old], [_norm(p.text) for p in new]
    rows: list[Row] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs = zip(range(i1, i2), range(j1, j2), strict=True)
            rows += [Row("unchanged", old[i], new[j]) for i, j in pairs]
        else:
            similar = _similar(
                [WORD.findall(a[i]) for i in range(i1, i2)],
                [WORD.findall(b[j]) for j in range(j1, j2)],
            )
            rows += _pair(old, new, similar, i1, i2, j1, j2, base=(i1, j1))
    return rows


def _bigrams(words: list[str]) -> set[tuple[str, str]]:
    return set(pairwise(words)) or {(w, "") for w in words}


def _similar(a: list[list[str]], b: list[list[str]]) -> dict[tuple[int, int], float]:
    """The word-level ratio of the pairs of paragraphs of a gap that reach SIMILAR. Pairs that
    share few word pairs (bigrams) are passed over without a diff, and at most MOST_DIFFS diffs
    are made: unrelated texts cost a set intersection per pair, never seconds."""
    found: dict[tuple[int, int], float] = {}
    if len(a) * len(b) > MOST_PAIRS:
        return found
    grams_a, grams_b = [_bigrams(w) for w in a], [_bigrams(w) for w in b]
    matcher: SequenceMatcher[str] = SequenceMatcher(autojunk=False)
    diffs = 0
    for j, words in enumerate(b):
        matcher.set_seq2(words)
        for i, other in enumerate(a):
            shared = len(grams_a[i] & grams_b[j])
            short = min(len(words), len(other)) < SHORT  # few bigrams, and a cheap diff
            if not short and 2 * shared < SHARED_BIGRAMS * (len(grams_a[i]) + len(grams_b[j])):
                continue
            diffs += 1
            if diffs > MOST_DIFFS:
                return found
            matcher.set_seq1(other)
            if matcher.quick_ratio() >= SIMILAR and (ratio := matcher.ratio()) >= SIMILAR:
                found[i, j] = ratio
    return found


def _pair(
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    similar: dict[tuple[int, int], float],
    i1: int,
    i2: int,
    j1: int,
    j2: int,
    *,
    base: tuple[int, int],
) -> list[Row]:
    """Rows for old[i1:i2] against new[j1:j2], none of them equal: the most similar pair is the
    same paragraph reworded, and those before and after it are paired in turn."""
    best, best_i, best_j = 0.0, -1, -1
    for (i, j), ratio in similar.items():
        i, j = i + base[0], j + base[1]
        if i1 <= i < i2 and j1 <= j < j2 and ratio > best:
            best, best_i, best_j = ratio, i, j
    if best_i < 0:
        return [Row("removed", old[i], None, 0.0) for i in range(i1, i2)] + [
            Row("added", None, new[j], 0.0) for j in range(j1, j2)
        ]
    return [
        *_pair(old, new, similar, i1, best_i, j1, best_j, base=base),
        Row("reworded", old[best_i], new[best_j], best),
        *_pair(old, new, similar, best_i + 1, i2, best_j + 1, j2, base=base),
    ]


@dataclass
class Summary:
    unchanged: int = 0
    reworded: int = 0
    added: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        return self.reworded + self.added + self.removed


def summary(rows: list[Row]) -> Summary:
    counts = Summary()
    for row in rows:
        setattr(counts, row.status, getattr(counts, row.status) + 1)
    return counts


def paired(rows: list[Row]) -> dict[int, Paragraph]:
    """Earlier passage id → the later passage it became (unchanged or reworded)."""
    return {row.old.pk: row.new for row in rows if row.old and row.new}


TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
WORD = re.compile(r"\w+|[^\w\s]")  # words and punctuation: "L.99/Rev.1" is L . 99 / Rev . 1


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with the words of ``old`` it lost in <del> and those it gained in <ins>, each
    announced in words ("removed:", "added:") for readers that do not see the marks."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(str(escape("".join(a[i1:i2]))))
            continue
        if i2 > i1:
            gone = escape("".join(a[i1:i2]))
            out.append(f'<del><span class="visually-hidden">[removed: </span>{gone}')
            out.append('<span class="visually-hidden">]</span></del>')
        if j2 > j1:
            came = escape("".join(b[j1:j2]))
            out.append(f'<ins><span class="visually-hidden">[added: </span>{came}')
            out.append('<span class="visually-hidden">]</span></ins>')
    return mark_safe("".join(out))  # every piece escaped above


# --- Quotes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextQuote:
    """A W3C TextQuoteSelector: the exact words with some of the text before and after them."""

    exact: str
    prefix: str
    suffix: str


def quote_selector(body: str, start: int, end: int) -> TextQuote:
    """The selector of ``body[start:end]``."""
    return TextQuote(
        exact=body[start:end],
        prefix=body[max(0, start - CONTEXT) : start],
        suffix=body[end : end + CONTEXT],
    )


def _shared_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _shared_head(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def find_quote(body: str, quote: TextQuote, *, prefer: tuple[int, int] | None = None) -> int | None:
    """Where ``quote.exact`` stands in ``body`` (its start), or None if the words are gone.
    Of several occurrences the one inside ``prefer`` (start, end: the paragraph the quoted one
    became) wins, then the one whose surrounding text matches the selector's prefix and suffix
    the furthest, then the first. Outside ``prefer`` an occurrence needs CONTEXT_NEEDED
    characters of matching context (all the context there is, for a quote near an end)."""
    if not quote.exact:
        return None
    needed = min(CONTEXT_NEEDED, len(quote.prefix) + len(quote.suffix))
    best: tuple[int, int, int] | None = None
    at = body.find(quote.exact)
    while at >= 0:
        end = at + len(quote.exact)
        inside = int(prefer is not None and prefer[0] <= at and end <= prefer[1])
        context = _shared_tail(body[max(0, at - CONTEXT) : at], quote.prefix) + _shared_head(
            body[end : end + CONTEXT], quote.suffix
        )
        score = (inside, context, -at)
        if (inside or context >= needed) and (best is None or score > best):
            best = score
        at = body.find(quote.exact, at + 1)
    return -best[2] if best is not None else None


def passage_at(passages: Sequence[Paragraph], start: int, end: int) -> Paragraph | None:
    """The smallest passage holding ``[start, end)`` of the body (a sub-paragraph before the
    paragraph around it, should one hold the other)."""
    holding = [p for p in passages if p.start <= start and end <= p.end]
    return min(holding, key=lambda p: p.end - p.start, default=None)
