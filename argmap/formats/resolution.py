"""Parser for UN draft resolutions (General Assembly, Human Rights Council, ECOSOC, …).

Layout: header lines (issuing body, symbol, distribution, date, original language, session,
committee, agenda item, sponsors, title), then an opening line such as ``The General Assembly,``,
preambular paragraphs (whatever comes before the first numbered paragraph), numbered operative
paragraphs, lettered sub-paragraphs ``(a)`` (with roman ``(i)`` items under a letter), and
footnotes: lines starting with a superscript number, wherever they stand after the opening.

Passage spans: the enumerator (``1.``, ``(a)``, ``¹``) is not part of a passage's text; it is
in ``metadata["number"]`` / ``metadata["letter"]``. An operative paragraph with sub-paragraphs
covers only its lead-in text (``Calls upon all States:``); each sub-paragraph is a passage of
its own whose ``parent`` is the operative paragraph, so a claim can cite exactly one of them.
Header lines, the title and the opening line are ``heading`` passages H1, H2, …. An unnumbered
block once operative paragraphs have begun ("Annex") is a ``paragraph`` passage T1, T2, … whose
parent is the operative paragraph before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .document import DRAFT_RESOLUTION, DocumentError, ParsedDocument, ParsedPassage
from .markup import (
    OPENING_RE,
    OPERATIVE_VERB_RE,
    SALUTATION_RE,
    SUPERSCRIPT_DIGITS,
    SUPERSCRIPT_RE,
    Line,
    Markup,
    find_references,
    header_items,
    normalise_text,
    ordinal_to_int,
    parse_date,
    split_lines,
    split_sponsors,
    strip_markup,
    superscript_to_int,
)

_NUMBERED_RE = re.compile(r"(\d{1,3})\.\s+(?=\S)")
_SUB_RE = re.compile(r"\(([a-z]{1,5})\)\s+(?=\S)")
_FOOTNOTE_RE = re.compile(rf"([{SUPERSCRIPT_DIGITS}]+)\s*(?=\S)")
_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

# Used to name the verb of a preambular paragraph, and to notice a new preambular paragraph
# on the line right after another one; never to decide whether a block is preambular.
_PREAMBLE_VERB_RE = re.compile(
    r"(?:(?:Deeply|Gravely|Seriously|Strongly|Firmly|Fully|Profoundly|Further|Also"
    r"|Particularly|Greatly|Highly) )?"
    r"(?:Bearing in mind|Keeping in mind|Taking into (?:account|consideration)"
    r"|Taking note(?: with (?:appreciation|concern|satisfaction))?"
    r"|Noting with (?:(?:deep|grave|serious|great) )?(?:concern|appreciation|satisfaction|interest)"
    r"|Expressing (?:(?:its|their) )?(?:(?:deep|grave|serious|profound|sincere) )?"
    r"(?:concern|appreciation|gratitude|satisfaction|regret|support|condolences)"
    r"|Having (?:considered|examined|heard|reviewed|adopted)|Guided by|Recalling|Recogni[sz]ing"
    r"|Noting|Reaffirming|Affirming|Stressing|Emphasi[sz]ing|Underlining|Underscoring"
    r"|Highlighting|Reiterating|Welcoming|Commending|Appreciating|Acknowledging|Considering"
    r"|Observing|Realizing|Realising|Deploring|Condemning|Regretting|Seeking|Desiring|Referring"
    r"|Mindful|Aware|Conscious|Cognizant|Convinced|Determined|Concerned|Alarmed|Disturbed"
    r"|Encouraged|Pleased|Gratified|Dismayed|Shocked|Appalled|Outraged|Saddened|Troubled)"
    r"(?: (?:also|further|again))?(?: (?:by|at|about|over))?(?=[\s,:;]|$)",
    re.IGNORECASE,  # "Also recalling"
)
_ORGAN_RE = re.compile(
    r"General Assembly|Security Council|Economic and Social Council|Human Rights Council"
    r"|Trusteeship Council"
)
_COMMITTEE_RE = re.compile(
    r"(?:(?:[A-Z][\w’'-]*|of|and|on|for|the) ){1,8}"
    r"(?:Committee|Council|Commission|Board|Conference|Forum)(?: \([^)]*\))?"
)
_SYMBOL_LINE_RE = re.compile(r"[A-Z]{1,6}(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+")
_SPONSORS_RE = re.compile(
    r"(?P<sponsors>.+):\s*(?:revised\s+)?draft\s+(?:resolution|decision)", re.IGNORECASE
)
_DATES_RE = re.compile(r"\d{1,2}(?: [A-Z][a-z]+)?(?: \d{4})?\s*[–—-]\s*\d{1,2} [A-Z][a-z]+ \d{4}")


@dataclass
class _Item:
    label: str
    kind: str
    start: int
    end: int
    line: int
    parent: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)


def parse_resolution(text: str, *, filename: str = "<text>") -> ParsedDocument:
    markup = strip_markup(normalise_text(text))
    body = markup.body
    lines = split_lines(body)
    opening = next((i for i, ln in enumerate(lines) if OPENING_RE.fullmatch(ln.stripped)), None)
    if opening is None:
        raise _missing_opening(lines, filename)
    document, headings = _read_header(body, lines[:opening])
    open_line = lines[opening]
    document.metadata["opening"] = open_line.stripped
    headings.append(
        _heading(open_line.content_start, open_line.content_end, open_line.number, "opening")
    )
    items = _Reader(filename).read(lines[opening + 1 :])
    if not any(item.kind == "operative" for item in items):
        last = max((ln.number for ln in lines if not ln.blank), default=1)
        raise DocumentError(
            "reached the end without operative paragraphs; expected numbered operative "
            "paragraphs such as '1. *Decides* …'",
            filename=filename,
            line=last,
        )
    _link_footnotes(items, markup, filename)
    for item in items:
        item.metadata["references"] = find_references(body[item.start : item.end])
        if item.kind == "preamble":
            item.metadata["verb"] = _verb(item, markup, _PREAMBLE_VERB_RE)
        elif item.kind == "operative":
            item.metadata["verb"] = _verb(item, markup, OPERATIVE_VERB_RE)
    for n, heading in enumerate(headings, start=1):
        heading.label = f"H{n}"
    document.passages = [_passage(body, item) for item in headings + items]
    return document


def _missing_opening(lines: list[Line], filename: str) -> DocumentError:
    for line in lines:
        if SALUTATION_RE.fullmatch(line.stripped) or line.stripped.startswith("Thank you, M"):
            return DocumentError(
                f"no opening line such as 'The General Assembly,' but a salutation "
                f"({line.stripped!r}): this looks like a statement; choose kind 'statement'",
                filename=filename,
                line=line.number,
            )
    first = next((line.number for line in lines if not line.blank), None)
    return DocumentError(
        "expected an opening line such as 'The General Assembly,' or 'The Human Rights "
        "Council,' before the preambular paragraphs",
        filename=filename,
        line=first,
    )


# --- header ----------------------------------------------------------------------------------


def _heading(start: int, end: int, line: int, role: str) -> _Item:
    return _Item("", "heading", start, end, line, metadata={"role": role})


def _read_header(body: str, lines: list[Line]) -> tuple[ParsedDocument, list[_Item]]:
    """Recognise header lines by their shape; the title is what is left over."""
    meta: dict[str, Any] = dict.fromkeys(
        ("body", "distribution", "original_language", "session", "committee", "agenda_item"), ""
    )
    meta.update(session_number=None, sponsors=[], document_type="draft resolution")
    document = ParsedDocument(DRAFT_RESOLUTION, "", body, [], metadata=meta)
    headings = []
    for block in header_items(body, lines):
        role = _header_role(block.text, document) or "title"
        headings.append(_heading(block.start, block.end, block.line, role))
    _choose_title(document, headings)
    document.author = ", ".join(meta["sponsors"])
    return document, headings


def _choose_title(document: ParsedDocument, headings: list[_Item]) -> None:
    """Unrecognised header lines are title candidates. The resolution's own title follows the
    sponsors line; a line between "Agenda item 107" and the sponsors line is the agenda item's
    title (often the same words); anything else is a note."""
    roles = [heading.metadata["role"] for heading in headings]
    candidates = [i for i, role in enumerate(roles) if role == "title"]
    after_sponsors = [i for i in candidates if "sponsors" in roles[:i]]
    chosen = after_sponsors[0] if after_sponsors else (candidates[-1] if candidates else None)
    for i in candidates:
        text = " ".join(document.body[headings[i].start : headings[i].end].split())
        if i == chosen:
            document.title = text
        elif "agenda_item" in roles[:i]:
            headings[i].metadata["role"] = "agenda_item_title"
            document.metadata.setdefault("agenda_item_title", text)
        else:
            headings[i].metadata["role"] = "note"


def _header_role(text: str, document: ParsedDocument) -> str | None:
    """Store what ``text`` says in ``document`` and return its role, or None for a title."""
    meta = document.metadata
    flat = " ".join(text.split())
    if match := _SPONSORS_RE.fullmatch(flat):
        meta["sponsors"] = split_sponsors(match["sponsors"])
        return "sponsors"
    if flat.startswith(("*", "†")) or flat[0] in SUPERSCRIPT_DIGITS:
        return "note"  # "* Reissued for technical reasons", "* State not a member of …"
    # the symbol on a line of its own, or beside "United Nations" on the first line
    symbol = re.sub(r"^United Nations\s+", "", flat)
    if (
        _SYMBOL_LINE_RE.fullmatch(symbol)
        and any(c.isdigit() for c in symbol)
        and not document.symbol
    ):
        document.symbol = symbol
        return "symbol"
    if flat == "United Nations":
        return "masthead"  # the symbol stands in another cell or column
    if match := re.fullmatch(r"Distr\.?:\s*(.+)", flat):
        meta["distribution"] = match[1]
        return "distribution"
    if (day := parse_date(flat)) and document.date is None:
        document.date = day
        return "date"
    if match := re.fullmatch(r"Original:\s*(.+)", flat):
        meta["original_language"] = match[1]
        return "original_language"
    if match := re.fullmatch(r"(\w+(?:-\w+)?) (?:(?:emergency )?special )?session", flat):
        meta["session"] = flat
        meta["session_number"] = int(match[1]) if match[1].isdigit() else ordinal_to_int(match[1])
        return "session"
    if _DATES_RE.fullmatch(flat):
        meta["session_dates"] = flat
        return "session_dates"
    if match := re.fullmatch(r"Agenda items? (.+?)\.?", flat, re.IGNORECASE):
        meta["agenda_item"] = match[1]
        return "agenda_item"
    if _ORGAN_RE.fullmatch(flat) and not meta["body"]:
        meta["body"] = flat
        return "body"
    # committees come before the agenda item; after it, "Report of the … Council" is a title
    if _COMMITTEE_RE.fullmatch(flat) and not meta["committee"] and not meta["agenda_item"]:
        meta["committee"] = flat
        return "committee"
    if re.match(r"(?:Revised )?draft (?:resolution|decision)\b", flat, re.IGNORECASE):
        return "document_type"  # "Draft resolution submitted by the Vice-President …"
    return None


# --- body ------------------------------------------------------------------------------------


class _Reader:
    """Reads the lines after the opening line into paragraph items, in document order."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.items: list[_Item] = []
        self.operative = False  # past the first numbered paragraph
        self.current: _Item | None = None  # what a directly following plain line continues
        self.previous: Line | None = None  # the line before, unless it was blank
        self.main: _Item | None = None  # the paragraph sub-paragraphs belong to
        self.letter: _Item | None = None  # the lettered sub-paragraph roman items belong to
        self.next_number, self.next_letter, self.next_roman = 1, 0, 0
        self.footnotes: dict[int, _Item] = {}

    def read(self, lines: list[Line]) -> list[_Item]:
        for line in lines:
            if line.blank:
                self.current = None
            else:
                self._line(line)
            self.previous = None if line.blank else line
        return self.items

    def _line(self, line: Line) -> None:
        text = line.stripped
        if match := _FOOTNOTE_RE.match(text):
            self._footnote(line, match)
        elif match := _NUMBERED_RE.match(text):
            self._operative(line, match)
        elif match := _SUB_RE.match(text):
            self._subparagraph(line, match)
        elif self.current is not None and not self._new_preamble(line):
            self.current.end = line.content_end  # a wrapped line of the same paragraph
        elif not self.operative:
            self.main = self._add("preamble", line, 0, f"PP{self._count('preamble') + 1}")
            self.next_letter, self.letter = 0, None
        else:  # an unnumbered block among operative paragraphs ("Annex"): keep it
            parent = self.main.label if self.main else None
            self._add("paragraph", line, 0, f"T{self._count('paragraph') + 1}", parent)

    def _new_preamble(self, line: Line) -> bool:
        """Preambular paragraphs on consecutive lines: ``…,`` then ``Recalling …``."""
        ends = self.previous is not None and self.previous.stripped[-1] in ",;.:"
        starts = line.stripped[0].isupper() and _PREAMBLE_VERB_RE.match(line.stripped)
        return not self.operative and ends and bool(starts)

    def _count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)

    def _add(
        self, kind: str, line: Line, skip: int, label: str, parent: str | None = None
    ) -> _Item:
        item = _Item(label, kind, line.content_start + skip, line.content_end, line.number, parent)
        self.items.append(item)
        self.current = item
        return item

    def _error(self, message: str, line: Line) -> DocumentError:
        return DocumentError(message, filename=self.filename, line=line.number)

    def _footnote(self, line: Line, match: re.Match[str]) -> None:
        number = superscript_to_int(match[1])
        if number in self.footnotes:
            first = self.footnotes[number].line
            raise self._error(f"footnote {match[1]} appears twice (first on line {first})", line)
        item = self._add("footnote", line, match.end(), f"FN{number}")
        item.metadata.update(number=number, cited_by=None)
        self.footnotes[number] = item

    def _operative(self, line: Line, match: re.Match[str]) -> None:
        number = int(match[1])
        if number != self.next_number:
            raise self._error(
                f"operative paragraphs must be numbered 1, 2, 3, … without gaps: "
                f"expected paragraph {self.next_number}, found {number}",
                line,
            )
        self.operative = True
        self.next_number += 1
        self.main = self._add("operative", line, match.end(), f"OP{number}")
        self.main.metadata["number"] = number
        self.next_letter, self.letter = 0, None

    def _subparagraph(self, line: Line, match: re.Match[str]) -> None:
        """(a), (b), … under the current paragraph; (i), (ii), … under the current letter.
        "(i)" right after "(h)" is the letter i."""
        token = match[1]
        if self.main is None:
            raise self._error(f"sub-paragraph ({token}) does not follow a paragraph", line)
        letter = _LETTERS[self.next_letter : self.next_letter + 1]
        roman = _ROMAN[self.next_roman] if self.next_roman < len(_ROMAN) else ""
        if token == letter:
            parent, self.next_letter, self.next_roman = self.main, self.next_letter + 1, 0
        elif self.letter is not None and token == roman:
            parent, self.next_roman = self.letter, self.next_roman + 1
        else:
            under = self.letter.label if self.letter is not None else ""
            roman_like = under and set(token) <= set("ivx")
            wanted = f"({roman}) under {under}" if roman_like else f"({letter})"
            raise self._error(
                f"sub-paragraphs of {self.main.label} must run (a), (b), (c), … without gaps: "
                f"expected sub-paragraph {wanted}, found ({token})",
                line,
            )
        label = f"{parent.label}({token})"
        item = self._add("subparagraph", line, match.end(), label, parent.label)
        item.metadata["letter"] = token
        if parent is self.main:
            self.letter = item


def _link_footnotes(items: list[_Item], markup: Markup, filename: str) -> None:
    """Pair superscript markers with footnotes; a footnote is cited by the nearest preceding
    paragraph carrying its marker (else the first one after it, else nobody)."""
    notes = {item.metadata["number"]: item for item in items if item.kind == "footnote"}
    citing: dict[int, list[_Item]] = {}
    for item in items:
        if item.kind == "footnote":
            continue
        labels: list[str] = []
        for match in SUPERSCRIPT_RE.finditer(markup.body, item.start, item.end):
            number = superscript_to_int(match.group())
            if number not in notes:
                raise DocumentError(
                    f"footnote marker {match.group()} has no footnote text (expected a line "
                    f"starting with '{match.group()}')",
                    filename=filename,
                    line=markup.line_of(match.start()),
                )
            if notes[number].label not in labels:
                labels.append(notes[number].label)
                citing.setdefault(number, []).append(item)
        item.metadata["footnotes"] = labels
    for number, note in notes.items():
        candidates = citing.get(number, [])
        before = [item for item in candidates if item.start < note.start]
        cited = before[-1] if before else (candidates[0] if candidates else None)
        note.metadata["cited_by"] = cited.label if cited else None


def _verb(item: _Item, markup: Markup, pattern: re.Pattern[str]) -> str:
    """The italic words opening the paragraph, else a known verb phrase, else the first word."""
    italic = markup.italic_at(item.start, item.end)
    if italic and len(italic.split()) <= 5:
        return italic
    text = markup.body[item.start : item.end]
    if match := pattern.match(text):
        return match.group()
    return text.split(maxsplit=1)[0].rstrip(",;:") if text.strip() else ""


def _passage(body: str, item: _Item) -> ParsedPassage:
    text = body[item.start : item.end]
    return ParsedPassage(
        item.label, item.kind, text, item.start, item.end, item.line, item.parent, item.metadata
    )
