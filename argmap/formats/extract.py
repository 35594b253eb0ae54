"""Text out of the file an analyst has: PDF, Word, a saved HTML page, or text and Markdown.

The format is told from the content (a PDF starts ``%PDF-``; a Word file is a zip holding
``word/document.xml``; HTML opens with a tag), never from the file's name. Every format comes out
as the plain-text layout the parsers read: one paragraph per line, a blank line between
paragraphs, footnotes as ``¹ text`` lines after the paragraph that cites them, footnote markers as
superscript digits, italic words as ``*italic*`` (the parsers keep the words and drop the stars).

PDF (pdfplumber, which gives each character's font, size and place): page furniture goes (the
running header on later pages, the job number "23-21456 (E) 031123", the barcode, "2/4"); words
hyphenated at line ends are joined; lines are reflowed into paragraphs; small raised digits are
footnote markers; the footnotes under the rule at the foot of a page follow the paragraph that
was running on that page. Word (python-docx): paragraphs as written, the header and footer parts
left out, footnotes read from the footnotes part. HTML: block elements in order, without
scripts, styles or navigation.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from statistics import median
from typing import Any

from .document import DocumentError
from .markup import SUPERSCRIPT_DIGITS, int_to_superscript

PDF, DOCX, HTML, TEXT = "pdf", "docx", "html", "text"
MIME = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    HTML: "text/html",
    TEXT: "text/plain",
}
NO_TEXT = "this PDF has no text (a scan?): run OCR first"
ENUMERATOR_RE = re.compile(r"(?:\d{1,3}\.|\([a-z]{1,5}\)|[•\-–])\s")
SYMBOL_RE = re.compile(r"[A-Z]{1,6}(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+")
# Footer furniture: the job number ("23-21456 (E) 031123", "23-21456"), the barcode's text
# ("*2321456*"), page numbers ("2/4", "2", "Page 2 of 4").
_FURNITURE_RE = re.compile(
    r"\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?|\*\d{6,}\*|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}"
    r"|Page \d+(?: of \d+)?",
    re.IGNORECASE,
)


def sniff(data: bytes) -> str:
    """PDF, DOCX, HTML or TEXT, from the first bytes of the file."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            pass
        return "zip"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta")):
        return HTML
    return TEXT


Progress = Callable[[int, int], None]  # (pages read, pages)


def extract(
    data: bytes, *, filename: str, headings: bool = False, progress: Progress | None = None
) -> str | None:
    """The text of a PDF, Word or HTML file in the parsers' layout; None for a text file (the
    caller decodes it). ``headings``: mark Word and HTML headings with ``#`` (the "other" kind
    reads them)."""
    form = sniff(data)
    if form == PDF:
        return pdf_text(data, filename=filename, progress=progress)
    if form == DOCX:
        return docx_text(data, filename=filename, headings=headings)
    if form == HTML:
        return html_text(data, filename=filename, headings=headings)
    if form == "zip":
        raise DocumentError(
            "this is a zip archive but not a Word document (.docx); upload the document itself",
            filename=filename,
        )
    return None


# --- PDF -------------------------------------------------------------------------------------


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
    import pdfplumber

    if sniff(data) != PDF:
        return 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except Exception:  # pdfminer's own errors: the reading proper will name them
        return 0


def pdf_text(data: bytes, *, filename: str, progress: Progress | None = None) -> str:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    pages: list[_Page] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for n, page in enumerate(pdf.pages, start=1):
                pages.append(_read_page(page, n))
                page.close()  # let go of its characters: a 300-page file stays small
                if progress is not None and (n % 10 == 0 or n == len(pdf.pages)):
                    progress(n, len(pdf.pages))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as error:
        raise DocumentError(f"this PDF cannot be read ({error})", filename=filename) from None
    except Exception as error:  # pdfminer raises its own errors for broken or encrypted files
        name = type(error).__name__
        raise DocumentError(f"this PDF cannot be read ({name})", filename=filename) from None
    if sum(len(line.text) for page in pages for line in page.lines + page.notes) < 20:
        raise DocumentError(NO_TEXT, filename=filename)
    _drop_furniture(pages)
    return _reflow(pages)


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
            if gap > 4 * size and not ENUMERATOR_RE.match(_plain(out).lstrip() + " "):
                out.append(("\t", False))  # another column: "United Nations ... A/C.3/78/L.47"
            elif gap > 0.2 * size and out and not out[-1][0].isspace():
                out.append((" ", italic and out[-1][1]))
        if marker:
            text = SUPERSCRIPT_DIGITS[int(text)]
        out.append((text, italic))
        previous = char if text.strip() else previous
    first = next((c for c in row if c["text"].strip()), row[0])
    first_word = _plain(out).strip().split(" ")[0]
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


def _plain(chars: list[tuple[str, bool]]) -> str:
    return "".join(char for char, _ in chars)


def _footnote_rule(page: Any, lines: list[_Line]) -> float | None:
    """The top of the footnote area: a short horizontal rule in the lower half of the page with
    text below it."""
    rules = [
        float(obj["top"])
        for obj in list(page.lines) + list(page.rects)
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
                all(_FURNITURE_RE.fullmatch(p) or p == symbol for p in parts)
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
    return all(_FURNITURE_RE.fullmatch(p.strip()) for p in line.text.split("\t") if p.strip())


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
        out.append(_markup(paragraph))
        out.extend(_markup(note) for note in notes_after.get(n, []))
    out.extend(_markup(note) for note in notes_after.get(-1, []))
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
    if line.top - before.bottom > 0.35 * line.size or abs(line.size - before.size) > 1:
        return True  # a paragraph's spacing, or another font size (a heading)
    # the line before ended short: the first word of this one would have fitted on it
    return before.x1 + 0.3 * before.size + line.first_word_width < right - 1


def _join(paragraph: list[tuple[str, bool]], chars: list[tuple[str, bool]]) -> None:
    while paragraph and paragraph[-1][0].isspace():
        paragraph.pop()
    text = _plain(paragraph)
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
        text = _plain(chars).lstrip()
        if match := re.match(rf"([{SUPERSCRIPT_DIGITS}]+|\d{{1,3}}(?=\s))\s*", text):
            number = match[1]
            if number[0] in "0123456789":  # a footnote number set in the text's size
                number = int_to_superscript(int(number))
            rest = chars[len(_plain(chars)) - len(text) + match.end() :]
            notes.append([(number, False), (" ", False), *rest])
        elif notes:
            _join(notes[-1], chars)
        else:
            notes.append(list(chars))
    return notes


def _markup(chars: list[tuple[str, bool]]) -> str:
    """Text with italic runs as ``*…*`` where they begin and end at word boundaries (the form
    the parsers read); elsewhere the words without stars."""
    out: list[str] = []
    n = 0
    text = _plain(chars)
    while n < len(chars):
        if not chars[n][1]:
            out.append(chars[n][0])
            n += 1
            continue
        end = n
        while end < len(chars) and chars[end][1]:
            end += 1
        run = text[n:end]
        core = run.strip()
        lead = run[: len(run) - len(run.lstrip())]
        trail = run[len(run.rstrip()) :]
        start, stop = n + len(lead), end - len(trail)  # the italic words themselves
        before = text[start - 1] if start else " "
        after = text[stop] if stop < len(text) else " "
        bounded = not (before.isalnum() or before == "*") and not (after.isalnum() or after == "*")
        if core and bounded and "*" not in core:
            out.append(f"{lead}*{core}*{trail}")
        else:
            out.append(run)
        n = end
    return re.sub(r"[ \t]+", " ", "".join(out)).strip()


# --- Word ------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes, *, filename: str, headings: bool = False) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise DocumentError(f"this Word file cannot be read ({error})", filename=filename) from None
    notes = _docx_footnotes(document)
    numbers: dict[int, int] = {}  # footnote id -> its number, in order of first citation
    out: list[str] = []
    pending: list[int] = []  # ids of footnotes cited by the paragraphs just read
    numbering = _Numbering(document)
    styles = _Styles(document)
    for paragraph in _docx_paragraphs(document):
        chars, cited = _docx_runs(paragraph._p, numbers)
        style = styles.of(paragraph._p)
        text = " ".join((numbering.label(paragraph._p, style) + _markup(chars)).split())
        style_name = style.name if style is not None else ""
        level = re.fullmatch(r"Heading (\d)", style_name or "")
        if headings and text and (level or style_name == "Title"):
            text = "#" * (int(level[1]) if level else 1) + " " + text.replace("*", "")
        if text:
            out.append(text)
        pending += [n for n in cited if n in notes]
        if text and pending:
            out.extend(f"{int_to_superscript(numbers[n])} {notes[n]}" for n in pending)
            pending = []
    return "\n\n".join(out) + "\n"


def _docx_paragraphs(document: Any) -> Iterator[Any]:
    """The body's paragraphs in order, those in tables too (a UN masthead is a table:
    "United Nations" in one cell, the symbol in another)."""
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            yield Paragraph(child, document._body)
        elif child.tag == f"{_W}tbl":
            for cell_paragraph in child.iter(f"{_W}p"):
                yield Paragraph(cell_paragraph, document._body)


class _Styles:
    """Paragraph styles by id, looked up once (python-docx's ``paragraph.style`` searches
    every style at each call: seconds on a long document)."""

    def __init__(self, document: Any) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self.by_id = {style.style_id: style for style in document.styles}
        self.default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)

    def of(self, paragraph: Any) -> Any:
        props = paragraph.find(f"{_W}pPr")
        named = props.find(f"{_W}pStyle") if props is not None else None
        if named is None:
            return self.default
        return self.by_id.get(named.get(f"{_W}val"), self.default)


class _Numbering:
    """Word's automatic numbering ("1.", "(a)", "(i)" made by a list style, not typed): the
    label each numbered paragraph shows, counted as Word counts it."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> ...
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for node in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{_W}lvl"):
                fmt, text, start = (
                    lvl.find(f"{_W}{tag}") for tag in ("numFmt", "lvlText", "start")
                )
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = abstract.get(ref.get(f"{_W}val") if ref is not None else None, {})
            for ilvl, level in levels.items():
                self.levels[(num.get(f"{_W}numId", ""), ilvl)] = level

    def label(self, paragraph: Any, style: Any) -> str:
        num_id, ilvl = self._numpr(paragraph, style)
        if not num_id or (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        starts = [self.levels.get((num_id, n), ("", "", 1))[2] for n in range(9)]
        counters[ilvl] = (counters[ilvl] or starts[ilvl] - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        fmt, text, _ = self.levels[(num_id, ilvl)]
        if fmt == "bullet":
            return "• "
        for n in range(ilvl + 1):
            level_fmt = self.levels.get((num_id, n), ("decimal", "", 1))[0]
            text = text.replace(f"%{n + 1}", _format_number(counters[n] or starts[n], level_fmt))
        return text + " " if text else ""

    def _numpr(self, paragraph: Any, style: Any) -> tuple[str, int]:
        for owner in (paragraph, getattr(style, "element", None)):
            props = owner.find(f"{_W}pPr") if owner is not None else None
            numpr = props.find(f"{_W}numPr") if props is not None else None
            if numpr is not None:
                num_id, ilvl = numpr.find(f"{_W}numId"), numpr.find(f"{_W}ilvl")
                value = num_id.get(f"{_W}val", "") if num_id is not None else ""
                level = int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0
                return ("" if value == "0" else value), level
        return "", 0


_ROMAN_NUMERALS = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _format_number(number: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = "abcdefghijklmnopqrstuvwxyz"[(number - 1) % 26] * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman, rest = "", number
        for value, numeral in _ROMAN_NUMERALS:
            while rest >= value:
                roman, rest = roman + numeral, rest - value
        return roman.upper() if fmt == "upperRoman" else roman
    return str(number)


def _docx_runs(
    paragraph: Any, numbers: dict[int, int] | None = None
) -> tuple[list[tuple[str, bool]], list[int]]:
    """The paragraph's characters with their italics, and the ids of the footnotes it cites;
    a footnote reference becomes its number in superscript (Word numbers footnotes in the order
    they are cited, whatever their ids)."""
    numbers = {} if numbers is None else numbers
    chars: list[tuple[str, bool]] = []
    cited: list[int] = []
    for run in paragraph.iter(f"{_W}r"):
        props = run.find(f"{_W}rPr")
        italic = False
        if props is not None and (i := props.find(f"{_W}i")) is not None:
            italic = i.get(f"{_W}val", "true") not in ("0", "false")
        for child in run:
            if child.tag == f"{_W}t":
                chars.extend((char, italic) for char in child.text or "")
            elif child.tag == f"{_W}tab":
                chars.append(("\t", False))
            elif child.tag in (f"{_W}br", f"{_W}cr") and child.get(f"{_W}type") != "page":
                chars.append((" ", False))
            elif child.tag == f"{_W}footnoteReference":
                note = int(child.get(f"{_W}id", "0"))
                cited.append(note)
                number = numbers.setdefault(note, len(numbers) + 1)
                chars.extend((char, False) for char in int_to_superscript(number))
    return chars, cited


def _docx_footnotes(document: Any) -> dict[int, str]:
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            notes = {}
            for note in root.iter(f"{_W}footnote"):
                number = int(note.get(f"{_W}id", "0"))
                if number > 0:
                    chars: list[tuple[str, bool]] = []
                    for p in note.iter(f"{_W}p"):
                        chars += _docx_runs(p)[0] + [(" ", False)]
                    notes[number] = _markup(chars)
            return notes
    return {}


# --- HTML ------------------------------------------------------------------------------------

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt",
           "td", "th", "caption", "figcaption", "div", "section", "article", "br", "tr"}  # fmt: skip
_SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form",
         "button", "aside", "head"}  # fmt: skip


class _HtmlText(HTMLParser):
    """Block elements' text in order; italics and superscript footnote numbers kept as the
    other formats keep them."""

    def __init__(self, headings: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.headings = headings
        self.blocks: list[str] = []
        self.current: list[tuple[str, bool]] = []
        self.level = 0
        self.skipping = 0
        self.italic = 0
        self.sup: int | None = None  # where a <sup> began in ``current``

    def _flush(self) -> None:
        text = " ".join(_markup(self.current).split())
        if text:
            if self.level and self.headings:
                text = "#" * self.level + " " + text.replace("*", "")
            self.blocks.append(text)
        self.current, self.level, self.sup = [], 0, None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._flush()
            if re.fullmatch(r"h[1-6]", tag):
                self.level = int(tag[1])
        elif tag in ("i", "em"):
            self.italic += 1
        elif tag == "sup":
            self.sup = len(self.current)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self._flush()
        elif tag in ("i", "em"):
            self.italic = max(0, self.italic - 1)
        elif tag == "sup" and self.sup is not None:
            digits = _plain(self.current[self.sup :]).strip()
            if digits.isascii() and digits.isdigit():  # a footnote marker
                self.current[self.sup :] = [(c, False) for c in int_to_superscript(int(digits))]
            self.sup = None

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.current.extend((char, self.italic > 0) for char in data)


def html_text(data: bytes, *, filename: str, headings: bool = False) -> str:
    charset = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    encoding = charset[1].decode() if charset else "utf-8"
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        raise DocumentError(
            f"this HTML page is not {encoding} text as it says; save it again as UTF-8",
            filename=filename,
        ) from None
    reader = _HtmlText(headings)
    reader.feed(text)
    reader.close()
    reader._flush()
    if not reader.blocks:
        raise DocumentError("this HTML page has no text", filename=filename)
    return "\n\n".join(reader.blocks) + "\n"
