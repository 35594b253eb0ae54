"""The one way the workspace answers a write: the detail pane and the outline's pieces the
change touched (htmx), or a redirect (a plain form post)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django_htmx.http import retarget

from argmap.graph import ArgumentGraph

from .. import evaluation_cache, outline_pieces, services, source_panes
from ..models import Argument, Claim, Map
from ..services import history
from .common import (
    BlankForms,
    HtmxHttpRequest,
    author,
    detail_context,
    evaluate_mode,
    full_page_context,
    in_graph,
    workspace_context,
)


def respond(
    request: HtmxHttpRequest,
    map: Map,
    *,
    redirect_to: str,
    status: int = 200,
    sources_changed: bool = False,
    error_pane: str = "detail",
    **kwargs: Any,
) -> HttpResponse:
    """Answer a write: htmx gets the detail pane and the outline's pieces the change touched
    (``changed_pieces``); a plain form post is redirected (post/redirect/get), or shown again with
    its errors (422).

    A form that lives in another pane (``error_pane``: outline, sources) comes back there.
    """
    if not request.htmx:
        if status < 400:
            return HttpResponseRedirect(redirect_to)
        return render(
            request, "maps/workspace.html", full_page_context(request, map, **kwargs), status=status
        )
    if status >= 400 and error_pane != "detail":
        context = full_page_context(request, map, **kwargs)
        response = render(request, f"maps/workspace.html#{error_pane}", context, status=status)
        return retarget(response, f"#{error_pane}-pane")
    context = detail_context(request, map, **kwargs)
    html: str = render_to_string("maps/workspace.html#detail", context, request)
    in_graph = context["in_graph"]  # no outline there; it redraws
    if context["can_comment"] and not in_graph:  # what Undo and Redo would do now
        html += undo_toolbar(request, map)
    if (status < 400 or status == 409) and not in_graph:  # a conflict shows the map as it is now
        html += changed_pieces(request, map, context, status=status, **kwargs)
        if sources_changed:
            context["sources"] = source_panes.source_panes(map)
            html += render_to_string("maps/_oob.html", {**context, "oob": "sources"}, request)
    response = HttpResponse(html, status=status)
    return with_made_claims(response) if status < 400 else response


def with_made_claims(response: HttpResponse) -> HttpResponse:
    """The claims the write made, named for the page: it puts the keyboard's focus on the first
    (static/js/keys.js)."""
    made = history.made_claims()
    if made:
        response["X-Argmap-Made"] = " ".join(str(pk) for pk in made)
    return response


def respond_added(
    request: HtmxHttpRequest, map: Map, claim: Claim, *, redirect_to: str
) -> HttpResponse:
    """Answer a write that added reasons or objections to a claim.

    When the claim's own form in the workspace's detail pane sent it and each went to a list
    that has items already, htmx gets the new ones alone, put at the end of the pane's lists
    (``_arguments_added.html``), with the outline's pieces: the pane's work follows the change,
    not the claim's arguments. Otherwise (a claim's first reason changes what the pane calls it;
    with Evaluate on, labels move; the graph's panel; a request from elsewhere) ``respond()``
    draws the pane again.
    """
    grown = history.grown_claims()
    if (
        request.htmx.trigger != f"add-argument-form-{claim.pk}"  # so the pane shows the claim
        or claim.pk not in grown
        or in_graph(request)
        or evaluate_mode(request, map)
    ):
        return respond(request, map, claim=claim, redirect_to=redirect_to)
    pieces = outline_pieces.outline_pieces(map, history.touched_claims(), grown)
    added = pieces.groups.get(claim.pk, [])
    lists = []
    for name, kind in (("reasons", "support"), ("objections", "attack")):
        new = [item.argument for item in added if item.argument.kind == kind]
        count = pieces.kinds[claim.pk][kind]
        if new and count == len(new):  # the list was empty: its empty state goes
            return respond(request, map, claim=claim, redirect_to=redirect_to)
        if new:
            lists.append({"id": name, "count": count, "added": new})
    premises = {p.claim.id: p.claim for item in added for p in item.premises}
    context = {
        "map": map,
        "claim": claim,
        "can_edit": True,  # it has just written
        "selected_claim_id": claim.pk,
        "selected_argument_id": None,
        "forms": BlankForms({}),
        "lists": lists,
        "graph": ArgumentGraph(claims=premises),  # the new premises' texts
    }
    html: str = render_to_string("maps/_arguments_added.html", context, request)
    html += undo_toolbar(request, map)
    html += render_to_string(
        "maps/_fragments.html", {**context, "pieces": pieces, "shallow": True}, request
    )
    response = HttpResponse(html)
    response["HX-Reswap"] = "none"  # the pane is not drawn again: only the pieces above
    return with_made_claims(response)


def undo_toolbar(request: HttpRequest, map: Map) -> str:
    """The toolbar's Undo and Redo buttons, named for what they would do, out of band."""
    state = services.undo_state(map=map, actor=author(request))
    context = {"map": map, "undo_state": state, "oob": True}
    return render_to_string("maps/_undo_toolbar.html", context, request)


def changed_pieces(
    request: HtmxHttpRequest,
    map: Map,
    context: dict[str, Any],
    *,
    status: int,
    claim: Claim | None = None,
    argument: Argument | None = None,
    **kwargs: Any,
) -> str:
    """The outline's pieces a write touched, to be swapped out of band: the cards and argument
    groups of the claims its action touched, the counts, the central claims that came or went.

    With Evaluate on, labels far from the change may move too: the claims whose label, strength
    or arguments' labels differ from the evaluation before (in this process's cache) are sent as
    well; without that evaluation, the outline is drawn again whole.
    """
    touched = history.touched_claims() if status < 400 else set()
    mode = context["evaluate_mode"]
    if mode:
        before = evaluation_cache.previous(context["evaluated"])
        if before is None:
            whole = workspace_context(request, map, claim=claim, argument=argument, **kwargs)
            return render_to_string("maps/_oob.html", {**whole, "oob": "outline"}, request)
        touched |= evaluation_cache.moved_claims(before, context["evaluated"])
    if claim is not None:  # a conflict: the claim as it is now
        touched.add(claim.pk)
    if argument is not None and argument.conclusion_id is not None:
        touched.add(argument.conclusion_id)
    # Arguments added to a claim are sent alone (the page puts them into the group it has),
    # unless labels may have moved in the group (Evaluate on).
    grown = history.grown_claims() if status < 400 and not mode else {}
    return render_pieces(request, map, context, touched, grown)


def render_pieces(
    request: HttpRequest,
    map: Map,
    context: dict[str, Any],
    claim_ids: set[int],
    grown: dict[int, set[int]] | None = None,
) -> str:
    """The outline's pieces of these claims as ``#fragments``, swapped out of band (a write's
    answer; a change-log entry's ``claim_ids`` name what to send to other open views)."""
    pieces = outline_pieces.outline_pieces(map, claim_ids, grown)
    return render_to_string(
        "maps/_fragments.html", {**context, "pieces": pieces, "shallow": True}, request
    )


def restore_and_respond(
    request: HtmxHttpRequest,
    map: Map,
    restore: Callable[[], object],
    *,
    redirect_to: str,
    **kwargs: Any,
) -> HttpResponse:
    """Answer a restore from the detail pane: "Restored.", or why the services refused (422)."""
    try:
        restore()
    except ValidationError as error:
        message = " ".join(error.messages)
        return respond(request, map, message=message, status=422, redirect_to=redirect_to, **kwargs)
    return respond(request, map, message="Restored.", redirect_to=redirect_to, **kwargs)
