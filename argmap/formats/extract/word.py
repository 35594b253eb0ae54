"""Word (python-docx): paragraphs as written (those in tables too), Word's automatic numbering
written out, the header and footer parts left out, footnotes read from the footnotes part and
set after the paragraph that cites them."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from ..document import DocumentError
from ..markup import int_to_superscript
from .common import markup

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
        text = " ".join((numbering.label(paragraph._p, style) + markup(chars)).split())
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
                    notes[number] = markup(chars)
            return notes
    return {}
