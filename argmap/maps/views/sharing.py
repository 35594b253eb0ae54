"""A map's settings and members: owners share, change roles and settings; members may leave."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import forms, permissions, services
from ..models import Invitation, Map, Membership
from .claims import refuse
from .common import HtmxHttpRequest, author, map_for


def settings_url(map: Map) -> str:
    return reverse("maps:settings", kwargs={"slug": map.slug})


def _join_url(request: HtmxHttpRequest, invitation: Invitation) -> str:
    return request.build_absolute_uri(reverse("maps:join", args=[invitation.token]))


def _links(request: HtmxHttpRequest, map: Map) -> list[dict[str, object]]:
    """The map's invitation links, newest first, with their state and who joined through each."""
    now = timezone.now()
    return [
        {
            "invitation": invitation,
            "state": invitation.state(now),
            "url": _join_url(request, invitation),
        }
        for invitation in map.invitations.select_related("created_by").prefetch_related(
            "uses__user"
        )
    ]


def _page(
    request: HtmxHttpRequest, map: Map, *, status: int = 200, **bound: object
) -> HttpResponse:
    """The settings page, or (htmx) the section a form belongs to."""
    is_owner = permissions.is_owner(request.user, map)
    context = {
        "map": map,
        "is_owner": is_owner,
        "links": _links(request, map) if is_owner else [],
        "link_form": bound.get("link_form") or forms.InvitationForm(),
        "members": map.memberships.select_related("user").order_by("role", "user__username"),
        "roles": Membership.Role.choices,
        "map_form": bound.get("map_form")
        or forms.MapForm(
            initial={
                "title": map.title,
                "description": map.description,
                "visibility": map.visibility,
            }
        ),
        "invite_form": bound.get("invite_form") or forms.InviteForm(),
        "error": bound.get("error", ""),
        "notice": bound.get("notice", ""),  # what an htmx answer just did, said in its section
        "links_notice": bound.get("links_notice", ""),
        "oob_links": bound.get("oob_links", False),
    }
    template = "maps/settings.html"
    if request.htmx:
        template += "#" + str(
            bound.get("section") or ("details" if "map_form" in bound else "members")
        )
    return render(request, template, context, status=status)


def _done(request: HtmxHttpRequest, map: Map, note: str, section: str = "members") -> HttpResponse:
    if request.htmx:
        if section == "links":
            return _page(request, map, section=section, links_notice=note)
        return _page(request, map, section=section, notice=note)
    messages.success(request, note)
    return redirect(settings_url(map))


def map_settings(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return _page(request, map_for(request, slug, need="member"))


@require_POST
def map_update(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    map = map_for(request, slug, need="own")
    form = forms.MapForm(request.POST)
    version = forms.VersionForm(request.POST)
    if form.is_valid() and version.is_valid():
        try:
            services.update_map(
                map=map, version=version.cleaned_data["version"], **form.cleaned_data
            )
            if request.htmx:
                return _page(request, map, map_form=forms.MapForm(initial=form.cleaned_data))
            messages.success(request, "Saved.")
            return redirect(settings_url(map))
        except services.ConflictError as conflict:
            form.add_error(None, f"{conflict.message} Reload the page to see the changes.")
        except ValidationError as error:
            refuse(form, error)
    return _page(request, map, map_form=form, status=422)


@require_POST
def map_delete(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    map = map_for(request, slug, need="own")
    if request.POST.get("confirm", "").strip() != map.slug:
        return _page(
            request, map, error=f"Type the map's short name ({map.slug}) to delete it.", status=422
        )
    services.delete_map(map=map)
    messages.success(request, f"Deleted the map “{map.title}”.")
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("maps:list")
        return response
    return redirect("maps:list")


@require_POST
def member_invite(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    map = map_for(request, slug, need="own")
    form = forms.InviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data.pop("by_email"):
                return _email_link(request, map, data["identifier"], data["role"])
            member = services.invite_member(map=map, actor=author(request), **data)
            return _done(
                request, map, f"{member.user.username} is now {member.get_role_display().lower()}."
            )
        except ValidationError as error:
            refuse(form, error)
    return _page(request, map, invite_form=form, status=422)


def _email_link(request: HtmxHttpRequest, map: Map, email: str, role: str) -> HttpResponse:
    invitation = services.email_invitation(
        map=map,
        email=email,
        role=role,
        actor=author(request),
        link=lambda invitation: _join_url(request, invitation),
    )
    note = f"E-mailed a link to join as {invitation.get_role_display().lower()} to {email}."
    if request.htmx:  # the members section, and the new link in the links section
        return _page(request, map, section="members", notice=note, oob_links=True)
    messages.success(request, note)
    return redirect(settings_url(map))


def _membership(map: Map, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user", "map"), map=map, pk=pk)


@require_POST
def member_role(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="own")
    membership = _membership(map, pk)
    try:
        services.change_role(
            membership=membership, role=request.POST.get("role", ""), actor=author(request)
        )
    except ValidationError as error:
        return _page(request, map, error=" ".join(error.messages), status=422)
    return _done(
        request, map, f"{membership.user.username} is now {membership.get_role_display().lower()}."
    )


@require_POST
def member_remove(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Owners remove members; any member may remove themselves (leave)."""
    map = map_for(request, slug, need="member")
    membership = _membership(map, pk)
    leaving = membership.user_id == request.user.pk
    if not leaving and not permissions.is_owner(request.user, map):
        raise PermissionDenied("Only an owner may remove other members.")
    try:
        services.remove_member(membership=membership, actor=author(request))
    except ValidationError as error:
        return _page(request, map, error=" ".join(error.messages), status=422)
    if leaving:
        messages.success(request, f"You left “{map.title}”.")
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("maps:list")
            return response
        return redirect("maps:list")
    return _done(request, map, f"Removed {membership.user.username}.")


@require_POST
def member_transfer(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="own")
    membership = _membership(map, pk)
    services.transfer_ownership(map=map, from_user=author(request), to=membership)
    return _done(request, map, f"{membership.user.username} owns the map now; you are an editor.")


@require_POST
def invitation_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    map = map_for(request, slug, need="own")
    form = forms.InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.create_invitation(
                map=map, actor=author(request), **form.cleaned_data
            )
            role = invitation.get_role_display().lower()
            return _done(request, map, f"Made a link for {role}s: copy it below.", "links")
        except ValidationError as error:
            refuse(form, error)
    return _page(request, map, link_form=form, section="links", status=422)


@require_POST
def invitation_revoke(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    map = map_for(request, slug, need="own")
    invitation = get_object_or_404(Invitation, map=map, pk=pk)
    services.revoke_invitation(invitation=invitation, actor=author(request))
    return _done(request, map, "Withdrew the link: nobody can join through it any more.", "links")
