"""Write the PDF and Word test documents in tests/documents/un/ (the files are committed).

    .venv/bin/python tests/documents/make_fixtures.py

The PDFs are laid out here word by word, as the UN's publishing system lays them out: the symbol
on the first line beside "United Nations", a running header and a footer (job number, "2/4") on
every later page, footnotes under a rule at the foot of the page that cites them, long words
hyphenated at line ends, italic opening words, raised footnote markers. The Word files carry the
same text in paragraphs, the running header and footer in the section's header and footer parts
and the footnotes in the footnotes part, as Word writes them. Needs fpdf2, python-docx, Pillow and
the Liberation Serif fonts (Debian's fonts-liberation).
"""

from __future__ import annotations

import copy
import datetime
import logging
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

logging.getLogger("fontTools").setLevel(logging.WARNING)  # its font subsetting chatters
HERE = Path(__file__).resolve().parent
OUT = HERE / "un"
FONTS = Path("/usr/share/fonts/truetype/liberation")
FIXED = datetime.datetime(2023, 11, 3, tzinfo=datetime.UTC)

# --- the documents -------------------------------------------------------------------------
# Light markup: *italic*, **bold**, ^1 a footnote marker.

AGENDA_TITLE = (
    "Promotion and protection of human rights: human rights questions, including alternative "
    "approaches for improving the effective enjoyment of human rights and fundamental freedoms"
)
SPONSORS = (
    "Argentina, Brazil, Chile, Costa Rica, Ecuador, Guatemala, Mexico, Panama, Paraguay, Peru "
    "and Uruguay: draft resolution"
)
TITLE = "The right to privacy in the digital age"

PREAMBLE = [
    "*Reaffirming* the purposes and principles of the Charter of the United Nations, and the "
    "human rights and fundamental freedoms enshrined in the Universal Declaration of Human "
    "Rights and relevant international human rights treaties,",
    "*Recalling* its resolutions 68/167 of 18 December 2013, 69/166 of 18 December 2014, 71/199 "
    "of 19 December 2016, 73/179 of 17 December 2018 and 75/176 of 16 December 2020 on the "
    "right to privacy in the digital age, and Human Rights Council resolution 54/21 of "
    "12 October 2023,^1",
    "*Noting with appreciation* the reports of the United Nations High Commissioner for Human "
    "Rights on the right to privacy in the digital age,^2 and the work of the Special "
    "Rapporteur on the right to privacy,",
    "*Recognizing* that the exercise of the right to privacy is important for the realization "
    "of the right to freedom of expression and to hold opinions without interference, and "
    "the right to freedom of peaceful assembly and association, and is one of the foundations "
    "of a democratic society,",
    "*Noting* that the rapid pace of technological development enables individuals all over "
    "the world to use new information and communications technologies and at the same time "
    "enhances the capacity of Governments, companies and individuals to undertake surveillance, "
    "interception and data collection, which may violate or abuse human rights,",
    "*Deeply concerned* that the use of artificial intelligence that requires the processing of "
    "large amounts of personal data, including biometric data, may pose serious risks to the "
    "enjoyment of the right to privacy, in particular when employed for identification, "
    "tracking, profiling, facial recognition and behavioural prediction,^3",
    "*Emphasizing* that States must respect international human rights obligations regarding "
    "the right to privacy when they intercept digital communications of individuals or collect "
    "personal data, and when they require disclosure of personal data from third parties, "
    "including business enterprises,",
]
OPERATIVE = [
    (
        "*Reaffirms* the right to privacy, according to which no one shall be subjected to "
        "arbitrary or unlawful interference with his or her privacy, family, home or "
        "correspondence, and the right to the protection of the law against such interference, "
        "as set out in article 12 of the Universal Declaration of Human Rights and article 17 of "
        "the International Covenant on Civil and Political Rights;",
        [],
    ),
    (
        "*Recognizes* the global and open nature of the Internet and the rapid advancement in "
        "information and communications technologies as a driving force in accelerating progress "
        "towards development in its various forms;",
        [],
    ),
    (
        "*Calls upon* all States:",
        [
            "To respect and protect the right to privacy, including in the context of digital "
            "communications and new and emerging technologies;",
            "To take measures to put an end to violations and abuses of the right to privacy and to "
            "create the conditions to prevent such violations and abuses, including by ensuring "
            "that relevant national legislation complies with their obligations under "
            "international human rights law;",
            "To review their procedures, practices and legislation regarding the surveillance of "
            "communications, their interception and the collection of personal data, including mass "
            "surveillance, interception and collection, with a view to upholding the right to "
            "privacy by ensuring the full and effective implementation of all their obligations "
            "under international human rights law;",
            "To establish or maintain existing independent, effective, adequately resourced and "
            "impartial judicial, administrative and/or parliamentary domestic oversight mechanisms "
            "capable of ensuring transparency, as appropriate, and accountability for State "
            "surveillance of communications, their interception and the collection of personal "
            "data;",
            "To provide individuals whose right to privacy has been violated or abused by arbitrary "
            "or unlawful surveillance with access to an effective remedy, consistent with "
            "international human rights obligations;",
            "To develop or maintain and implement adequate legislation, with effective sanctions "
            "and appropriate remedies, that protects individuals against violations and abuses of "
            "the right to privacy, namely through the unlawful and arbitrary collection, "
            "processing, retention or use of personal data by individuals, Governments, business "
            "enterprises and private organizations;",
            "To consider developing or maintaining and implementing legislation, preventive measures "
            "and remedies addressing harm from the processing, use, sale or multiple resale or "
            "other corporate sharing of personal data without the free, explicit and informed "
            "consent of individuals;^4",
            "To refrain from requiring business enterprises to take steps that interfere with the "
            "right to privacy in an arbitrary or unlawful way;",
        ],
    ),
    (
        "*Encourages* all States to promote an open, secure, stable, accessible and peaceful "
        "information and communications technology environment based on respect for "
        "international law, including the obligations enshrined in the Charter and human rights "
        "instruments;",
        [],
    ),
    (
        "*Calls upon* all business enterprises that collect, store, use, share and process data to "
        "comply with their responsibility to respect human rights, consistent with the Guiding "
        "Principles on Business and Human Rights;",
        [],
    ),
    (
        "*Encourages* business enterprises to work towards enabling technical solutions to secure "
        "and protect the confidentiality of digital communications, which may include measures "
        "for encryption and anonymity;",
        [],
    ),
    (
        "*Decides* to continue its consideration of the question at its eightieth session under the "
        "item entitled “Promotion and protection of human rights”.",
        [],
    ),
]
FOOTNOTES = {
    1: "See *Official Records of the General Assembly, Seventy-eighth Session, Supplement "
    "No. 53A* (A/78/53/Add.1), chap. II.",
    2: "A/HRC/27/37, A/HRC/39/29 and A/HRC/48/31.",
    3: "See A/HRC/51/17.",
    4: "See A/HRC/44/24 and A/HRC/48/31.",
}


@dataclass
class Resolution:
    symbol: str
    job: str  # "23-21456"
    stamp: str  # "031123": the day it was processed
    date: str
    preamble: list[str]
    operative: list[tuple[str, list[str]]]
    footnotes: dict[int, str] = field(default_factory=lambda: dict(FOOTNOTES))
    revised: bool = False


L47 = Resolution("A/C.3/78/L.47", "23-21456", "031123", "2 November 2023", PREAMBLE, OPERATIVE)


def _rev1() -> Resolution:
    """Rev.1: PP5 reworded, a paragraph added after PP6, OP6 removed."""
    preamble = list(PREAMBLE)
    preamble[4] = (
        "*Noting* that the rapid pace of technological development enables individuals all over "
        "the world to use new information and communications technologies and at the same time "
        "enhances the capacity of Governments, companies and individuals to undertake "
        "surveillance, decryption and mass data collection, which may violate or abuse human "
        "rights,"
    )
    preamble.insert(
        6,
        "*Stressing* that the design, development and deployment of new and emerging "
        "technologies should be grounded in human rights law and subject to human rights due "
        "diligence,",
    )
    operative = [p for n, p in enumerate(OPERATIVE, start=1) if n != 6]
    return Resolution(
        "A/C.3/78/L.47/Rev.1", "23-22610", "141123", "13 November 2023", preamble, operative,
        revised=True,
    )  # fmt: skip


L47_REV1 = _rev1()

STATEMENT = [
    "Explanation of vote on draft resolution A/C.3/78/L.47 “The right to privacy in the "
    "digital age”",
    "Ambassador Jane Doe, Permanent Representative",
    "Permanent Mission of Freedonia to the United Nations",
    "New York, 15 November 2023",
    "",
    "Thank you, Madam Chair.",
    "Freedonia has engaged constructively throughout the negotiations on this draft resolution "
    "and thanks the core group for its efforts. We nevertheless cannot support the text before "
    "us and will vote against it.",
    "First, the draft resolution goes beyond the agreed language of earlier resolutions on "
    "encryption without any basis in international law.",
    "Second, the text places obligations on business enterprises that belong to national "
    "legislation, not to a resolution of the General Assembly.",
    "Third, the new paragraph on artificial intelligence prejudges discussions under way in "
    "other forums, including the Human Rights Council.",
    "Fourth, the negotiations left no time for capitals to consider the revised text, which "
    "was circulated only two days before action.",
    "For these reasons, my delegation will vote no and calls for a recorded vote.",
    "Thank you.",
]
RECIPE = [
    "Grandmother's lentil soup",
    "",
    "Serves four. Preparation: 15 minutes; cooking: 40 minutes.",
    "Ingredients: 250 g red lentils, one onion, two carrots, two cloves of garlic, a litre of "
    "stock, cumin, salt and pepper.",
    "Chop the onion, the carrots and the garlic and soften them in olive oil for ten minutes.",
    "Add the lentils, the stock and the cumin; simmer for thirty minutes, then blend.",
    "Season and serve with bread and a squeeze of lemon.",
]
REPORT = [  # ("#" level or 0, text): a report of the "other" kind
    (1, "Privacy and artificial intelligence: a briefing"),
    (0, "This briefing summarises the debate on privacy in the digital age for the delegation."),
    (2, "Background"),
    (0, "The General Assembly has adopted a resolution on the right to privacy in the digital "
        "age every two years since 2013."),
    (0, "The Human Rights Council adopts a resolution of its own on the same subject."),
    (2, "Issues in 2023"),
    (0, "Encryption, artificial intelligence and the duties of business enterprises divided "
        "delegations."),
]  # fmt: skip


# --- markup ---------------------------------------------------------------------------------

Run = tuple[str, str]  # (text, style): "" regular, "I" italic, "B" bold, "sup" footnote marker
_TOKEN_RE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*|\^(\d+)|([^*^]+)")


def runs(text: str, style: str = "") -> list[Run]:
    out: list[Run] = []
    for bold, italic, marker, plain in _TOKEN_RE.findall(text):
        if bold:
            out.append((bold, "B"))
        elif italic:
            out.append((italic, "I"))
        elif marker:
            out.append((marker, "sup"))
        else:
            out.append((plain, style))
    return out


# --- PDF ------------------------------------------------------------------------------------


class Pdf:
    """A4 in points; body 10 pt on 12 pt lines, ragged right, long words hyphenated."""

    LEFT, RIGHT, TOP, BOTTOM = 72.0, 523.0, 80.0, 620.0
    SIZE, LEADING, NOTE_SIZE, NOTE_LEADING = 11.5, 13.8, 8.0, 9.5

    def __init__(
        self, symbol: str, job: str, stamp: str, pages: int = 0, rule: bool = True
    ) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_creation_date(FIXED)  # the same file on every run
        self.pdf.set_auto_page_break(False)
        for style, name in (("", "Regular"), ("I", "Italic"), ("B", "Bold"), ("BI", "BoldItalic")):
            self.pdf.add_font("serif", style, str(FONTS / f"LiberationSerif-{name}.ttf"))
        self.symbol, self.job, self.stamp, self.pages = symbol, job, stamp, pages
        self.rule = rule
        self.notes: dict[int, str] = {}
        self.page_notes: list[int] = []
        self.y = self.TOP
        self._new_page()

    # fonts and widths
    def _font(self, style: str, size: float) -> None:
        self.pdf.set_font("serif", "" if style == "sup" else style, size)

    def _width(self, text: str, style: str, size: float) -> float:
        self._font(style, size * 0.65 if style == "sup" else size)
        return float(self.pdf.get_string_width(text))

    # pages
    def _new_page(self) -> None:
        self.pdf.add_page()
        self.page_notes = []
        page = self.pdf.page_no()
        if (
            page > 1 and self.symbol
        ):  # running header: the symbol, left on even pages and right on odd ones
            self._font("B", 10)
            x = self.LEFT if page % 2 == 0 else self.RIGHT - self._width(self.symbol, "B", 10)
            self.pdf.text(x, 50, self.symbol)
            self.pdf.line(self.LEFT, 56, self.RIGHT, 56)
        self.y = self.TOP

    def _end_page(self) -> None:
        self._draw_notes()
        page = self.pdf.page_no()
        if not self.job:  # a statement: no job number, no running header
            return
        self._font("", 8)
        if page == 1:
            self.pdf.text(self.LEFT, 805, f"{self.job} (E)    {self.stamp}")
            self._font("B", 14)
            self.pdf.text(self.RIGHT - 80, 805, f"*{self.job.replace('-', '')}*")
        else:
            number = f"{page}/{self.pages}"
            if page % 2 == 0:
                self.pdf.text(self.LEFT, 805, number)
                self.pdf.text(self.RIGHT - 40, 805, self.job)
            else:
                self.pdf.text(self.LEFT, 805, self.job)
                self.pdf.text(self.RIGHT - 20, 805, number)

    def finish(self, path: Path) -> None:
        self._end_page()
        self.pdf.output(str(path))

    # footnotes
    def _note_lines(self, number: int) -> list[list[tuple[float, str, str]]]:
        return self._wrap(runs(self.notes[number]), self.NOTE_SIZE, self.LEFT + 18, self.LEFT + 18)

    def _notes_height(self, numbers: list[int]) -> float:
        if not numbers:
            return 0.0
        lines = sum(len(self._note_lines(n)) for n in numbers)
        return 14 + lines * self.NOTE_LEADING + 3 * (len(numbers) - 1)

    def _draw_notes(self) -> None:
        if not self.page_notes:
            return
        y = self.BOTTOM - self._notes_height(self.page_notes) + 14
        if self.rule:  # some publishers set footnotes smaller but draw no rule above them
            self.pdf.line(self.LEFT, y - 10, self.LEFT + 100, y - 10)
        for number in self.page_notes:
            self.pdf.set_font("serif", "", 6)
            self.pdf.text(self.LEFT + 10, y - 3, str(number))
            for line in self._note_lines(number):
                self._draw_line(line, y, self.NOTE_SIZE)
                y += self.NOTE_LEADING
            y += 3

    # lines
    def _wrap(
        self, text: list[Run], size: float, first_x: float, next_x: float, width_end: float = 0.0
    ) -> list[list[tuple[float, str, str]]]:
        """Greedy line breaking; a long word that does not fit is hyphenated if a part fits."""
        right = width_end or self.RIGHT
        words: list[tuple[str, str, bool]] = []  # (word, style, glued to the word before)
        spaced = True  # the text so far ends with a space
        for chunk, style in text:
            for i, word in enumerate(re.split(r"(\s+)", chunk)):
                if not word or word.isspace():
                    continue
                glued = i == 0 and not spaced
                words.append((word, style, glued or style == "sup"))
            spaced = chunk[-1:].isspace()
        lines: list[list[tuple[float, str, str]]] = [[]]
        x = first_x
        queue = list(words)
        while queue:
            word, style, glued = queue.pop(0)
            space = 0.0 if glued or not lines[-1] else self._width(" ", "", size)
            width = self._width(word, style, size)
            if x + space + width <= right or not lines[-1]:
                lines[-1].append((x + space, word, style))
                x += space + width
                continue
            cut = self._hyphenate(word, style, size, right - x - space)
            if cut:
                lines[-1].append((x + space, word[:cut] + "-", style))
                queue.insert(0, (word[cut:], style, False))
            elif glued:  # a marker or punctuation goes down with the word before it
                moved = lines[-1].pop()
                queue[:0] = [(moved[1], moved[2], False), (word, style, True)]
            else:
                queue.insert(0, (word, style, False))
            lines.append([])
            x = next_x
        return [line for line in lines if line]

    def _hyphenate(self, word: str, style: str, size: float, room: float) -> int:
        if style == "sup" or len(word) < 9 or not word.isalpha():
            return 0
        for cut in range(len(word) - 4, 4, -1):
            if self._width(word[:cut] + "-", style, size) <= room:
                return cut
        return 0

    def _draw_line(self, line: list[tuple[float, str, str]], y: float, size: float) -> None:
        # words of one style on one line are written as one string, spaces included, as a
        # word processor writes them
        groups: list[list[tuple[float, str, str]]] = []
        for item in line:
            if groups and groups[-1][-1][2] == item[2] and item[2] != "sup":
                groups[-1].append(item)
            else:
                groups.append([item])
        for n, group in enumerate(groups):
            x, _, style = group[0]
            text = " ".join(word for _, word, _ in group)
            if n + 1 < len(groups) and style != "sup":  # a space before the next group, if any
                end = x + self._width(text, style, size)
                if groups[n + 1][0][0] - end > 0.5:
                    text += " "
            if style == "sup":
                self._font("sup", size * 0.65)
                self.pdf.text(x, y - size * 0.35, text)
            else:
                self._font(style, size)
                self.pdf.text(x, y, text)

    def paragraph(
        self,
        text: list[Run],
        *,
        first_x: float | None = None,
        next_x: float | None = None,
        number: tuple[float, str] | None = None,
        size: float | None = None,
        before: float = 6.0,
        right: float = 0.0,
    ) -> None:
        size = size or self.SIZE
        leading = size * 1.2
        lines = self._wrap(text, size, first_x or self.LEFT, next_x or self.LEFT, right)
        self.y += before
        for n, line in enumerate(lines):
            markers = [int(word) for _, word, style in line if style == "sup"]
            notes = self.page_notes + [m for m in markers if m not in self.page_notes]
            if self.y + leading > self.BOTTOM - self._notes_height(notes):
                self._end_page()
                self._new_page()
            self.page_notes += [m for m in markers if m not in self.page_notes]
            if n == 0 and number:  # right-aligned before the text: "9." and "10." line up
                x = min(number[0], (first_x or self.LEFT) - 6 - self._width(number[1], "", size))
                self._font("", size)
                self.pdf.text(x, self.y + size, number[1])
            self._draw_line(line, self.y + size, size)
            self.y += leading

    def at(self, x: float, y: float, text: str, style: str = "", size: float = 10.0) -> None:
        self._font(style, size)
        self.pdf.text(x, y, text)


def resolution_pdf(
    doc: Resolution, path: Path, pages: int = 0, rule: bool = True, spacing: float = 6.0
) -> None:
    """Laid out twice: the footers say "2/4", so the first pass counts the pages. ``spacing``:
    the space above each paragraph of the text (0: first-line indents alone tell them apart)."""
    out = Pdf(doc.symbol, doc.job, doc.stamp, pages, rule)
    out.notes = doc.footnotes
    out.at(out.LEFT, 60, "United Nations", "", 11)
    out.at(out.RIGHT - out._width(doc.symbol, "B", 16), 60, doc.symbol, "B", 16)
    out.pdf.line(out.LEFT, 68, out.RIGHT, 68)
    out.at(out.LEFT, 100, "General Assembly", "B", 18)
    for y, text in ((92, "Distr.: Limited"), (104, doc.date), (128, "Original: English")):
        out.at(380, y, text)
    out.y = 150
    for text in ("Seventy-eighth session", "Third Committee", "Agenda item 71 (b)"):
        out.paragraph(runs(text), before=0)
    out.paragraph(runs(AGENDA_TITLE, "B"), right=400, before=0)
    out.paragraph(runs(SPONSORS.replace("draft resolution", "revised draft resolution")
                       if doc.revised else SPONSORS, "B"), before=14)  # fmt: skip
    out.paragraph(runs(TITLE, "B"), before=14, size=13)
    out.paragraph([("The General Assembly,", "I")], first_x=out.LEFT + 36, before=14)
    for text in doc.preamble:
        out.paragraph(runs(text), first_x=out.LEFT + 36, before=spacing)
    for n, (text, subs) in enumerate(doc.operative, start=1):
        number = (out.LEFT + 36, f"{n}.")
        out.paragraph(runs(text), first_x=out.LEFT + 54, number=number, before=spacing)
        for letter, sub in zip("abcdefghij", subs, strict=False):
            number = (out.LEFT + 54, f"({letter})")
            out.paragraph(runs(sub), first_x=out.LEFT + 72, number=number, before=spacing)
    if not pages:
        return resolution_pdf(doc, path, out.pdf.page_no(), rule, spacing)
    out.finish(path)


def statement_pdf(lines: list[str], path: Path) -> None:
    out = Pdf("", "", "")
    out.y = 60
    for n, line in enumerate(lines):
        if line:
            out.paragraph(runs(line, "B" if n == 0 else ""), before=10 if n > 3 else 2)
    out.finish(path)


def scan_pdf(path: Path) -> None:
    """A page that is only a picture of text, as a scanner makes it."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(["United Nations    A/C.3/78/L.47", "General Assembly", *PREAMBLE]):
        draw.text((120, 150 + n * 40), re.sub(r"[*^]", "", line)[:90], fill=0)
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_creation_date(FIXED)
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=595, h=842)
    pdf.output(str(path))


# --- Word -----------------------------------------------------------------------------------


def _docx():
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(10)
    document.core_properties.created = document.core_properties.modified = FIXED
    return document


def _add_runs(paragraph, text: list[Run], notes=None) -> None:
    for chunk, style in text:
        if style == "sup" and notes is not None:
            notes.reference(paragraph, int(chunk))
            continue
        run = paragraph.add_run(chunk)
        run.italic = "I" in style
        run.bold = "B" in style


class _Footnotes:
    """Word's footnotes part (python-docx writes none): ``<w:footnote>`` elements and the
    ``<w:footnoteReference>`` runs that cite them."""

    NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"

    def __init__(self, document, notes: dict[int, str]) -> None:
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        self.notes = notes
        body = "".join(
            f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f"<w:footnoteRef/></w:r>{self._runs(text)}</w:p></w:footnote>"
            for n, text in notes.items()
        )
        xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:footnotes xmlns:w="{self.NS}" xmlns:r="{self.R}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            "<w:continuationSeparator/></w:r></w:p></w:footnote>"
            f"{body}</w:footnotes>"
        )
        part = Part(PackURI("/word/footnotes.xml"), self.CT, xml.encode(), document.part.package)
        document.part.relate_to(part, self.REL)

    def _runs(self, text: str) -> str:
        from xml.sax.saxutils import escape

        out = '<w:r><w:t xml:space="preserve"> </w:t></w:r>'
        for chunk, style in runs(text):
            props = "<w:rPr><w:i/></w:rPr>" if style == "I" else ""
            out += f'<w:r>{props}<w:t xml:space="preserve">{escape(chunk)}</w:t></w:r>'
        return out

    def reference(self, paragraph, number: int) -> None:
        from docx.oxml import parse_xml

        run = parse_xml(
            f'<w:r xmlns:w="{self.NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r>'
        )
        paragraph._p.append(run)


def _furniture(document, symbol: str, job: str) -> None:
    """Running header and footer, as Word keeps them: outside the text."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = symbol
    section.footer.paragraphs[0].text = f"{job}\tPAGE"
    section.first_page_footer.paragraphs[0].text = f"{job} (E)    031123"


def resolution_docx(doc: Resolution, path: Path) -> None:
    document = _docx()
    notes = _Footnotes(document, doc.footnotes)
    _furniture(document, doc.symbol, doc.job)
    document.add_paragraph(f"United Nations\t{doc.symbol}")
    for text in ("General Assembly", "Distr.: Limited", doc.date, "Original: English",
                 "Seventy-eighth session", "Third Committee", "Agenda item 71 (b)"):  # fmt: skip
        document.add_paragraph(text)
    for text in (
        AGENDA_TITLE,
        SPONSORS.replace("draft resolution", "revised draft resolution") if doc.revised
        else SPONSORS,
        TITLE,
    ):  # fmt: skip
        _add_runs(document.add_paragraph(), runs(text, "B"))
    _add_runs(document.add_paragraph(), [("The General Assembly,", "I")])
    for text in doc.preamble:
        _add_runs(document.add_paragraph(), runs(text), notes)
    for n, (text, subs) in enumerate(doc.operative, start=1):
        _add_runs(document.add_paragraph(), [(f"{n}.\t", ""), *runs(text)], notes)
        for letter, sub in zip("abcdefghij", subs, strict=False):
            paragraph = document.add_paragraph()
            if letter == "e":  # the list runs across a page break, as it does in the PDF
                paragraph.add_run().add_break(__import__("docx").enum.text.WD_BREAK.PAGE)
            _add_runs(paragraph, [(f"({letter})\t", ""), *runs(sub)], notes)
    document.save(str(path))


def resolution_docx_styled(doc: Resolution, path: Path) -> None:
    """The same draft as Word users often make it: the masthead in a table ("United Nations"
    in one cell, the symbol in the other) and the operative paragraphs numbered by Word's
    "List Number" style rather than typed."""
    document = _docx()
    notes = _Footnotes(document, doc.footnotes)
    _furniture(document, doc.symbol, doc.job)
    masthead = document.add_table(rows=1, cols=2)
    masthead.cell(0, 0).text, masthead.cell(0, 1).text = "United Nations", doc.symbol
    for text in ("General Assembly", "Distr.: Limited", doc.date, "Original: English",
                 "Seventy-eighth session", "Third Committee", "Agenda item 71 (b)"):  # fmt: skip
        document.add_paragraph(text)
    for text in (AGENDA_TITLE, SPONSORS, TITLE):
        _add_runs(document.add_paragraph(), runs(text, "B"))
    _add_runs(document.add_paragraph(), [("The General Assembly,", "I")])
    for text in doc.preamble:
        _add_runs(document.add_paragraph(), runs(text), notes)
    for text, subs in doc.operative:
        _add_runs(document.add_paragraph(style="List Number"), runs(text), notes)
        for letter, sub in zip("abcdefghij", subs, strict=False):
            _add_runs(document.add_paragraph(), [(f"({letter})\t", ""), *runs(sub)], notes)
    document.save(str(path))


def paragraphs_docx(lines: list[str], path: Path) -> None:
    document = _docx()
    for line in lines:
        if line:
            _add_runs(document.add_paragraph(), runs(line))
    document.save(str(path))


def report_docx(path: Path) -> None:
    document = _docx()
    for level, text in REPORT:
        if level:
            document.add_heading(text, level=level)
        else:
            document.add_paragraph(text)
    document.save(str(path))


def _html_runs(text: str, style: str = "") -> str:
    from html import escape

    out = ""
    for chunk, kind in runs(text, style):
        tag = {"I": "i", "B": "b", "sup": "sup"}.get(kind)
        out += f"<{tag}>{escape(chunk)}</{tag}>" if tag else escape(chunk)
    return out


def resolution_html(doc: Resolution) -> str:
    """The draft as a web page saved from a browser: header lines, paragraphs, footnotes at
    the end, a menu and a script around it."""
    lines = [f"<table><tr><td>United Nations</td><td>{doc.symbol}</td></tr></table>"]
    lines += [f"<p>{text}</p>" for text in ("General Assembly", "Distr.: Limited", doc.date,
              "Original: English", "Seventy-eighth session", "Third Committee",
              "Agenda item 71 (b)")]  # fmt: skip
    lines += [f"<p><b>{text}</b></p>" for text in (AGENDA_TITLE, SPONSORS, TITLE)]
    lines.append("<p><i>The General Assembly,</i></p>")
    lines += [f"<p>{_html_runs(text)}</p>" for text in doc.preamble]
    for n, (text, subs) in enumerate(doc.operative, start=1):
        lines.append(f"<p>{n}.&nbsp;&nbsp;{_html_runs(text)}</p>")
        for letter, sub in zip("abcdefghij", subs, strict=False):
            lines.append(f"<p>({letter}) {_html_runs(sub)}</p>")
    notes = "".join(f"<p><sup>{n}</sup> {_html_runs(t)}</p>" for n, t in doc.footnotes.items())
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{doc.symbol}</title><script>window.analytics = [];</script></head><body>"
        "<header><nav><a href='/'>Official Document System</a></nav></header>"
        f"<main>{''.join(lines)}<hr><div class='footnotes'>{notes}</div></main></body></html>\n"
    )


def report_html() -> str:
    body = "".join(
        f"<h{level}>{text}</h{level}>" if level else f"<p>{text}</p>" for level, text in REPORT
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Briefing</title>"
        "<style>body{font-family:serif}</style><script>var tracking = 1;</script></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/about'>About</a></nav>"
        f"<main>{body}</main><footer>© 2023 Example Institute</footer></body></html>\n"
    )


def report_markdown() -> str:
    return "\n\n".join(f"{'#' * level} {text}" if level else text for level, text in REPORT) + "\n"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    resolution_pdf(L47, OUT / "a-c3-78-l47.pdf")
    resolution_pdf(L47_REV1, OUT / "a-c3-78-l47-rev1.pdf")
    resolution_pdf(L47, OUT / "a-c3-78-l47-no-rule.pdf", rule=False)
    resolution_pdf(L47, OUT / "a-c3-78-l47-tight.pdf", spacing=0.0)
    resolution_docx(L47, OUT / "a-c3-78-l47.docx")
    resolution_docx(L47_REV1, OUT / "a-c3-78-l47-rev1.docx")
    resolution_docx_styled(L47, OUT / "a-c3-78-l47-word-styles.docx")
    paragraphs_docx(STATEMENT, OUT / "freedonia-statement-2023-11-15.docx")
    statement_pdf(STATEMENT, OUT / "freedonia-statement-2023-11-15.pdf")
    scan_pdf(OUT / "scan-a-c3-78-l47.pdf")
    paragraphs_docx(RECIPE, OUT / "recipe-lentil-soup.docx")
    statement_pdf(RECIPE, OUT / "recipe-lentil-soup.pdf")
    report_docx(OUT / "briefing-privacy.docx")
    (OUT / "briefing-privacy.html").write_text(report_html())
    (OUT / "a-c3-78-l47.html").write_text(resolution_html(L47))
    (OUT / "briefing-privacy.md").write_text(report_markdown())
    print("\n".join(sorted(p.name for p in OUT.iterdir())), file=sys.stderr)


def big_resolution_pdf(path: Path, pages: int = 300) -> None:
    """A long draft (for bench/bench_document_import.py): operative paragraph 3 (eight
    sub-paragraphs) and 4 repeated until the document has about ``pages`` pages (fewer than
    1,000 operative paragraphs, as drafts have)."""
    plain = [(text, [s.replace("^4", "") for s in subs]) for text, subs in OPERATIVE[2:4]]
    operative = copy.deepcopy(plain) * max(1, pages * 45 // 40)
    doc = Resolution("A/78/L.99", "23-99999", "011223", "1 December 2023", PREAMBLE, operative)
    resolution_pdf(doc, path)


if __name__ == "__main__":
    main()
