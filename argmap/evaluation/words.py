"""Why a claim has its label, in a debate coach's words, and what would change it.

    why = explain_in_words(labelling, claim_id, statuses=evaluation.statuses)
    why.because  # ("“Phones are useful…”", " objects to it and nothing answers that objection.")
    why.change   # ("Answer that objection, or mark ", "“Phones are useful…”", " rejected.")

Built from a labelling (``evaluate_grounded``) and the claim's neighbours in the map: no database,
and work in proportion to the claim's neighbourhood (an undecided claim's walk follows the cycle
it hangs on). A claim's words come back as a part of their own (``Part.claim_id`` set), never as
markup: the template quotes and escapes them. ``explain.py`` keeps the terse one-line form the
API gives; this is the form the workspace shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argmap.graph import SUPPORT, ArgumentGraph, ArgumentNode

from .explain import snippet, undecided_cause
from .framework import ARGUMENT, CLAIM, NOT, REJECTED, Status
from .grounded import IN, OUT, UNDEC, Label

if TYPE_CHECKING:
    from . import Labelling

QUOTED = 60  # characters of a claim's words quoted in a sentence

# What each label means, for the legend and the badge's tooltip (one wording everywhere).
MEANINGS: dict[str, str] = {
    IN: "Stands: every objection to it is answered",
    OUT: "Falls: an objection to it stands unanswered, or none of its reasons holds",
    UNDEC: "Undecided: objections answer each other in a circle, or it rests on a claim left open",
}


@dataclass(frozen=True)
class Part:
    """Plain words, or a claim's words (quoted when shown) when ``claim_id`` is set."""

    text: str
    claim_id: int | None = None

    def __str__(self) -> str:
        return f"“{self.text}”" if self.claim_id is not None else self.text


Sentence = tuple[Part, ...]


@dataclass(frozen=True)
class Why:
    label: Label
    because: Sentence  # why it has its label
    change: Sentence  # what would change it

    @property
    def meaning(self) -> str:
        return MEANINGS[self.label]

    @property
    def text(self) -> str:
        """Both sentences as one plain string (for a tooltip, a test, a screen reader)."""
        return f"{plain(self.because)} {plain(self.change)}"


def plain(sentence: Sentence) -> str:
    """A sentence as plain text, claims in quotation marks."""
    return "".join(str(part) for part in sentence)


def explain_in_words(
    labelling: Labelling,
    claim_id: int,
    *,
    statuses: Mapping[int, Status] = {},
    judged_by: str = "you",
) -> Why:
    """Why ``claim_id`` has its label and what would change it. ``statuses`` are the judgements
    evaluated (to tell "you marked it accepted" from "counts as accepted"); ``judged_by`` names
    who made them: "you" (my judgements) or "members" (everyone's)."""
    return _Words(labelling, statuses, judged_by).why(claim_id)


class _Words:
    def __init__(self, labelling: Labelling, statuses: Mapping[int, Status], by: str) -> None:
        self.graph: ArgumentGraph = labelling.graph
        self.framework = labelling.framework
        self.labels = labelling.nodes
        self.statuses = statuses
        self.by = by

    # -- sentences -------------------------------------------------------------------------

    def why(self, claim_id: int) -> Why:
        label = self.labels[(CLAIM, claim_id)]
        if label == IN:
            return Why(IN, self._stands(claim_id), self._would_fall(claim_id))
        if label == OUT:
            return self._falls(claim_id)
        return self._undecided(claim_id)

    def _stands(self, claim_id: int) -> Sentence:
        objections = self._objections(claim_id)
        reasons = self._reasons(claim_id)
        if reasons:
            holding = [r for r in reasons if self._argument(r) == IN]
            start = self._say("Its reason ", *self._name(holding[0]), " holds")
            if not objections:
                return start + self._say(", and nothing objects to it.")
            return start + self._say(", and ") + self._answered(objections)
        if not objections:
            return self._say("Nothing objects to it, and ", *self._judged_accepted(claim_id), ".")
        return self._answered(objections, capital=True)

    def _answered(self, objections: list[ArgumentNode], capital: bool = False) -> Sentence:
        """Every objection is answered: how, for the first two."""
        head = "its one objection is" if len(objections) == 1 else "every objection to it is"
        if capital:
            head = head[0].upper() + head[1:]
        sentence = self._say(f"{head} answered: ")
        for i, objection in enumerate(objections[:2]):
            sentence += self._say("; " if i else "", *self._how_answered(objection))
        if len(objections) > 2:
            sentence += self._say(f"; and {len(objections) - 2} more")
        return sentence + self._say(".")

    def _how_answered(self, argument: ArgumentNode) -> Sentence:
        """Why an objection (or a reason) does not hold: an undercut stands, or a premise falls."""
        for undercut in self.graph.undercuts_of.get(argument.id, []):
            if self._argument(undercut) == IN:
                return self._say(
                    *self._name(undercut), " undercuts ", *self._name(argument, bare=True)
                )
        for premise_id in argument.premise_ids:
            if self._claim(premise_id) == OUT:
                return self._why_claim_falls(premise_id)
        return self._say(*self._name(argument), " does not hold")  # not reached on a labelling

    def _why_claim_falls(self, claim_id: int) -> Sentence:
        """One clause: why a premise is OUT (rejected, objected to, or without a holding reason)."""
        quoted = self._quote(claim_id)
        if (REJECTED, claim_id) in self.framework.attackers:
            return self._say(f"{self.by} marked ", quoted, " rejected")
        standing = [o for o in self._objections(claim_id) if self._argument(o) == IN]
        if standing:
            return self._say(quoted, " is answered by ", *self._name(standing[0]))
        return self._say(quoted, " has no reason that holds")

    def _would_fall(self, claim_id: int) -> Sentence:
        if self._reasons(claim_id):
            return self._say(
                "An unanswered objection would make it fall, and so would losing every reason."
            )
        return self._say(
            "An unanswered objection would make it fall, and so would marking it rejected."
        )

    def _falls(self, claim_id: int) -> Why:
        if (REJECTED, claim_id) in self.framework.attackers:
            return Why(
                OUT,
                self._say(f"{self.by.capitalize()} marked it rejected."),
                self._say("Mark it accepted to let it stand, unless an objection to it stands."),
            )
        standing = [o for o in self._objections(claim_id) if self._argument(o) == IN]
        if standing:
            first = standing[0]
            if len(standing) == 1:
                because = self._say(
                    *self._name(first), " objects to it and nothing answers that objection."
                )
            else:
                because = self._say(
                    *self._names(standing), " object to it and nothing answers those objections."
                )
            grounds = [o.premise_ids[0] for o in standing if o.premise_ids]
            if len(standing) > 1:
                change = self._say("Answer each of them")
                if all(self._is_leaf(g) for g in grounds):
                    change += self._say(", or mark them rejected.")
                else:
                    change += self._say(" (object to them or undercut them).")
            elif self._is_leaf(grounds[0]):
                change = self._say(
                    "Answer that objection, or mark ", self._quote(grounds[0]), " rejected."
                )
            else:
                change = self._say(
                    "Answer that objection (object to ",
                    self._quote(grounds[0]),
                    " or undercut it).",
                )
            return Why(OUT, because, change)
        reasons = self._reasons(claim_id)
        head = "Its only reason fails: " if len(reasons) == 1 else "None of its reasons holds: "
        because = self._say(head, *self._how_answered(reasons[0]))
        if len(reasons) > 1:
            because += self._say("; ", *self._how_answered(reasons[1]))
            if len(reasons) > 2:
                because += self._say(f"; and {len(reasons) - 2} more")
        change = self._say("Give it a reason that holds, or answer what knocks its reasons down.")
        return Why(OUT, because + self._say("."), change)

    def _undecided(self, claim_id: int) -> Why:
        open_claim, cycle = undecided_cause(self.framework, self.labels, claim_id)
        if open_claim == claim_id:
            return Why(
                UNDEC,
                self._say(f"{self.by.capitalize()} left it open."),
                self._say("Mark it accepted or rejected to decide it."),
            )
        if open_claim is not None:
            quoted = self._quote(open_claim)
            return Why(
                UNDEC,
                self._say("It rests on ", quoted, f", which {self.by} left open."),
                self._say("Mark ", quoted, " accepted or rejected to decide it."),
            )
        claims = list(dict.fromkeys(i for kind, i in cycle if kind in (CLAIM, NOT)))
        arguments = [self.graph.arguments[i] for kind, i in cycle if kind == ARGUMENT]
        objecting = any(not _is_reason(a) for a in arguments)
        verb = "object to" if objecting else "support"
        others = [self._quote(c) for c in claims if c != claim_id]
        change = self._say("Answer one side, or mark one of those claims rejected.")
        if not others:
            return Why(
                UNDEC,
                self._say(
                    f"It {'objects to' if objecting else 'supports'} itself, through its "
                    "own arguments, and nothing settles whether it stands."
                ),
                self._say("Answer one of those arguments, or mark a claim in them rejected."),
            )
        circle = self._join(others)
        settle = "nothing settles which stands" if objecting else "nothing outside supports them"
        if claim_id in claims:
            because = self._say("It and ", *circle, f" {verb} each other in a circle and {settle}.")
        else:
            because = self._say(
                "It rests on ", *circle, f", which {verb} each other in a circle, and {settle}."
            )
        return Why(UNDEC, because, change)

    # -- naming ----------------------------------------------------------------------------

    def _judged_accepted(self, claim_id: int) -> Sentence:
        if claim_id in self.statuses:  # explicitly accepted (rejected or open would not be IN)
            return self._say(f"{self.by} marked it accepted")
        until = "until you judge it" if self.by == "you" else "until a member judges it"
        return self._say(f"it counts as accepted {until}")

    def _name(self, argument: ArgumentNode, bare: bool = False) -> Sentence:
        """An argument named by its first premise ("the reason “…”" when ``bare``)."""
        if not argument.premise_ids:
            return self._say("an argument")
        first = self._quote(argument.premise_ids[0])
        prefix = ("the reason " if _is_reason(argument) else "the objection ") if bare else ""
        others = len(argument.premise_ids) - 1
        more = f" (with {others} co-premise{'s' if others > 1 else ''})" if others else ""
        return self._say(prefix, first, more)

    def _names(self, arguments: list[ArgumentNode]) -> Sentence:
        return self._join([self._quote(a.premise_ids[0]) for a in arguments if a.premise_ids])

    def _join(self, quoted: list[Part]) -> Sentence:
        if len(quoted) > 3:
            return self._say(quoted[0], ", ", quoted[1], f" and {len(quoted) - 2} more")
        if len(quoted) == 1:
            return (quoted[0],)
        parts: list[Part | str] = []
        for i, part in enumerate(quoted):
            if i:
                parts.append(" and " if i == len(quoted) - 1 else ", ")
            parts.append(part)
        return self._say(*parts)

    def _quote(self, claim_id: int) -> Part:
        text = snippet(self.graph.claims[claim_id].text, QUOTED)
        if text.endswith(".") and not text.endswith(".."):  # the sentence has its own stop
            text = text[:-1]
        return Part(text, claim_id)

    @staticmethod
    def _say(*pieces: Part | str) -> Sentence:
        return tuple(p if isinstance(p, Part) else Part(p) for p in pieces if p != "")

    # -- the map around a claim ------------------------------------------------------------

    def _reasons(self, claim_id: int) -> list[ArgumentNode]:
        return [a for a in self.graph.arguments_for_claim.get(claim_id, []) if _is_reason(a)]

    def _objections(self, claim_id: int) -> list[ArgumentNode]:
        return [a for a in self.graph.arguments_for_claim.get(claim_id, []) if not _is_reason(a)]

    def _is_leaf(self, claim_id: int) -> bool:
        return not self._reasons(claim_id)

    def _argument(self, argument: ArgumentNode) -> Label:
        return self.labels[(ARGUMENT, argument.id)]

    def _claim(self, claim_id: int) -> Label:
        return self.labels[(CLAIM, claim_id)]


def _is_reason(argument: ArgumentNode) -> bool:
    return argument.kind == SUPPORT and argument.target_id is None
