"""The list of maps, creating a map, and attaching source documents to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from argmap.query import bad_request, parse_query
from argmap.sources.models import PAGE, Source
from argmap.sources.views import PassagesQuery

from .. import forms, home, services, source_panes
from ..models import Membership
from .answers import respond
from .claims import refuse
from .common import HtmxHttpRequest, author, map_for


def map_list(request: HtmxHttpRequest) -> HttpResponse:
    """The home page: what argmap is and the example debate to a visitor; my maps, those shared
    with me and what changed on them to someone logged in; the public maps below for both."""
    user = request.user
    context = {"maps": home.public_maps_beside(user), "form": forms.MapForm()}
    if user.is_authenticated:
        memberships = home.my_memberships(user)
        context["mine"] = [m for m in memberships if m.role == Membership.Role.OWNER]
        context["shared"] = [m for m in memberships if m.role != Membership.Role.OWNER]
        context["activity"] = home.recent_activity(user) if memberships else []
        if not memberships:
            context["example"] = home.example(user)
    else:
        context["example"] = home.example(user)
    return render(request, "maps/map_list.html", context)


@login_required
def map_create(request: HtmxHttpRequest) -> HttpResponse:
    form = forms.MapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_map = services.create_map(created_by=author(request), **form.cleaned_data)
            if request.htmx:
                return HttpResponseClientRedirect(new_map.get_absolute_url())
            return redirect(new_map)
        except ValidationError as error:
            refuse(form, error)
    status = 422 if form.errors else 200
    template = "maps/map_list.html#create-form" if request.htmx else "maps/map_create.html"
    return render(request, template, {"form": form}, status=status)


@require_POST
def map_carry_claims(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Carry the map's claims quoting one document to the same words in another (its revision);
    back to the comparison of the two, which says what was carried and what needs review."""
    map = map_for(request, slug, need="edit")
    form = forms.CarryClaimsForm(request.POST)
    if not form.is_valid():
        return bad_request(request, {k: [str(m) for m in v] for k, v in form.errors.items()})
    original = get_object_or_404(Source.objects.defer("body"), slug=form.cleaned_data["original"])
    revision = get_object_or_404(Source.objects.defer("body"), slug=form.cleaned_data["revision"])
    try:
        carried = services.carry_claims(
            map=map, original=original, revision=revision, actor=author(request)
        )
    except ValidationError as error:
        return bad_request(request, {"original": error.messages})
    moved, flagged = len(carried.moved), len(carried.flagged)
    if not moved and not flagged:
        messages.info(request, f"No claim of {map.title} quotes {original}: nothing to carry.")
        return redirect("sources:compare", slug=original.slug, other=revision.slug)
    messages.success(
        request,
        f"{map.title}: {moved} claim{'s' * (moved != 1)} now quote {revision}"
        + (
            f"; {flagged} kept {'their' if flagged != 1 else 'its'} quote of {original} and "
            f"{'have' if flagged != 1 else 'has'} an open question to review (the words changed; "
            "the map's search finds them with “Has open questions”)."
            if flagged
            else "."
        ),
    )
    return redirect("sources:compare", slug=original.slug, other=revision.slug)


@require_GET
def map_source_passages(request: HtmxHttpRequest, slug: str, source: str) -> HttpResponse:
    """A later page of one of the map's documents in its sources pane, and what loads the next."""
    map = map_for(request, slug)
    document = get_object_or_404(map.sources.defer("body"), slug=source)
    page = parse_query(request, PassagesQuery)["page"] or 1
    total = document.passages.count()
    context = {
        "map": map,
        "source": document,
        "views": source_panes.pane_page(map, document, page),
        "next_page": page + 1 if page * PAGE < total else None,
        "total": total,
    }
    return render(request, "maps/_source_page.html", context)


@require_POST
def map_attach_source(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    map = map_for(request, slug, need="edit")
    form = forms.AttachSourceForm(request.POST)
    if form.is_valid():
        source = Source.objects.filter(pk=form.cleaned_data["source"]).first()
        try:
            if source is None:
                raise ValidationError({"source": "There is no such document."})
            services.attach_source(map=map, source=source, actor=author(request))
        except ValidationError as error:
            refuse(form, error)
    if form.errors:  # shown where the form is, as every refused form: a 422 with the message
        return respond(
            request,
            map,
            bound={"attach": form},
            status=422,
            error_pane="sources",
            redirect_to=map.get_absolute_url(),
        )
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"  # the sources pane, outline and forms all change
        return response
    return redirect(map)
