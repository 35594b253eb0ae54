"""How a map becomes an abstract argumentation framework, for Dung's grounded semantics.

A map (``ArgumentGraph``) has claims and arguments: a *support* argument concludes a claim from
its premises, all of them needed (co-premises); an *attack* argument either rebuts a claim (its
``conclusion_id``) or undercuts an argument (its ``target_id``). We read it in the manner of
ASPIC+ (Modgil & Prakken 2013):

- a claim that no support argument concludes is a *leaf*: it is taken as a premise of its own
  (an axiom-like argument), accepted unless the user says otherwise;
- an argument stands only if each of its premises stands and nothing undercuts it; a support
  argument also needs its conclusion not to be rebutted (an attack on a claim rebuts every
  argument that concludes it);
- a claim with support arguments stands if at least one of them stands;
- an attack on a claim undermines every argument that uses the claim as a premise, and with it
  every argument built on top of those (a sub-premise).

Building every ASPIC+ argument (one per way of choosing a sub-argument for each premise) can
take exponential space, and adding an attack from each rebuttal to each argument that concludes
or uses the claim can take quadratic space. Instead, the framework below has a few nodes per
claim and per argument, each an "and" or "or" of other nodes written with attacks alone: a node
is IN when all its attackers are OUT, so a node attacked by A and B reads "neither A nor B".
Its size, and so the time to label it, is linear in the size of the map.

Nodes are pairs ``(kind, id)``:

=========================  ===================================================================
node                       IN exactly when …, and its attackers
=========================  ===================================================================
``("claim", c)``           c stands. A leaf is attacked by each attack argument on c (and by
                           the user's ``rejected``/``open`` node, if any); a claim with reasons
                           is attacked only by ``("unsupported", c)``.
``("argument", a)``        the argument stands. Attacked by ``("not", p)`` for each premise p,
                           by each undercut of a, and, for a support argument for c, by
                           ``("rebutted", c)``.
``("not", c)``             c does not stand. Attacked by ``("claim", c)``; attacks every
                           argument with premise c. This is how an attack on c reaches every
                           argument that uses c: when the attack stands, c is OUT, ``("not",
                           c)`` is IN and each argument using c is OUT — and so, if it was the
                           only reason for its conclusion, is that conclusion, and so on up.
``("unsupported", c)``     no support argument for c stands. Attacked by each of them.
``("unrebutted", c)``      every attack on c fails. Attacked by each attack argument on c.
``("rebutted", c)``        some attack on c stands. Attacked by ``("unrebutted", c)``; attacks
                           every support argument for c (so a rebuttal defeats all of them).
``("rejected", c)``        always (never attacked): the user rejects leaf c, which is OUT.
``("open", c)``            never (it attacks itself, so it is UNDEC): the user leaves leaf c
                           open, which is UNDEC — or OUT if an attack on it stands.
=========================  ===================================================================

The ``unrebutted``/``rebutted`` pair exists only for a claim with both reasons and attacks; the
``not`` node only for a claim used as a premise. An undercut is an argument node attacking the
argument node it targets. Grounded semantics then labels the nodes (``grounded.py``): what rests
on a cycle of attacks or of reasons, or on an open leaf, is UNDEC, never a recursion error.
Two departures from textbook ASPIC+ follow from treating the map's arrows as given: attacks are
one-way (a rebuttal is not itself rebutted by the claim it attacks), and a claim supported only
through a circle of reasons is UNDEC rather than unsupported.

Leaf statuses (``statuses``; a status given for a claim that has reasons, or for a claim not in
the map, is ignored): ``accepted`` (the default) — IN unless an attack on it stands;
``rejected`` — OUT; ``open`` — UNDEC, unless an attack on it stands, which makes it OUT.

Worked example: the seed map (``seeds/manifest.toml``)
------------------------------------------------------
The central claim *decision* (OP2, "Decides to establish…") has ten support arguments, four of
them with co-premises (crime-is-rising: PP1, PP3, PP4; cooperation-needed: PP5; expert-study:
PP7, PP9; options-for-new-responses: PP10, PP13) and six with one paragraph each (PP2, PP6, PP8,
PP11, PP12, PP14). Four attack arguments rebut it, with premises us-position ("The United States
must vote no…"), us-reason-1 ("First, …"), us-reason-2 ("Second, …") and us-reason-3 ("Third,
…"). Three undercuts: us-divisive-process undercuts cooperation-needed, us-reason-2 undercuts
expert-study, us-reason-3 undercuts options-for-new-responses.

The framework has 59 nodes: 20 claim nodes, 17 argument nodes, 19 ``not`` nodes (every claim but
the decision is a premise) and ``unsupported``, ``unrebutted`` and ``rebutted`` for the decision.
It has 69 attacks: 19 claim → not; 21 not → argument (one per premise: 14 in the reasons, 4 in
the rebuttals, 3 in the undercuts); 10 reason → unsupported; unsupported → decision; 4 rebuttal
→ unrebutted; unrebutted → rebutted; 10 rebutted → reason; 3 undercut → argument.

With every leaf accepted, grounded semantics runs:

1. the 19 leaves (PP1–PP14 and the five US claims) are unattacked: IN; their ``not`` nodes OUT;
2. the four rebuttals and the three undercuts now have all attackers OUT: IN;
3. so ``unrebutted`` is OUT and ``rebutted`` IN, which makes all ten reasons OUT (three of them
   are undercut as well);
4. so ``unsupported`` is IN and the decision OUT.

Result: the decision is OUT ("attacked by “The United States must vote no…”, which stands"), the
19 other claims IN; the 4 rebuttals and 3 undercuts IN, the 10 reasons OUT; nothing UNDEC.

If the analyst rejects us-position, us-reason-1, us-reason-2 and us-reason-3, those four claims
are OUT, so are the four rebuttals and the undercuts of expert-study and options-for-new-
responses; us-divisive-process still stands, so cooperation-needed stays OUT, but the nine other
reasons stand and the decision is IN. If instead us-reason-2 is left open (the other three still
rejected), its rebuttal is UNDEC, so is ``rebutted``, so are the nine reasons not undercut by a
standing claim, and the decision is UNDEC: it depends on an open claim.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from argmap.graph import SUPPORT, ArgumentGraph

Status = Literal["accepted", "rejected", "open"]
STATUSES: tuple[Status, ...] = ("accepted", "rejected", "open")

CLAIM = "claim"
ARGUMENT = "argument"
NOT = "not"
UNSUPPORTED = "unsupported"
UNREBUTTED = "unrebutted"
REBUTTED = "rebutted"
REJECTED = "rejected"
OPEN = "open"

Node = tuple[str, int]


@dataclass
class Framework:
    """An abstract framework: every node with the nodes that attack it."""

    attackers: dict[Node, list[Node]] = field(default_factory=dict)

    @property
    def nodes(self) -> list[Node]:
        return list(self.attackers)

    def attacks(self) -> Iterator[tuple[Node, Node]]:
        for target, attackers in self.attackers.items():
            for attacker in attackers:
                yield attacker, target

    def _attack(self, attacker: Node, target: Node) -> None:
        self.attackers.setdefault(target, []).append(attacker)


def leaf_claim_ids(graph: ArgumentGraph) -> set[int]:
    """Claims no support argument concludes: the ones a user may accept, reject or leave open."""
    supported = {
        a.conclusion_id
        for a in graph.arguments.values()
        if a.kind == SUPPORT and a.target_id is None
    }
    return set(graph.claims) - supported


def build_framework(graph: ArgumentGraph, statuses: Mapping[int, Status] = {}) -> Framework:
    """The framework of the map, as the module docstring describes it."""
    reasons: dict[int, list[int]] = defaultdict(list)
    rebuttals: dict[int, list[int]] = defaultdict(list)
    for argument in graph.arguments.values():
        if argument.target_id is not None:
            _check(graph.arguments, argument.target_id, "argument", argument.id)
        elif argument.conclusion_id is not None:
            _check(graph.claims, argument.conclusion_id, "claim", argument.id)
            into = reasons if argument.kind == SUPPORT else rebuttals
            into[argument.conclusion_id].append(argument.id)

    framework = Framework()
    attack = framework._attack
    for claim_id in graph.claims:
        claim: Node = (CLAIM, claim_id)
        framework.attackers[claim] = []
        if claim_id in reasons:
            unsupported: Node = (UNSUPPORTED, claim_id)
            framework.attackers[unsupported] = [(ARGUMENT, a) for a in reasons[claim_id]]
            attack(unsupported, claim)
            if claim_id in rebuttals:
                unrebutted: Node = (UNREBUTTED, claim_id)
                framework.attackers[unrebutted] = [(ARGUMENT, a) for a in rebuttals[claim_id]]
                rebutted: Node = (REBUTTED, claim_id)
                framework.attackers[rebutted] = [unrebutted]
                for reason_id in reasons[claim_id]:
                    attack(rebutted, (ARGUMENT, reason_id))
            continue
        for attack_id in rebuttals.get(claim_id, []):
            attack((ARGUMENT, attack_id), claim)
        status = statuses.get(claim_id, "accepted")
        if status == "rejected":
            framework.attackers[(REJECTED, claim_id)] = []
            attack((REJECTED, claim_id), claim)
        elif status == "open":
            framework.attackers[(OPEN, claim_id)] = [(OPEN, claim_id)]
            attack((OPEN, claim_id), claim)
        elif status != "accepted":
            raise ValueError(f"claim {claim_id}: status must be one of {STATUSES}, not {status!r}")

    for argument in graph.arguments.values():
        node: Node = (ARGUMENT, argument.id)
        framework.attackers.setdefault(node, [])
        for premise_id in argument.premise_ids:
            _check(graph.claims, premise_id, "claim", argument.id)
            fails: Node = (NOT, premise_id)
            if fails not in framework.attackers:
                framework.attackers[fails] = [(CLAIM, premise_id)]
            attack(fails, node)
        if argument.target_id is not None:
            attack(node, (ARGUMENT, argument.target_id))
    return framework


def _check(known: Mapping[int, object], key: int, what: str, argument_id: int) -> None:
    if key not in known:
        raise ValueError(f"argument {argument_id} names {what} {key}, which is not in the map")
