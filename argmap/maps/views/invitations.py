"""Joining a map by an invitation link: /join/<token>/."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .. import permissions, services
from ..models import Invitation, Membership
from ..services.members import a_role
from .common import author


def _gone(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    """A link that leads nowhere: 404 if it never existed (nothing about any map is said), else
    410. An expired link names the map and who made it; a withdrawn one only who made it, since
    it may have been withdrawn because it reached the wrong people."""
    state = invitation.state(timezone.now()) if invitation else "unknown"
    context = {"invitation": invitation, "state": state}
    return render(request, "maps/join_gone.html", context, status=404 if not invitation else 410)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("map", "created_by").filter(token=token).first()
    if invitation is None or invitation.state(timezone.now()) != Invitation.State.OPEN:
        return _gone(request, invitation)
    map = invitation.map
    here = reverse("maps:join", args=[token])
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('login')}?{urlencode({'next': here})}")
        try:
            member, joined = services.join_by_invitation(
                invitation=invitation, user=author(request)
            )
        except ValidationError:  # revoked or expired since the page was shown
            return _gone(request, invitation)
        if joined:
            messages.success(request, f"You joined “{map.title}” as {a_role(member.role)}.")
        else:
            messages.info(
                request, f"You are a member of “{map.title}” already, as {a_role(member.role)}."
            )
        return redirect(map.get_absolute_url())
    role = permissions.role_of(request.user, map)
    if role is not None and permissions.covers(role, invitation.role):
        messages.info(request, f"You are a member of “{map.title}” already, as {a_role(role)}.")
        return redirect(map.get_absolute_url())
    context = {
        "invitation": invitation,
        "map": map,
        "offered": a_role(invitation.role),
        "current": a_role(role) if role else "",
        "owners": map.memberships.filter(role=Membership.Role.OWNER).values_list(
            "user__username", flat=True
        ),
        "here": here,
    }
    return render(request, "maps/join.html", context)
