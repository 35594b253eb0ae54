import pytest
from django.urls import reverse

from argmap.maps import services

pytestmark = pytest.mark.django_db


def test_the_map_list_shows_public_maps_to_visitors_and_hides_private_ones(
    client, map_, public_map
):
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert public_map.title in html
    assert map_.title not in html


def test_the_map_list_shows_my_private_maps_when_logged_in(client, map_, user):
    client.force_login(user)
    assert map_.title in client.get("/").content.decode()


def test_an_empty_map_list_says_what_to_do(client, db):
    html = client.get("/").content.decode()
    assert "No maps to show yet" in html and "Log in" in html


def test_a_private_map_is_hidden_from_others(client, map_, other_user):
    assert client.get(map_.get_absolute_url()).status_code == 404
    client.force_login(other_user)
    assert client.get(map_.get_absolute_url()).status_code == 404


def test_the_map_page_shows_the_outline(client, public_map, user):
    central = services.add_claim(
        map=public_map, text="Phones should be banned.", author=user, speaker="Coach"
    )
    reason = services.add_support(
        conclusion=central, premises=["They distract.", "Marks fall."], author=user
    )
    services.add_rebuttal(claim=central, premises=["Emergencies happen."], author=user)
    services.add_undercut(argument=reason, premises=["Correlation only."], author=user)
    page = client.get(reverse("maps:detail", kwargs={"slug": public_map.slug}))
    assert page.status_code == 200
    html = page.content.decode()
    for text in [
        "Phones should be banned.",
        "They distract.",
        "Marks fall.",
        "Emergencies happen.",
        "Correlation only.",
        "Central claim",
        "Reason",
        "Objection",
        "Undercut",
        "2 co-premises",
        "Coach",
    ]:
        assert text in html


def test_an_empty_map_says_so(client, public_map):
    assert (
        "This map has no claims yet" in client.get(public_map.get_absolute_url()).content.decode()
    )
