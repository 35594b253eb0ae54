"""A passage's cross references in words: "22/8" is "Commission on Crime Prevention and Criminal
Justice resolution 22/8", "A/65/201" a General Assembly document.

The parsers (argmap/formats) record each reference as written ("22/8", "A/65/201", "2254
(2015)"); who issued it is read here from the words before it in the passage, as a reader would:
"Recalling its resolution 65/230" in a General Assembly draft is the Assembly's own resolution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The UN's document symbols start with the organ that issued them.
SYMBOL_ISSUERS = [
    ("A/RES/", "General Assembly resolution"),
    ("S/RES/", "Security Council resolution"),
    ("E/RES/", "Economic and Social Council resolution"),
    ("A/HRC/", "Human Rights Council document"),
    ("A/", "General Assembly document"),
    ("S/", "Security Council document"),
    ("E/", "Economic and Social Council document"),
]
UN_DOCUMENTS = "https://undocs.org/"  # resolves any UN document symbol to the document

_NUMBER = r"\d{1,3}/\d{1,4}"
# "<issuer> resolution(s) 53/70 of 4 December 1998, 54/49 of 1 December 1999 and " before a
# number: the issuer's words are the capitalised ones ("Commission on Crime … Justice", "its").
_ISSUED_BY = re.compile(
    r"(?P<issuer>\b(?:(?:[A-Z][\w'-]*|on|of|and|the|for)\s+)*?(?:[A-Z][\w'-]*|its)\s+)?"
    rf"resolutions?\s+(?:{_NUMBER}(?:\s+of\s+[^,;]*?\d{{4}})?,?\s+(?:and\s+)?)*$"
)
# Words before the issuer's name: "Recalling also", "and the".
_LEADING = re.compile(r"^(?:(?:[A-Z]\w*ing|[Aa]lso|[Ff]urther|[Aa]nd|[Tt]he|on|of|for)\s+)+")


@dataclass(frozen=True)
class Reference:
    kind: str  # "Commission on Crime Prevention and Criminal Justice resolution"
    symbol: str  # as written: "22/8"
    url: str = ""  # where to read it, when the symbol says

    @property
    def words(self) -> str:
        return f"{self.kind} {self.symbol}"


@dataclass
class ReferenceGroup:
    """References of one kind in a row, to be read as "General Assembly resolutions 53/70, 54/49
    and 55/28"."""

    kind: str
    references: list[Reference]

    @property
    def kind_words(self) -> str:
        return self.kind + ("s" if len(self.references) > 1 else "")


def in_words(references: list[str], text: str, issuer: str = "") -> list[ReferenceGroup]:
    """``references`` (found in ``text``) in words, grouped by kind; ``issuer`` is the organ whose
    document it is ("General Assembly"), meant by "its resolution" or a bare "resolution 73/187"."""
    groups: list[ReferenceGroup] = []
    for reference in references:
        found = _reference(reference, text, issuer)
        if groups and groups[-1].kind == found.kind:
            groups[-1].references.append(found)
        else:
            groups.append(ReferenceGroup(found.kind, [found]))
    return groups


def _reference(reference: str, text: str, issuer: str) -> Reference:
    if re.fullmatch(r"\d{3,4} \(\d{4}\)", reference):
        return Reference("Security Council resolution", reference)
    if re.fullmatch(_NUMBER, reference):
        by = _issuer_before(reference, text) or issuer
        url = UN_DOCUMENTS + f"A/RES/{reference}" if by == "General Assembly" else ""
        return Reference(f"{by} resolution".strip(), reference, url)
    for prefix, kind in SYMBOL_ISSUERS:
        if reference.startswith(prefix):
            return Reference(kind, reference, UN_DOCUMENTS + reference)
    return Reference("UN document", reference, UN_DOCUMENTS + reference)


def _issuer_before(reference: str, text: str) -> str:
    """Who issued the resolution numbered ``reference``, from the words before it in ``text``:
    a name, "its" (the document's own issuer: "" here), or "" when the words do not say."""
    at = re.search(rf"(?<![\w/.]){re.escape(reference)}(?![\w/])", text)
    if at is None:
        return ""
    before = text[max(0, at.start() - 2000) : at.start()]
    match = _ISSUED_BY.search(before)
    if match is None or not match["issuer"]:
        return ""
    name = _LEADING.sub("", match["issuer"].strip())
    return "" if name in ("", "its", "Its") else name
