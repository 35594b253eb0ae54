"""Presence: one row per open event stream (``argmap/maps/presence.py``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .content import Claim, Map


class Presence(models.Model):
    """One open event stream of a map (a browser tab showing it): who has the map open now, and
    the claim whose edit form that tab has open. Transient: written by the hub of the app server
    that serves the stream (argmap/maps/presence.py), in PostgreSQL so that every server agrees."""

    stream = models.UUIDField(primary_key=True)
    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(  # None: a guest reading a public map
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    editing = models.ForeignKey(Claim, null=True, on_delete=models.SET_NULL, related_name="+")
    seen_at = models.DateTimeField(db_index=True)  # refreshed while the stream is open

    class Meta:
        indexes = [models.Index(fields=["map", "seen_at"])]

    def __str__(self) -> str:
        return f"stream {self.stream} of map {self.map_id}"
