from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from argmap.maps.selectors import map_list
from argmap.maps.views.common import next_url

from . import forms, services
from .models import ApiToken, User


def signup(request: HttpRequest) -> HttpResponse:
    """Create an account; ``next`` (a page of this site, e.g. an invitation link) is where the
    new user goes afterwards."""
    after = next_url(request, "")
    if request.user.is_authenticated:
        return redirect(after or "maps:list")
    form = forms.SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.sign_up(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if after:
            messages.success(request, f"Welcome, {user.username}.")
            return redirect(after)
        messages.success(request, f"Welcome, {user.username}. Create your first map below.")
        return redirect("maps:list")
    context = {"form": form, "next": after}
    return render(request, "registration/signup.html", context, status=422 if form.errors else 200)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    mine = map_list(request.user).filter(memberships__user=request.user)
    return render(request, "accounts/profile.html", {"maps": mine})


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """List my API tokens and create one; a new key is shown on this page once."""
    assert isinstance(request.user, User)
    form = forms.TokenForm(request.POST or None)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        _, new_key = services.create_token(user=request.user, **form.cleaned_data)
        form = forms.TokenForm()
    context = {"tokens": request.user.api_tokens.all(), "form": form, "new_key": new_key}
    return render(request, "accounts/tokens.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_token(token=token)
    messages.success(
        request, f"Revoked the token “{token.name}”; scripts using it can no longer sign in."
    )
    return redirect("tokens")
