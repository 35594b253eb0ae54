"""A form's ``next`` never sends the visitor off the site."""

import pytest
from django.urls import reverse

from argmap.maps import services

pytestmark = pytest.mark.django_db

HOSTILE = [
    "https://evil.example/",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "http://testserver.evil.example/",
]


def post_to(client, user, map_, view):
    client.force_login(user)
    services.add_claim(map=map_, text="Phones should be banned.", author=user)  # to undo
    return lambda next: client.post(reverse(view, args=[map_.slug]), {"next": next})


@pytest.mark.parametrize("view", ["maps:evaluate", "maps:undo"])
@pytest.mark.parametrize("next", HOSTILE)
def test_a_hostile_next_goes_back_to_the_map(client, user, map_, view, next):
    response = post_to(client, user, map_, view)(next)
    assert response.status_code == 302
    assert response["Location"] == map_.get_absolute_url()


@pytest.mark.parametrize("view", ["maps:evaluate", "maps:undo"])
def test_a_next_on_this_site_is_followed(client, user, map_, view):
    here = reverse("maps:history", args=[map_.slug]) + "?page=1"
    assert post_to(client, user, map_, view)(here)["Location"] == here


def test_over_https_a_plain_http_next_on_this_host_is_refused(client, user, map_):
    client.force_login(user)
    response = client.post(
        reverse("maps:evaluate", args=[map_.slug]), {"next": "http://testserver/"}, secure=True
    )
    assert response["Location"] == map_.get_absolute_url()
