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
    judgement = Judgement.objects.filter(user=user, claim=claim).first() or Judgement(
        map_id=claim.map_id, user=user, claim=claim
    )
    judgement.status, judgement.base_score = status, base_score
    judgement.full_clean()
    judgement.save()
    return judgement
