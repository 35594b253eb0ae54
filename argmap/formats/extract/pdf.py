"""PDF (pdfminer.six, pdfplumber's engine: each character's font, size and place): page
furniture goes (the running header on later pages, the job number "23-21456 (E) 031123", the
barcode, "2/4"); words hyphenated at line ends are joined; lines are reflowed into paragraphs; small raised
digits are footnote markers; the footnotes at the foot of a page (under a rule, or set smaller)
follow the paragraph that was running on that page."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from statistics import median
from types import SimpleNamespace
from typing import Any

from ..document import DocumentError
from ..markup import SUPERSCRIPT_DIGITS, int_to_superscript
from .common import ENUMERATOR_RE, NO_TEXT, SYMBOL_RE, Progress, markup, plain

# Footer furniture: the job number ("23-21456 (E) 031123", "23-21456"), the barcode's text
# ("*2321456*"), page numbers ("2/4", "2", "Page 2 of 4").
_FURNITURE_RE = re.compile(
    r"(?:[A-Z]{1,2}\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?"  # 23-21456 (E) 031123, GE.23-…
    r"|\*\d{6,}\*|\d{1,4}\s*/\s*\d{1,4}|Page \d+(?: of \d+)?|\d{1,4}",
    re.IGNORECASE,
)


def _only_furniture(text: str, symbol: str = "") -> bool:
    """Whether nothing but furniture is left of ``text`` once the symbol, job numbers, barcodes
    and page numbers are taken out ("23-21456 (E)  031123  *2321456*", "A/C.3/78/L.47  2/4")."""
    if symbol:
        text = text.replace(symbol, " ")
    return not re.sub(r"[\s*|·•–—-]", "", _FURNITURE_RE.sub(" ", text))


@dataclass
class _Line:
    top: float
    bottom: float
    x0: float
    x1: float
    size: float  # the font size of most of its characters
    chars: list[tuple[str, bool]]  # (character, italic); markers already superscript digits
    first_word_width: float = 0.0

    @property
    def text(self) -> str:
        return "".join(char for char, _ in self.chars).strip()


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line]
    notes: list[_Line] = field(default_factory=list)


def pdf_pages(data: bytes) -> int:
    """How many pages a PDF has (0 if it is no readable PDF), without reading its text."""
    from pdfminer.pdfpage import PDFPage

    if not data[:1024].lstrip().startswith(b"%PDF-"):
        return 0
    try:
        return sum(1 for _ in PDFPage.get_pages(io.BytesIO(data)))
    except Exception:  # pdfminer's own errors: the reading proper will name them
        return 0


def pdf_text(data: bytes, *, filename: str, progress: Progress | None = None) -> str:
    from pdfminer.pdfparser import PDFSyntaxError

    pages: list[_Page] = []
    try:
        total = pdf_pages(data)
        for n, page in enumerate(_layouts(data), start=1):
            pages.append(_read_page(page, n))
            if progress is not None and (n % 10 == 0 or n == total):
                progress(n, total)
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        raise DocumentError(f"this PDF cannot be read ({error})", filename=filename) from None
    except Exception as error:  # pdfminer raises its own errors for broken or encrypted files
        name = type(error).__name__
        raise DocumentError(f"this PDF cannot be read ({name})", filename=filename) from None
    if sum(len(line.text) for page in pages for line in page.lines + page.notes) < 20:
        raise DocumentError(NO_TEXT, filename=filename)
    _drop_furniture(pages)
    return _reflow(pages)


def _layouts(data: bytes) -> Iterator[SimpleNamespace]:
    """Each page's characters (text, place, size, font) and rules, measured from its top-left
    corner as pdfplumber measures them. pdfminer.six, which pdfplumber wraps, gives the same
    characters in less than half the time without pdfplumber's dictionary of every attribute
    of each one; no layout analysis (``laparams=None``): lines are made here."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTCurve
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=None)
    interpreter = PDFPageInterpreter(resources, device)
    for pdf_page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(pdf_page)
        layout = device.get_result()
        top, left = layout.y1, layout.x0
        chars, rules = [], []
        for obj in layout:
            if isinstance(obj, LTChar):
                chars.append(
                    {
                        "text": obj.get_text(),
                        "x0": obj.x0 - left,
                        "x1": obj.x1 - left,
                        "top": top - obj.y1,
                        "bottom": top - obj.y0,
                        "size": obj.size,
                        "fontname": obj.fontname,
                        "upright": obj.upright,
                    }
                )
            elif isinstance(obj, LTCurve):  # lines and rectangles are curves too
                rules.append(
                    {
                        "x0": obj.x0 - left,
                        "x1": obj.x1 - left,
                        "top": top - obj.y1,
                        "bottom": top - obj.y0,
                    }
                )
        yield SimpleNamespace(chars=chars, rules=rules, width=layout.width, height=layout.height)


def _read_page(page: Any, number: int) -> _Page:
    chars = [c for c in page.chars if c.get("upright", True)]
    lines = _lines(chars)
    rule = _footnote_rule(page, lines)
    if rule is None:
        rule = _footnote_block(lines, float(page.height))
    body = [line for line in lines if rule is None or line.top < rule]
    notes = [line for line in lines if rule is not None and line.top >= rule]
    return _Page(number, float(page.height), body, notes)


def _lines(chars: list[dict[str, Any]]) -> list[_Line]:
    """Characters to lines: grouped by baseline; a small raised digit joins the line it sits on
    as a superscript marker."""
    rows: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        if rows and abs(rows[-1][0]["bottom"] - char["bottom"]) <= 2.0:
            rows[-1].append(char)
        else:
            rows.append([char])
    sizes = [median(c["size"] for c in row) for row in rows]
    merged: list[list[dict[str, Any]]] = []
    for n, row in enumerate(rows):
        small = all(c["text"].isdigit() or not c["text"].strip() for c in row)
        # a row of small digits only: markers raised above the line below (or beside)
        target = _host_row(n, rows, sizes) if small else None
        if target is not None:
            rows[target].extend(row)
            row.clear()
        merged.append(row)
    return [_line(row) for row in merged if row and any(c["text"].strip() for c in row)]


def _host_row(n: int, rows: list[list[dict[str, Any]]], sizes: list[float]) -> int | None:
    for m in (n + 1, n - 1):
        if 0 <= m < len(rows) and rows[m] and sizes[n] < 0.8 * sizes[m]:
            top, bottom = min(c["top"] for c in rows[m]), max(c["bottom"] for c in rows[m])
            if rows[n][0]["bottom"] > top and rows[n][0]["top"] < bottom:
                return m
    return None


def _line(row: list[dict[str, Any]]) -> _Line:
    row.sort(key=lambda c: c["x0"])
    size = Counter(round(c["size"], 1) for c in row if c["text"].strip()).most_common(1)[0][0]
    out: list[tuple[str, bool]] = []
    previous: dict[str, Any] | None = None
    for char in row:
        text = char["text"]
        italic = bool(re.search(r"Italic|Oblique", char.get("fontname", "")))
        marker = text.isdigit() and char["size"] < 0.8 * size
        if previous is not None and text.strip():
            gap = char["x0"] - previous["x1"]
            if gap > 4 * size and not ENUMERATOR_RE.match(plain(out).lstrip() + " "):
                out.append(("\t", False))  # another column: "United Nations ... A/C.3/78/L.47"
            elif gap > 0.2 * size and out and not out[-1][0].isspace():
                out.append((" ", italic and out[-1][1]))
        if marker:
            text = SUPERSCRIPT_DIGITS[int(text)]
        out.append((text, italic))
        previous = char if text.strip() else previous
    first = next((c for c in row if c["text"].strip()), row[0])
    first_word = plain(out).strip().split(" ")[0]
    width = sum(c["x1"] - c["x0"] for c in row[: len(first_word)]) if first_word else 0.0
    words = [c for c in row if c["text"].strip()]
    return _Line(
        top=min(c["top"] for c in row),
        bottom=max(c["bottom"] for c in row),
        x0=float(first["x0"]),
        x1=float(max(c["x1"] for c in words)),
        size=float(size),
        chars=out,
        first_word_width=float(width),
    )


def _footnote_rule(page: Any, lines: list[_Line]) -> float | None:
    """The top of the footnote area: a short horizontal rule in the lower half of the page with
    text below it."""
    rules = [
        float(obj["top"])
        for obj in page.rules
        if abs(obj["bottom"] - obj["top"]) < 2
        and 20 < obj["x1"] - obj["x0"] < 0.45 * float(page.width)
        and obj["top"] > page.height / 2
    ]
    below = [r for r in rules if any(line.top > r for line in lines)]
    return min(below) if below else None


def _footnote_block(lines: list[_Line], height: float) -> float | None:
    """Without a rule: the lines at the foot of the page (above the footer) set smaller than
    the text, the first starting with a footnote number."""
    text = [ln for ln in lines if ln.top < 0.92 * height]  # footers stand below
    if len(text) < 3:
        return None
    size = median(line.size for line in text)
    block: list[_Line] = []
    for line in reversed(text):
        if line.size > 0.9 * size:
            break
        block.insert(0, line)
    if block and re.match(rf"[{SUPERSCRIPT_DIGITS}]|\d{{1,3}}\s", block[0].text):
        return block[0].top
    return None


def _drop_furniture(pages: list[_Page]) -> None:
    """Running headers (the symbol, or any line repeated at the top of later pages) and footers
    (job numbers, barcodes, page numbers, repeated lines) go; the first page's head stays."""
    symbol = ""
    for line in pages[0].lines[:3] if pages else []:
        for part in line.text.split("\t"):
            if SYMBOL_RE.fullmatch(part.strip()) and any(ch.isdigit() for ch in part):
                symbol = part.strip()
    bands: Counter[str] = Counter()
    for page in pages:
        for line in _band(page):
            bands[re.sub(r"\d+", "#", line.text)] += 1
    for page in pages:
        band = _band(page)
        keep = []
        for line in page.lines:
            parts = [p.strip() for p in line.text.split("\t") if p.strip()]
            furniture = line in band and (
                _only_furniture(" ".join(parts), symbol)
                or (page.number > 1 and bands[re.sub(r"\d+", "#", line.text)] > 1)
            )
            if not furniture:
                keep.append(line)
        page.lines = keep
        page.notes = [n for n in page.notes if not (n in _band(page) and _is_footer(n))]


def _band(page: _Page) -> list[_Line]:
    """Lines in the top or bottom 8% of the page: where headers and footers stand."""
    edge = 0.08 * page.height
    return [ln for ln in page.lines + page.notes if ln.bottom < edge or ln.top > page.height - edge]


def _is_footer(line: _Line) -> bool:
    return _only_furniture(line.text)


def _reflow(pages: list[_Page]) -> str:
    """Lines into paragraphs (one per output line); footnotes after the paragraph running at the
    foot of their page."""
    paragraphs: list[list[tuple[str, bool]]] = []
    notes_after: dict[int, list[list[tuple[str, bool]]]] = {}
    previous: _Line | None = None
    previous_page = 0
    for page in pages:
        right = max((line.x1 for line in page.lines), default=0.0)
        for line in page.lines:
            for part in _columns(line):
                if previous is None or _breaks(previous, part, right, page.number != previous_page):
                    paragraphs.append(list(part.chars))
                else:
                    _join(paragraphs[-1], part.chars)
                previous, previous_page = part, page.number
        if page.notes:
            notes_after.setdefault(len(paragraphs) - 1, []).extend(_notes(page.notes))
    out: list[str] = []
    for n, paragraph in enumerate(paragraphs):
        out.append(markup(paragraph))
        out.extend(markup(note) for note in notes_after.get(n, []))
    out.extend(markup(note) for note in notes_after.get(-1, []))
    return "\n\n".join(text for text in out if text) + "\n"


def _columns(line: _Line) -> list[_Line]:
    """A line with a wide gap ("United Nations ⇥ A/C.3/78/L.47") read as separate lines."""
    if not any(char == "\t" for char, _ in line.chars):
        return [line]
    parts: list[list[tuple[str, bool]]] = [[]]
    for char, italic in line.chars:
        if char == "\t":
            parts.append([])
        else:
            parts[-1].append((char, italic))
    # each column ends its own paragraph: x1 = 0 makes the next line start afresh
    return [
        _Line(line.top, line.bottom, line.x0, 0.0, line.size, part, 1e9) for part in parts if part
    ]


def _breaks(before: _Line, line: _Line, right: float, new_page: bool) -> bool:
    """Whether ``line`` starts a new paragraph after ``before``."""
    text, last = line.text, before.text
    if not text or not last:
        return True
    if ENUMERATOR_RE.match(text + " ") or text[0] in SUPERSCRIPT_DIGITS:
        return True
    if last.endswith("-") and text[0].islower():
        return False  # a hyphenated word runs on
    if text[0].islower() and (new_page or line.top - before.bottom < 0.6 * line.size):
        return False  # a sentence runs on
    if new_page:
        return last[-1] in ".;:!?”" or before.x1 + line.first_word_width + before.size < right
    if line.x0 > before.x0 + 0.8 * line.size and before.x1 != 0.0:
        return True  # a first line's indent (a paragraph with no space above it)
    if line.top - before.bottom > 0.35 * line.size or abs(line.size - before.size) > 1:
        return True  # a paragraph's spacing, or another font size (a heading)
    # the line before ended short: the first word of this one would have fitted on it
    return before.x1 + 0.3 * before.size + line.first_word_width < right - 1


def _join(paragraph: list[tuple[str, bool]], chars: list[tuple[str, bool]]) -> None:
    while paragraph and paragraph[-1][0].isspace():
        paragraph.pop()
    text = plain(paragraph)
    if re.search(r"[^\W\d_]-$", text) and chars and chars[0][0].islower():
        paragraph.pop()  # "inclu-" + "ding": the hyphen was the line's, not the word's
        paragraph.extend(chars)
        return
    italic = bool(paragraph and paragraph[-1][1] and chars and chars[0][1])
    paragraph.append((" ", italic))
    paragraph.extend(chars)


def _notes(lines: list[_Line]) -> list[list[tuple[str, bool]]]:
    """Footnote lines into footnotes, each starting with its superscript number."""
    notes: list[list[tuple[str, bool]]] = []
    for line in lines:
        chars = [c for c in line.chars if c[0] != "\t"]
        text = plain(chars).lstrip()
        if match := re.match(rf"([{SUPERSCRIPT_DIGITS}]+|\d{{1,3}}(?=\s))\s*", text):
            number = match[1]
            if number[0] in "0123456789":  # a footnote number set in the text's size
                number = int_to_superscript(int(number))
            rest = chars[len(plain(chars)) - len(text) + match.end() :]
            notes.append([(number, False), (" ", False), *rest])
        elif notes:
            _join(notes[-1], chars)
        else:
            notes.append(list(chars))
    return notes
