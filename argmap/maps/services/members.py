"""Who belongs to a map and in which role; a map always keeps at least one owner."""

from __future__ import annotations

import datetime
import secrets
import smtplib
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone

from argmap.accounts.models import User

from ..models import Invitation, InvitationUse, Map, Membership
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


# What a link may make people: an owner is made one by one, by name, never by a link.
LINK_ROLES = (Role.VIEWER, Role.COMMENTER, Role.EDITOR)


EMAILED_LINK_LIFETIME = datetime.timedelta(days=7)


def a_role(role: str) -> str:
    """ "an editor", "a viewer": a role's name as a sentence says it."""
    name = Role(role).label.lower()
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _link_state(invitation: Invitation) -> dict[str, str | None]:
    """What the change log keeps of a link (never its token)."""
    return {
        "role": invitation.role,
        "expires_at": invitation.expires_at.isoformat() if invitation.expires_at else None,
        "sent_to": invitation.sent_to,
    }


@recorded
def create_invitation(
    *,
    map: Map,
    role: str,
    expires_in: datetime.timedelta | None,
    actor: User | None = None,
    sent_to: str = "",
) -> Invitation:
    """A new link to join ``map`` as ``role``, open for ``expires_in`` (None: until revoked)."""
    if role not in LINK_ROLES:
        raise ValidationError(
            {"role": "A link can make people viewers, commenters or editors; make owners below."}
        )
    invitation = Invitation.objects.create(
        map=map,
        role=role,
        token=secrets.token_urlsafe(24),  # 192 random bits: nobody guesses one
        created_by=actor if actor is not None and actor.is_authenticated else None,
        expires_at=timezone.now() + expires_in if expires_in is not None else None,
        sent_to=sent_to,
    )
    record(
        map=map,
        actor=actor,
        operation="invitation.create",
        obj=invitation,
        after=_link_state(invitation),
    )
    return invitation


@recorded
def email_invitation(
    *, map: Map, email: str, role: str, link: Callable[[Invitation], str], actor: User
) -> Invitation:
    """Make a link open for a week and e-mail it to ``email`` (who may have no account yet);
    ``link`` makes the link's address. If the mail cannot be sent, no link is made."""
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError(
            {"identifier": "Enter an e-mail address to send the link to."}
        ) from error
    invitation = create_invitation(
        map=map, role=role, expires_in=EMAILED_LINK_LIFETIME, actor=actor, sent_to=email
    )
    until = invitation.expires_at.strftime("%-d %B %Y, %H:%M UTC") if invitation.expires_at else ""
    body = (
        f"{actor.username} invites you to join the argument map “{map.title}” on argmap "
        f"as {a_role(role)}.\n\nOpen this link to join; you can create an account there:\n"
        f"{link(invitation)}\n\nThe link is open until {until}. If you did not expect this "
        "e-mail, you can ignore it."
    )
    try:
        send_mail(f"{actor.username} invites you to “{map.title}”", body, None, [email])
    except (OSError, smtplib.SMTPException) as error:
        raise ValidationError(
            {"identifier": f"The e-mail could not be sent ({error}); make a link below instead."}
        ) from error
    return invitation


@recorded
def revoke_invitation(*, invitation: Invitation, actor: User | None = None) -> Invitation:
    """Withdraw a link: nobody joins through it any more; those who joined stay members."""
    revoked = Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    invitation.refresh_from_db()
    if revoked:
        record(
            map=invitation.map_id,
            actor=actor,
            operation="invitation.revoke",
            obj=invitation,
            before=_link_state(invitation),
        )
    return invitation


@recorded
def join_by_invitation(*, invitation: Invitation, user: User) -> tuple[Membership, bool]:
    """Make ``user`` a member with the link's role; (membership, True) if they joined now.

    A member already keeps their role, even a lower one: an owner may have lowered it on
    purpose, and a link must not undo that (they ask an owner instead).
    """
    _lock(invitation.map)
    invitation.refresh_from_db(fields=["revoked_at", "expires_at"])
    state = invitation.state(timezone.now())
    if state != Invitation.State.OPEN:
        raise ValidationError(f"This link is {invitation.State(state).label.lower()}.")
    member = Membership.objects.filter(map=invitation.map, user=user).first()
    if member is not None:
        return member, False
    member = Membership.objects.create(map=invitation.map, user=user, role=invitation.role)
    InvitationUse.objects.create(invitation=invitation, user=user)
    record(
        map=invitation.map,
        actor=user,
        operation="member.join",
        obj=member,
        after={**snapshot(member), "invitation": invitation.pk},
    )
    return member, True
