"""The draft-resolution parser, on the seed and on documents it has not seen (plain pytest)."""

import datetime
from pathlib import Path

import pytest

from argmap.formats import DRAFT_RESOLUTION, ParsedDocument, parse_document
from argmap.formats.markup import (
    find_references,
    int_to_superscript,
    ordinal_to_int,
    parse_date,
    split_sponsors,
    strip_markup,
    superscript_to_int,
)
from argmap.formats.resolution import parse_resolution

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "unga74-draft-resolution-A-C.3-74-L.11.txt"
DOCUMENTS = Path(__file__).resolve().parent / "documents"


def load(path: Path) -> ParsedDocument:
    return parse_document(path.read_bytes(), kind=DRAFT_RESOLUTION, filename=path.name)


def labels(doc: ParsedDocument, kind: str) -> list[str]:
    return [p.label for p in doc.passages if p.kind == kind]


def body_passages(doc: ParsedDocument) -> list[tuple[str, str, str | None, str]]:
    return [(p.label, p.kind, p.parent, p.text) for p in doc.passages if p.kind != "heading"]


@pytest.fixture(scope="module")
def seed() -> ParsedDocument:
    return load(SEED)


# --- the seed ------------------------------------------------------------------------------


def test_seed_header(seed):
    assert seed.kind == DRAFT_RESOLUTION
    assert seed.title == (
        "Countering the use of information and communications technologies for criminal purposes"
    )
    assert seed.symbol == ""
    assert seed.date == datetime.date(2019, 10, 11)
    sponsors = ["Belarus", "Cambodia", "China", "Democratic People's Republic of Korea",
                "Myanmar", "Nicaragua", "Russian Federation", "Venezuela (Bolivarian Republic of)"]  # fmt: skip
    meta = seed.metadata
    assert meta["sponsors"] == sponsors
    assert seed.author == ", ".join(sponsors)
    assert meta["body"] == "General Assembly"
    assert meta["distribution"] == "Limited"
    assert meta["original_language"] == "English"
    assert meta["session"] == "Seventy-fourth session"
    assert meta["session_number"] == 74
    assert meta["committee"] == "Third Committee"
    assert meta["agenda_item"] == "107"
    assert meta["opening"] == "The General Assembly,"


def test_seed_headings(seed):
    roles = [(p.label, p.metadata["role"], p.line) for p in seed.passages if p.kind == "heading"]
    assert roles == [
        ("H1", "body", 5),
        ("H2", "distribution", 7),
        ("H3", "date", 8),
        ("H4", "original_language", 10),
        ("H5", "session", 12),
        ("H6", "committee", 14),
        ("H7", "agenda_item", 16),
        ("H8", "agenda_item_title", 18),
        ("H9", "sponsors", 20),
        ("H10", "title", 23),
        ("H11", "opening", 25),
    ]
    sponsors = seed.passage("H9")
    assert sponsors.text.endswith("(Bolivarian Republic of):\ndraft resolution")  # no ** left
    assert sponsors.text.startswith("Belarus, Cambodia")


def test_seed_counts(seed):
    assert labels(seed, "preamble") == [f"PP{n}" for n in range(1, 15)]  # 14 preambular
    assert labels(seed, "operative") == ["OP1", "OP2", "OP3", "OP4", "OP5"]
    assert labels(seed, "footnote") == ["FN1", "FN2", "FN3", "FN4"]
    assert labels(seed, "subparagraph") == []
    assert len(seed.passages) == 11 + 14 + 5 + 4


def test_seed_preamble_verbs(seed):
    verbs = [p.metadata["verb"] for p in seed.passages if p.kind == "preamble"]
    assert verbs == ["Noting", "Noting also", "Concerned by", "Recognizing", "Stressing",
                     "Recalling", "Noting", "Recalling", "Noting", "Noting also", "Recalling",
                     "Recalling", "Recalling also", "Reaffirming"]  # fmt: skip


def test_seed_operative_paragraphs(seed):
    verbs = [p.metadata["verb"] for p in seed.passages if p.kind == "operative"]
    assert verbs == ["Welcomes", "Decides", "Requests", "Invites", "Decides"]
    op2 = seed.passage("OP2")
    assert op2.text.startswith("Decides to establish an open-ended ad hoc intergovernmental")
    assert op2.text.endswith("Expert Group to Conduct a Comprehensive Study on Cybercrime;")
    assert (op2.line, op2.metadata["number"]) == (64, 2)
    op1 = seed.passage("OP1")
    assert op1.text.endswith("for criminal purposes”;⁴")  # the marker stays in the text
    assert op1.metadata["references"] == ["73/187"]
    assert "[73/187](#)" not in seed.body and "resolution 73/187, entitled" in seed.body


def test_seed_footnotes(seed):
    cited = {p.label: p.metadata["cited_by"] for p in seed.passages if p.kind == "footnote"}
    assert cited == {"FN1": "PP6", "FN2": "PP12", "FN3": "PP13", "FN4": "OP1"}
    assert seed.passage("PP6").text.startswith("Recalling Commission on Crime Prevention")
    assert "resolution 22/8 of 26 April 2013,¹ in which" in seed.passage("PP6").text
    assert seed.passage("PP12").text.startswith("Recalling the reports of the Group")
    assert "26/4" in seed.passage("PP13").text
    assert seed.passage("PP6").metadata["footnotes"] == ["FN1"]
    assert seed.passage("OP1").metadata["footnotes"] == ["FN4"]
    assert seed.passage("PP1").metadata["footnotes"] == []
    fn1 = seed.passage("FN1")
    assert fn1.text == (
        "See Official Records of the Economic and Social Council, 2013, Supplement No. 10 and "
        "corrigendum (E/2013/30 and E/2013/30/Corr.1), chap. I, sect. D."
    )
    assert fn1.metadata["references"] == ["E/2013/30", "E/2013/30/Corr.1"]
    assert seed.passage("FN2").metadata["references"] == ["A/65/201", "A/68/98", "A/70/174"]
    assert seed.passage("FN4").text == "A/74/130."
    assert seed.passage("FN4").metadata["references"] == ["A/74/130"]
    assert [seed.passage(f"FN{n}").line for n in range(1, 5)] == [57, 59, 61, 69]


def test_seed_references(seed):
    assert seed.passage("PP8").metadata["references"] == ["65/230"]
    pp11 = seed.passage("PP11").metadata["references"]
    assert len(pp11) == 24 and pp11[0] == "53/70" and pp11[-1] == "73/187"
    assert seed.passage("PP13").metadata["references"] == ["26/4"]


def test_seed_lines_and_slices(seed):
    original = SEED.read_text(encoding="utf-8").split("\n")
    for passage in seed.passages:
        assert seed.body[passage.start : passage.end] == passage.text
        first = passage.text.split("\n")[0]
        assert first in strip_markup(original[passage.line - 1]).body
    assert seed.passage("PP1").line == 27


# --- a Human Rights Council draft it has not seen ------------------------------------------


def test_hrc_draft():
    doc = load(DOCUMENTS / "hrc55-draft-resolution-A-HRC-55-L-12.txt")
    assert doc.symbol == "A/HRC/55/L.12"
    assert doc.title == "Safety of journalists and media workers in the digital age"
    assert doc.date == datetime.date(2024, 3, 28)
    assert doc.metadata["opening"] == "The Human Rights Council,"
    assert doc.metadata["committee"] == "Human Rights Council"
    assert doc.metadata["session_number"] == 55
    assert doc.metadata["agenda_item"] == "3"
    assert doc.metadata["sponsors"] == [
        "Albania", "Bosnia and Herzegovina", "Chile", "Costa Rica", "Ireland",
        "Micronesia (Federated States of)", "Saint Vincent and the Grenadines",
        "Trinidad and Tobago", "Uruguay",
    ]  # fmt: skip
    assert body_passages(doc) == [
        ("PP1", "preamble", None,
         "Guided by the purposes and principles of the Charter of the United Nations,"),
        ("PP2", "preamble", None,
         "Bearing in mind that the Universal Declaration of Human Rights and the\nInternational "
         "Covenant on Civil and Political Rights protect the right of everyone\nto hold opinions "
         "without interference and to seek, receive and impart information,"),
        ("PP3", "preamble", None,
         "Recalling all relevant resolutions on the safety of journalists, including Council "
         "resolutions 33/2 of 29 September 2016 and 51/9 of 6 October 2022 and General Assembly "
         "resolution 76/173 of 16 December 2021, as well as Security Council resolution 2222 "
         "(2015),"),
        ("PP4", "preamble", None,
         "Deeply concerned that journalists and media workers are increasingly targeted online "
         "by coordinated campaigns of harassment, surveillance and intimidation,¹"),
        ("FN1", "footnote", None, "See A/HRC/53/24, paras. 12–19."),
        ("PP5", "preamble", None,
         "Applauding the courage of journalists who continue their work in situations of armed "
         "conflict,"),
        ("PP6", "preamble", None,
         "Welcoming the work of the Special Rapporteur on the promotion and protection of the "
         "right to freedom of opinion and expression,"),
        ("PP7", "preamble", None,
         "Welcoming also the adoption of national protection mechanisms by a growing number of "
         "States,"),
        ("OP1", "operative", None,
         "Condemns unequivocally all attacks and violence against journalists and media workers, "
         "both online and offline;"),
        ("OP2", "operative", None, "Calls upon States:"),
        ("OP2(a)", "subparagraph", "OP2",
         "To create and maintain a safe and enabling environment for journalists to perform "
         "their work independently and without undue interference;"),
        ("OP2(b)", "subparagraph", "OP2",
         "To refrain from using surveillance technologies against journalists in a manner "
         "inconsistent with international human rights law;²"),
        ("FN2", "footnote", None, "See General Assembly resolution 73/179, para. 10."),
        ("OP2(c)", "subparagraph", "OP2",
         "To conduct impartial, prompt, thorough, independent and effective\n    investigations "
         "into all alleged violence against journalists and to bring\n    perpetrators to "
         "justice;"),
        ("OP2(d)", "subparagraph", "OP2",
         "To ensure that measures to counter disinformation:"),
        ("OP2(d)(i)", "subparagraph", "OP2(d)",
         "Are grounded in international human rights law;"),
        ("OP2(d)(ii)", "subparagraph", "OP2(d)", "Do not serve as a pretext for censorship;"),
        ("OP3", "operative", None,
         "Requests the Office of the United Nations High Commissioner for Human Rights to "
         "prepare a report on good practices in the protection of journalists online and to "
         "present it to the Human Rights Council at its fifty-eighth session;³"),
        ("FN3", "footnote", None,
         "The report will be prepared within existing resources; see also A/HRC/55/L.12/Add.1."),
        ("OP4", "operative", None,
         "Encourages business enterprises, including technology companies, to respect human "
         "rights\nin line with the Guiding Principles on Business and Human Rights, and to "
         "provide\njournalists with effective tools to report and counter online harassment;"),
        ("OP5", "operative", None, "Decides to remain seized of the matter.⁴"),
        ("FN4", "footnote", None,
         "In accordance with the programme of work of the Council for 2024."),
    ]  # fmt: skip
    verbs = {p.label: p.metadata.get("verb") for p in doc.passages}
    assert [verbs[f"PP{n}"] for n in range(1, 8)] == [
        "Guided by", "Bearing in mind", "Recalling", "Deeply concerned", "Applauding",
        "Welcoming", "Welcoming also",
    ]  # fmt: skip
    assert [verbs[f"OP{n}"] for n in range(1, 6)] == [
        "Condemns unequivocally", "Calls upon", "Requests", "Encourages", "Decides",
    ]  # fmt: skip
    cited = {p.label: p.metadata["cited_by"] for p in doc.passages if p.kind == "footnote"}
    assert cited == {"FN1": "PP4", "FN2": "OP2(b)", "FN3": "OP3", "FN4": "OP5"}
    assert doc.passage("PP3").metadata["references"] == ["33/2", "51/9", "76/173", "2222 (2015)"]
    assert doc.passage("OP2(c)").line == 52
    assert doc.passage("OP2(d)(ii)").metadata["letter"] == "ii"


def test_short_draft_without_footnotes():
    doc = load(DOCUMENTS / "unga79-short-draft-resolution-A-79-L-40.txt")
    assert doc.title == "International Day of Seed Libraries"
    assert doc.metadata["sponsors"] == ["Slovenia", "Trinidad and Tobago"]
    assert doc.metadata["committee"] == ""  # plenary
    assert doc.metadata["session_number"] == 79
    assert labels(doc, "preamble") == ["PP1", "PP2"]
    assert labels(doc, "operative") == ["OP1", "OP2"]
    assert labels(doc, "footnote") == []
    assert doc.passage("OP1").text == (
        "Decides to proclaim 19 March as the International Day of Seed Libraries;"
    )
    assert doc.passage("PP1").metadata["references"] == ["70/1"]


def test_ecosoc_draft_with_roman_items_and_two_digit_footnotes():
    doc = load(DOCUMENTS / "ecosoc-draft-resolution-E-2025-L-7.txt")
    assert doc.symbol == "E/2025/L.7"
    assert doc.metadata["body"] == "Economic and Social Council"
    assert doc.metadata["agenda_item"] == "18 (b)"
    assert doc.metadata["sponsors"] == [] and doc.author == ""
    assert doc.title == "Open data for sustainable development"
    assert [(label, kind, parent) for label, kind, parent, _ in body_passages(doc)] == [
        ("PP1", "preamble", None),
        ("PP2", "preamble", None),
        ("PP3", "preamble", None),
        ("FN11", "footnote", None),
        ("FN12", "footnote", None),
        ("OP1", "operative", None),
        ("OP1(a)", "subparagraph", "OP1"),
        ("OP1(a)(i)", "subparagraph", "OP1(a)"),
        ("OP1(a)(ii)", "subparagraph", "OP1(a)"),
        ("OP1(a)(iii)", "subparagraph", "OP1(a)"),
        ("OP1(b)", "subparagraph", "OP1"),
        ("OP2", "operative", None),
    ]
    assert doc.passage("PP1").metadata["verb"] == "Taking note with appreciation"
    assert doc.passage("FN11").metadata["cited_by"] == "PP1"
    assert doc.passage("FN12").text == "See also A/RES/78/160."
    assert doc.passage("OP1(a)(ii)").text == (
        "Ensure that public data are published in machine-readable formats;"
    )


# --- layouts the documents above do not cover ------------------------------------------------

SMALL = """The Security Council,

*Also recalling* its earlier decisions,
Stressing the need for restraint,

1. *Also decides* to remain
actively seized of the matter;
2. *Calls on* all parties:
   (a) to cease hostilities;

Annex
"""


def test_wrapped_lines_consecutive_preambles_and_trailing_text():
    doc = parse_resolution(SMALL, filename="small.txt")
    assert doc.title == "" and doc.metadata["opening"] == "The Security Council,"
    assert body_passages(doc) == [
        ("PP1", "preamble", None, "Also recalling its earlier decisions,"),
        ("PP2", "preamble", None, "Stressing the need for restraint,"),
        ("OP1", "operative", None, "Also decides to remain\nactively seized of the matter;"),
        ("OP2", "operative", None, "Calls on all parties:"),
        ("OP2(a)", "subparagraph", "OP2", "to cease hostilities;"),
        ("T1", "paragraph", "OP2", "Annex"),
    ]
    verbs = [doc.passage(label).metadata["verb"] for label in ("PP1", "PP2", "OP1", "OP2")]
    assert verbs == ["Also recalling", "Stressing", "Also decides", "Calls on"]


def test_crlf_and_bom_give_the_same_passages():
    data = SEED.read_bytes()
    windows = parse_document(
        b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"), kind=DRAFT_RESOLUTION, filename="w.txt"
    )
    plain = load(SEED)
    assert windows.body == plain.body
    assert [(p.label, p.text, p.line) for p in windows.passages] == [
        (p.label, p.text, p.line) for p in plain.passages
    ]


# --- markup helpers --------------------------------------------------------------------------


def test_strip_markup_keeps_lines_and_records_spans():
    markup = strip_markup("1. *Decides* that [73/187](#) **is\nbold** and Austria*, Belgium*")
    assert markup.body == "1. Decides that 73/187 is\nbold and Austria*, Belgium*"
    assert [(markup.body[s.start : s.end], s.kind) for s in markup.spans] == [
        ("Decides", "italic"),
        ("73/187", "link"),
        ("is\nbold", "bold"),
    ]
    assert markup.line_of(markup.body.index("bold")) == 2
    assert markup.italic_at(3, 20) == "Decides"


def test_superscripts_dates_ordinals():
    assert superscript_to_int("¹²") == 12 and int_to_superscript(40) == "⁴⁰"
    assert parse_date("11 October 2019") == datetime.date(2019, 10, 11)
    assert parse_date("November 18, 2019") == datetime.date(2019, 11, 18)
    assert parse_date("Monday, 18 November 2019") == datetime.date(2019, 11, 18)
    assert parse_date("31 November 2019") is None and parse_date("Agenda item 107") is None
    ordinals = ["Seventy-fourth", "Fifty-fifth", "Tenth", "Twentieth", "First", "Eleventh"]
    assert [ordinal_to_int(word) for word in ordinals] == [74, 55, 10, 20, 1, 11]
    assert ordinal_to_int("Resumed") is None


def test_references_and_sponsors():
    text = "resolutions 73/187 and 22/8, documents A/74/130. and A/CN.3/74/L.5; 11/18/2019 TCP/IP"
    assert find_references(text) == ["73/187", "22/8", "A/74/130", "A/CN.3/74/L.5"]
    assert split_sponsors("Antigua and Barbuda, Spain and Trinidad and Tobago") == [
        "Antigua and Barbuda",
        "Spain",
        "Trinidad and Tobago",
    ]
    assert split_sponsors("France, Germany, and Iran (Islamic Republic of)") == [
        "France",
        "Germany",
        "Iran (Islamic Republic of)",
    ]
