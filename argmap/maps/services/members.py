"""Who belongs to a map and in which role; a map always keeps at least one owner."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q

from argmap.accounts.models import User

from ..models import Map, Membership
from .history import record, recorded, snapshot

Role = Membership.Role


def _lock(map: Map) -> None:
    """Serialise membership changes of one map, so two owners leaving at once cannot both go."""
    Map.objects.select_for_update().filter(pk=map.pk).first()


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.labels)}."})


def _keeps_an_owner(map: Map, *, without: Membership) -> None:
    others = Membership.objects.filter(map=map, role=Role.OWNER).exclude(pk=without.pk)
    if not others.exists():
        raise ValidationError("A map needs an owner: make someone else owner first.")


@recorded
def invite_member(*, map: Map, identifier: str, role: str, actor: User | None = None) -> Membership:
    """Add an existing user, found by user name or e-mail address, with ``role``."""
    _check_role(role)
    identifier = identifier.strip()
    users = list(
        User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))[:2]
    )
    if not identifier or not users:
        raise ValidationError(
            {"identifier": f"No user is called or has the address “{identifier}”."}
        )
    if len(users) > 1:
        raise ValidationError({"identifier": "Several accounts match; use the user name."})
    _lock(map)
    if Membership.objects.filter(map=map, user=users[0]).exists():
        raise ValidationError(
            {"identifier": f"{users[0].username} is a member already; change their role below."}
        )
    member = Membership.objects.create(map=map, user=users[0], role=role)
    record(map=map, actor=actor, operation="member.add", obj=member, after=snapshot(member))
    return member


@recorded
def change_role(*, membership: Membership, role: str, actor: User | None = None) -> Membership:
    _check_role(role)
    _lock(membership.map)
    if membership.role == Role.OWNER and role != Role.OWNER:
        _keeps_an_owner(membership.map, without=membership)
    before = snapshot(membership)
    Membership.objects.filter(pk=membership.pk).update(role=role)
    membership.refresh_from_db()
    record(
        map=membership.map_id,
        actor=actor,
        operation="member.role",
        obj=membership,
        before=before,
        after=snapshot(membership),
    )
    return membership


@recorded
def remove_member(*, membership: Membership, actor: User | None = None) -> None:
    """Remove a member, or let them leave; the last owner cannot go."""
    _lock(membership.map)
    if membership.role == Role.OWNER:
        _keeps_an_owner(membership.map, without=membership)
    record(
        map=membership.map_id,
        actor=actor,
        operation="member.remove",
        obj=membership,
        before=snapshot(membership),
    )
    membership.delete()


@recorded
def transfer_ownership(*, map: Map, from_user: User, to: Membership) -> Membership:
    """Make a member the owner; the previous owner stays as an editor."""
    _lock(map)
    if to.map_id != map.pk:
        raise ValidationError("That person is not a member of this map.")
    Membership.objects.filter(pk=to.pk).update(role=Role.OWNER)
    Membership.objects.filter(map=map, user=from_user).exclude(pk=to.pk).update(role=Role.EDITOR)
    to.refresh_from_db()
    record(map=map, actor=from_user, operation="member.transfer", obj=to, after=snapshot(to))
    return to
