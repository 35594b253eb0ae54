"""What the workspace views share: the permission gate and the contexts (answers.py answers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails

from argmap.accounts.models import User
from argmap.query import parse_query, search_field
from argmap.site import MapHidden

from .. import (
    evaluation,
    evaluation_cache,
    forms,
    permissions,
    search,
    selectors,
    services,
    source_panes,
)
from ..models import Argument, Claim, Judgement, Map


class HtmxHttpRequest(HttpRequest):
    """Django's request as our middleware leaves it (for the type checker)."""

    htmx: HtmxDetails


def author(request: HttpRequest) -> User:
    """The user making a change; the permission gate has already refused anonymous visitors."""
    assert isinstance(request.user, User), "map_for(need=...) lets only members change a map"
    return request.user


class WorkspaceQuery(django_forms.Form):
    q = search_field()  # the claim picker's search, kept in the address without JavaScript


def next_url(request: HttpRequest, fallback: str) -> str:
    """Where a form's ``next`` asks to go, if that is a page of this site; else ``fallback``.

    Every view that redirects to a ``next`` from the request asks here (no open redirects).
    """
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    # A path of this site only: redirect() would take a bare word for the name of a view.
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback


HINT_DISMISSED = "evaluate-hint-dismissed"  # the session remembers the Evaluate hint was read

OUTLINE_DEPTH = 4  # claim levels shown at first; deeper branches load on demand


def map_for(request: HttpRequest, slug: str, *, need: str = "read") -> Map:
    """The map if the visitor may do ``need`` (read, comment, edit, member, own) on it.

    A map the visitor may not even read is a 404, so that private maps stay hidden; a map they
    may read but not change is a 403.
    """
    map = permissions.map_with_role(request.user, slug)
    if map is None:
        raise MapHidden("No map here.")  # the same answer as for a private map
    if not permissions.can_read(request.user, map):
        raise MapHidden("No map here.")
    allowed = {
        "read": permissions.can_read,
        "comment": permissions.can_comment,
        "edit": permissions.can_edit,
        "member": permissions.is_member,
        "own": permissions.is_owner,
    }
    if not allowed[need](request.user, map):
        raise PermissionDenied(f"Your role on this map does not let you {need} it.")
    return map


def claim_of(map: Map, pk: int | str | None, *, live: bool = True) -> Claim:
    claim = None
    if isinstance(pk, int) or (isinstance(pk, str) and pk.isdigit()):
        claim = selectors.claim_with_source(map, int(pk), live=live)
    if claim is None:
        raise Http404("No claim matches the given query.")
    claim.map = map  # the row in hand: the services read claim.map
    return claim


def argument_of(map: Map, pk: int | str | None, *, live: bool = True) -> Argument:
    arguments = Argument.objects.filter(map=map)
    if live:
        arguments = arguments.filter(deleted_at__isnull=True)
    argument = get_object_or_404(arguments, pk=pk)
    argument.map = map  # the row in hand: the services read argument.map
    return argument


class BlankForms(dict[str, Any]):
    """The workspace's forms by name, each made when a template first asks for it: a claim's
    details show a few of the seven, a write's answer none of the outline's."""

    MAKERS: dict[str, Callable[[], Any]] = {
        "claim": forms.ClaimForm,
        "selection": forms.ClaimForm,
        "argument": lambda: forms.ArgumentForm(initial={"kind": "support"}),
        "premise": forms.PremiseForm,
        "undercut": forms.PremiseForm,
        "move": forms.MoveArgumentForm,
        "annotation": forms.AnnotationForm,
    }

    def __missing__(self, name: str) -> Any:
        form = self[name] = self.MAKERS[name]()
        return form


def evaluate_key(map_pk: int) -> str:
    """Where the session keeps the Evaluate switch of a map."""
    return f"evaluate-{map_pk}"


def evaluate_mode(request: HttpRequest, map: Map) -> str:
    """The Evaluate switch of this visitor for this map: "" (off) or whose judgements count."""
    return str(request.session.get(evaluate_key(map.pk), ""))


def in_graph(request: HttpRequest) -> bool:
    """Whether the detail pane asked is the graph view's side panel (beside no outline)."""
    return request.headers.get("X-Argmap-Pane") == "graph"


def detail_context(
    request: HttpRequest,
    map: Map,
    *,
    claim: Claim | None = None,
    argument: Argument | None = None,
    bound: dict[str, Any] | None = None,
    message: str = "",
    conflict: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What the detail pane shows: it reads the selected claim or argument and its neighbours,
    never the whole map (the evaluation, when switched on, comes from its cache)."""
    query = parse_query(request, WorkspaceQuery)["q"]
    mode = evaluate_mode(request, map)
    context: dict[str, Any] = {
        "map": map,
        "can_edit": permissions.can_edit(request.user, map),
        "can_comment": permissions.can_comment(request.user, map),
        "is_member": permissions.is_member(request.user, map),
        "is_owner": permissions.is_owner(request.user, map),
        "selected_claim_id": claim.pk if claim else None,
        "selected_argument_id": argument.pk if argument else None,
        "message": message,
        "conflict": conflict,
        "evaluate_mode": mode,
        "in_graph": in_graph(request),
        "q": query,
        "forms": BlankForms(bound or {}),  # the bound ones, then blank ones as asked
    }
    if mode:
        evaluated = evaluation_cache.evaluated(map, request.user, mode)
        context["evaluated"] = evaluated
        context["evaluation"] = evaluated.evaluation
        context["leaf_ids"] = evaluated.leaf_ids
        # the first-use hint: nothing judged yet (in this mode), and not dismissed
        context["evaluate_hint"] = not evaluated.evaluation.statuses and not request.session.get(
            HINT_DISMISSED
        )
    if claim is not None:
        context["claim_detail"] = selectors.claim_detail(map, claim)
        if mode and claim.pk in evaluated.graph.claims:
            context["why"] = evaluation.why(evaluated.evaluation, claim.pk)
            mine = Judgement.objects.filter(user=request.user.pk, claim=claim).first()
            context["judgement_form"] = (bound or {}).get("judgement") or forms.JudgementForm(
                initial={
                    "status": mine.status if mine else "accepted",
                    "base_score": mine.base_score if mine else 0.5,
                }
            )
        context["edit_form"] = (bound or {}).get("edit") or forms.EditClaimForm(
            initial={
                "text": claim.text,
                "speaker": claim.speaker,
                "tags": ", ".join(claim.tags),
                "version": claim.version,
            }
        )
    if argument is not None:
        context["argument_detail"] = selectors.argument_detail(map, argument)
    if query and (claim or argument):
        exclude = {claim.pk} if claim else set()
        context["picker_results"] = search.claims_containing(map, query, exclude=exclude)
    return context


def workspace_context(
    request: HttpRequest, map: Map, *, root: Claim | None = None, **kwargs: Any
) -> dict[str, Any]:
    """The detail pane's context with the outline: the map's graph, read in a fixed number of
    queries (the evaluation's graph when Evaluate is on, which is cached)."""
    context = detail_context(request, map, **kwargs)
    mode = context["evaluate_mode"]
    graph = evaluation_cache.evaluated(map, request.user, mode).graph if mode else None
    graph = graph or selectors.map_graph(map)
    if root is not None and root.pk in graph.claims:
        outline = [graph.outline_of(root.pk, OUTLINE_DEPTH)]
    else:
        outline = graph.outline(OUTLINE_DEPTH)
    context.update(graph=graph, outline=outline, root=root)
    return context


def full_page_context(request: HttpRequest, map: Map, **kwargs: Any) -> dict[str, Any]:
    context = workspace_context(request, map, **kwargs)
    if context["can_comment"]:
        context["undo_state"] = services.undo_state(map=map, actor=author(request))
    context["sources"] = source_panes.source_panes(map, context["graph"])
    context["attachable_sources"] = (
        source_panes.attachable_sources(map) if context["can_edit"] else []
    )
    return context
