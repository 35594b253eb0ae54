"""A new password, however it is set, revokes the API tokens made under the old one."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from argmap.accounts import services
from argmap.accounts.models import ApiToken
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW = "a brand new passphrase 7"
SAID = "Your API tokens were revoked"


@pytest.fixture
def token_key(user, map_):
    """A working key of ``user``'s, checked against their private map."""
    _, key = services.create_token(user=user, name="script")
    assert api_status(map_, key) == 200
    return key


def api_status(map_, key):
    return Client().get(f"/api/maps/{map_.slug}/", HTTP_AUTHORIZATION=f"Token {key}").status_code


def test_changing_the_password_revokes_tokens_and_says_so(client, user, map_, token_key):
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert SAID in response.content.decode()
    assert api_status(map_, token_key) == 401
    assert not ApiToken.objects.filter(user=user).exists()


def test_resetting_the_password_revokes_tokens_and_says_so(client, user, map_, token_key):
    client.post(reverse("password_reset"), {"email": user.email})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert SAID in response.content.decode()
    assert api_status(map_, token_key) == 401


def test_the_admin_setting_a_password_revokes_tokens(client, user, map_, token_key):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"usable_password": "true", "password1": NEW, "password2": NEW},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert api_status(map_, token_key) == 401


def test_the_changepassword_command_revokes_tokens(user, map_, token_key, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW)
    out = StringIO()
    call_command("changepassword", user.username, stdout=out)
    assert "Revoked 1 API token." in out.getvalue()
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert api_status(map_, token_key) == 401


def test_other_users_tokens_stay(client, user, other_user, map_, token_key):
    services.create_token(user=other_user, name="theirs")
    services.set_password(user=user, password=NEW)
    assert ApiToken.objects.filter(user=other_user).count() == 1
