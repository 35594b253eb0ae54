"""One bounded, strict reading of JSON text, for the API's request bodies and for AIF files.

Python's ``json`` recurses once per level of nesting and gives up with a RecursionError (a
500, not a refusal) somewhere near 1,000 levels; it also lets ``\\u0000`` and lone surrogates
(``\\ud800``) through, which PostgreSQL refuses later. ``read_json`` refuses all three with the
place: nesting is measured before ``json.loads`` recurses, bad characters are found afterwards
and named by their JSON path (``nodes[3].text``).
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

MAX_DEPTH = 200  # levels of [ ] and { }: AIF nodesets need 3, the API's bodies fewer
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'  # a complete string: brackets inside do not count
_TOKENS = re.compile(rf"{_STRING}|[\[\]{{}}]", re.DOTALL)
_STRINGS = re.compile(_STRING, re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")
# How NUL and surrogates are written in JSON text: when neither is there, no string need be checked.
_BAD_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])|[\x00\ud800-\udfff]")


class JsonError(ValueError):
    """JSON that argmap will not read; ``line`` and ``column`` when the place is in the text."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        self.message, self.line, self.column = message, line, column
        where = f" (line {line}, column {column})" if line else ""
        super().__init__(f"{message}{where}")


def bad_character(text: str) -> str:
    """What is wrong with a string that PostgreSQL cannot store ('' when nothing is)."""
    match = _BAD_CHARACTER.search(text)
    if match is None:
        return ""
    if match.group() == "\x00":
        return f"contains a NUL character (\\u0000) at position {match.start() + 1}"
    return (
        f"contains a lone surrogate (\\u{ord(match.group()):04x}) at position "
        f"{match.start() + 1}; it is not a character"
    )


def _place(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_depth(text: str, max_depth: int = MAX_DEPTH) -> None:
    """Refuse nesting deeper than ``max_depth`` without recursing (brackets in strings do not count)."""
    if text.count("[") + text.count("{") <= max_depth:  # most texts: no need to look closer
        return
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    if max(accumulate(map(_STEP.__getitem__, brackets)), default=0) <= max_depth:
        return
    depth = 0  # too deep: find the place, bracket by bracket
    for token in _TOKENS.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > max_depth:
                line, column = _place(text, token.start())
                raise JsonError(
                    f"the JSON is nested more than {max_depth} levels deep",
                    line=line,
                    column=column,
                )
        elif bracket in "]}":
            depth -= 1


def _refuse_constant(name: str) -> None:
    raise JsonError(f"this is not JSON ({name} is not a JSON number)")


def _check_strings(data: Any) -> None:
    """Every key and string value, depth first, without recursion (the depth is bounded anyway)."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            problem = bad_character(value)
            if problem:
                raise JsonError(f"{path or 'the value'} {problem}")
        elif isinstance(value, dict):
            for key, item in value.items():
                here = f"{path}.{key}" if path else key
                problem = bad_character(key)
                if problem:
                    raise JsonError(f"the key {here!r} {problem}")
                stack.append((here, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in enumerate(value))


def read_json(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """The value of a JSON text; raises JsonError (with the place) instead of anything else."""
    check_depth(text, max_depth)
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise JsonError(
            f"this is not JSON ({error.msg})", line=error.lineno, column=error.colno
        ) from None
    except RecursionError:  # only if max_depth was set above what Python can take
        raise JsonError("the JSON is nested too deeply") from None
    if _BAD_ESCAPE.search(text):
        _check_strings(data)
    return data
