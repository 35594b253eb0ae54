"""Evaluate a map: which claims stand (grounded semantics) and how strongly (DF-QuAD).

Pure Python on ``argmap.graph.ArgumentGraph``; no database. ``framework.py`` documents how a map
becomes an abstract argumentation framework, ``dfquad.py`` how it becomes a quantitative one.

    labelling = evaluate_grounded(graph, {leaf_id: "rejected"})
    labelling.claims[claim_id]      # "IN", "OUT" or "UNDEC"
    labelling.explain(claim_id)     # "OUT: attacked by “Second, this resolution…”, which stands."
    explain_in_words(labelling, claim_id).text  # words.py: why, and what would change it, for a
                                    # coach ("“…” objects to it and nothing answers that objection.")
    strengths = evaluate_dfquad(graph, {claim_id: 0.8})
    strengths.claims[claim_id]      # in [0, 1]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from argmap.graph import ArgumentGraph

from .dfquad import DEFAULT_BASE_SCORE, Strengths, evaluate_dfquad
from .explain import explain_claim
from .framework import ARGUMENT, CLAIM, Framework, Node, Status, build_framework, leaf_claim_ids
from .grounded import IN, OUT, UNDEC, Label, grounded_extension, grounded_labelling

__all__ = [
    "DEFAULT_BASE_SCORE",
    "IN",
    "OUT",
    "UNDEC",
    "Label",
    "Labelling",
    "Status",
    "Strengths",
    "evaluate_dfquad",
    "evaluate_grounded",
    "grounded_extension",
    "grounded_labelling",
    "leaf_claim_ids",
]


@dataclass
class Labelling:
    """The grounded label of every claim and argument of a map."""

    claims: dict[int, Label]
    arguments: dict[int, Label]
    graph: ArgumentGraph = field(repr=False)
    framework: Framework = field(repr=False)
    nodes: dict[Node, Label] = field(repr=False)  # every framework node's label

    def explain(self, claim_id: int) -> str:
        """Why the claim has its label, in a sentence."""
        return explain_claim(self.graph, self.framework, self.nodes, claim_id)


def evaluate_grounded(graph: ArgumentGraph, statuses: Mapping[int, Status] = {}) -> Labelling:
    """Grounded labels, given what the user accepts, rejects or leaves open among the leaves
    (``leaf_claim_ids``; accepted by default)."""
    framework = build_framework(graph, statuses)
    nodes = grounded_labelling(framework.attackers, framework.attacks())
    return Labelling(
        claims={cid: nodes[(CLAIM, cid)] for cid in graph.claims},
        arguments={aid: nodes[(ARGUMENT, aid)] for aid in graph.arguments},
        graph=graph,
        framework=framework,
        nodes=nodes,
    )
