"""ArgumentGraph to Argdown text (what ``parse_argdown`` reads back to the same graph).

Every claim is a titled statement ``[Title]: text #tags``, written breadth first from the central
claims, with the arguments for and against it as relations below it: a one-premise argument as
``+ [Premise]`` / ``- [Premise]``, any other as ``+ <Reason n>`` / ``- <Objection n>``. Those
arguments follow as premise-conclusion structures: ``(1) … (k)``, then for a support ``----`` (or
``-- scheme --``) and the conclusion; an attack or undercut lists its premises alone (Argdown has
no conclusion to give them). Undercuts go below the argument they attack as ``<_``. Notes on an
argument become its description; notes on claims and speakers have no place in Argdown.
"""

from __future__ import annotations

import json
import re
from collections import deque

from ..graph import SUPPORT, ArgumentGraph, ArgumentNode

_SPECIAL = re.compile(r"([\\\[\]<>#@*_{}])")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def escape(text: str) -> str:
    """Text on one line, with Argdown's special characters escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split())).replace("//", "/\\/")


def claim_order(graph: ArgumentGraph) -> list[int]:
    """Claims breadth first from the central claims (then any left), each once."""
    order: dict[int, None] = {}
    queue = deque(c.id for c in graph.central_claims())
    while queue:
        cid = queue.popleft()
        if cid in order:
            continue
        order[cid] = None
        for argument in graph.arguments_for_claim.get(cid, []):
            pending = [argument]
            while pending:
                current = pending.pop()
                queue.extend(current.premise_ids)
                pending.extend(graph.undercuts_of.get(current.id, []))
    return [*order, *(cid for cid in graph.claims if cid not in order)]


def _titles(graph: ArgumentGraph) -> dict[int, str]:
    titles: dict[int, str] = {}
    used: set[str] = set()
    for cid, claim in graph.claims.items():
        base = " ".join(_WORD.findall(claim.text)[:6])[:60] or f"Claim {cid}"
        title, n = base, 1
        while title.casefold() in used:
            n += 1
            title = f"{base} ({n})"
        used.add(title.casefold())
        titles[cid] = title
    return titles


def _tag(tag: str) -> str:
    tag = " ".join(tag.replace("(", " ").replace(")", " ").split())
    return f"#{tag}" if re.fullmatch(r"\w[\w-]*", tag) else f"#({tag})"


def write_argdown(graph: ArgumentGraph) -> str:
    titles = _titles(graph)
    undercut = {a.target_id for a in graph.arguments.values() if a.target_id is not None}
    notes: dict[int, list[str]] = {}
    for note in graph.notes:
        if note.target == "argument":
            notes.setdefault(note.target_id, []).append(note.body)

    def inline(a: ArgumentNode) -> bool:  # written as a relation from its one premise
        return len(a.premise_ids) == 1 and not a.scheme and a.id not in undercut | notes.keys()

    def ref(a: ArgumentNode) -> str:
        if inline(a):
            return f"[{titles[a.premise_ids[0]]}]"
        name = "Undercut" if a.is_undercut else "Reason" if a.kind == SUPPORT else "Objection"
        return f"<{name} {a.id}>"

    lines = ["===", f"title: {json.dumps(graph.title or 'Argument map', ensure_ascii=False)}"]
    lines += ["===", ""]
    for cid in claim_order(graph):
        claim = graph.claims[cid]
        tags = "".join(f" {_tag(t)}" for t in claim.tags if t.strip())
        lines.append(f"[{titles[cid]}]: {escape(claim.text)}{tags}")
        for argument in graph.arguments_for_claim.get(cid, []):
            lines.append(f"  {'+' if argument.kind == SUPPORT else '-'} {ref(argument)}")
        lines.append("")
    for argument in sorted(graph.arguments.values(), key=lambda a: a.id):
        if inline(argument):
            continue
        description = " ".join(escape(body) for body in notes.get(argument.id, []))
        lines += [f"{ref(argument)}{': ' + description if description else ''}", ""]
        lines += [f"({i}) [{titles[p]}]" for i, p in enumerate(argument.premise_ids, start=1)]
        if argument.kind == SUPPORT and argument.conclusion_id is not None:
            lines.append(f"-- {escape(argument.scheme)} --" if argument.scheme else "----")
            lines.append(f"({len(argument.premise_ids) + 1}) [{titles[argument.conclusion_id]}]")
        lines.append("")
    for target in sorted(undercut):
        lines.append(ref(graph.arguments[target]))
        lines += [f"  <_ {ref(u)}" for u in graph.undercuts_of.get(target, [])]
        lines.append("")
    return "\n".join(lines)
