"""Who may do what on a map: memberships, and the invitation links people join through."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from .content import Map


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        EDITOR = "editor", "Editor"
        COMMENTER = "commenter", "Commenter"
        VIEWER = "viewer", "Viewer"

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["map", "user"], name="one_membership_per_map_and_user")
        ]

    def __str__(self) -> str:
        return f"{self.role} of map {self.map_id}: user {self.user_id}"  # no row loaded


class Invitation(models.Model):
    """A link that lets whoever holds it join a map with a role, until it expires or is revoked.

    The token is the credential: kept as is (owners copy the link again from the settings page),
    unique, and left out of backups (argmap/maps/backup.py).
    """

    class State(models.TextChoices):
        OPEN = "open", "Open"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Withdrawn"

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=16, choices=Membership.Role.choices)
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)  # None: never
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.EmailField(blank=True)  # the address it was e-mailed to, if it was

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Membership.Role.OWNER), name="invitation_never_makes_owners"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} link to map {self.map_id}"  # never the token

    def state(self, now: datetime.datetime) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at is not None and self.expires_at <= now:
            return self.State.EXPIRED
        return self.State.OPEN


class InvitationUse(models.Model):
    """Who joined through a link, and when (kept when they later leave the map)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]

    def __str__(self) -> str:
        return f"user {self.user_id} through invitation {self.invitation_id}"
