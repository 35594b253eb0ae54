"""Arguments: reasons (support), objections (attacks on claims), undercuts (attacks on arguments)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db.models import Max

from argmap.accounts.models import User

from ..models import Argument, Claim, Map, Premise
from ..quick_entry import Entry
from .base import check_live, validate
from .claims import add_claim
from .deletion import delete_with_dependents
from .history import record, recorded, snapshot, together, versioned_change

PremiseInput = Claim | str


def _premise_claims(
    *, map: Map, premises: Sequence[PremiseInput], author: User | None
) -> list[Claim]:
    """Existing claims are checked; texts become new claims of the map."""
    if not premises:
        raise ValidationError({"premises": "An argument needs at least one premise."})
    claims: list[Claim] = []
    for premise in premises:
        if isinstance(premise, str):
            claims.append(add_claim(map=map, text=premise, author=author))
            continue
        if premise.map_id != map.pk:
            raise ValidationError({"premises": f"The claim “{premise}” belongs to another map."})
        check_live(premise, "premise")
        claims.append(premise)
    if len({c.pk for c in claims}) != len(claims):
        raise ValidationError({"premises": "The same claim is given twice as a premise."})
    return claims


def _create_argument(
    *,
    map: Map,
    kind: str,
    premises: Sequence[PremiseInput],
    author: User | None,
    conclusion: Claim | None = None,
    target: Argument | None = None,
    scheme: str = "",
) -> Argument:
    if scheme and kind != Argument.Kind.SUPPORT:
        raise ValidationError({"scheme": "Only a reason (support) names a scheme."})
    argument = Argument(
        map=map, kind=kind, conclusion=conclusion, target=target, scheme=scheme, author=author
    )
    validate(argument)
    with together():  # the new premises' changes and its own, in one statement
        claims = _premise_claims(map=map, premises=premises, author=author)
        if conclusion is not None and conclusion.pk in {c.pk for c in claims}:
            raise ValidationError(
                {"premises": "A claim cannot be a premise of an argument about itself."}
            )
        argument.save()
        Premise.objects.bulk_create(
            Premise(argument=argument, claim=claim, position=i) for i, claim in enumerate(claims)
        )
        after = snapshot(argument, premise_ids=[claim.pk for claim in claims])
        record(map=map, actor=author, operation="argument.create", obj=argument, after=after)
    return argument


@recorded
def add_support(
    *, conclusion: Claim, premises: Sequence[PremiseInput], author: User | None, scheme: str = ""
) -> Argument:
    """A reason for ``conclusion``: one premise, or several co-premises that argue together."""
    check_live(conclusion, "conclusion")
    return _create_argument(
        map=conclusion.map,
        kind=Argument.Kind.SUPPORT,
        conclusion=conclusion,
        premises=premises,
        author=author,
        scheme=scheme,
    )


@recorded
def add_rebuttal(
    *, claim: Claim, premises: Sequence[PremiseInput], author: User | None, scheme: str = ""
) -> Argument:
    """An objection: an attack on a claim (naming a scheme is refused: only reasons do)."""
    check_live(claim, "claim under attack")
    return _create_argument(
        map=claim.map,
        kind=Argument.Kind.ATTACK,
        conclusion=claim,
        premises=premises,
        author=author,
        scheme=scheme,
    )


@recorded
def add_undercut(
    *, argument: Argument, premises: Sequence[PremiseInput], author: User | None, scheme: str = ""
) -> Argument:
    """An attack on an argument: its premises do not lead to its conclusion (no scheme, as
    objections)."""
    if not isinstance(argument, Argument):
        raise ValidationError(
            {"target": "An undercut attacks an argument, not a claim; use an objection instead."}
        )
    check_live(argument, "argument under attack")
    return _create_argument(
        map=argument.map,
        kind=Argument.Kind.ATTACK,
        target=argument,
        premises=premises,
        author=author,
        scheme=scheme,
    )


@recorded
def add_argument_tree(
    *, claim: Claim, entries: Sequence[Entry], author: User | None
) -> list[Argument]:
    """Several reasons and objections at once (quick entry), nested as written and made in
    reading order: one action, so one undo takes them all back. Each entry is a new claim."""
    made: list[Argument] = []

    def add(conclusion: Claim, entry: Entry) -> None:
        premise = add_claim(map=conclusion.map, text=entry.text, author=author)
        if entry.kind == Argument.Kind.SUPPORT:
            made.append(add_support(conclusion=conclusion, premises=[premise], author=author))
        else:
            made.append(add_rebuttal(claim=conclusion, premises=[premise], author=author))
        for child in entry.children:
            add(premise, child)

    with together():  # every change of the tree in one statement
        for entry in entries:
            add(claim, entry)
    return made


def _argument_claim_ids(argument: Argument) -> set[int]:
    return set(argument.premise_links.values_list("claim_id", flat=True))


@recorded
def add_premise(
    *, argument: Argument, version: int, premise: PremiseInput, author: User | None
) -> Argument:
    """Add a co-premise to an argument."""
    (claim,) = _premise_claims(map=argument.map, premises=[premise], author=author)
    if claim.pk in _argument_claim_ids(argument):
        raise ValidationError({"premises": "This claim is already a premise of the argument."})
    if claim.pk == argument.conclusion_id:
        raise ValidationError(
            {"premises": "A claim cannot be a premise of an argument about itself."}
        )
    with versioned_change(
        argument, version=version, operation="argument.add_premise", actor=author
    ):
        position = (argument.premise_links.aggregate(m=Max("position"))["m"] or 0) + 1
        Premise.objects.create(argument=argument, claim=claim, position=position)
    return argument


@recorded
def remove_premise(
    *, argument: Argument, version: int, claim: Claim, actor: User | None = None
) -> Argument:
    links = argument.premise_links.select_related("claim")
    if claim.pk not in {link.claim_id for link in links}:
        raise ValidationError({"premises": "This claim is not a premise of the argument."})
    if sum(1 for link in links if link.claim.deleted_at is None and link.claim_id != claim.pk) == 0:
        raise ValidationError(
            {"premises": "An argument keeps at least one premise; delete the argument instead."}
        )
    with versioned_change(
        argument, version=version, operation="argument.remove_premise", actor=actor
    ):
        Premise.objects.filter(argument=argument, claim=claim).delete()
    return argument


@recorded
def delete_argument(*, argument: Argument, actor: User | None = None) -> None:
    """Delete an argument with the undercuts that attack it, as one action that restoring undoes."""
    delete_with_dependents(argument, actor=actor)  # marks ``argument`` deleted, in hand too


@recorded
def move_argument(
    *, argument: Argument, version: int, conclusion: Claim, actor: User | None = None
) -> Argument:
    """Make the argument argue for (or against) another claim of the same map."""
    if argument.target_id is not None:
        raise ValidationError(
            {"conclusion": "An undercut attacks an argument; it has no conclusion to change."}
        )
    if conclusion.map_id != argument.map_id:
        raise ValidationError({"conclusion": "That claim belongs to another map."})
    check_live(conclusion, "new conclusion")
    if conclusion.pk in _argument_claim_ids(argument):
        raise ValidationError(
            {"conclusion": "A claim cannot be the conclusion of an argument it is a premise of."}
        )
    with versioned_change(
        argument, version=version, operation="argument.move", actor=actor, conclusion=conclusion
    ):
        pass
    return argument
