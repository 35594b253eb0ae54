"""Changing arguments: co-premises, undercuts, moving, deleting and restoring."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import forms, services
from ..models import Argument, Map
from .answers import respond, restore_and_respond
from .claims import premises_from, refuse
from .common import HtmxHttpRequest, argument_of, author, claim_of, map_for


def argument_url(map: Map, argument: Argument) -> str:
    return reverse("maps:argument", kwargs={"slug": map.slug, "pk": argument.pk})


@require_POST
def argument_add_premise(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """A co-premise: one more claim that argues together with the others."""
    map = map_for(request, slug, need="edit")
    argument = argument_of(map, pk)
    form = forms.PremiseForm(request.POST)
    version = forms.VersionForm(request.POST)
    status = 422
    if form.is_valid() and version.is_valid():
        try:
            (premise,) = premises_from(map, form)
            services.add_premise(
                argument=argument,
                version=version.cleaned_data["version"],
                premise=premise,
                author=author(request),
            )
            return respond(request, map, argument=argument, redirect_to=argument_url(map, argument))
        except services.ConflictError as conflict:
            form.add_error(
                None,
                f"{conflict.message} Look at the argument again and repeat what you meant to add.",
            )
            status = 409
        except ValidationError as error:
            refuse(form, error)
    return respond(
        request,
        map,
        argument=argument,
        bound={"premise": form},
        status=status,
        redirect_to=argument_url(map, argument),
    )


@require_POST
def argument_remove_premise(
    request: HtmxHttpRequest, slug: str, pk: int, claim_pk: int
) -> HttpResponse:
    map = map_for(request, slug, need="edit")
    argument = argument_of(map, pk)
    version = forms.VersionForm(request.POST)
    message, status = "", 200
    try:
        if not version.is_valid():
            raise ValidationError("The page was out of date; try again.")
        services.remove_premise(
            argument=argument,
            version=version.cleaned_data["version"],
            claim=claim_of(map, claim_pk),
            actor=author(request),
        )
    except services.ConflictError as conflict:
        message, status = conflict.message, 409
    except ValidationError as error:
        message, status = " ".join(error.messages), 422
    return respond(
        request,
        map,
        argument=argument,
        message=message,
        status=status,
        redirect_to=argument_url(map, argument),
    )


@require_POST
def argument_undercut(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Attack the argument itself: its premises do not lead to its conclusion."""
    map = map_for(request, slug, need="edit")
    argument = argument_of(map, pk)
    form = forms.PremiseForm(request.POST)
    if form.is_valid():
        try:
            services.add_undercut(
                argument=argument, premises=premises_from(map, form), author=author(request)
            )
            return respond(request, map, argument=argument, redirect_to=argument_url(map, argument))
        except ValidationError as error:
            refuse(form, error)
    return respond(
        request,
        map,
        argument=argument,
        bound={"undercut": form},
        status=422,
        redirect_to=argument_url(map, argument),
    )


@require_POST
def argument_move(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="edit")
    argument = argument_of(map, pk)
    form = forms.MoveArgumentForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            conclusion = claim_of(map, form.cleaned_data["claim"])
            services.move_argument(
                argument=argument,
                version=form.cleaned_data["version"],
                conclusion=conclusion,
                actor=author(request),
            )
            return respond(request, map, argument=argument, redirect_to=argument_url(map, argument))
        except services.ConflictError as conflict:
            form.add_error(None, conflict.message)
            status = 409
        except ValidationError as error:
            refuse(form, error)
    return respond(
        request,
        map,
        argument=argument,
        bound={"move": form},
        status=status,
        redirect_to=argument_url(map, argument),
    )


@require_POST
def argument_delete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="edit")
    argument = argument_of(map, pk)
    message, status = "", 200
    try:
        services.delete_argument(argument=argument, actor=author(request))
    except ValidationError as error:  # someone deleted it a moment before
        message, status = " ".join(error.messages), 422
    return respond(
        request,
        map,
        argument=argument,
        message=message,
        status=status,
        redirect_to=argument_url(map, argument),
    )


@require_POST
def argument_restore(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="edit")
    argument = argument_of(map, pk, live=False)
    return restore_and_respond(
        request,
        map,
        lambda: services.restore_argument(argument=argument, actor=author(request)),
        argument=argument,
        redirect_to=argument_url(map, argument),
    )
