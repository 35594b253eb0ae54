"""Live updates: the stream of a map's changes (server-sent events; argmap/maps/events.py does
the work), and the outline's pieces a change touched, as this viewer may see them."""

from __future__ import annotations

from django import forms
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from argmap.query import BadQuery, IdListField, id_field, parse_query

from ..events import hub, release_connection, stream
from ..models import Argument, Claim, Map
from .answers import render_pieces
from .common import detail_context, map_for


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


class FragmentsQuery(forms.Form):
    # ?claims=3&claims=5: the claim ids of the changes a page was told about (at most 100)
    claims = IdListField(required=True)

    def clean_claims(self) -> set[int]:
        if not self.cleaned_data["claims"]:
            raise forms.ValidationError("Name at least one claim.")
        return self.cleaned_data["claims"]


def claims_to_redraw(map: Map, claim_ids: set[int]) -> set[int]:
    """The given claims of this map (deleted ones too: they must go from the page), with the
    conclusions of the arguments their undercuts attack: an undercut is drawn in that group,
    and its change names only its premises. Two queries."""
    ids = set(Claim.objects.filter(map=map, pk__in=claim_ids).values_list("pk", flat=True))
    undercut = Argument.objects.filter(map=map, target__isnull=False, premises__in=ids)
    return ids | set(
        undercut.filter(target__conclusion__isnull=False).values_list(
            "target__conclusion_id", flat=True
        )
    )


def map_fragments(request: HttpRequest, slug: str) -> HttpResponse:
    """The outline's pieces of these claims (``#fragments``, as a write's answer has them),
    rendered with this viewer's permissions; ids that are not of this map show nothing."""
    map = map_for(request, slug)
    claim_ids = claims_to_redraw(map, parse_query(request, FragmentsQuery)["claims"])
    context = detail_context(request, map)
    response = HttpResponse(render_pieces(request, map, context, claim_ids))
    response["Cache-Control"] = "no-store"
    return response
