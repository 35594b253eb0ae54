"""ArgumentGraph to a Markdown outline: the map as nested reasons and objections.

::

    # Should schools ban phones?

    - Schools should ban phones. — *Coach* `#policy`
      - **Reason:** Phones distract pupils.
        - **Objection:** Pupils can be taught to put them away.
      - **Reason** (together):
        - Bullying happens on phones.
        - Schools must protect pupils.
        - **Undercut:** Bans move bullying elsewhere.

A claim reached a second time (maps may hold cycles) is written once more with *(see above)*
and not expanded again. The walk keeps its own stack: it never recurses, whatever the depth.
"""

from __future__ import annotations

from ..graph import SUPPORT, ArgumentGraph, ArgumentNode, ClaimNode

_LABELS = {(SUPPORT, False): "Reason", ("attack", False): "Objection"}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _claim_line(claim: ClaimNode) -> str:
    extra = f" — *{_one_line(claim.speaker)}*" if claim.speaker else ""
    extra += "".join(f" `#{tag}`" for tag in claim.tags)
    return f"{_one_line(claim.text)}{extra}"


def _label(argument: ArgumentNode) -> str:
    return "Undercut" if argument.is_undercut else _LABELS.get((argument.kind, False), "Objection")


def write_outline(graph: ArgumentGraph) -> str:
    notes: dict[tuple[str, int], list[str]] = {}
    for note in graph.notes:
        body = f"*{note.kind.title()}:* {_one_line(note.body)}"
        notes.setdefault((note.target, note.target_id), []).append(body)
    lines = [f"# {_one_line(graph.title) or 'Argument map'}", ""]
    written_claims: set[int] = set()
    written_arguments: set[int] = set()
    Item = tuple[str, int, int, str]  # (kind, depth, claim or argument ID, prefix or text)
    stack: list[Item] = [("claim", 0, c.id, "") for c in reversed(graph.central_claims())]
    while stack:
        kind, depth, node_id, text = stack.pop()
        indent, below = "  " * depth, depth + 1
        pending: list[Item] = []
        if kind == "text":
            lines.append(f"{indent}- {text}")
        elif kind == "claim" and node_id in written_claims:
            lines.append(f"{indent}- {text}{_one_line(graph.claims[node_id].text)} *(see above)*")
        elif kind == "claim":
            written_claims.add(node_id)
            lines.append(f"{indent}- {text}{_claim_line(graph.claims[node_id])}")
            pending = [("text", below, 0, body) for body in notes.get(("claim", node_id), [])]
            pending += [
                ("argument", below, a.id, "") for a in graph.arguments_for_claim.get(node_id, [])
            ]
        elif node_id not in written_arguments:
            written_arguments.add(node_id)
            argument = graph.arguments[node_id]
            label = _label(argument)
            after = [("text", below, 0, body) for body in notes.get(("argument", node_id), [])]
            after += [("argument", below, u.id, "") for u in graph.undercuts_of.get(node_id, [])]
            if len(argument.premise_ids) == 1:  # the premise's line stands for the argument
                pending = [("claim", depth, argument.premise_ids[0], f"**{label}:** "), *after]
            else:
                lines.append(f"{indent}- **{label}** (together):")
                pending = [("claim", below, p, "") for p in argument.premise_ids] + after
        stack.extend(reversed(pending))
    return "\n".join(lines) + "\n"
