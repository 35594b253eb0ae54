"""Writes about accounts: sign-up, passwords, API tokens, and the record of failed log-ins."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.db import connection, transaction
from django.utils import timezone

from .models import ApiToken, LoginFailure, User

U = TypeVar("U")

# At most this many failed log-ins per user name in the window, then a pause.
LOGIN_FAILURES_ALLOWED = 5
LOGIN_FAILURE_WINDOW = timedelta(minutes=15)

# A forgotten token in an old script should not work for ever; the owner may choose otherwise.
DEFAULT_TOKEN_LIFETIME = timedelta(days=90)


@transaction.atomic
def sign_up(*, username: str, email: str, password: str) -> User:
    return User.objects.create_user(username=username, email=email, password=password)


@transaction.atomic
def create_token(
    *, user: User, name: str, lifetime: timedelta | None = DEFAULT_TOKEN_LIFETIME
) -> tuple[ApiToken, str]:
    """A new API token valid for ``lifetime`` (None: until revoked); returns it with its key,
    which is not stored and cannot be shown again."""
    key = ApiToken.new_key()
    expires_at = timezone.now() + lifetime if lifetime is not None else None
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=key[:8],
        key_hash=ApiToken.hash(key),
        expires_at=expires_at,
    )
    return token, key


@transaction.atomic
def revoke_token(*, token: ApiToken) -> None:
    token.delete()


class LoginThrottled(Exception):
    """Too many failed log-ins for one user name; ``wait`` is how long until the next try."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__(f"locked for {wait}")
        self.wait = wait


def authenticate_guarded(
    *, username: str, ip: str | None, authenticate: Callable[[], U | None]
) -> U | None:
    """Check a password (``authenticate``) unless the user name is locked out; record a failure.

    Every password check comes through here (the site's and the admin's log-in, the old password
    of a password change). Guesses for one user
    name wait for each other on a transaction-level advisory lock, so that parallel guesses
    cannot all pass the count before any failure is recorded. Only failures for this user name
    count: a correct password is never refused for the failures of other accounts (an address
    shared behind a proxy or NAT would otherwise lock out everyone). Raises LoginThrottled.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                [f"argmap-login:{username.lower()}"],
            )
        wait = lockout_wait(username=username)
        if wait is not None:
            raise LoginThrottled(wait)
        user = authenticate()
        if user is None:
            record_login_failure(username=username, ip=ip)
        else:
            LoginFailure.objects.filter(username__iexact=username).delete()
    return user


def lockout_wait(*, username: str) -> timedelta | None:
    """How long until ``username`` may try again, or None if it may now."""
    now = timezone.now()
    recent = LoginFailure.objects.filter(
        username__iexact=username, at__gte=now - LOGIN_FAILURE_WINDOW
    )
    # The lock lifts when the LOGIN_FAILURES_ALLOWED-th newest failure leaves the window.
    oldest_counted = recent.order_by("-at").values_list("at", flat=True)[
        LOGIN_FAILURES_ALLOWED - 1 : LOGIN_FAILURES_ALLOWED
    ]
    if not oldest_counted:
        return None
    return oldest_counted[0] + LOGIN_FAILURE_WINDOW - now


def record_login_failure(*, username: str, ip: str | None) -> None:
    LoginFailure.objects.filter(at__lt=timezone.now() - LOGIN_FAILURE_WINDOW).delete()
    LoginFailure.objects.create(username=username[:150], ip=ip)


@transaction.atomic
def set_password(*, user: User, password: str | None) -> int:
    """Give ``user`` a new password (None: no password log-in) and revoke their API tokens.

    Every password change and reset comes through here: whoever learnt the old password may
    have made tokens with it, and those must stop working with it. Other sessions end because
    Django's session hash changes with the password. Returns how many tokens were revoked.
    """
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    return revoke_all_tokens(user=user)


@transaction.atomic
def revoke_all_tokens(*, user: User) -> int:
    revoked, _ = user.api_tokens.all().delete()
    return revoked
