"""Kialo's text export to and from ArgumentGraph.

The file Kialo's "Export discussion" gives::

    Discussion Title: Should hate speech be illegal?

    1. Hate speech should be banned.
    1.1. Con: It is better to challenge bad ideas than to simply ban them.
    1.1.1. Pro: …
    1.6.4. Pro: -> See 1.2.2.

Line ``1.`` is the thesis; every ``n.….k. Pro:`` / ``Con:`` claim supports / attacks the claim
numbered one level up (depth may reach 36; nothing here recurses). ``-> See 1.2.2.`` makes the
claim numbered 1.2.2 a reason or objection here too. A line that does not start with a number
whose parent exists continues the claim above it (Kialo claims may hold line breaks). Kialo's
backslash escapes are undone.
"""

from __future__ import annotations

import re

from ..graph import ATTACK, SUPPORT, ArgumentGraph, ArgumentNode, ClaimNode
from .document import DocumentError

_TITLE = re.compile(r"Discussion Title:\s*(.*)")
_LINE = re.compile(r"((?:\d+\.)+)\s+(?:(Pro|Con):\s*)?(.*)")
_SEE = re.compile(r"->\s*See\s+((?:\d+\.)*\d+)\.?")
_ESCAPE = re.compile(r"\\([^A-Za-z0-9\s])")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def parse_kialo(text: str, *, filename: str) -> tuple[ArgumentGraph, list[str]]:
    """Read a Kialo text export; raises DocumentError naming the line at fault."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    title = _TITLE.fullmatch(lines[first].strip()) if lines else None
    if title is None:
        raise DocumentError(
            "expected a Kialo export starting with “Discussion Title: …”",
            filename=filename,
            line=first + 1,
        )
    graph = ArgumentGraph(title=title.group(1).strip())
    paths: dict[str, int] = {}  # "1.2.3" → claim ID
    texts: dict[int, list[str]] = {}
    sides: list[tuple[str, str, str, int]] = []  # (path, parent path, Pro/Con, line)
    links: list[tuple[str, str, str, int]] = []  # (target path, parent path, Pro/Con, line)
    lines_of: dict[int, int] = {}
    current: int | None = None
    for number, raw in enumerate(lines[first + 1 :], start=first + 2):
        stripped = raw.strip()
        match = _LINE.fullmatch(stripped)
        path = match.group(1).rstrip(".") if match else ""
        parent = path.rpartition(".")[0]
        side = match.group(2) if match else None
        is_node = match is not None and (
            (not parent and side is None and (path == "1" or bool(paths)))
            or (parent in paths and side is not None)
        )
        if side and parent and parent not in paths:
            raise DocumentError(
                f"claim {path}. comes before (or without) claim {parent}., the one it answers",
                filename=filename,
                line=number,
            )
        if not is_node:
            if stripped and current is None:
                raise DocumentError(
                    "expected the thesis, numbered “1.”", filename=filename, line=number
                )
            if current is not None:
                texts[current].append(raw.rstrip())
            continue
        assert match is not None
        if path in paths:
            raise DocumentError(f"the number {path}. is used twice", filename=filename, line=number)
        body = match.group(3).strip()
        see = _SEE.fullmatch(body)
        if see:
            links.append((see.group(1), parent, match.group(2), number))
            current = None
            continue
        current = len(graph.claims) + 1
        paths[path], lines_of[current] = current, number
        texts[current] = [body]
        graph.claims[current] = ClaimNode(id=current, text="", origin=f"line {number}")
        if parent:
            sides.append((path, parent, match.group(2), number))
    for cid, parts in texts.items():
        body = "\n".join(parts).strip()
        graph.claims[cid].text = _ESCAPE.sub(r"\1", re.sub(r"\n{3,}", "\n\n", body))
        if not graph.claims[cid].text:
            raise DocumentError("this claim has no text", filename=filename, line=lines_of[cid])
    if not graph.claims:
        raise DocumentError("the discussion has no thesis (“1. …”)", filename=filename)
    seen: set[tuple[str, int, int]] = set()
    for path, parent, side, line in sides + links:
        if path not in paths:
            raise DocumentError(
                f"“-> See {path}.” points to no claim of the discussion",
                filename=filename,
                line=line,
            )
        premise, conclusion = paths[path], paths[parent]
        if premise == conclusion:
            raise DocumentError(
                f"claim {path}. cannot be a reason for itself", filename=filename, line=line
            )
        kind = SUPPORT if side == "Pro" else ATTACK
        if (kind, premise, conclusion) in seen:
            continue
        seen.add((kind, premise, conclusion))
        aid = len(graph.arguments) + 1
        graph.arguments[aid] = ArgumentNode(
            aid, kind, [premise], conclusion_id=conclusion, origin=f"line {line}"
        )
    report = []
    if links:
        report.append(
            f"{_plural(len(links), 'cross-link (-> See …)', 'cross-links (-> See …)')} kept as "
            "arguments from the claim they point to"
        )
    return graph, report


def write_kialo(graph: ArgumentGraph) -> str:
    """The graph as a Kialo text export, depth first from the first central claim.

    A claim met a second time is written as ``-> See n.``; co-premises are written one line
    each; undercuts, and claims that no path reaches from the thesis, have no place in Kialo.
    """
    roots = graph.central_claims()
    lines = [f"Discussion Title: {graph.title or (roots[0].text if roots else '')}", ""]
    numbers: dict[int, str] = {}
    stack: list[tuple[str, int, str]] = [(f"{i}", r.id, "") for i, r in enumerate(roots, 1)][::-1]
    while stack:
        number, cid, side = stack.pop()
        if cid in numbers:
            lines.append(f"{number}. {side}: -> See {numbers[cid]}.")
            continue
        numbers[cid] = number
        text = _escape(graph.claims[cid].text)
        lines.append(f"{number}. {side + ': ' if side else ''}{text}")
        children = [
            (p, "Pro" if a.kind == SUPPORT else "Con")
            for a in graph.arguments_for_claim.get(cid, [])
            for p in a.premise_ids
        ]
        for i, (premise, label) in reversed(list(enumerate(children, 1))):
            stack.append((f"{number}.{i}", premise, label))
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    text = re.sub(r"([\\()\[\]])", r"\\\1", text.strip())
    return re.sub(r"(?m)^(\d+\.)", r"\\\1", text)  # a line break never starts a numbered line
