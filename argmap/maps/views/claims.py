"""Changing claims: add, edit, delete and restore, and give them reasons and objections."""

from typing import cast

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from argmap.sources.models import Passage

from .. import forms, quick_entry, services
from ..models import Change, Claim, Map
from ..paths import map_path
from .answers import respond, respond_added, restore_and_respond
from .common import HtmxHttpRequest, author, claim_of, map_for


def claim_url(map: Map, claim: Claim) -> str:
    return map_path("maps:claim", map.slug, claim.pk)


def refuse(form: forms.forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            shown = field in form.fields and not form.fields[field].widget.is_hidden
            form.add_error(field if shown else None, errors)
    else:
        form.add_error(None, error)


@require_POST
def claim_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A new claim: a central claim, or one quoting a passage selected in a source."""
    map = map_for(request, slug, need="edit")
    form = forms.ClaimForm(request.POST)
    from_selection = bool(request.POST.get("passage"))
    if form.is_valid():
        data = form.cleaned_data
        # Whether the passage may be quoted in this map is the service's rule, as for the API.
        passage = Passage.objects.filter(pk=data["passage"]).first() if data["passage"] else None
        try:
            if data["passage"] and passage is None:
                raise ValidationError({"passage": "There is no such passage."})
            claim = services.add_claim(
                map=map,
                text=data["text"],
                speaker=data["speaker"],
                author=author(request),
                passage=passage,
                span_start=data["span_start"] if passage else None,
                span_end=data["span_end"] if passage else None,
            )
        except ValidationError as error:
            refuse(form, error)
        else:
            return respond(
                request,
                map,
                claim=claim,
                redirect_to=claim_url(map, claim),
                sources_changed=passage is not None,
            )
    # The form is shown again where it was: under the outline, or beside the selected words.
    key, pane = ("selection", "sources") if from_selection else ("claim", "outline")
    return respond(
        request,
        map,
        bound={key: form},
        status=422,
        error_pane=pane,
        redirect_to=map.get_absolute_url(),
    )


@require_POST
def claim_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="edit")
    claim = claim_of(map, pk)
    form = forms.EditClaimForm(request.POST)
    status, conflict_view = 422, None
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_claim(
                claim=claim,
                version=data["version"],
                text=data["text"],
                speaker=data["speaker"],
                tags=data["tags"],
                actor=author(request),
            )
            return respond(request, map, claim=claim, redirect_to=claim_url(map, claim))
        except services.ConflictError as conflict:
            # Show what is there now, keep what they wrote, and let them save again knowingly.
            current = cast(Claim, conflict.current)
            form = forms.EditClaimForm({**request.POST.dict(), "version": current.version})
            form.is_valid()
            last = (
                Change.objects.filter(object_type="claim", object_id=current.pk)
                .select_related("actor")
                .first()
            )
            conflict_view = {
                "message": conflict.message,
                "mine": data["text"],
                "theirs": current.text,
                "by": last.actor if last else None,
            }
            claim, status = claim_of(map, pk, live=False), 409
        except ValidationError as error:
            refuse(form, error)
    return respond(
        request,
        map,
        claim=claim,
        bound={"edit": form},
        status=status,
        conflict=conflict_view,
        redirect_to=claim_url(map, claim),
    )


@require_POST
def claim_delete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="edit")
    claim = claim_of(map, pk)
    try:
        services.delete_claim(claim=claim, actor=author(request))
    except ValidationError as error:  # someone deleted it a moment before
        return respond(
            request,
            map,
            claim=claim,
            message=" ".join(error.messages),
            status=422,
            redirect_to=claim_url(map, claim),
        )
    return respond(
        request,
        map,
        claim=claim,
        redirect_to=claim_url(map, claim),
        sources_changed=claim.passage_id is not None,
    )


@require_POST
def claim_restore(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="edit")
    claim = claim_of(map, pk, live=False)
    return restore_and_respond(
        request,
        map,
        lambda: services.restore_claim(claim=claim, actor=author(request)),
        claim=claim,
        redirect_to=claim_url(map, claim),
        # A deletion takes arguments along, never other claims: only this one may quote.
        sources_changed=claim.passage_id is not None,
    )


def premises_from(map: Map, form: forms.PremiseForm) -> list[Claim | str]:
    """The premise a form names: an existing claim of the map, or the text of a new one."""
    if form.cleaned_data.get("claim"):
        return [claim_of(map, form.cleaned_data["claim"])]
    return [form.cleaned_data["text"]]


@require_POST
def claim_add_argument(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Add a reason (support) or an objection (attack) to a claim, new or linked."""
    map = map_for(request, slug, need="edit")
    claim = claim_of(map, pk)
    form = forms.ArgumentForm(request.POST)
    if form.is_valid():
        premises = premises_from(map, form)
        kind, text = form.cleaned_data["kind"], form.cleaned_data["text"]
        try:
            if not form.cleaned_data.get("claim") and quick_entry.is_quick_entry(text):
                entries = quick_entry.parse(text, default_kind=kind)
                services.add_argument_tree(claim=claim, entries=entries, author=author(request))
            elif kind == "support":
                services.add_support(conclusion=claim, premises=premises, author=author(request))
            else:
                services.add_rebuttal(claim=claim, premises=premises, author=author(request))
        except quick_entry.QuickEntryError as error:
            form.add_error("text", str(error))
        except ValidationError as error:
            refuse(form, error)
        else:
            return respond_added(request, map, claim, redirect_to=claim_url(map, claim))
    return respond(
        request,
        map,
        claim=claim,
        bound={"argument": form},
        status=422,
        redirect_to=claim_url(map, claim),
    )
