"""Text helpers shared by the document parsers.

Light Markdown (``*italic*``, ``**bold**``, ``[text](#)``) is removed without touching line
breaks, so a line number in the stripped body is the line number in the original file.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from dataclasses import dataclass

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_RE = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")

# Shapes that tell a draft resolution from a statement; both parsers use them to say which
# kind a mis-filed document looks like.
OPENING_RE = re.compile(r"The [A-Z][\w’'-]*(?: (?:[A-Z][\w’'-]*|of|and|on|for|the))*,")
SALUTATION_RE = re.compile(
    r"(?:Thank you(?: (?:very much|so much))?,\s*(?:(?:Mr\.?|Madam|Madame|Mister|Ms\.?)\s+)?"
    r"|(?:Mr\.?|Madam|Madame|Mister|Ms\.?)\s+)"
    r"(?:Chair(?:man|woman|person)?|President|Co-Chairs?|Vice-Chair(?:person)?|Facilitator"
    r"|Moderator|Secretary-General)[.,!]?"
)
OPERATIVE_VERB_RE = re.compile(
    r"(?:(?:Also|Further|Strongly|Firmly|Again|Once again) )?"
    r"(?:Calls (?:upon|on|for)|Takes note|Decides|Requests|Welcomes|Invites|Urges|Encourages"
    r"|Recommends|Stresses|Affirms|Reaffirms|Emphasi[sz]es|Notes|Expresses|Condemns|Demands"
    r"|Recogni[sz]es|Acknowledges|Underlines|Underscores|Reiterates|Commends|Deplores|Endorses"
    r"|Approves|Adopts|Appeals|Supports|Authori[sz]es|Proclaims|Declares|Highlights|Regrets)"
    r"(?: (?:also|further))?\b",
    re.IGNORECASE,  # "Also decides"
)


def superscript_to_int(marker: str) -> int:
    """``"¹²"`` -> 12."""
    return int("".join(str(SUPERSCRIPT_DIGITS.index(char)) for char in marker))


def int_to_superscript(number: int) -> str:
    """12 -> ``"¹²"``."""
    return "".join(SUPERSCRIPT_DIGITS[int(digit)] for digit in str(number))


def normalise_text(text: str) -> str:
    """Drop a UTF-8 byte-order mark and turn CRLF (and lone CR) line ends into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- light Markdown --------------------------------------------------------------------------

_MARKUP_RE = re.compile(
    r"\[(?P<link>[^\]\n]+)\]\([^)\n]*\)"
    # bold may wrap a line (a sponsors line does) but never crosses a blank line
    r"|\*\*(?P<bold>(?=\S)(?:(?!\n[ \t]*\n).)+?(?<=\S))\*\*"
    # italic stays on one line and is not glued to a word ("Austria*, Belgium*" are not italic)
    r"|(?<![*\w])\*(?P<italic>(?=[^\s*])[^*\n]*?(?<=[^\s*]))\*(?![*\w])",
    re.DOTALL,
)


@dataclass(frozen=True)
class Span:
    start: int  # offsets in the stripped body
    end: int
    kind: str  # "italic", "bold" or "link"


@dataclass(frozen=True)
class Markup:
    body: str  # the text without markup
    spans: tuple[Span, ...]  # where the removed markup was, in body offsets
    line_starts: tuple[int, ...]

    def line_of(self, offset: int) -> int:
        """The 1-based line of ``offset`` (same in the body and the original text)."""
        return bisect.bisect_right(self.line_starts, offset)

    def italic_at(self, start: int, end: int) -> str | None:
        """The emphasised text that begins exactly at ``start`` and ends before ``end``."""
        for span in self.spans:
            if span.start == start and span.end <= end and span.kind in ("italic", "bold"):
                return self.body[span.start : span.end].strip()
        return None


def strip_markup(text: str) -> Markup:
    """Remove light Markdown, remembering where it was."""
    body, spans = _strip(text)
    starts = [0] + [i + 1 for i, char in enumerate(body) if char == "\n"]
    return Markup(body, tuple(spans), tuple(starts))


def _strip(text: str) -> tuple[str, list[Span]]:
    parts: list[str] = []
    spans: list[Span] = []
    pos = length = 0
    for match in _MARKUP_RE.finditer(text):
        parts.append(text[pos : match.start()])
        length += match.start() - pos
        kind = match.lastgroup or "italic"
        inner, inner_spans = _strip(match.group(kind))  # e.g. a link inside italics
        spans.append(Span(length, length + len(inner), kind))
        spans.extend(Span(s.start + length, s.end + length, s.kind) for s in inner_spans)
        parts.append(inner)
        length += len(inner)
        pos = match.end()
    parts.append(text[pos:])
    return "".join(parts), spans


# --- lines and blocks ------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    start: int  # offset of the line in the body
    text: str  # without its newline

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.stripped

    @property
    def content_start(self) -> int:
        return self.start + len(self.text) - len(self.text.lstrip())

    @property
    def content_end(self) -> int:
        return self.start + len(self.text.rstrip())


@dataclass(frozen=True)
class Block:
    """Consecutive non-blank lines; ``text == body[start:end]``, stripped."""

    text: str
    start: int
    end: int
    lines: tuple[Line, ...]

    @property
    def line(self) -> int:
        return self.lines[0].number


def split_lines(body: str) -> list[Line]:
    lines = []
    start = 0
    for number, text in enumerate(body.split("\n"), start=1):
        lines.append(Line(number, start, text))
        start += len(text) + 1
    return lines


def group_blocks(body: str, lines: list[Line]) -> list[Block]:
    """Blank-line separated blocks of ``lines``."""
    groups: list[list[Line]] = [[]]
    for line in lines:
        if line.blank:
            groups.append([])
        else:
            groups[-1].append(line)
    return [_block(body, group) for group in groups if group]


def header_items(body: str, lines: list[Line]) -> list[Block]:
    """Header lines one by one, except that a line starting in lower case continues the line
    just above it (``Belarus, …, Venezuela (Bolivarian Republic of):`` / ``draft resolution``)."""
    groups: list[list[Line]] = []
    previous: Line | None = None
    for line in lines:
        if line.blank:
            previous = None
            continue
        if previous is not None and line.stripped[0].islower():
            groups[-1].append(line)
        else:
            groups.append([line])
        previous = line
    return [_block(body, group) for group in groups]


def _block(body: str, lines: list[Line]) -> Block:
    start, end = lines[0].content_start, lines[-1].content_end
    return Block(body[start:end], start, end, tuple(lines))


# --- dates, ordinals, references -------------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True))
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_DATE_RES = (
    re.compile(rf"{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?,?\s+"
               r"(?P<year>\d{4})", re.IGNORECASE),
    re.compile(rf"{_WEEKDAY}(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
               r"(?P<year>\d{4})", re.IGNORECASE),
)  # fmt: skip


def parse_date(text: str) -> datetime.date | None:
    """``"11 October 2019"`` or ``"November 18, 2019"`` (the whole text) -> a date, else None."""
    for pattern in _DATE_RES:
        match = pattern.fullmatch(text.strip())
        if match:
            return _date(match)
    return None


def find_trailing_date(text: str) -> tuple[datetime.date, int] | None:
    """A date that ends ``text`` (``"New York, 18 November 2019"``) and where it starts."""
    for pattern in _DATE_RES:
        for match in pattern.finditer(text.rstrip()):
            if match.end() == len(text.rstrip()) and (day := _date(match)):
                return day, match.start()
    return None


def _date(match: re.Match[str]) -> datetime.date | None:
    month = _MONTHS[match["month"].lower()]
    try:
        return datetime.date(int(match["year"]), month, int(match["day"]))
    except ValueError:  # 31 November
        return None


_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
          "sixteenth", "seventeenth", "eighteenth", "nineteenth"]  # fmt: skip
_TENS = ["twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]


def ordinal_to_int(word: str) -> int | None:
    """``"Seventy-fourth"`` -> 74, ``"Fifty-fifth"`` -> 55, ``"Tenth"`` -> 10; else None."""
    word = word.strip().lower()
    if word in _UNITS:
        return _UNITS.index(word) + 1
    if word in _TEENS:
        return _TEENS.index(word) + 10
    tens, _, unit = word.partition("-")
    for i, stem in enumerate(_TENS):
        if (not unit and tens == stem + "ieth") or (unit in _UNITS and tens == stem + "y"):
            return (i + 2) * 10 + (_UNITS.index(unit) + 1 if unit else 0)
    return None


_REFERENCE_RE = re.compile(
    r"(?<![\w/.])(?P<symbol>[A-Z]{1,6}(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+)"  # A/74/130, E/2013/30
    r"|(?<![\w/.])(?P<number>\d{1,3}/\d{1,4})(?![\w/])"  # resolution 73/187, 22/8
    r"|\bresolution (?P<council>\d{3,4} \(\d{4}\))"  # Security Council: 2254 (2015)
)


def find_references(text: str) -> list[str]:
    """UN document symbols and resolution numbers cited in ``text``, deduplicated, in order."""
    found: list[str] = []
    for match in _REFERENCE_RE.finditer(text):
        reference = match.group(match.lastgroup or 0).rstrip(".-")
        if any(char.isdigit() for char in reference) and reference not in found:
            found.append(reference)
    return found


# --- names of States -------------------------------------------------------------------------

# Member States whose names contain " and ", so a sponsors list is not split inside them.
_AND_NAMES = (
    "Antigua and Barbuda",
    "Bosnia and Herzegovina",
    "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines",
    "Sao Tome and Principe",
    "Trinidad and Tobago",
    "United Kingdom of Great Britain and Northern Ireland",
)
_SHORT_NAMES = {"U.S.": "United States", "US": "United States", "USA": "United States",
                "U.S.A.": "United States", "UK": "United Kingdom", "U.K.": "United Kingdom",
                "EU": "European Union", "E.U.": "European Union"}  # fmt: skip


def split_sponsors(text: str) -> list[str]:
    """``"Belarus, …, Russian Federation and Venezuela (Bolivarian Republic of)"`` -> names.

    Commas inside parentheses do not split; the last " and " does, unless it is part of a name
    such as "Trinidad and Tobago". Asterisks (States not members of a council) are dropped."""
    names: list[str] = []
    for part in _split_outside_parentheses(" ".join(text.split()), ","):
        part = part.strip()
        protected = [(m.start(), m.end()) for n in _AND_NAMES for m in re.finditer(n, part)]
        cuts = [
            m.start()
            for m in re.finditer(r" and ", part)
            if _depth(part, m.start()) == 0 and not any(a <= m.start() < b for a, b in protected)
        ]
        pieces, previous = [], 0
        for cut in cuts:
            pieces.append(part[previous:cut])
            previous = cut + len(" and ")
        pieces.append(part[previous:])
        for piece in pieces:
            name = re.sub(r"^and ", "", piece.strip()).strip(" *†")
            if name:
                names.append(name)
    return names


def _depth(text: str, position: int) -> int:
    return text.count("(", 0, position) - text.count(")", 0, position)


def _split_outside_parentheses(text: str, separator: str) -> list[str]:
    parts, start = [], 0
    for i, char in enumerate(text):
        if char == separator and _depth(text, i) == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def delegation_name(text: str) -> str:
    """``"U.S."`` -> ``"United States"``, ``"UK"`` -> ``"United Kingdom"``; else ``text``."""
    text = re.sub(r"^the ", "", text.strip(), flags=re.IGNORECASE)
    return _SHORT_NAMES.get(text, text)
