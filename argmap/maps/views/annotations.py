"""Notes, evidence and questions on claims and arguments (commenters may add them too)."""

from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from .. import forms, permissions, services
from ..models import Annotation, Argument, Claim, Map
from .answers import respond
from .arguments import argument_url
from .claims import claim_url, refuse
from .common import HtmxHttpRequest, argument_of, author, claim_of, map_for


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


def _own_annotation(request: HtmxHttpRequest, map: Map, pk: int) -> Annotation:
    annotation = get_object_or_404(Annotation, map=map, pk=pk, deleted_at__isnull=True)
    if annotation.author_id != request.user.pk:
        # Editors may remove a note, but not put words in its author's mouth.
        raise PermissionDenied("Only its author may edit this annotation.")
    return annotation


def _answer(
    request: HtmxHttpRequest, map: Map, annotation: Annotation, **kwargs: Any
) -> HttpResponse:
    """The detail pane of what the annotation is on."""
    if annotation.claim_id:
        claim = claim_of(map, annotation.claim_id, live=False)
        return respond(request, map, claim=claim, redirect_to=claim_url(map, claim), **kwargs)
    argument = argument_of(map, annotation.argument_id, live=False)
    return respond(
        request, map, argument=argument, redirect_to=argument_url(map, argument), **kwargs
    )


@require_POST
def annotation_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Authors correct their own notes; a stale save is refused with the current text shown."""
    map = map_for(request, slug, need="comment")
    annotation = _own_annotation(request, map, pk)
    form = forms.EditAnnotationForm(request.POST)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_annotation(annotation=annotation, actor=author(request), **data)
            return _answer(request, map, annotation)
        except services.ConflictError as conflict:
            current = cast(Annotation, conflict.current)
            if current.deleted_at is not None:
                raise Http404("This annotation was removed.") from conflict
            # Keep what they wrote; saving again now overwrites knowingly.
            form = forms.EditAnnotationForm({**request.POST.dict(), "version": current.version})
            form.is_valid()
            form.add_error(None, f"{conflict.message} It now reads: “{current.body}”")
            status = 409
        except ValidationError as error:
            refuse(form, error)
    form.annotation_id = annotation.pk  # type: ignore[attr-defined]
    return _answer(request, map, annotation, bound={"annotation_edit": form}, status=status)


@require_POST
def annotation_delete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Authors remove their own annotations; editors remove any."""
    map = map_for(request, slug, need="comment")
    annotation = get_object_or_404(Annotation, map=map, pk=pk, deleted_at__isnull=True)
    if annotation.author_id != request.user.pk and not permissions.can_edit(request.user, map):
        raise PermissionDenied("Only its author or an editor may remove this annotation.")
    try:
        services.delete_annotation(annotation=annotation, actor=author(request))
    except ValidationError as error:  # someone removed it a moment before
        return _answer(request, map, annotation, message=" ".join(error.messages), status=422)
    return _answer(request, map, annotation)
