import ipaddress
import math
from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.http import HttpRequest
from django.views.decorators.debug import sensitive_variables

from . import services
from .models import User


class SignUpForm(auth_forms.UserCreationForm):
    email = forms.EmailField(help_text="For resetting your password and for invitations to maps.")

    class Meta:
        model = User
        fields = ["username", "email"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this e-mail address exists already; log in instead."
            )
        return email


def client_ip(request: HttpRequest | None) -> str | None:
    """The visitor's address: the one our reverse proxies report if settings.TRUSTED_PROXY_COUNT
    says how many stand in front of us, else the connection's.

    Each proxy appends the address it saw to X-Forwarded-For, so the client is the entry that
    many places from the end; anything further left was written by the client and may be forged.
    """
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies > 0 and forwarded != [""]:
        address = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ipaddress.ip_address(address or ""))
    except ValueError:
        return None


class GuardedLoginMixin:
    """A log-in form whose password check goes through the throttle of ``services``."""

    request: HttpRequest | None
    cleaned_data: dict[str, Any]
    user_cache: Any

    @sensitive_variables()
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = services.authenticate_guarded(
                    username=username,
                    ip=client_ip(self.request),
                    authenticate=lambda: authenticate(
                        self.request, username=username, password=password
                    ),
                )
            except services.LoginThrottled as throttled:
                message = lockout_message(throttled.wait)
                raise forms.ValidationError(message, code="throttled") from None
            if self.user_cache is None:
                raise self.get_invalid_login_error()  # type: ignore[attr-defined]
            self.confirm_login_allowed(self.user_cache)  # type: ignore[attr-defined]
        return self.cleaned_data


def lockout_message(wait: timedelta) -> str:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return (
        f"Too many failed log-ins for this account. Try again in {minutes} "
        f"minute{'s' if minutes != 1 else ''}, or reset your password."
    )


class LoginForm(GuardedLoginMixin, auth_forms.AuthenticationForm):
    """The site's log-in form."""


class AdminLoginForm(GuardedLoginMixin, AdminAuthenticationForm):
    """The admin's log-in form: the same throttle, and staff only."""


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    @sensitive_variables("old_password")
    def clean_old_password(self) -> str:
        """The old password is a password guess too: the same throttle as the log-in."""
        old_password: str = self.cleaned_data["old_password"]
        user = self.user
        try:
            checked = services.authenticate_guarded(
                username=user.get_username(),
                ip=None,
                authenticate=lambda: user if user.check_password(old_password) else None,
            )
        except services.LoginThrottled as throttled:
            message = lockout_message(throttled.wait)
            raise forms.ValidationError(message, code="throttled") from None
        if checked is None:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password

    def save(self, commit: bool = True) -> User:
        services.set_password(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class SetPasswordForm(auth_forms.SetPasswordForm):
    """The new password of a reset."""

    def save(self, commit: bool = True) -> User:
        services.set_password(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class AdminPasswordChangeForm(auth_forms.AdminPasswordChangeForm):
    def save(self, commit: bool = True) -> User:
        usable = self.cleaned_data["set_usable_password"]
        services.set_password(
            user=self.user, password=self.cleaned_data["password1"] if usable else None
        )
        return self.user


class TokenForm(forms.Form):
    LIFETIMES = {"30": timedelta(days=30), "90": timedelta(days=90), "365": timedelta(days=365)}

    name = forms.CharField(max_length=100, help_text="What the token is for, e.g. 'weekly export'.")
    lifetime = forms.ChoiceField(
        label="Valid for",
        choices=[
            ("30", "30 days"),
            ("90", "90 days"),
            ("365", "a year"),
            ("never", "until revoked"),
        ],
        initial="90",
        help_text="After that, scripts using it are refused until you create a new one.",
    )

    def clean_lifetime(self) -> timedelta | None:
        return self.LIFETIMES.get(self.cleaned_data["lifetime"])
