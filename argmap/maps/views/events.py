"""The live-update stream of a map (server-sent events); argmap/maps/events.py does the work."""

from __future__ import annotations

from django import forms
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from argmap.query import BadQuery, id_field

from ..events import hub, release_connection, stream
from ..models import Map
from .common import map_for


class EventsQuery(forms.Form):
    # The last change the viewer saw: EventSource sends the Last-Event-ID header when it
    # reconnects; a client that cannot set headers passes it in the address.
    last_event_id = id_field()


def last_seen(request: HttpRequest) -> int | None:
    given = request.headers.get("Last-Event-ID") or request.GET.get("last_event_id")
    form = EventsQuery({"last_event_id": given})
    if not form.is_valid():
        raise BadQuery({name: [str(m) for m in ms] for name, ms in form.errors.items()})
    return form.cleaned_data["last_event_id"]


def readable_map(request: HttpRequest, slug: str) -> Map:
    """The map (a 404 if the visitor may not read it), holding no connection while streaming."""
    try:
        return map_for(request, slug)
    finally:
        release_connection()


async def map_events(request: HttpRequest, slug: str) -> HttpResponse | StreamingHttpResponse:
    after = last_seen(request)
    user = await request.auser()
    map = await hub().query(readable_map, request, slug)
    if not isinstance(request, ASGIRequest):
        # A sync (WSGI) server would hold a worker per stream for ever; a 204 tells EventSource
        # to stop trying. The pages work as before, without live updates.
        return HttpResponse(status=204)
    response = StreamingHttpResponse(stream(map.pk, user, after), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # a proxy passes each event on at once
    return response
