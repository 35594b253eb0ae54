"""ArgumentGraph: a map as plain data, shared by formats, evaluation and rendering.

Built from the database by ``maps.selectors.map_graph`` or by a file parser. Maps may contain
cycles: every walk here keeps a set of what it has seen and never recurses forever.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

SUPPORT = "support"
ATTACK = "attack"


@dataclass
class ClaimNode:
    id: int
    text: str
    speaker: str = ""
    source_slug: str = ""
    passage_label: str = ""
    span_start: int | None = None
    span_end: int | None = None
    quote: str = ""
    tags: list[str] = field(default_factory=list)
    created: datetime | None = None  # when it was said, if the file tells (an AIF locution)
    # where an imported file holds it ("line 12", "node 7"), for its errors
    origin: str = field(default="", compare=False)
    # Its live annotations by kind, for the outline's cards (read with the claim; files carry
    # annotations as notes of their own).
    notes: int = field(default=0, compare=False)
    evidence: int = field(default=0, compare=False)
    questions: int = field(default=0, compare=False)

    @property
    def glance(self) -> list[str]:
        """Its annotations counted in words, for the card ("2 notes", "1 open question").
        A question has no answered state: every question counts as open."""
        counts = [
            (self.notes, "note", "notes"),
            (self.evidence, "piece of evidence", "pieces of evidence"),
            (self.questions, "open question", "open questions"),
        ]
        return [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]


@dataclass
class ArgumentNode:
    id: int
    kind: str  # SUPPORT or ATTACK
    premise_ids: list[int]
    conclusion_id: int | None = None  # a claim …
    target_id: int | None = None  # … or, for an undercut, an argument
    scheme: str = ""
    # where an imported file holds it ("line 12", "node 7"), for its errors
    origin: str = field(default="", compare=False)

    @property
    def is_undercut(self) -> bool:
        return self.target_id is not None


NOTE = "note"
EVIDENCE = "evidence"
QUESTION = "question"


@dataclass
class GraphNote:
    """A note on one claim or one argument (an Annotation once imported)."""

    target: str  # "claim" or "argument"
    target_id: int
    body: str  # Markdown
    kind: str = NOTE  # NOTE, EVIDENCE or QUESTION
    url: str = ""
    # where an imported file holds it ("line 12", "node 7"), for its errors
    origin: str = field(default="", compare=False)


@dataclass
class ArgumentGraph:
    title: str = ""
    claims: dict[int, ClaimNode] = field(default_factory=dict)
    arguments: dict[int, ArgumentNode] = field(default_factory=dict)
    notes: list[GraphNote] = field(default_factory=list)

    @cached_property
    def arguments_for_claim(self) -> dict[int, list[ArgumentNode]]:
        """Arguments whose conclusion is the claim: its reasons and objections."""
        index: dict[int, list[ArgumentNode]] = defaultdict(list)
        for argument in self.arguments.values():
            if argument.conclusion_id is not None:
                index[argument.conclusion_id].append(argument)
        return index

    @cached_property
    def undercuts_of(self) -> dict[int, list[ArgumentNode]]:
        index: dict[int, list[ArgumentNode]] = defaultdict(list)
        for argument in self.arguments.values():
            if argument.target_id is not None:
                index[argument.target_id].append(argument)
        return index

    @cached_property
    def premise_claim_ids(self) -> set[int]:
        return {cid for argument in self.arguments.values() for cid in argument.premise_ids}

    def central_claims(self) -> list[ClaimNode]:
        """Claims that are no argument's premise; if a cycle leaves none, the earliest claim of it."""
        return self._central_claims_and_homes()[0]

    def _central_claims_and_homes(self) -> tuple[list[ClaimNode], dict[int, int | None]]:
        """The central claims, and where the outline shows each claim (``_homes``). The walk
        that finds the homes from the claims that are no premise also tells what they reach:
        in a map without a part that is all cycle, the map is walked once."""
        roots = [c for cid, c in sorted(self.claims.items()) if cid not in self.premise_claim_ids]
        homes = self._homes([c.id for c in roots])
        reached = set(homes)
        entered = False
        for cid in sorted(self.claims):
            if cid not in reached:  # a part of the map that is all cycle: enter it somewhere
                roots.append(self.claims[cid])
                reached |= self._reachable_from([cid])
                entered = True
        if entered:  # homes again, from every central claim at once
            homes = self._homes([c.id for c in roots])
        return roots, homes

    def _reachable_from(self, claim_ids: list[int]) -> set[int]:
        """Claims reached from these through reasons, objections and undercuts below them."""
        seen_claims: set[int] = set()
        seen_arguments: set[int] = set()
        claims: list[int] = list(claim_ids)
        arguments: list[ArgumentNode] = []
        while claims or arguments:
            if claims:
                cid = claims.pop()
                if cid not in seen_claims:
                    seen_claims.add(cid)
                    arguments.extend(self.arguments_for_claim.get(cid, []))
                continue
            argument = arguments.pop()
            if argument.id not in seen_arguments:
                seen_arguments.add(argument.id)
                claims.extend(argument.premise_ids)
                arguments.extend(self.undercuts_of.get(argument.id, []))
        return seen_claims

    def outline(self, max_depth: int = 40) -> list[OutlineClaim]:
        """The map as nested reasons and objections.

        A claim reached along several paths is expanded once, where it is nearest a central
        claim (breadth first), and marked ``repeated`` elsewhere, so cycles end. Below
        ``max_depth`` levels a claim is marked ``collapsed`` and not expanded.
        """
        roots, homes = self._central_claims_and_homes()
        return [self._outline_root(c.id, homes, max_depth) for c in roots]

    def outline_of(self, claim_id: int, max_depth: int = 40) -> OutlineClaim:
        """One claim's branch of the outline, as ``outline`` would show it (for loading on demand)."""
        homes = self._central_claims_and_homes()[1]
        if homes.get(claim_id) is None:
            return self._outline_root(claim_id, homes, max_depth)
        return self._outline_claim(claim_id, homes.get(claim_id), homes, max_depth)

    def path_to(self, claim_id: int) -> list[int]:
        """The claims from a central claim down to this one, as the outline reaches it.

        A claim reachable along several paths gets the one the outline expands it under: the
        first found breadth first from the central claims, so the shortest (ties: the order of
        the central claims and of the arguments). Empty if the claim is not in the graph."""
        if claim_id not in self.claims:
            return []
        homes = self._central_claims_and_homes()[1]
        path = [claim_id]
        while (via := homes.get(path[-1])) is not None:
            above = self.claim_above(via)
            if above is None or above in path:  # cannot happen for a home; never loop
                break
            path.append(above)
        return path[::-1]

    def claim_above(self, argument_id: int) -> int | None:
        """The claim under which an argument is drawn: its conclusion, or for an undercut the
        conclusion of the argument it attacks (up the chain; targets may circle)."""
        seen: set[int] = set()
        here = self.arguments.get(argument_id)
        while here is not None and here.conclusion_id is None and here.id not in seen:
            seen.add(here.id)
            here = self.arguments.get(here.target_id) if here.target_id is not None else None
        return here.conclusion_id if here is not None else None

    def _outline_root(
        self, claim_id: int, homes: dict[int, int | None], depth: int
    ) -> OutlineClaim:
        item = self._outline_claim(claim_id, None, homes, depth)
        linked = bool(item.arguments) or item.collapsed
        item.standing = standing(root=True, linked=linked, alone=len(self.claims) == 1)
        return item

    def _homes(self, root_ids: list[int]) -> dict[int, int | None]:
        """For each claim, the argument under which it is first reached breadth first (None: a root)."""
        homes: dict[int, int | None] = {}
        queue: deque[tuple[int | None, int]] = deque((None, cid) for cid in root_ids)
        while queue:
            via, claim_id = queue.popleft()
            if claim_id in homes:
                continue
            homes[claim_id] = via
            pending = list(self.arguments_for_claim.get(claim_id, []))
            seen: set[int] = set()
            while pending:  # the claim's arguments and the undercuts hanging below them
                argument = pending.pop(0)
                if argument.id in seen:
                    continue
                seen.add(argument.id)
                queue.extend((argument.id, pid) for pid in argument.premise_ids)
                pending.extend(self.undercuts_of.get(argument.id, []))
        return homes

    def _outline_claim(
        self, claim_id: int, via: int | None, homes: dict[int, int | None], depth: int
    ) -> OutlineClaim:
        claim = self.claims[claim_id]
        if homes.get(claim_id, via) != via:
            return OutlineClaim(claim=claim, repeated=True)
        if depth <= 0:
            return OutlineClaim(claim=claim, collapsed=True)
        arguments = [
            self._outline_argument(a, homes, depth, set())
            for a in self.arguments_for_claim.get(claim_id, [])
        ]
        return OutlineClaim(claim=claim, arguments=arguments)

    def _outline_argument(
        self, argument: ArgumentNode, homes: dict[int, int | None], depth: int, above: set[int]
    ) -> OutlineArgument:
        above = above | {argument.id}  # undercuts may (oddly) attack each other in a circle
        return OutlineArgument(
            argument=argument,
            premises=[
                self._outline_claim(cid, argument.id, homes, depth - 1)
                for cid in argument.premise_ids
            ],
            undercuts=[
                self._outline_argument(u, homes, depth - 1, above)
                for u in self.undercuts_of.get(argument.id, [])
                if u.id not in above
            ],
        )


@dataclass
class OutlineClaim:
    claim: ClaimNode
    arguments: list[OutlineArgument] = field(default_factory=list)
    repeated: bool = False  # shown elsewhere in the outline already
    collapsed: bool = False  # deeper than the outline goes
    standing: str = ""  # of a claim that is no premise: see standing()


def standing(*, root: bool, linked: bool, alone: bool) -> str:
    """What the outline labels a claim, as the details pane does: a claim that is no premise is
    "central" once it has reasons or objections (or is the map's only claim) and "unlinked"
    before (a claim made from a selection, say); a premise needs no label."""
    if not root:
        return ""
    return "central" if linked or alone else "unlinked"


@dataclass
class OutlineArgument:
    argument: ArgumentNode
    premises: list[OutlineClaim]
    undercuts: list[OutlineArgument]

    @property
    def label(self) -> str:
        if self.argument.is_undercut:
            return "Undercut"
        return "Reason" if self.argument.kind == SUPPORT else "Objection"
