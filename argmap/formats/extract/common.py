"""What the readers of every format share: the shapes of enumerators and symbols, and text
kept as characters with their italics until it is written out in the parsers' layout."""

from __future__ import annotations

import re
from collections.abc import Callable

Chars = list[tuple[str, bool]]  # (character, italic)
Progress = Callable[[int, int], None]  # (pages read, pages)
NO_TEXT = "this PDF has no text (a scan?): run OCR first"
ENUMERATOR_RE = re.compile(r"(?:\d{1,3}\.|\([a-z]{1,5}\)|[•\-–])\s")
SYMBOL_RE = re.compile(r"[A-Z]{1,6}(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+")


def plain(chars: Chars) -> str:
    return "".join(char for char, _ in chars)


def markup(chars: list[tuple[str, bool]]) -> str:
    """Text with italic runs as ``*…*`` where they begin and end at word boundaries (the form
    the parsers read); elsewhere the words without stars."""
    out: list[str] = []
    n = 0
    text = plain(chars)
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
