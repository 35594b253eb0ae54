"""Notes, evidence and questions on claims and arguments (commenters may add them too)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from .. import forms, permissions, services
from ..models import Annotation, Argument, Claim, Map
from .arguments import argument_url
from .claims import claim_url, refuse
from .common import HtmxHttpRequest, argument_of, author, claim_of, map_for, respond


def _annotate(
    request: HtmxHttpRequest, map: Map, target: Claim | Argument, url: str, **selected: Any
) -> HttpResponse:
    form = forms.AnnotationForm(request.POST)
    if form.is_valid():
        try:
            services.annotate(target=target, author=author(request), **form.cleaned_data)
            return respond(request, map, redirect_to=url, **selected)
        except ValidationError as error:
            refuse(form, error)
    return respond(
        request, map, bound={"annotation": form}, status=422, redirect_to=url, **selected
    )


@require_POST
def claim_annotate(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="comment")
    claim = claim_of(map, pk)
    return _annotate(request, map, claim, claim_url(map, claim), claim=claim)


@require_POST
def argument_annotate(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="comment")
    argument = argument_of(map, pk)
    return _annotate(request, map, argument, argument_url(map, argument), argument=argument)


@require_POST
def annotation_delete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Authors remove their own annotations; editors remove any."""
    map = map_for(request, slug, need="comment")
    annotation = get_object_or_404(Annotation, map=map, pk=pk, deleted_at__isnull=True)
    if annotation.author_id != request.user.pk and not permissions.can_edit(request.user, map):
        raise PermissionDenied("Only its author or an editor may remove this annotation.")
    services.delete_annotation(annotation=annotation, actor=author(request))
    if annotation.claim_id:
        claim = claim_of(map, annotation.claim_id, live=False)
        return respond(request, map, claim=claim, redirect_to=claim_url(map, claim))
    argument = argument_of(map, annotation.argument_id, live=False)
    return respond(request, map, argument=argument, redirect_to=argument_url(map, argument))
