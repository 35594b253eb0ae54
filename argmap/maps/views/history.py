"""A map's history, a claim's versions, undo, and the recently deleted."""

import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from argmap.accounts.models import User
from argmap.query import id_field, page_field, parse_query

from .. import forms, permissions, services
from ..history import word_diff
from ..models import Annotation, Argument, Change, Claim, Map
from ..services.wording import names_for
from .answers import respond
from .common import HtmxHttpRequest, author, claim_of, map_for, next_url

PAGE_SIZE = 50


class HistoryQuery(django_forms.Form):
    person = django_forms.CharField(max_length=150, required=False)  # a user name
    claim = id_field()
    page = page_field()


def map_history(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Every change to the map, newest first; filter by person and by claim."""
    map = map_for(request, slug)
    query = parse_query(request, HistoryQuery)
    person, claim_id = query["person"], query["claim"]
    changes = Change.objects.filter(map=map).select_related("actor")
    if person:
        changes = changes.filter(actor__username=person)
    if claim_id:
        changes = changes.filter(claim_ids__contains=[claim_id])
    page = Paginator(changes, PAGE_SIZE).get_page(query["page"])
    names = names_for(page)
    for change in page:
        change.summary = services.describe(change, names)  # type: ignore[attr-defined]
    people = User.objects.filter(pk__in=Change.objects.filter(map=map).values("actor")).order_by(
        "username"
    )
    context = {
        "map": map,
        "page": page,
        "people": people,
        "person": person,
        "claim_id": claim_id or "",
        # the claim the history is filtered to, named by its words (never by its id)
        "claim": Claim.objects.filter(map=map, pk=claim_id).first() if claim_id else None,
        # the filters again in the paging links, encoded (a user name may hold '&' or '+')
        "filters": urlencode({k: v for k, v in (("person", person), ("claim", claim_id)) if v}),
        "undo": _my_undo(request, map),
    }
    template = "maps/history.html#entries" if request.htmx else "maps/history.html"
    return render(request, template, context)


def _my_undo(request: HtmxHttpRequest, map: Map) -> str | None:
    """What "undo" would take back for this visitor, if anything."""
    if not permissions.can_comment(request.user, map):
        return None
    return services.undo_state(map=map, actor=author(request)).undo


def claim_history(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The versions of a claim, with the words each edit removed and added."""
    map = map_for(request, slug)
    return versions_page(request, map, claim_of(map, pk, live=False))


def versions_page(
    request: HtmxHttpRequest, map: Map, claim: Claim, *, message: str = "", status: int = 200
) -> HttpResponse:
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
    context = {"map": map, "claim": claim, "versions": versions, "message": message}
    return render(request, "maps/claim_history.html", context, status=status)


@require_POST
def claim_restore_version(
    request: HtmxHttpRequest, slug: str, pk: int, change_pk: int
) -> HttpResponse:
    """Make an earlier version the current one (a new edit, so it can be undone in turn), if the
    claim is still at the version the page showed: else a conflict, never an overwrite."""
    map = map_for(request, slug, need="edit")
    claim = claim_of(map, pk)
    change = get_object_or_404(Change, pk=change_pk, object_type="claim", object_id=claim.pk)
    seen = forms.VersionForm(request.POST)
    if not seen.is_valid():
        message = "The page did not say which version you saw; look again and retry."
        return versions_page(request, map, claim, message=message, status=422)
    state = change.after or {}
    try:
        services.update_claim(
            claim=claim,
            version=seen.cleaned_data["version"],
            text=state["text"],
            speaker=state["speaker"],
            tags=state.get("tags", []),
            actor=author(request),
        )
    except services.ConflictError as conflict:
        current = claim_of(map, pk, live=False)
        message = f"{conflict.message} Nothing was restored; look at the versions again."
        return versions_page(request, map, current, message=message, status=409)
    return redirect(reverse("maps:claim", kwargs={"slug": map.slug, "pk": claim.pk}))


def refused(
    request: HtmxHttpRequest, map: Map, error: ValidationError, *, heading: str = "Not undone"
) -> HttpResponse:
    """A restore, undo or redo the services refused, and why: in the workspace's detail pane
    when asked from there (htmx), else on a page of its own."""
    reason = " ".join(error.messages)
    if request.htmx:
        return respond(
            request,
            map,
            message=reason,
            status=422,
            redirect_to=map.get_absolute_url(),
            **_selected(request, map),
        )
    context = {"map": map, "reason": reason, "heading": heading}
    return render(request, "maps/undo_refused.html", context, status=422)


class SelectedQuery(django_forms.Form):
    """What the workspace's detail pane shows, sent along by static/js/undo.js."""

    selected_claim = id_field()
    selected_argument = id_field()


def _selected(request: HtmxHttpRequest, map: Map) -> dict[str, Any]:
    """The claim or argument the detail pane showed, to show it again as it is now."""
    form = SelectedQuery(request.POST)
    if not form.is_valid():
        return {}
    claim_id, argument_id = (
        form.cleaned_data["selected_claim"],
        form.cleaned_data["selected_argument"],
    )
    found: dict[str, Any] = {}
    if claim_id and (claim := Claim.objects.filter(map=map, pk=claim_id).first()):
        found["claim"] = claim
    elif argument_id and (argument := Argument.objects.filter(map=map, pk=argument_id).first()):
        found["argument"] = argument
    for obj in found.values():
        obj.map = map  # the row in hand: the detail pane reads obj.map
    return found


def _take_back(request: HtmxHttpRequest, slug: str, *, redo: bool) -> HttpResponse:
    """Undo or redo the visitor's last action; htmx gets the changed fragments and the toolbar."""
    map = map_for(request, slug, need="comment")
    state = services.undo_state(map=map, actor=author(request))
    try:
        if redo:
            services.redo_last(map=map, actor=author(request))
        else:
            services.undo_last(map=map, actor=author(request))
    except ValidationError as error:
        return refused(request, map, error, heading="Not redone" if redo else "Not undone")
    if not request.htmx:
        return redirect(next_url(request, map.get_absolute_url()))
    done = f"Redone: {state.redo}." if redo else f"Undone: {state.undo}."
    return respond(
        request, map, message=done, redirect_to=map.get_absolute_url(), **_selected(request, map)
    )


@require_POST
def undo(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return _take_back(request, slug, redo=False)


@require_POST
def redo(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return _take_back(request, slug, redo=True)


RECENT_ACTIONS = 100


@dataclass
class Deletion:
    """One deleting action as "Recently deleted" lists it."""

    action: uuid.UUID
    head: Change  # the first row it deleted: what the user deleted
    summary: str
    subject: str
    also: str  # what it took along


def deleting_actions(map: Map) -> list[Deletion]:
    """The actions whose deletions still stand, newest first: who, when, and what each removed."""
    actions: set[uuid.UUID] = set()
    for model in (Claim, Argument, Annotation):
        rows = model._default_manager.filter(map=map, deleted_at__isnull=False)
        actions.update(rows.values_list("deleted_by", flat=True).distinct())
    changes = (
        Change.objects.filter(map=map, action__in=actions, operation__endswith=".delete")
        .select_related("actor")
        .order_by("id")
    )
    grouped: dict[uuid.UUID, list[Change]] = {}
    for change in changes:
        grouped.setdefault(change.action, []).append(change)
    listed = [
        Deletion(
            action=action,
            head=rows[0],
            summary=services.describe(rows[0]),
            subject=(rows[0].before or {}).get("text") or (rows[0].before or {}).get("body") or "",
            also=along(rows[1:]),
        )
        for action, rows in grouped.items()
    ]
    listed.sort(key=lambda entry: (entry.head.at, entry.head.id), reverse=True)
    return listed[:RECENT_ACTIONS]


def along(changes: list[Change]) -> str:
    """What else an action deleted, in words: "2 arguments and 1 claim"."""
    counts = Counter(change.object_type for change in changes)
    return " and ".join(f"{n} {kind}{pluralize(n)}" for kind, n in sorted(counts.items()))


def recently_deleted(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    map = map_for(request, slug, need="edit")
    context = {"map": map, "actions": deleting_actions(map)}
    return render(request, "maps/deleted.html", context)


@require_POST
def action_restore(request: HtmxHttpRequest, slug: str, action: uuid.UUID) -> HttpResponse:
    """Restore what one deletion removed, by undoing that deletion."""
    map = map_for(request, slug, need="edit")
    try:
        services.undo_action(map=map, action=action, actor=author(request))
    except ValidationError as error:
        return refused(request, map, error)
    return redirect(reverse("maps:deleted", kwargs={"slug": map.slug}))


@require_POST
def annotation_restore(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="edit")
    annotation = get_object_or_404(Annotation, map=map, pk=pk)
    try:
        services.restore_annotation(annotation=annotation, actor=author(request))
    except ValidationError as error:
        return refused(request, map, error)
    return redirect(reverse("maps:deleted", kwargs={"slug": map.slug}))
