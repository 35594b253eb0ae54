"""Presence: a page tells which claim's edit form it has open (argmap/maps/presence.py)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from argmap.query import BadQuery, id_field

from .. import presence
from .common import author, claim_of, map_for

STREAM_GONE = "This page's event stream has ended; it says again what it edits when it reconnects."


class EditingForm(forms.Form):
    stream = forms.UUIDField()  # the page's event stream, named in its presence events
    editing = id_field()  # the claim whose edit form is open; empty: none


@require_POST
def map_presence(request: HttpRequest, slug: str) -> HttpResponse:
    map = map_for(request, slug, need="edit")  # only editors have the edit form
    form = EditingForm(request.POST)
    if not form.is_valid():
        raise BadQuery({name: [str(m) for m in ms] for name, ms in form.errors.items()})
    editing = form.cleaned_data["editing"]
    claim = claim_of(map, editing) if editing else None  # a 404 if the map has no such claim
    stream = form.cleaned_data["stream"]
    if not presence.set_editing(stream=stream, map=map, user=author(request), claim=claim):
        return HttpResponse(STREAM_GONE, status=410, content_type="text/plain")
    return HttpResponse(status=204)
