"""Evaluating a map for a reader: their own judgements, or all members' combined."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from argmap.accounts.models import User
from argmap.evaluation import Labelling, Status, Strengths, evaluate_dfquad, evaluate_grounded
from argmap.evaluation.words import Why, explain_in_words
from argmap.graph import ArgumentGraph

from .models import Judgement, Map

MINE, EVERYONE = "mine", "everyone"


@dataclass
class Evaluation:
    whose: str  # MINE or EVERYONE
    statuses: dict[int, Status]
    base_scores: dict[int, float]
    labelling: Labelling
    strengths: Strengths


def judgements_of(
    map: Map, user: User | AnonymousUser, whose: str
) -> tuple[dict[int, Status], dict[int, float]]:
    """Statuses and base scores to evaluate with (one query).

    Everyone's: each claim takes the status most members gave it (ties count as open) and the
    mean of their base scores.
    """
    rows = Judgement.objects.filter(map=map)
    if whose == MINE:
        if not user.is_authenticated:
            return {}, {}
        rows = rows.filter(user=user)
    votes: dict[int, Counter[str]] = defaultdict(Counter)
    scores: dict[int, list[float]] = defaultdict(list)
    for claim_id, status, score in rows.values_list("claim_id", "status", "base_score"):
        votes[claim_id][status] += 1
        scores[claim_id].append(score)
    statuses: dict[int, Status] = {}
    for claim_id, counter in votes.items():
        (top, n), *rest = counter.most_common()
        statuses[claim_id] = "open" if rest and rest[0][1] == n else top  # type: ignore[assignment]
    return statuses, {cid: sum(s) / len(s) for cid, s in scores.items()}


def evaluate_map(
    map: Map, graph: ArgumentGraph, user: User | AnonymousUser, whose: str = MINE
) -> Evaluation:
    statuses, base_scores = judgements_of(map, user, whose)
    return Evaluation(
        whose=whose,
        statuses=statuses,
        base_scores=base_scores,
        labelling=evaluate_grounded(graph, statuses),
        strengths=evaluate_dfquad(graph, base_scores),
    )


def why(evaluation: Evaluation, claim_id: int) -> Why:
    """Why the claim has its label in this evaluation, and what would change it, in words."""
    judged_by = "you" if evaluation.whose == MINE else "members"
    return explain_in_words(
        evaluation.labelling, claim_id, statuses=evaluation.statuses, judged_by=judged_by
    )
