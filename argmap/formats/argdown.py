"""Argdown (loose mode) to and from ArgumentGraph.

Import: YAML front matter (its ``title``), headings (kept as tags on the claims defined under
them), statements ``[Title]: text``, arguments ``<Title>: text``, relations by indentation
(``+ - _`` and ``<+ <- <_ +> -> _> ><``), premise-conclusion structures ``(1) … ---- (n) …`` (one
support argument per inference step, its co-premises, the inference rule as scheme) and
``#tags``. A statement is a claim; an argument without a reconstruction is the claim its
description makes; a relation is a one-premise argument; a reconstruction without a conclusion
lends its premises, as co-premises, to the argument's relations. Comments, titles and untitled
statements that relate to nothing are dropped (Argdown's map leaves them out too); the report
counts what else was not kept. Every error names the line.

Export: see ``argdown_write.write_argdown``.
"""

from __future__ import annotations

from collections import Counter

from ..graph import ATTACK, SUPPORT, ArgumentGraph, ArgumentNode, ClaimNode, GraphNote
from .argdown_parse import ArgdownParser, Relation
from .argdown_write import write_argdown

__all__ = ["parse_argdown", "write_argdown"]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def parse_argdown(text: str, *, filename: str) -> tuple[ArgumentGraph, list[str]]:
    """Read an Argdown document; raises DocumentError naming the line at fault."""
    return _Builder(ArgdownParser(text, filename).parse()).build()


_REPORT = {  # what the counts mean: (one, many)
    "heading": (
        "heading kept as a tag on the claims under it",
        "headings kept as tags on the claims under them",
    ),
    "second text": (
        "statement given a second, different text: the first kept",
        "statements given a second, different text: the first kept",
    ),
    "metadata": ("metadata block {…} dropped", "metadata blocks {…} dropped"),
    "titles": (
        "statement or argument title not kept (argmap writes new titles on export)",
        "statement and argument titles not kept (argmap writes new titles on export)",
    ),
    "title as text": (
        "statement or argument without a text: its title became the claim",
        "statements or arguments without a text: their titles became the claims",
    ),
    "unrelated": (
        "untitled statement that relates to nothing dropped",
        "untitled statements that relate to nothing dropped",
    ),
    "to premise": (
        "relation to a reconstructed argument attached to its first premise",
        "relations to reconstructed arguments attached to their first premises",
    ),
    "contradiction": (
        "contradiction (><) kept as two attacks",
        "contradictions (><) kept as two attacks each",
    ),
    "undercut statement": (
        "undercut of a statement kept as an attack",
        "undercuts of statements kept as attacks",
    ),
    "undercut sketch": (
        "undercut of an argument without inference kept as an attack on its description",
        "undercuts of arguments without inference kept as attacks on their descriptions",
    ),
    "description": ("argument description kept as a note", "argument descriptions kept as notes"),
    "argument tags": (
        "tag of a reconstructed argument dropped",
        "tags of reconstructed arguments dropped",
    ),
}


class _Builder:
    """Elements and relations → claims and arguments (see the module's docstring)."""

    def __init__(self, parser: ArgdownParser) -> None:
        self.p, self.elements = parser, parser.elements
        self.graph = ArgumentGraph(title=parser.title)
        self.claim_ids: dict[str, int] = {}
        self.made: dict[str, list[int]] = {}  # argument key → the arguments made for it
        self.seen: dict[tuple[object, ...], int] = {}
        self.counts = Counter(parser.counts)

    def claim(self, key: str) -> int:
        if key not in self.claim_ids:
            element = self.elements[key]
            self.counts["title as text"] += not element.text
            tags = [*element.tags, *([element.group] if element.group else [])]
            cid = len(self.claim_ids) + 1
            self.graph.claims[cid] = ClaimNode(
                cid,
                element.text or element.title,
                tags=list(dict.fromkeys(tags)),
                origin=f"line {element.line}",
            )
            self.claim_ids[key] = cid
        return self.claim_ids[key]

    def add(
        self,
        kind: str,
        premises: list[str],
        line: int,
        *,
        to: str | None = None,
        target: int | None = None,
    ) -> int:
        ids = list(dict.fromkeys(self.claim(key) for key in premises))
        end = self.claim(to) if to is not None else None
        if end in ids:
            raise self.p.error(
                line,
                f"“{self.graph.claims[end].text[:60]}” cannot {'support' if kind == SUPPORT else 'attack'} itself",
            )
        seen = (kind, tuple(ids), end, target)
        if seen not in self.seen:
            aid = len(self.graph.arguments) + 1
            self.graph.arguments[aid] = ArgumentNode(
                aid, kind, ids, conclusion_id=end, target_id=target, origin=f"line {line}"
            )
            self.seen[seen] = aid
        return self.seen[seen]

    def premises(self, key: str) -> list[str]:
        """What a relation from this element argues from."""
        steps = self.elements[key].steps
        if key.startswith("s:") or not steps:
            return [key]
        return steps[-1][0] if steps[-1][1] is None else [steps[-1][1]]

    def attach(self, key: str) -> str:
        """The claim a support or attack of this element lands on."""
        steps = self.elements[key].steps
        if key.startswith("s:") or not steps:
            return key
        self.counts["to premise"] += 1
        return steps[0][0][0]

    def build(self) -> tuple[ArgumentGraph, list[str]]:
        for key, element in self.elements.items():
            if not element.steps or element.steps[-1][1] is None:
                continue
            for premises, conclusion, rule in element.steps:
                aid = self.add(SUPPORT, premises, element.line, to=conclusion)
                self.graph.arguments[aid].scheme = rule
            self.made[key] = [aid]
        undercuts = []
        for relation in self.p.relations:
            kind, source, target = relation.kind, relation.source, relation.target
            if kind == "undercut" and target.startswith("a:"):
                undercuts.append(relation)
                continue
            self.counts["undercut statement"] += kind == "undercut"
            steps = self.elements[source].steps
            if source.startswith("a:") and steps and steps[-1][1] == target and kind == SUPPORT:
                continue  # the reconstruction concludes it already
            pairs = (
                [(source, target), (target, source)]
                if kind == "contradiction"
                else [(source, target)]
            )
            self.counts["contradiction"] += kind == "contradiction"
            for start, end in pairs:
                aid = self.add(
                    SUPPORT if kind == SUPPORT else ATTACK,
                    self.premises(start),
                    relation.line,
                    to=self.attach(end),
                )
                if start.startswith("a:"):
                    self.made.setdefault(start, []).append(aid)
        self.undercuts(undercuts)
        for key, element in self.elements.items():  # a reconstructed argument's description
            if element.steps and self.made.get(key):
                if element.text:
                    self.graph.notes.append(
                        GraphNote(
                            "argument",
                            self.made[key][0],
                            element.text,
                            origin=f"line {element.line}",
                        )
                    )
                    self.counts["description"] += 1
                self.counts["argument tags"] += len(element.tags)
        for key, element in self.elements.items():
            if key not in self.claim_ids and not (element.kind == "a" and element.steps):
                if element.title:
                    self.claim(key)
                else:
                    self.counts["unrelated"] += 1
        self.counts["titles"] = sum(
            1
            for e in self.elements.values()
            if e.title and not e.title.startswith("Argument at line")
        )
        report = [
            f"{_plural(n, *_REPORT[k])}" for k, n in self.counts.items() if n and k in _REPORT
        ]
        return self.graph, report

    def undercuts(self, pending: list[Relation]) -> None:
        """Undercuts once their target has an argument; undercuts of undercuts after them."""
        while pending:
            ready = [r for r in pending if self.made.get(r.target)]
            if not ready:  # a target without inference: the undercut attacks its description
                sources = {r.source for r in pending}
                ready = [r for r in pending if r.target not in sources][:1]
                if not ready:
                    raise self.p.error(
                        pending[0].line, "these undercuts attack each other in a circle"
                    )
            for relation in ready:
                pending.remove(relation)
                made = self.made.get(relation.target)
                if made:
                    aid = self.add(
                        ATTACK, self.premises(relation.source), relation.line, target=made[0]
                    )
                else:
                    self.counts["undercut sketch"] += 1
                    aid = self.add(
                        ATTACK, self.premises(relation.source), relation.line, to=relation.target
                    )
                if relation.source.startswith("a:"):
                    self.made.setdefault(relation.source, []).append(aid)
