"""Hostile query parameters and form values: a 400 naming what is wrong, never a 500.

The cases issue 13 found, one test each. tests/test_hostile_routes.py fuzzes every route.
"""

import pytest

from argmap.maps import services
from argmap.maps.models import Change, Claim
from tests.factories import PASSWORD, UserFactory, api_as, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(map_, user):
    return services.add_claim(map=map_, text="Phones distract pupils.", author=user)


def refused(response, name: str) -> str:
    """The 400's text, which must name the parameter."""
    assert response.status_code == 400, response.content[:300]
    text = response.content.decode()
    assert name in text, text[:500]
    return text


def test_history_person_with_nul_is_refused(client, map_, user):
    client.force_login(user)
    refused(client.get(f"/maps/{map_.slug}/history/", {"person": "\x00"}), "person")


@pytest.mark.parametrize("value", ["²", "٣", "1.5", "-4", "0"])
def test_history_claim_not_a_whole_number_from_1_is_refused(client, map_, user, value):
    client.force_login(user)
    refused(client.get(f"/maps/{map_.slug}/history/", {"claim": value}), "claim")


def test_history_claim_beyond_bigint_is_refused(client, map_, user):
    client.force_login(user)
    text = refused(
        client.get(f"/maps/{map_.slug}/history/", {"claim": "99999999999999999999"}), "claim"
    )
    assert "less than or equal to" in text


def test_history_page_not_a_number_is_refused(client, map_, user):
    client.force_login(user)
    refused(client.get(f"/maps/{map_.slug}/history/", {"page": "²"}), "page")


def test_history_filters_still_filter(client, map_, user, claim, other_user):
    """The good values keep working: one claim's changes, one person's changes."""
    client.force_login(user)
    services.add_claim(map=map_, text="Another claim entirely.", author=user)
    page = client.get(f"/maps/{map_.slug}/history/", {"claim": str(claim.pk)}).content.decode()
    assert "Phones distract pupils." in page and "Another claim entirely." not in page
    nobody = client.get(f"/maps/{map_.slug}/history/", {"person": other_user.username})
    assert "Phones distract pupils." not in nobody.content.decode()


def test_picker_exclude_odd_digit_is_refused(client, map_, user, claim):
    client.force_login(user)
    response = client.get(f"/maps/{map_.slug}/picker/", {"q": "phones", "exclude": "²"})
    refused(response, "exclude")


def test_picker_query_with_nul_is_refused(client, map_, user, claim):
    client.force_login(user)
    refused(client.get(f"/maps/{map_.slug}/picker/", {"q": "\x00"}), "q")


def test_picker_excludes_the_claims_named(client, map_, user, claim):
    client.force_login(user)
    url = f"/maps/{map_.slug}/picker/"
    assert "Phones distract" in client.get(url, {"q": "phones"}).content.decode()
    hidden = client.get(url, {"q": "phones", "exclude": [str(claim.pk), "7"]})
    assert hidden.status_code == 200 and "Phones distract" not in hidden.content.decode()


def test_login_with_nul_in_the_user_name_is_refused(client, user):
    response = client.post("/accounts/login/", {"username": "co\x00ach", "password": PASSWORD})
    refused(response, "username")
    assert "_auth_user_id" not in client.session


def test_api_member_name_with_nul_is_refused(map_, user):
    response = api_as(user).get(f"/api/maps/{map_.slug}/members/a%00b/")
    assert response.status_code == 400
    assert "path" in response.json()


@pytest.mark.parametrize("name", ["page", "page_size"])
@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "-1", "0", "x"])
def test_api_page_parameters_are_whole_numbers(map_, user, name, value):
    response = api_as(user).get("/api/maps/", {name: value})
    assert response.status_code == 400, response.content
    assert name in response.json()


def test_api_page_size_above_the_limit_gives_the_limit(map_, user):
    response = api_as(user).get("/api/maps/", {"page_size": "1000"})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "-1"])
def test_api_filter_ids_are_ascii_whole_numbers(map_, user, value):
    response = api_as(user).get("/api/arguments/", {"conclusion": value})
    assert response.status_code == 400 and "conclusion" in response.json()


def test_api_evaluation_semantics_with_nul_is_refused(map_, user):
    response = api_as(user).get(f"/api/maps/{map_.slug}/evaluation/", {"semantics": "a\x00"})
    assert response.status_code == 400 and "semantics" in response.json()


def test_page_form_with_nul_is_refused_and_nothing_is_written(client, map_, user):
    client.force_login(user)
    changes = Change.objects.count()
    response = client.post(f"/maps/{map_.slug}/claims/", {"text": "Phones\x00 help."})
    refused(response, "text")
    assert Change.objects.count() == changes and not Claim.objects.filter(map=map_).exists()


def test_api_form_upload_with_nul_is_refused(map_, user):
    response = api_as(user).post("/api/maps/import/", {"title": "x\x00"}, format="multipart")
    assert response.status_code == 400 and "title" in response.json()


def test_session_cookie_with_nul_is_refused(client, map_):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    refused(client.get("/"), "sessionid")


def test_header_with_nul_is_refused(client, map_):
    refused(client.get("/", headers={"X-Anything": "a\x00b"}), "X_ANYTHING")


def test_lone_surrogate_percent_encoded_is_harmless(client, map_, user, claim):
    """Invalid UTF-8 (%ED%A0%80 is a lone surrogate) is read as U+FFFD: no match, no error."""
    client.force_login(user)
    response = client.get(f"/maps/{map_.slug}/picker/?q=%ED%A0%80")
    assert response.status_code == 200


def test_a_new_user_with_a_nul_in_the_form_is_not_signed_up(client):
    data = {"username": "n\x00", "email": "n@example.org", "password1": "x" * 12}
    response = client.post("/accounts/signup/", {**data, "password2": "x" * 12})
    refused(response, "username")
    assert not UserFactory._meta.model.objects.filter(email="n@example.org").exists()


def test_version_query_parameter_of_the_api_is_a_whole_number(map_, user, claim):
    editor = member_of(map_, "editor")
    response = api_as(editor).delete("/api/arguments/1/premises/1/?version=²")
    assert response.status_code in (400, 404)
    response = api_as(user).delete("/api/arguments/1/premises/1/?version=99999999999999999999")
    assert response.status_code in (400, 404)


def test_admin_change_page_with_an_empty_to_field_is_refused(client, map_):
    """Django's admin looks up ``?_to_field=`` as a field named '' (a 500 before)."""
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    refused(client.get(f"/admin/maps/map/{map_.pk}/change/?_to_field="), "_to_field")
    refused(client.get(f"/admin/maps/map/{map_.pk}/delete/?_to_field=%20"), "_to_field")
    assert client.get(f"/admin/maps/map/{map_.pk}/change/").status_code == 200


@pytest.mark.parametrize("view", ["evaluate", "undo"])
def test_a_next_that_is_not_an_address_is_not_a_500(client, map_, user, claim, view):
    """Django's redirect() reads a word without '/' or '.' as a view name: NoReverseMatch, 500.

    Point 14 (open redirects) owns these views: their ``next`` must be checked as an address.
    """
    client.force_login(user)
    response = client.post(f"/maps/{map_.slug}/{view}/", {"next": "anything", "mode": ""})
    assert response.status_code < 500
