"""Every answer, HTML or API, page or error, carries the strict Content-Security-Policy."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from argmap.maps import services

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
STRICT = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def policy_of(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


@pytest.fixture
def pages(user, map_):
    claim = services.add_claim(map=map_, text="Phones should be banned.", author=user)
    slug = map_.slug
    return [
        "/",
        reverse("login"),
        reverse("signup"),
        reverse("password_reset"),
        reverse("sources:list"),
        reverse("maps:detail", args=[slug]),
        reverse("maps:settings", args=[slug]),
        reverse("maps:claim", kwargs={"slug": slug, "pk": claim.pk}),
        reverse("maps:graph", args=[slug]),
        reverse("maps:history", args=[slug]),
        reverse("maps:print", args=[slug]),
        reverse("profile"),
        reverse("tokens"),
        "/admin/",
        "/admin/login/",
        "/api/docs/",
        "/api/docs/?script",
        "/api/schema/",
        "/api/maps/",
        f"/api/maps/{slug}/",
        "/api/no-such-thing/",
        "/maps/no-such-map/",
        "/no/such/page/",
    ]


def test_every_page_and_api_answer_carries_the_policy(client, user, pages):
    client.force_login(user)
    for url in pages:
        response = client.get(url)
        assert response.status_code < 500, url
        assert policy_of(response) >= STRICT, url
        assert "unsafe-inline" not in response["Content-Security-Policy"], url


def test_a_post_answer_and_an_anonymous_one_too(client, user, map_):
    refused = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert policy_of(refused) >= STRICT
    client.force_login(user)
    redirect = client.post(reverse("maps:evaluate", args=[map_.slug]), {"mode": ""})
    assert redirect.status_code == 302 and policy_of(redirect) >= STRICT
    assert policy_of(Client().get("/api/maps/")) >= STRICT


def test_debug_error_pages_carry_it_too(client, settings):
    settings.DEBUG = True  # django-csp leaves these out by default
    assert policy_of(client.get("/no/such/page/")) >= STRICT


def test_no_template_or_script_has_inline_code():
    """What the policy refuses, the project never writes: inline scripts, handlers, styles."""
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|\sstyle=|<style|hx-on|javascript:|hx-vars"
    )
    found = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("static/js/*.js")]:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if inline.search(line) and "eval(" not in line:
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
            if re.search(r"\beval\(|new Function\(", line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert not found, "\n".join(found)
