"""The statement parser, on the seed and on statements it has not seen (plain pytest)."""

import datetime
from pathlib import Path

import pytest

from argmap.formats import STATEMENT, ParsedDocument, parse_document
from argmap.formats.statement import parse_statement, split_sentences

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "unga74-us-statement-2019-11-18.txt"
DOCUMENTS = Path(__file__).resolve().parent / "documents"


def load(path: Path) -> ParsedDocument:
    return parse_document(path.read_bytes(), kind=STATEMENT, filename=path.name)


def kinds(doc: ParsedDocument) -> list[tuple[str, str]]:
    return [(p.label, p.kind) for p in doc.passages if p.kind != "heading"]


def roles(doc: ParsedDocument) -> list[tuple[str, str, str]]:
    return [(p.label, p.metadata["role"], p.text) for p in doc.passages if p.kind == "heading"]


def reasons(doc: ParsedDocument) -> list[tuple[str, int, str]]:
    return [
        (p.label, p.metadata["ordinal"], p.metadata["marker"])
        for p in doc.passages
        if p.kind == "reason"
    ]


@pytest.fixture(scope="module")
def seed() -> ParsedDocument:
    return load(SEED)


# --- the seed ------------------------------------------------------------------------------


def test_seed_header(seed):
    assert seed.kind == STATEMENT
    assert seed.title == (
        "Statement on Agenda Item 107 ‘Countering the use of information and communications "
        "technologies for criminal purposes’"
    )
    assert (seed.speaker, seed.place, seed.date) == (
        "Jason Mack",
        "New York, New York",
        datetime.date(2019, 11, 18),
    )
    assert seed.metadata["mission"] == "U.S. Mission to the United Nations"
    assert seed.metadata["delegation"] == seed.author == "United States"
    assert seed.metadata["office"] == ""
    assert seed.metadata["agenda_item"] == "107"
    assert roles(seed) == [
        ("H1", "title", seed.title),
        ("H2", "speaker", "Jason Mack"),
        ("H3", "mission", "U.S. Mission to the United Nations"),
        ("H4", "place", "New York, New York"),
        ("H5", "date", "November 18, 2019"),
    ]


def test_seed_paragraphs(seed):
    assert kinds(seed) == [
        ("P1", "salutation"),
        ("P2", "paragraph"),
        ("P3", "paragraph"),
        ("P4", "reason"),
        ("P5", "reason"),
        ("P6", "reason"),
        ("P7", "paragraph"),
        ("P8", "paragraph"),
        ("P9", "paragraph"),
        ("P10", "paragraph"),
        ("P11", "closing"),
    ]
    assert seed.passage("P1").text == "Thank you, Mr. Chair."
    assert seed.passage("P11").text == "Thank you."
    assert [seed.passage(f"P{n}").line for n in range(1, 12)] == list(range(9, 30, 2))
    assert seed.passage("P9").metadata["references"] == ["A/CN.3/74/L.5"]
    # the non-breaking spaces between sentences are kept as they are
    assert "on empirical information.\u00a0 No UN study" in seed.passage("P5").text


def test_seed_reasons(seed):
    assert seed.metadata["reasons"] == ["P4", "P5", "P6"]
    assert reasons(seed) == [("P4", 1, "First"), ("P5", 2, "Second"), ("P6", 3, "Third")]
    starts = ["First, despite intense debate", "Second, this resolution is not based",
              "Third, this resolution is premature"]  # fmt: skip
    for label, start in zip(seed.metadata["reasons"], starts, strict=True):
        assert seed.passage(label).text.startswith(start)
    assert seed.passage("P6").text.endswith("before our cybercrime experts can give their advice.")


def test_seed_position(seed):
    position = seed.metadata["position"]
    sentence = (
        "The United States must vote no on this resolution, and we urge other Member States to "
        "do the same."
    )
    assert position["label"] == "P2"
    assert position["sentence"] == sentence
    assert position["stance"] == "against"
    text = seed.passage("P2").text
    assert text[position["start"] : position["end"]] == sentence
    assert seed.passage("P2").metadata["stance"] == "against"


# --- statements it has not seen ------------------------------------------------------------


def test_four_reasons_and_an_abstention():
    doc = load(DOCUMENTS / "uk-statement-abstain-2024-04-04.txt")
    assert doc.speaker == "Eleanor Whitby"
    assert doc.metadata["honorific"] == "Ambassador"
    assert doc.metadata["office"] == "Deputy Permanent Representative"
    assert doc.metadata["delegation"] == doc.author == "United Kingdom"
    assert (doc.place, doc.date) == ("Geneva", datetime.date(2024, 4, 4))
    assert [role for _, role, _ in roles(doc)] == ["title", "speaker+office", "mission",
                                                   "place+date"]  # fmt: skip
    assert kinds(doc) == [("P1", "salutation"), ("P2", "paragraph"), ("P3", "paragraph"),
                          ("P4", "reason"), ("P5", "reason"), ("P6", "reason"), ("P7", "reason"),
                          ("P8", "paragraph"), ("P9", "closing")]  # fmt: skip
    assert reasons(doc) == [("P4", 1, "First"), ("P5", 2, "Second"), ("P6", 3, "Third"),
                            ("P7", 4, "Finally")]  # fmt: skip
    assert doc.passage("P7").text == (
        "Finally, we are concerned that the text sets a precedent for addressing media "
        "regulation through this Council rather than through the competent bodies."
    )
    assert doc.passage("P6").metadata["references"] == ["51/9", "A/HRC/53/24"]
    assert doc.metadata["position"] == {
        "label": "P3",
        "sentence": "Nevertheless, the United Kingdom will abstain on this draft resolution.",
        "start": 0,
        "end": 71,
        "stance": "abstain",
    }
    assert doc.passage("P1").text == "Thank you, Madam President."
    assert doc.passage("P9").text == "I thank you."


def test_five_reasons_and_a_vote_in_favour():
    doc = load(DOCUMENTS / "mexico-statement-in-favour-2024-11-19.txt")
    assert doc.speaker == "María Fernanda Ortega"
    assert doc.metadata["office"] == "Minister Counsellor"
    assert doc.metadata["delegation"] == "Mexico"
    assert (doc.place, doc.date) == ("New York", datetime.date(2024, 11, 19))
    assert reasons(doc) == [("P3", 1, "Firstly"), ("P4", 2, "Secondly"), ("P5", 3, "Thirdly"),
                            ("P6", 4, "Fourthly"), ("P7", 5, "Lastly")]  # fmt: skip
    assert not any(p.metadata.get("ordinal_gap") for p in doc.passages)
    assert doc.passage("P3").text == (
        "Firstly, the draft resolution builds on General Assembly resolution 78/160 and on the "
        "commitments of the 2030 Agenda."
    )
    assert doc.passage("P7").text == "Lastly, it contains no programme budget implications."
    assert kinds(doc)[0] == ("P1", "salutation") and kinds(doc)[-1] == ("P9", "closing")
    position = doc.metadata["position"]
    assert (position["label"], position["stance"]) == ("P8", "for")
    assert position["sentence"].startswith("For these reasons, Mexico will vote in favour")


def test_no_reasons_an_office_line_and_no_position():
    doc = load(DOCUMENTS / "france-statement-general-debate-2024-10-03.txt")
    assert doc.title == (
        "General debate of the Third Committee on social development and the advancement of women"
    )
    assert doc.passage("H1").text == (
        "General debate of the Third Committee\non social development and the advancement of women"
    )
    assert doc.speaker == "Odile Renard"
    assert doc.metadata["office"] == "Permanent Representative of France to the United Nations"
    assert doc.metadata["mission"] == ""
    assert doc.metadata["delegation"] == "France"
    assert doc.date == datetime.date(2024, 10, 3)
    assert doc.metadata["reasons"] == []
    assert doc.metadata["position"] is None
    # "Finally," with no "First," before it is an ordinary paragraph
    assert kinds(doc) == [("P1", "salutation"), ("P2", "paragraph"), ("P3", "paragraph"),
                          ("P4", "paragraph"), ("P5", "paragraph"), ("P6", "closing")]  # fmt: skip
    assert doc.passage("P4").metadata["references"] == ["A/79/287"]


def test_windows_line_ends_and_bom():
    path = DOCUMENTS / "eu-statement-crlf-bom-2024-11-12.txt"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in path.read_bytes()
    doc = load(path)
    assert "\r" not in doc.body and not doc.body.startswith("\ufeff")
    assert doc.title.startswith("Statement on behalf of the European Union")
    assert doc.metadata["agenda_item"] == "71"
    assert doc.metadata["delegation"] == "European Union"
    assert doc.date == datetime.date(2024, 11, 12) and doc.speaker == "" and doc.place == ""
    assert kinds(doc) == [("P1", "salutation"), ("P2", "paragraph"), ("P3", "paragraph"),
                          ("P4", "reason"), ("P5", "closing")]  # fmt: skip
    assert doc.passage("P5").text == "Thank you, Mr. President."
    # "Second," with no "First,": numbered by appearance, and the gap recorded
    assert doc.passage("P4").metadata == {
        "references": [],
        "ordinal": 1,
        "marker": "Second",
        "ordinal_gap": True,
    }
    position = doc.metadata["position"]
    assert position["sentence"] == "The European Union cannot support this draft resolution."
    assert position["stance"] == "against"
    assert [p.line for p in doc.passages] == [1, 3, 4, 6, 8, 10, 12, 14]


# --- smaller cases -------------------------------------------------------------------------


def test_header_lines_are_optional():
    doc = parse_statement("Remarks on item 5\n\nMadam President,\n\nWe will vote yes.\n")
    assert (doc.speaker, doc.place, doc.date) == ("", "", None)
    assert doc.metadata["delegation"] == "" and doc.author == ""
    assert kinds(doc) == [("P1", "salutation"), ("P2", "paragraph")]
    assert doc.metadata["position"]["stance"] == "for"


def test_place_and_date_on_one_line_and_a_speaker_with_office():
    text = (
        "Statement\n\nJohn Smith, Counsellor\nNew York, 18 November 2019\n\n"
        "My delegation will not vote in favour of the draft. We regret this.\n"
    )
    doc = parse_statement(text)
    assert (doc.speaker, doc.metadata["office"]) == ("John Smith", "Counsellor")
    assert (doc.place, doc.date) == ("New York", datetime.date(2019, 11, 18))
    assert doc.metadata["position"]["stance"] == "against"  # "not … in favour"
    assert doc.metadata["position"]["sentence"] == (
        "My delegation will not vote in favour of the draft."
    )


def test_a_plea_to_others_is_not_a_position():
    doc = parse_statement("Statement\n\nWe urge all delegations to vote against the draft.\n")
    assert doc.metadata["position"] is None


def test_split_sentences():
    text = "Mr. President, the U.S. delegation (e.g. Ms. Li) agrees.\u00a0 It will vote no. “Really?” Yes, see No. 5."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Mr. President, the U.S. delegation (e.g. Ms. Li) agrees.",
        "It will vote no.",
        "“Really?”",
        "Yes, see No. 5.",
    ]


def test_a_statement_without_title_starts_with_its_salutation():
    doc = parse_statement("Thank you, Madam Chair.\n\nWe must vote no. We regret it.\n")
    assert doc.title == "" and kinds(doc) == [("P1", "salutation"), ("P2", "paragraph")]
    assert doc.metadata["position"]["sentence"] == "We must vote no."


def test_the_earliest_vote_phrase_decides():
    doc = parse_statement("Note\n\nWe will abstain, and we will vote against any amendment.\n")
    assert doc.metadata["position"]["stance"] == "abstain"
