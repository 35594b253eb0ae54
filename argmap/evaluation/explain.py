"""A short reason in plain words for a claim's grounded label.

Examples: "OUT: attacked by “Second, this resolution…”, which stands." — "IN: supported by
“Noting that information…”, and every attack on it fails." — "UNDEC: caught in a cycle of
attacks with “…”." Arguments are named by the words of their premises.
"""

from __future__ import annotations

from argmap.graph import SUPPORT, ArgumentGraph, ArgumentNode

from .framework import ARGUMENT, CLAIM, NOT, OPEN, REJECTED, Framework, Node
from .grounded import IN, OUT, UNDEC, Label

SNIPPET = 40  # characters of a claim's text quoted in a reason


def explain_claim(
    graph: ArgumentGraph, framework: Framework, labels: dict[Node, Label], claim_id: int
) -> str:
    label = labels[(CLAIM, claim_id)]
    reasons = [a for a in graph.arguments_for_claim.get(claim_id, []) if _is_reason(a)]
    attacks = [a for a in graph.arguments_for_claim.get(claim_id, []) if not _is_reason(a)]

    def standing(arguments: list[ArgumentNode], wanted: Label) -> list[ArgumentNode]:
        return [a for a in arguments if labels[(ARGUMENT, a.id)] == wanted]

    if label == IN:
        first = (
            "accepted" if not reasons else f"supported by {_names(graph, standing(reasons, IN))}"
        )
        rest = "every attack on it fails" if attacks else "nothing attacks it"
        return f"IN: {first}, and {rest}."
    if label == OUT:
        if (REJECTED, claim_id) in framework.attackers:
            return "OUT: rejected."
        winners = standing(attacks, IN)
        if winners:
            verb = "stands" if len(winners) == 1 else "stand"
            return f"OUT: attacked by {_names(graph, winners)}, which {verb}."
        if len(reasons) == 1:
            return (
                f"OUT: its reason {_name(graph, reasons[0])} {_why_out(graph, labels, reasons[0])}."
            )
        return (
            f"OUT: none of its {len(reasons)} reasons stands; "
            f"{_name(graph, reasons[0])} {_why_out(graph, labels, reasons[0])}."
        )
    return _why_undecided(graph, framework, labels, claim_id)


def _why_out(graph: ArgumentGraph, labels: dict[Node, Label], argument: ArgumentNode) -> str:
    """Why an argument is OUT: a premise falls or an undercut stands."""
    for premise_id in argument.premise_ids:
        if labels[(CLAIM, premise_id)] == OUT:
            if premise_id == argument.premise_ids[0]:  # the claim it is named by
                return "does not stand"
            return f"rests on {_quote(graph, premise_id)}, which does not stand"
    undercuts = [
        u for u in graph.undercuts_of.get(argument.id, []) if labels[(ARGUMENT, u.id)] == IN
    ]
    if undercuts:
        verb = "stands" if len(undercuts) == 1 else "stand"
        return f"is undercut by {_names(graph, undercuts)}, which {verb}"
    return "fails"


def _why_undecided(
    graph: ArgumentGraph, framework: Framework, labels: dict[Node, Label], claim_id: int
) -> str:
    """Walk back through undecided attackers: every UNDEC node has one, so the walk ends at an
    open leaf or comes round to a node already seen, closing a cycle."""
    open_claim, cycle = undecided_cause(framework, labels, claim_id)
    if open_claim == claim_id:
        return "UNDEC: left open."
    if open_claim is not None:
        return f"UNDEC: depends on {_quote(graph, open_claim)}, which is left open."
    claims = list(dict.fromkeys(i for kind, i in cycle if kind in (CLAIM, NOT)))
    arguments = [graph.arguments[i] for kind, i in cycle if kind == ARGUMENT]
    of = "attacks" if any(not _is_reason(a) for a in arguments) else "reasons"
    others = [_quote(graph, c) for c in claims if c != claim_id]
    if claim_id in claims:
        if not others:
            return "UNDEC: it attacks itself." if of == "attacks" else "UNDEC: it supports itself."
        return f"UNDEC: caught in a cycle of {of} with {_join(others)}."
    # an undercut targets one argument, so a cycle of undercuts alone reaches no claim: every
    # cycle found from a claim has a claim in it
    return f"UNDEC: depends on a cycle of {of} among {_join(others)}."


def undecided_cause(
    framework: Framework, labels: dict[Node, Label], claim_id: int
) -> tuple[int | None, list[Node]]:
    """What an UNDEC claim hangs on: the open leaf it depends on (its id, and no cycle), or the
    cycle of undecided nodes its walk back through undecided attackers comes round to (None and
    the cycle's nodes). Every UNDEC node has an UNDEC attacker, so the walk ends."""
    node: Node = (CLAIM, claim_id)
    path: list[Node] = []
    seen: dict[Node, int] = {}
    while node not in seen:
        if node[0] == OPEN:
            return node[1], []
        seen[node] = len(path)
        path.append(node)
        node = next(a for a in framework.attackers[node] if labels[a] == UNDEC)
    return None, path[seen[node] :]


def _is_reason(argument: ArgumentNode) -> bool:
    return argument.kind == SUPPORT and argument.target_id is None


def _name(graph: ArgumentGraph, argument: ArgumentNode) -> str:
    """An argument named by its (first) premise."""
    if not argument.premise_ids:
        return f"argument {argument.id}"
    name = _quote(graph, argument.premise_ids[0])
    others = len(argument.premise_ids) - 1
    if others:
        name += f" (with {others} co-premise{'s' if others > 1 else ''})"
    return name


def _names(graph: ArgumentGraph, arguments: list[ArgumentNode]) -> str:
    return _join([_name(graph, a) for a in arguments])


def _join(names: list[str]) -> str:
    if len(names) > 3:
        return f"{', '.join(names[:2])} and {len(names) - 2} more"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _quote(graph: ArgumentGraph, claim_id: int) -> str:
    return f"“{snippet(graph.claims[claim_id].text)}”"


def snippet(text: str, length: int = SNIPPET) -> str:
    """A claim's words, cut at a word before ``length`` characters when longer."""
    text = " ".join(text.split())
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0] + "…"
    return text
