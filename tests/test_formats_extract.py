"""PDF, Word, HTML and Markdown documents (tests/documents/un/, written by make_fixtures.py):
read into the same passages as text, the UN header as fields, and refused when they are not
documents of the kind asked for."""

from collections import Counter
from pathlib import Path

import pytest

from argmap.formats import DocumentError, parse_document, sniff
from argmap.formats.extract import extract

UN = Path(__file__).parent / "documents" / "un"


def parse(name: str, kind: str):
    document = parse_document((UN / name).read_bytes(), kind=kind, filename=name)
    for passage in document.passages:  # every span indexes into the stored body
        assert document.body[passage.start : passage.end] == passage.text, passage.label
    return document


def counts(document) -> dict[str, int]:
    return dict(Counter(passage.kind for passage in document.passages))


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("a-c3-78-l47.pdf", "pdf"),
        ("a-c3-78-l47.docx", "docx"),
        ("briefing-privacy.html", "html"),
        ("briefing-privacy.md", "text"),
    ],
)
def test_the_format_is_told_from_the_content_not_the_name(name, form, tmp_path):
    assert sniff((UN / name).read_bytes()) == form
    renamed = tmp_path / "document.txt"  # a misleading name changes nothing
    renamed.write_bytes((UN / name).read_bytes())
    assert sniff(renamed.read_bytes()) == form


HEADER = {
    "distribution": "Limited",
    "original_language": "English",
    "session": "Seventy-eighth session",
    "session_number": 78,
    "committee": "Third Committee",
    "agenda_item": "71 (b)",
    "agenda_item_title": "Promotion and protection of human rights: human rights questions, "
    "including alternative approaches for improving the effective enjoyment of human rights "
    "and fundamental freedoms",
    "body": "General Assembly",
}
SPONSORS = ["Argentina", "Brazil", "Chile", "Costa Rica", "Ecuador", "Guatemala", "Mexico",
            "Panama", "Paraguay", "Peru", "Uruguay"]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "headings"),
    [
        ("a-c3-78-l47.pdf", 12),
        ("a-c3-78-l47-no-rule.pdf", 12),  # footnotes set smaller, no rule above them
        ("a-c3-78-l47-tight.pdf", 12),  # no space between paragraphs: first-line indents
        ("a-c3-78-l47.docx", 12),
        ("a-c3-78-l47-word-styles.docx", 13),  # masthead in a table, Word's own numbering
        ("a-c3-78-l47.html", 13),  # a web page: footnotes at its end
    ],
)
def test_a_un_draft_resolution_reads_the_same_from_pdf_and_word(name, headings):
    document = parse(name, "draft-resolution")
    assert counts(document) == {
        "heading": headings,
        "preamble": 7,
        "operative": 7,
        "subparagraph": 8,
        "footnote": 4,
    }
    assert document.symbol == "A/C.3/78/L.47"  # on the first line, beside "United Nations"
    assert document.date.isoformat() == "2023-11-02"
    assert document.title == "The right to privacy in the digital age"
    assert {key: document.metadata[key] for key in HEADER} == HEADER
    assert document.metadata["sponsors"] == SPONSORS
    # italic opening words are kept as text, and known as the paragraph's verb
    assert document.passage("PP3").text.startswith("Noting with appreciation the reports")
    assert document.passage("PP3").metadata["verb"] == "Noting with appreciation"
    assert document.passage("OP3").text == "Calls upon all States:"
    # footnotes at the foot of a page are linked to the paragraph whose marker cites them
    assert [document.passage(f"FN{n}").metadata["cited_by"] for n in (1, 2, 3, 4)] == [
        "PP2",
        "PP3",
        "PP6",
        "OP3(g)",
    ]
    assert document.passage("PP2").text.endswith("54/21 of 12 October 2023,¹")
    assert document.passage("FN1").text.startswith("See Official Records of the General")


def test_pdf_page_furniture_goes_and_broken_lines_are_mended():
    pdf = parse("a-c3-78-l47.pdf", "draft-resolution")
    word = parse("a-c3-78-l47.docx", "draft-resolution")
    for furniture in ("23-21456", "031123", "2/3", "3/3", "*2321456*"):
        assert furniture not in pdf.body
    assert pdf.body.count("A/C.3/78/L.47") == 1  # the running header on later pages is gone
    # the sub-paragraph list runs across a page break, (e) split in the middle of a line
    for label in ("OP3(d)", "OP3(e)", "PP5", "PP6"):
        assert pdf.passage(label).text == word.passage(label).text, label
    # hyphenated at line ends in the PDF ("inclu-" / "ding", "par-" / "ticular")
    assert "including alternative approaches" in pdf.metadata["agenda_item_title"]
    assert "in particular when employed" in pdf.passage("PP6").text
    assert "-\n" not in pdf.body
    # the same text as the Word file's, passage by passage (footnotes stand after the paragraph
    # running at the foot of their page in the PDF, after the citing paragraph in Word)
    assert sorted((p.label, p.text) for p in pdf.passages if p.kind != "heading") == sorted(
        (p.label, p.text) for p in word.passages if p.kind != "heading"
    )


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_a_revision_keeps_its_symbol_and_its_changes(suffix):
    document = parse(f"a-c3-78-l47-rev1.{suffix}", "draft-resolution")
    assert document.symbol == "A/C.3/78/L.47/Rev.1"
    assert document.date.isoformat() == "2023-11-13"
    assert counts(document) == {
        "heading": 12,
        "preamble": 8,  # one added
        "operative": 6,  # one removed
        "subparagraph": 8,
        "footnote": 4,
    }
    assert "surveillance, decryption and mass data collection" in document.passage("PP5").text
    assert document.passage("PP7").text.startswith("Stressing that the design")


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_a_statement_in_word_or_pdf_has_its_four_reasons(suffix):
    document = parse(f"freedonia-statement-2023-11-15.{suffix}", "statement")
    assert counts(document) == {
        "heading": 4,
        "salutation": 1,
        "paragraph": 2,
        "reason": 4,
        "closing": 1,
    }
    assert (document.speaker, document.place, document.date.isoformat()) == (
        "Jane Doe",
        "New York",
        "2023-11-15",
    )
    assert document.author == "Freedonia"
    assert document.metadata["reasons"] == ["P3", "P4", "P5", "P6"]
    assert document.metadata["position"]["stance"] == "against"


@pytest.mark.parametrize(
    "name", ["briefing-privacy.docx", "briefing-privacy.html", "briefing-privacy.md"]
)
def test_any_other_document_becomes_headed_numbered_paragraphs(name):
    document = parse(name, "other")
    assert document.kind == "other"
    assert document.title == "Privacy and artificial intelligence: a briefing"
    assert [(p.label, p.kind, p.parent) for p in document.passages] == [
        ("H1", "heading", None),
        ("P1", "paragraph", "H1"),
        ("H2", "heading", None),
        ("P2", "paragraph", "H2"),
        ("P3", "paragraph", "H2"),
        ("H3", "heading", None),
        ("P4", "paragraph", "H3"),
    ]
    assert document.passage("H2").text == "Background"
    assert "tracking" not in document.body and "Home" not in document.body  # no script, nav


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_a_un_document_read_as_other_keeps_its_symbol(suffix):
    document = parse(f"a-c3-78-l47.{suffix}", "other")
    assert document.symbol == "A/C.3/78/L.47" and document.date.isoformat() == "2023-11-02"
    assert counts(document)["paragraph"] > 25


@pytest.mark.parametrize("kind", ["draft-resolution", "statement", "other"])
def test_a_pdf_without_text_is_refused(kind):
    with pytest.raises(DocumentError, match=r"this PDF has no text \(a scan\?\): run OCR first"):
        parse("scan-a-c3-78-l47.pdf", kind)


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_a_recipe_is_refused_as_a_statement_and_as_a_resolution(suffix):
    name = f"recipe-lentil-soup.{suffix}"
    with pytest.raises(DocumentError, match="no speaker, place or date before the first"):
        parse(name, "statement")
    with pytest.raises(DocumentError, match="expected an opening line such as 'The General"):
        parse(name, "draft-resolution")
    assert parse(name, "other").title == "Grandmother's lentil soup"


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
def test_a_resolution_is_refused_as_a_statement(suffix):
    with pytest.raises(DocumentError, match="this looks like a draft resolution"):
        parse(f"a-c3-78-l47.{suffix}", "statement")


def test_broken_files_are_refused_with_the_reason():
    with pytest.raises(DocumentError, match="this PDF cannot be read"):
        extract(b"%PDF-1.7\nnot really a pdf", filename="broken.pdf")
    with pytest.raises(DocumentError, match="zip archive but not a Word document"):
        extract(b"PK\x03\x04" + b"\x00" * 40, filename="archive.zip")
    pdf = (UN / "a-c3-78-l47.pdf").read_bytes()
    with pytest.raises(DocumentError, match="this PDF cannot be read"):
        extract(pdf[: len(pdf) // 3], filename="cut.pdf")


def test_text_documents_read_as_before():
    assert extract(b"The General Assembly,\n", filename="a.txt") is None  # decoded as text


def test_reading_a_pdf_reports_its_pages():
    heard: list[tuple[int, int]] = []
    parse_document(
        (UN / "a-c3-78-l47.pdf").read_bytes(),
        kind="draft-resolution",
        filename="a.pdf",
        progress=lambda done, total: heard.append((done, total)),
    )
    assert heard == [(3, 3)]  # every tenth page and the last


@pytest.mark.parametrize(
    ("text", "furniture"),
    [
        ("23-21456 (E) 031123 *2321456*", True),
        ("GE.23-12345(E)", True),
        ("A/C.3/78/L.47 2/4", True),
        ("2/4 23-21456", True),
        ("Page 3 of 12", True),
        ("7", True),
        ("Recalling its resolution 78/1 of 2 November 2023,", False),
        ("Third Committee", False),
    ],
)
def test_what_counts_as_page_furniture(text, furniture):
    from argmap.formats.extract.pdf import _only_furniture

    assert _only_furniture(text, symbol="A/C.3/78/L.47") is furniture


@pytest.mark.parametrize(
    "name",
    [
        "a-c3-78-l47.pdf",
        "a-c3-78-l47-no-rule.pdf",
        "a-c3-78-l47-tight.pdf",
        "a-c3-78-l47-word-styles.docx",
        "a-c3-78-l47.html",
    ],
)
def test_every_layout_reads_word_for_word_as_the_word_file(name):
    word = parse("a-c3-78-l47.docx", "draft-resolution")
    document = parse(name, "draft-resolution")
    assert sorted((p.label, p.text) for p in document.passages if p.kind != "heading") == sorted(
        (p.label, p.text) for p in word.passages if p.kind != "heading"
    )
