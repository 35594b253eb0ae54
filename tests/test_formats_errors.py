"""Files the parsers refuse, and properties every parsed document has (plain pytest)."""

from pathlib import Path

import pytest

from argmap.formats import (
    DRAFT_RESOLUTION,
    STATEMENT,
    DocumentError,
    ParsedDocument,
    parse_document,
)

ROOT = Path(__file__).resolve().parent.parent
RESOLUTION_SEED = ROOT / "seeds" / "unga74-draft-resolution-A-C.3-74-L.11.txt"
STATEMENT_SEED = ROOT / "seeds" / "unga74-us-statement-2019-11-18.txt"
ALL_DOCUMENTS = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
    (Path(__file__).resolve().parent / "documents").glob("*.txt")
)

DRAFT = """General Assembly

Short title

The General Assembly,

Recalling its resolution 1/1,¹

¹ A footnote.

1. *Decides* to act;
2. *Requests* a report;
{third}
"""


def refuse(data: bytes, kind: str = DRAFT_RESOLUTION, filename: str = "upload.txt"):
    with pytest.raises(DocumentError) as caught:
        parse_document(data, kind=kind, filename=filename)
    return caught.value


def draft(third: str) -> bytes:
    return DRAFT.format(third=third).encode()


# --- not text at all -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", [DRAFT_RESOLUTION, STATEMENT])
@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  \n", b"\xef\xbb\xbf", b"\xc2\xa0\n"])
def test_empty_files(data, kind):
    error = refuse(data, kind, "empty.txt")
    assert "empty" in error.message
    assert error.filename == "empty.txt" and str(error).startswith("empty.txt")


def test_nul_bytes():
    error = refuse(b"General Assembly\n\nsome text\x00\x01\x02", filename="image.png")
    assert "binary" in error.message and "NUL" in error.message
    assert (error.filename, error.line) == ("image.png", 3)
    assert str(error).startswith("image.png, line 3:")


def test_invalid_utf8():
    error = refuse("Statement\n\nCaf\u00e9 talk\n".encode("latin-1"), STATEMENT, "old.txt")
    assert "not UTF-8" in error.message and "0xe9" in error.message
    assert error.line == 3


def test_utf16():
    error = refuse("Statement\n".encode("utf-16"), STATEMENT)
    assert "UTF-16" in error.message


def test_unknown_kind_lists_the_kinds():
    error = refuse(b"text", "speech", "a.txt")
    assert "'speech'" in error.message
    assert DRAFT_RESOLUTION in error.message and STATEMENT in error.message


# --- the wrong kind ------------------------------------------------------------------------


def test_statement_given_as_resolution():
    error = refuse(STATEMENT_SEED.read_bytes(), DRAFT_RESOLUTION, STATEMENT_SEED.name)
    assert "choose kind 'statement'" in error.message
    assert (error.filename, error.line) == (STATEMENT_SEED.name, 9)  # "Thank you, Mr. Chair."


def test_resolution_given_as_statement():
    error = refuse(RESOLUTION_SEED.read_bytes(), STATEMENT, RESOLUTION_SEED.name)
    assert "choose kind 'draft-resolution'" in error.message
    assert error.line == 25  # "The General Assembly,"


def test_numbered_operative_paragraphs_given_as_statement():
    error = refuse(b"Statement\n\n1. *Decides* to act;\n2. Requests more;\n", STATEMENT)
    assert "choose kind 'draft-resolution'" in error.message and error.line == 3


def test_no_opening_line():
    error = refuse(b"Some notes\n\nRecalling things,\n\n1. Decides to act.\n")
    assert "opening line such as 'The General Assembly,'" in error.message
    assert error.line == 1


# --- a resolution that is not well formed --------------------------------------------------


def test_a_well_formed_draft_parses():
    doc = parse_document(draft("3. *Invites* comments."), kind=DRAFT_RESOLUTION, filename="d")
    assert [p.label for p in doc.passages if p.kind == "operative"] == ["OP1", "OP2", "OP3"]


def test_numbering_gap():
    error = refuse(draft("4. *Invites* comments."), filename="gap.txt")
    assert "expected paragraph 3, found 4" in error.message
    assert (error.filename, error.line) == ("gap.txt", 13)
    assert "gap.txt, line 13" in str(error)


def test_numbering_repeat():
    error = refuse(draft("2. *Invites* comments."))
    assert "expected paragraph 3, found 2" in error.message and error.line == 13


def test_first_operative_paragraph_not_one():
    text = b"The General Assembly,\n\nRecalling,\n\n2. Decides to act.\n"
    error = refuse(text)
    assert "expected paragraph 1, found 2" in error.message and error.line == 5


def test_no_operative_paragraphs():
    error = refuse(b"The General Assembly,\n\nRecalling its resolution 1/1,\n\nNoting more,\n")
    assert "expected numbered operative paragraphs such as '1. *Decides* …'" in error.message
    assert error.line == 5


def test_subparagraph_letter_gap():
    error = refuse(draft("3. *Invites*:\n  (a) States;\n  (c) others;"), filename="sub.txt")
    assert "expected sub-paragraph (b), found (c)" in error.message
    assert error.line == 15


def test_subparagraph_letters_restart_under_each_paragraph():
    error = refuse(draft("3. *Invites*:\n  (b) States;"))
    assert "expected sub-paragraph (a), found (b)" in error.message and error.line == 14


def test_roman_gap():
    error = refuse(draft("3. *Invites*:\n(a) States:\n(i) one;\n(iii) three;"))
    assert "expected sub-paragraph (ii) under OP3(a), found (iii)" in error.message
    assert error.line == 16


def test_footnote_marker_without_footnote():
    error = refuse(draft("3. *Invites* comments.²"), filename="fn.txt")
    assert "footnote marker ² has no footnote text" in error.message
    assert (error.filename, error.line) == ("fn.txt", 13)


def test_footnote_twice():
    error = refuse(draft("3. *Invites* comments.\n\n¹ Again."))
    assert "footnote ¹ appears twice (first on line 9)" in error.message and error.line == 15


def test_an_uncited_footnote_is_kept():
    doc = parse_document(draft("3. Invites comments.\n\n² Nobody cites me."), kind=DRAFT_RESOLUTION,
                         filename="d")  # fmt: skip
    assert doc.passage("FN2").metadata["cited_by"] is None
    assert doc.passage("FN1").metadata["cited_by"] == "PP1"


# --- a statement that is not well formed ---------------------------------------------------


def test_statement_with_a_header_only():
    error = refuse(b"Statement by the delegation\n\nJason Mack\nNovember 18, 2019\n", STATEMENT)
    assert "no paragraphs after the header" in error.message and error.line == 4


def test_statement_without_a_date_is_fine():
    doc = parse_document(b"Remarks\n\nThank you, Mr. Chair.\n\nWe abstain.\n", kind=STATEMENT,
                         filename="s")  # fmt: skip
    assert doc.date is None and doc.metadata["position"]["stance"] == "abstain"


# --- properties of every document ----------------------------------------------------------


def _kind(path: Path) -> str:
    return DRAFT_RESOLUTION if "resolution" in path.name else STATEMENT


@pytest.mark.parametrize("path", ALL_DOCUMENTS, ids=lambda path: path.name)
def test_passages_are_slices_with_unique_labels(path):
    doc: ParsedDocument = parse_document(path.read_bytes(), kind=_kind(path), filename=path.name)
    assert doc.kind == _kind(path)
    labels = [p.label for p in doc.passages]
    assert len(labels) == len(set(labels))
    assert "**" not in doc.body and "](#)" not in doc.body
    previous_end = 0
    for passage in doc.passages:
        assert doc.body[passage.start : passage.end] == passage.text
        assert passage.text == passage.text.strip() and passage.text
        assert passage.start >= previous_end  # in document order, never overlapping
        previous_end = passage.end
        assert passage.line == doc.body.count("\n", 0, passage.start) + 1
        if passage.parent is not None:
            assert passage.parent in labels[: labels.index(passage.label)]
    position = doc.metadata.get("position")
    if position:
        text = doc.passage(position["label"]).text
        assert text[position["start"] : position["end"]] == position["sentence"]


def test_the_document_list_is_complete():
    names = {path.name for path in ALL_DOCUMENTS}
    assert sum("resolution" in name for name in names) >= 4
    assert sum("statement" in name for name in names) >= 5
