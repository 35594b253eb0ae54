"""A member's judgements of claims, which the evaluation of the map starts from."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from argmap.accounts.models import User

from ..models import Claim, Judgement
from .history import recorded


@recorded
def judge_claim(*, claim: Claim, user: User, status: str, base_score: float) -> Judgement:
    """Record what ``user`` holds of ``claim`` (kept per user; the map's history is not touched)."""
    if claim.deleted_at is not None:
        raise ValidationError("This claim is deleted.")
    fields = {"map_id": claim.map_id, "status": status, "base_score": base_score}
    Judgement(user=user, claim=claim, **fields).full_clean(exclude=["user"])
    # One row per user and claim, even for a form sent twice at once: update_or_create locks the
    # row, or on a clash with a concurrent insert reads the row that won and updates it.
    judgement, _ = Judgement.objects.update_or_create(user=user, claim=claim, defaults=fields)
    return judgement
