"""The "Evaluate" switch of the workspace, and a member's judgement of a leaf claim."""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from .. import forms, services
from ..evaluation import EVERYONE, MINE
from .answers import respond
from .claims import refuse
from .common import (
    HINT_DISMISSED,
    HtmxHttpRequest,
    author,
    claim_of,
    evaluate_key,
    map_for,
    next_url,
)

MODES = {"": "off", MINE: "my judgements", EVERYONE: "all members' judgements"}


@require_POST
def evaluate_switch(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Turn evaluation on (with my or everyone's judgements) or off, for this map."""
    map = map_for(request, slug)
    mode = request.POST.get("mode", "")
    request.session[evaluate_key(map.pk)] = mode if mode in MODES else ""
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect(next_url(request, map.get_absolute_url()))


@require_POST
def evaluate_hint_dismiss(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Put away the first-use hint of the Evaluate switch, for this visitor's session."""
    map = map_for(request, slug)
    request.session[HINT_DISMISSED] = True
    if request.htmx:
        return HttpResponse("")  # the hint swaps itself out
    return redirect(next_url(request, map.get_absolute_url()))


@require_POST
def claim_judge(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Set how I hold a leaf claim (accepted, rejected, open; base score) and re-evaluate."""
    map = map_for(request, slug, need="member")
    claim = claim_of(map, pk)
    form = forms.JudgementForm(request.POST)
    url = reverse("maps:claim", kwargs={"slug": map.slug, "pk": claim.pk})
    if form.is_valid():
        try:
            services.judge_claim(claim=claim, user=author(request), **form.cleaned_data)
            request.session.setdefault(evaluate_key(map.pk), MINE)
            return respond(request, map, claim=claim, redirect_to=url)
        except ValidationError as error:
            refuse(form, error)
    return respond(
        request, map, claim=claim, bound={"judgement": form}, status=422, redirect_to=url
    )
