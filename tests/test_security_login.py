"""Every way in is throttled by one mechanism, per user name, even under parallel guesses."""

import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.urls import reverse

from argmap.accounts import services
from argmap.accounts.models import LoginFailure
from tests.factories import PASSWORD, UserFactory

LOCKED = "Too many failed log-ins for this account. Try again in 15 minutes"


def guess(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


@pytest.mark.django_db
@pytest.mark.parametrize("locked_at", ["login", "admin:login"])
def test_a_lockout_anywhere_refuses_the_right_password_everywhere_with_the_wait(client, locked_at):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    for _ in range(services.LOGIN_FAILURES_ALLOWED):
        guess(client, reverse(locked_at), "boss", "wrong")
    for way_in in ["login", "admin:login"]:
        refused = guess(client, reverse(way_in), "boss", PASSWORD)
        assert refused.status_code == 200, way_in
        assert LOCKED in refused.content.decode(), way_in
        assert "_auth_user_id" not in client.session
    # The refused tries were not checked, so they did not count.
    assert LoginFailure.objects.count() == services.LOGIN_FAILURES_ALLOWED


@pytest.mark.django_db
def test_the_failures_of_other_accounts_never_refuse_a_right_password(client, user):
    """Behind one proxy (or NAT) every visitor has one address: no lock-out by address alone."""
    for n in range(services.LOGIN_FAILURES_ALLOWED * 5):
        guess(client, reverse("login"), f"someone-{n}", "wrong")
    assert guess(client, reverse("login"), "coach", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_address_is_the_proxys_report_only_when_configured(client, settings):
    forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.7", "REMOTE_ADDR": "10.0.0.2"}
    client.post(reverse("login"), {"username": "a", "password": "x"}, **forwarded)
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(reverse("login"), {"username": "b", "password": "x"}, **forwarded)
    settings.TRUSTED_PROXY_COUNT = 2
    client.post(reverse("login"), {"username": "c", "password": "x"}, **forwarded)
    client.post(reverse("login"), {"username": "d", "password": "x"}, HTTP_X_FORWARDED_FOR="junk")
    recorded = dict(LoginFailure.objects.values_list("username", "ip"))
    assert recorded == {
        "a": "10.0.0.2",  # no proxy configured: the header is the client's word, ignored
        "b": "198.51.100.7",  # what our one proxy saw
        "c": "203.0.113.9",
        "d": None,  # not an address: not recorded as one, and no 500
    }


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_guesses_check_at_most_the_allowed_number(live_server):
    UserFactory(username="target")
    page = urllib.request.urlopen(f"{live_server.url}/accounts/login/")
    cookie = page.headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())[1]
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "target", "password": "wrong"}
    ).encode()
    statuses = []

    def one_guess() -> None:
        request = urllib.request.Request(
            f"{live_server.url}/accounts/login/", data=body, headers={"Cookie": cookie}
        )
        for _ in range(3):  # the test server's listen queue is short: connect again
            try:
                with urllib.request.urlopen(request) as response:
                    statuses.append((response.status, LOCKED in response.read().decode()))
                    return
            except urllib.error.HTTPError:
                raise  # an answer, not a lost connection
            except (ConnectionError, urllib.error.URLError):
                continue

    threads = [threading.Thread(target=one_guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) == 40 and {status for status, _ in statuses} == {200}
    assert sum(locked for _, locked in statuses) == 40 - services.LOGIN_FAILURES_ALLOWED
    assert LoginFailure.objects.filter(username="target").count() == (
        services.LOGIN_FAILURES_ALLOWED
    )


@pytest.mark.django_db
def test_the_old_password_of_a_password_change_is_throttled_too(client, user):
    client.force_login(user)
    change = {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"}
    for _ in range(services.LOGIN_FAILURES_ALLOWED):
        wrong = client.post(reverse("password_change"), {"old_password": "wrong", **change})
        assert "old password was entered incorrectly" in wrong.content.decode()
    refused = client.post(reverse("password_change"), {"old_password": PASSWORD, **change})
    assert LOCKED in refused.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
