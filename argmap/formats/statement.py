"""Parser for statements delivered by a delegation (explanations of vote, general debate …).

Layout: a title line, then header lines recognised by their shape rather than their position
(speaker, office, mission, place, date; any may be missing), then blank-line separated
paragraphs P1, P2, …. The opening salutation and the closing thanks are passages of kinds
``salutation`` and ``closing``; paragraphs opening with "First,", "Second,", … "Finally," are
``reason`` passages; the sentence in which the speaker states the vote is
``metadata["position"]``.
"""

from __future__ import annotations

import re
from typing import Any

from .document import STATEMENT, DocumentError, ParsedDocument, ParsedPassage
from .markup import (
    OPENING_RE,
    OPERATIVE_VERB_RE,
    SALUTATION_RE,
    Block,
    Line,
    delegation_name,
    find_references,
    find_trailing_date,
    group_blocks,
    header_items,
    normalise_text,
    parse_date,
    split_lines,
    strip_markup,
)

_CLOSING_RE = re.compile(
    r"(?:I )?thank you(?: (?:very much|all|so much))?(?: for your attention)?[.!]?", re.IGNORECASE
)
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth"]  # fmt: skip
_REASON_RE = re.compile(
    rf"(?P<marker>(?:{'|'.join(o.capitalize() for o in _ORDINALS)})(?:ly)?|Finally|Lastly|Last)"
    r"(?: (?:and (?:foremost|most importantly)|of all))?,"
)
_HONORIFIC_RE = re.compile(
    r"(?P<honorific>Ambassador|Amb\.|Mr\.|Mrs\.|Ms\.|Dr\.|H\.E\.|His Excellency|Her Excellency"
    r"|Minister|Counsell?or|Professor|Prof\.|Sir|Dame)\s+(?P<rest>.+)"
)
_OFFICE_RE = re.compile(
    r"\b(?:Representative|Ambassador|Minister|Secretary|Counsell?or|Advis[eo]r|Delegate"
    r"|Charg[ée] d[’']affaires|Envoy|Coordinator|Head of|Attach[ée]|Expert|Officer|Director"
    r"|Spokesperson)\b",
    re.IGNORECASE,
)
_CITIES = ("New York", "Geneva", "Vienna", "Nairobi", "Washington", "Paris", "London", "Rome",
           "Brussels", "The Hague", "Addis Ababa", "Bangkok", "Santiago", "Beirut")  # fmt: skip
_WORD = r"[A-Z][\w.’'-]*"
_PLACE_RE = re.compile(
    rf"(?:{'|'.join(_CITIES)})(?:, .+)?|{_WORD}(?: {_WORD})*, {_WORD}(?: {_WORD})*"
)
_NAME_RE = re.compile(
    rf"{_WORD}(?: (?:{_WORD}|de|da|del|dos|van|von|der|den|al|bin|le|la|du)){{1,5}}"
)
_NOT_NAMES = re.compile(r"\b(?:Committee|Council|Assembly|Nations|Session|Agenda|Item|Statement"
                        r"|Remarks|Meeting|Debate|Delivered)\b", re.IGNORECASE)  # fmt: skip

# Stating a vote: the verb phrase, and which way it goes.
_STANCES = (
    ("against", r"vot(?:e|es|ing|ed)\s+(?:no|against)\b|(?:cannot|can ?not|will not|won[’']t"
                r"|unable to|not able to)\s+(?:support|accept|join)\b|oppos(?:e|es|ing)\s+th"),
    ("abstain", r"abstain(?:s|ed|ing)?\b|abstention\b"),
    ("for", r"vot(?:e|es|ing|ed)\s+(?:yes|in\s+favou?r|for)\b|(?:will\s+)?support(?:s|ing)?\s+"
            r"(?:this|the)\s+(?:draft\s+)?(?:resolution|text)\b|join(?:s|ing)?\s+(?:the\s+)?consensus"),
)  # fmt: skip
# Words allowed between the subject and the vote: "we must therefore vote no".
_LINK_WORDS = (
    r"must|will|shall|would|should|is|are|am|was|were|have|has|had|to|be|been|going|intends?"
    r"|decided|therefore|thus|also|hence|accordingly|consequently|regrettably|reluctantly"
    r"|today|again|once|and|cannot|can|could|not|gladly|proudly|now|here"
)
_ASKING_RE = re.compile(r"\b(?:urge|urges|call(?:s)? (?:up)?on|encourage|invite|ask)\b", re.I)
_ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "st.", "u.s.", "u.k.", "u.n.", "e.g.", "i.e.",
                  "amb.", "h.e.", "jr.", "vs.", "corr.", "rev.", "add."}  # fmt: skip
# abbreviations only before a number: "No. 10" but "we must vote no."
_NUMBER_ABBREVIATIONS = {"no.", "nos.", "art.", "para.", "paras.", "op.", "pp.", "chap."}
_SENTENCE_END_RE = re.compile(r"[.!?][”’\"')\]]*(?=\s+[“‘\"(]?[A-Z0-9]|\s*$)")


def parse_statement(text: str, *, filename: str = "<text>") -> ParsedDocument:
    markup = strip_markup(normalise_text(text))
    body = markup.body
    lines = split_lines(body)
    _refuse_resolution(lines, filename)
    if all(line.blank for line in lines):
        raise DocumentError("the statement is empty", filename=filename, line=1)
    document, headings, rest = _read_header(body, lines)
    blocks = group_blocks(body, rest)
    if not blocks:
        raise DocumentError(
            "no paragraphs after the header; expected the text of the statement",
            filename=filename,
            line=headings[-1].line if headings else None,
        )
    paragraphs = _paragraphs(blocks)
    _refuse_unspoken(document, paragraphs, headings, filename)
    document.passages = headings + paragraphs
    document.metadata["reasons"] = [p.label for p in paragraphs if p.kind == "reason"]
    document.metadata["position"] = _position(paragraphs, document.author)
    return document


def _refuse_resolution(lines: list[Line], filename: str) -> None:
    for line in lines:
        numbered = re.match(r"1\.\s+(\S.*)", line.stripped)
        if OPENING_RE.fullmatch(line.stripped) or (
            numbered and OPERATIVE_VERB_RE.match(numbered[1])
        ):
            raise DocumentError(
                f"{line.stripped[:40]!r} belongs to a resolution (an opening line or a numbered "
                f"operative paragraph): this looks like a draft resolution; choose kind "
                f"'draft-resolution'",
                filename=filename,
                line=line.number,
            )


_DEBATE_RE = re.compile(
    r"\b(?:vot(?:e|es|ed|ing)|abstain\w*|delegations?|(?:draft )?resolution|Member States"
    r"|General Assembly|Committee|Council)\b",
    re.IGNORECASE,
)


def _refuse_unspoken(
    document: ParsedDocument,
    paragraphs: list[ParsedPassage],
    headings: list[ParsedPassage],
    filename: str,
) -> None:
    """A statement names who spoke, where or when before its first paragraph, or at least opens
    by addressing the chair, or at least speaks of a vote or a resolution; a text that does none
    of these (a recipe) is not one."""
    spoken = document.speaker or document.place or document.date or document.author
    if spoken or paragraphs[0].kind == "salutation":
        return
    if any(_DEBATE_RE.search(p.text) for p in paragraphs):
        return  # a bare explanation of vote ("We will abstain") still speaks to a vote
    raise DocumentError(
        "no speaker, place or date before the first paragraph, and no salutation such as "
        "'Thank you, Mr. President': this does not look like a statement; choose kind 'other' "
        "for other documents",
        filename=filename,
        line=paragraphs[0].line,
    )


# --- header ----------------------------------------------------------------------------------


def _read_header(
    body: str, lines: list[Line]
) -> tuple[ParsedDocument, list[ParsedPassage], list[Line]]:
    """The title, then header lines for as long as lines have a header's shape."""
    meta: dict[str, Any] = {"office": "", "mission": "", "delegation": "", "agenda_item": ""}
    document = ParsedDocument(STATEMENT, "", body, [], metadata=meta)
    first = next(i for i, line in enumerate(lines) if not line.blank)
    if SALUTATION_RE.fullmatch(lines[first].stripped):  # no title: the speech starts at once
        return document, [], lines[first:]
    # the title may wrap onto lines starting in lower case
    end = first + 1
    while end < len(lines) and not lines[end].blank and lines[end].stripped[0].islower():
        end += 1
    title = header_items(body, lines[first:end])[0]
    document.title = " ".join(title.text.split())
    if match := re.search(r"Agenda Item (\d+[a-z]?)", document.title, re.IGNORECASE):
        meta["agenda_item"] = match[1]
    headings = [_heading(title, "title", 1)]
    index = end
    while index < len(lines):
        line = lines[index]
        if not line.blank:
            roles = _header_roles(line.stripped, document)
            if not roles:
                break
            block = Block(line.stripped, line.content_start, line.content_end, (line,))
            headings.append(_heading(block, "+".join(roles), len(headings) + 1))
        index += 1
    meta["delegation"] = document.author = _delegation(meta["mission"], meta["office"])
    return document, headings, lines[index:]


def _header_roles(text: str, document: ParsedDocument) -> list[str]:
    """Which header facts ``text`` gives (storing them in ``document``); [] for body text."""
    meta = document.metadata
    if SALUTATION_RE.fullmatch(text) or len(text.split()) > 14:
        return []
    if (day := parse_date(text)) and document.date is None:
        document.date = day
        return ["date"]
    if (found := find_trailing_date(text)) and _PLACE_RE.fullmatch(text[: found[1]].strip(" ,")):
        document.place, document.date = text[: found[1]].strip(" ,"), found[0]
        return ["place", "date"]
    if re.fullmatch(r"as (?:delivered|prepared(?: for delivery)?)|check against delivery", text,
                    re.IGNORECASE):  # fmt: skip
        return ["delivery"]
    if re.search(r"\bMission\b|^(?:The )?Delegation of\b", text) and not meta["mission"]:
        meta["mission"] = text
        return ["mission"]
    name, _, office = (part.strip() for part in text.partition(","))
    honorific = _HONORIFIC_RE.fullmatch(name)
    named = bool(honorific and _is_name(honorific["rest"]))
    if named or (office and _OFFICE_RE.search(office) and _is_name(name)):
        document.speaker = honorific["rest"] if honorific else name
        if honorific:
            meta["honorific"] = honorific["honorific"]
        if office:
            meta["office"] = office
        return ["speaker", "office"] if office else ["speaker"]
    if _OFFICE_RE.search(text) and not meta["office"]:
        meta["office"] = text
        return ["office"]
    if _PLACE_RE.fullmatch(text) and not document.place:
        document.place = text
        return ["place"]
    if _is_name(text) and not document.speaker:
        document.speaker = text
        return ["speaker"]
    return []


def _delegation(mission: str, office: str) -> str:
    """ "U.S. Mission to the United Nations" -> "United States"; "Permanent Mission of Mexico
    to …" -> "Mexico"; else "Permanent Representative of France to …" -> "France"."""
    found = (
        re.match(r"(?:Permanent )?(?:Mission|Delegation) of (?:the )?(.+?) to\b", mission)
        or re.match(r"(.+?) (?:Permanent )?Mission\b", mission)
        or re.search(r"Representative of (?:the )?(.+?) to\b", office)
    )
    return delegation_name(found[1]) if found else ""


def _is_name(text: str) -> bool:
    return bool(_NAME_RE.fullmatch(text)) and not _NOT_NAMES.search(text)


def _heading(block: Block, role: str, number: int) -> ParsedPassage:
    return ParsedPassage(f"H{number}", "heading", block.text, block.start, block.end,
                         block.line, metadata={"role": role})  # fmt: skip


# --- paragraphs ------------------------------------------------------------------------------


def _paragraphs(blocks: list[Block]) -> list[ParsedPassage]:
    """P1, P2, … in order. "Finally," / "Lastly," count as a reason only after "First," etc."""
    passages = []
    reasons = 0
    for n, block in enumerate(blocks, start=1):
        meta: dict[str, Any] = {"references": find_references(block.text)}
        reason = _REASON_RE.match(block.text)
        numbered = reason and reason["marker"].lower().removesuffix("ly") in _ORDINALS
        if n == 1 and SALUTATION_RE.fullmatch(block.text):
            kind = "salutation"
        elif n == len(blocks) > 1 and (_CLOSING_RE.fullmatch(block.text) or
                                       SALUTATION_RE.fullmatch(block.text)):  # fmt: skip
            kind = "closing"
        elif reason and (numbered or reasons):
            kind = "reason"
            reasons += 1
            marker = reason["marker"]
            meta.update(ordinal=reasons, marker=marker, ordinal_gap=False)
            if numbered:  # "Third," as the second reason: keep it, but say so
                nominal = _ORDINALS.index(marker.lower().removesuffix("ly")) + 1
                meta["ordinal_gap"] = nominal != reasons
        else:
            kind = "paragraph"
        passages.append(ParsedPassage(f"P{n}", kind, block.text, block.start, block.end,
                                      block.line, metadata=meta))  # fmt: skip
    return passages


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``; abbreviations such as "Mr." do not end one."""
    spans = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        word = text[: match.start() + 1].split()[-1].lower().lstrip('(“‘"[')
        before_number = re.match(r"\s*\d", text[match.end() :])
        if word in _ABBREVIATIONS or re.fullmatch(r"[a-z]\.", word):
            continue
        if word in _NUMBER_ABBREVIATIONS and before_number:
            continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def _position(paragraphs: list[ParsedPassage], delegation: str) -> dict[str, Any] | None:
    """The first sentence in which the speaker ("we", "my delegation", "the United States" …)
    states a vote; failing that, the first sentence stating a vote that is not a plea to
    others ("we urge Member States to vote against")."""
    subject = r"\b(?:we|i|my delegation|our delegation|my government|my country|the united states"
    subject += f"|{re.escape(delegation)})" if delegation else ")"
    candidates = [p for p in paragraphs if p.kind in ("paragraph", "reason")]
    for with_subject in (True, False):
        for passage in candidates:
            for start, end in split_sentences(passage.text):
                sentence = passage.text[start:end]
                stance = _stance(sentence, subject, with_subject)
                if stance:
                    passage.metadata["stance"] = stance
                    return {"label": passage.label, "sentence": sentence, "start": start,
                            "end": end, "stance": stance}  # fmt: skip
    return None


def _stance(sentence: str, subject: str, with_subject: bool) -> str | None:
    """The stance of the earliest vote phrase in ``sentence``, or None."""
    found: list[tuple[int, str]] = []
    for stance, verb in _STANCES:
        if with_subject:
            pattern = rf"{subject}(?P<link>(?:[\s,]+(?:{_LINK_WORDS}))*?)[\s,]+(?P<verb>{verb})"
        else:
            pattern = rf"\b(?P<verb>{verb})"
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            negated = with_subject and re.search(r"\b(?:not|cannot)\b", match["link"], re.I)
            if negated and stance == "for":
                found.append((match.start("verb"), "against"))  # "we will not vote in favour"
            elif not negated and (with_subject or not _ASKING_RE.search(sentence[: match.start()])):
                found.append((match.start("verb"), stance))
    return min(found)[1] if found else None
