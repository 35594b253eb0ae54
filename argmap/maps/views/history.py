"""A map's history, a claim's versions, undo, and the recently deleted."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from argmap.accounts.models import User

from .. import permissions, services
from ..history import word_diff
from ..models import Annotation, Argument, Change, Claim, Map
from .common import HtmxHttpRequest, author, claim_of, map_for, next_url

PAGE_SIZE = 50


def map_history(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Every change to the map, newest first; filter by person and by claim."""
    map = map_for(request, slug)
    changes = Change.objects.filter(map=map).select_related("actor")
    person, claim_id = request.GET.get("person", ""), request.GET.get("claim", "")
    if person:
        changes = changes.filter(actor__username=person)
    if claim_id.isdigit():
        changes = changes.filter(claim_ids__contains=[int(claim_id)])
    page = Paginator(changes, PAGE_SIZE).get_page(request.GET.get("page"))
    for change in page:
        state = change.after or change.before or {}
        change.summary = services.describe(change)  # type: ignore[attr-defined]
        change.subject = state.get("text") or state.get("body") or state.get("user") or ""  # type: ignore[attr-defined]
    people = User.objects.filter(pk__in=Change.objects.filter(map=map).values("actor")).order_by(
        "username"
    )
    context = {
        "map": map,
        "page": page,
        "people": people,
        "person": person,
        "claim_id": claim_id,
        "undo": _my_undo(request, map),
    }
    template = "maps/history.html#entries" if request.htmx else "maps/history.html"
    return render(request, template, context)


def _my_undo(request: HtmxHttpRequest, map: Map) -> str | None:
    """What "undo" would take back for this visitor, if anything."""
    if not permissions.can_comment(request.user, map):
        return None
    last = services.last_undoable(map=map, actor=author(request))
    return services.describe(last) if last else None


def claim_history(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The versions of a claim, with the words each edit removed and added."""
    map = map_for(request, slug)
    claim = claim_of(map, pk, live=False)
    changes = list(
        Change.objects.filter(object_type="claim", object_id=claim.pk)
        .select_related("actor")
        .order_by("id")
    )
    versions = []
    for change in changes:
        before, after = change.before or {}, change.after or {}
        versions.append(
            {
                "change": change,
                "summary": services.describe(change),
                "diff": word_diff(before.get("text", ""), after.get("text", ""))
                if change.operation == "claim.update"
                else None,
                "state": after,
            }
        )
    versions.reverse()
    return render(
        request, "maps/claim_history.html", {"map": map, "claim": claim, "versions": versions}
    )


@require_POST
def claim_restore_version(
    request: HtmxHttpRequest, slug: str, pk: int, change_pk: int
) -> HttpResponse:
    """Make an earlier version the current one (a new edit, so it can be undone in turn)."""
    map = map_for(request, slug, need="edit")
    claim = claim_of(map, pk)
    change = get_object_or_404(Change, pk=change_pk, object_type="claim", object_id=claim.pk)
    state = change.after or {}
    services.update_claim(
        claim=claim,
        version=claim.version,
        text=state["text"],
        speaker=state["speaker"],
        tags=state.get("tags", []),
        actor=author(request),
    )
    return redirect(reverse("maps:claim", kwargs={"slug": map.slug, "pk": claim.pk}))


def refused(request: HtmxHttpRequest, map: Map, error: ValidationError) -> HttpResponse:
    """A restore or undo the services refused, and why."""
    return render(
        request,
        "maps/undo_refused.html",
        {"map": map, "reason": " ".join(error.messages)},
        status=422,
    )


@require_POST
def undo(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    map = map_for(request, slug, need="comment")
    try:
        services.undo_last(map=map, actor=author(request))
    except ValidationError as error:
        return refused(request, map, error)
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect(next_url(request, map.get_absolute_url()))


def recently_deleted(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    map = map_for(request, slug, need="edit")
    context = {
        "map": map,
        "claims": Claim.objects.filter(map=map, deleted_at__isnull=False).order_by("-deleted_at")[
            :100
        ],
        "arguments": Argument.objects.filter(
            map=map, deleted_at__isnull=False, conclusion__deleted_at__isnull=True
        )
        .select_related("conclusion")
        .order_by("-deleted_at")[:100],
        "annotations": Annotation.objects.filter(map=map, deleted_at__isnull=False).order_by(
            "-deleted_at"
        )[:100],
    }
    return render(request, "maps/deleted.html", context)


@require_POST
def annotation_restore(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="edit")
    annotation = get_object_or_404(Annotation, map=map, pk=pk)
    try:
        services.restore_annotation(annotation=annotation, actor=author(request))
    except ValidationError as error:
        return refused(request, map, error)
    return redirect(reverse("maps:deleted", kwargs={"slug": map.slug}))
