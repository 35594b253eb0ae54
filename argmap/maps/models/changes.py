"""The change log: one row per change a service made, grouped into user actions (undo, history,
live updates)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from .content import Map


class Change(models.Model):
    """One write made through the services, recorded in the same transaction.

    Changes made by one user action (adding a reason writes its new claim, the argument and its
    premises) share an ``action``; "undo" undoes a whole action.
    """

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="changes")
    action = models.UUIDField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    operation = models.CharField(max_length=40)  # e.g. claim.update, argument.create
    object_type = models.CharField(max_length=20)  # claim, argument, annotation, map, membership
    object_id = models.BigIntegerField()
    claim_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)  # claims it touches
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    is_undo = models.BooleanField(default=False)  # made by undoing an earlier action
    undone = models.BooleanField(default=False)  # its action was undone since
    # For an undo, and for a redo (the undo of an undo): the user action it takes back or makes
    # again, which the toolbar names ("Undo: added 3 reasons", "Redo: …").
    original_action = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["map", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
            GinIndex(fields=["claim_ids"]),
            # A user's last action on a map (each write's answer, undo): one index entry, not a
            # walk back through everyone's changes.
            models.Index(fields=["map", "actor", "-at", "-id"], name="change_last_action_idx"),
            # The map's state for the evaluation cache (count and newest id, index only) and the
            # event stream's replay after a change id.
            models.Index(fields=["map", "id"], name="change_map_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.object_type} {self.object_id} at {self.at:%Y-%m-%d %H:%M}"
