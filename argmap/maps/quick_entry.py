"""Quick entry: several reasons and objections typed or pasted at once into a claim's add box.

The shape Argdown users know::

    + Phones distract pupils.          a reason for the claim whose box it is
      - Not when they are switched off.  an objection to the line above (indented under it)
    - Pupils need them in emergencies.   an objection to the claim

``+ `` makes a reason and ``- `` an objection; any other bullet (``* ``, ``• ``, ``1. ``, ``1) ``)
or none takes the kind chosen in the form. Indented lines (two or more spaces, or a tab) go under
the line above. Pure: no database here; the service (services/arguments.py) makes the claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fields import CLAIM_TEXT_MAX_LENGTH

MAX_LINES = 200
SUPPORT, ATTACK = "support", "attack"
# A bullet and the space after it; a bare bullet at the end of a line has no words.
_BULLET = re.compile(r"^(?P<mark>[+\-*•]|\d{1,3}[.)])(?:\s+|$)")


@dataclass
class Entry:
    """One line: a new claim that is a reason (support) or an objection (attack) to its parent."""

    line: int
    kind: str
    text: str
    children: list[Entry] = field(default_factory=list)

    def count(self) -> int:
        return 1 + sum(child.count() for child in self.children)


class QuickEntryError(ValueError):
    """Bad input, named by its line number (1-based) so the writer can find it."""

    def __init__(self, line: int, problem: str) -> None:
        self.line, self.problem = line, problem
        super().__init__(f"line {line}: {problem}")


def is_quick_entry(text: str) -> bool:
    """Whether the text is more than one plain line: several lines, or one with a + or - bullet."""
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) > 1 or bool(lines and re.match(r"^\s*[+\-]\s", lines[0]))


def parse(text: str, *, default_kind: str, max_length: int = CLAIM_TEXT_MAX_LENGTH) -> list[Entry]:
    """The entries of the text, nested as indented; QuickEntryError names the first bad line."""
    roots: list[Entry] = []
    stack: list[Entry] = []  # the last entry at each level
    unit: str | None = None  # the indent of one level, set by the first indented line
    lines = text.splitlines()
    if sum(1 for line in lines if line.strip()) > MAX_LINES:
        over = [n for n, line in enumerate(lines, 1) if line.strip()][MAX_LINES]
        raise QuickEntryError(over, f"at most {MAX_LINES} lines can be added at once.")
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        indent = raw[: len(raw) - len(raw.lstrip())]
        level, unit = _level(indent, unit, number)
        if level > len(stack):
            where = "the line above" if stack else "nothing"
            raise QuickEntryError(number, f"it is indented further than one level under {where}.")
        kind, words = _kind_and_words(raw.strip(), default_kind, number)
        if len(words) > max_length:
            raise QuickEntryError(number, f"a claim is at most {max_length:,} characters long.")
        entry = Entry(line=number, kind=kind, text=words)
        del stack[level:]
        (stack[-1].children if stack else roots).append(entry)
        stack.append(entry)
    return roots


def _level(indent: str, unit: str | None, number: int) -> tuple[int, str | None]:
    """How deep an indent is, in levels of the text's first indent (a tab, or 2+ spaces)."""
    if indent.replace(" ", "") == "" and len(indent) < 2:
        return 0, unit  # a stray space is no indent
    if " " in indent and "\t" in indent:
        raise QuickEntryError(
            number, "it mixes tabs and spaces in its indent; use one or the other."
        )
    unit = unit or ("\t" if indent[0] == "\t" else indent)
    if unit[0] != indent[0]:
        raise QuickEntryError(
            number, "it is indented with tabs and other lines with spaces (or the other way)."
        )
    if len(indent) % len(unit):
        raise QuickEntryError(
            number,
            f"its indent ({_spaces(indent)}) is not a whole number of levels "
            f"of {_spaces(unit)} as in the lines above.",
        )
    return len(indent) // len(unit), unit


def _spaces(indent: str) -> str:
    n = len(indent)
    if indent[0] == "\t":
        return f"{n} tab{'s' if n > 1 else ''}"
    return f"{n} spaces"


def _kind_and_words(line: str, default_kind: str, number: int) -> tuple[str, str]:
    bullet = _BULLET.match(line)
    if bullet is None:
        return default_kind, line
    words = line[bullet.end() :].strip()
    mark = bullet["mark"]
    if not words:
        raise QuickEntryError(number, f"“{mark}” has no words after it.")
    return {"+": SUPPORT, "-": ATTACK}.get(mark, default_kind), words
