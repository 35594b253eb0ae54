"""Sharing a map: invitations, roles, leaving, transferring; a map always keeps an owner."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from argmap.maps import services
from argmap.maps.models import Map, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_invite_by_user_name_or_e_mail(map_, other_user):
    member = services.invite_member(map=map_, identifier="STUDENT", role="viewer")
    assert (member.user, member.role) == (other_user, "viewer")
    third = UserFactory(username="third", email="third@example.org")
    assert (
        services.invite_member(map=map_, identifier="third@example.org", role="editor").user
        == third
    )


@pytest.mark.parametrize(
    ("identifier", "role", "message"),
    [
        ("nobody", "viewer", "No user is called"),
        ("student", "boss", "Choose one of"),
        ("coach", "viewer", "member already"),
    ],
)
def test_invite_errors(map_, other_user, identifier, role, message):
    with pytest.raises(ValidationError, match=message):
        services.invite_member(map=map_, identifier=identifier, role=role)


def test_the_last_owner_can_neither_leave_nor_be_demoted(map_, user):
    owner = Membership.objects.get(map=map_, user=user)
    with pytest.raises(ValidationError, match="needs an owner"):
        services.remove_member(membership=owner)
    with pytest.raises(ValidationError, match="needs an owner"):
        services.change_role(membership=owner, role="editor")
    assert Membership.objects.get(pk=owner.pk).role == "owner"


def test_transfer_ownership_keeps_the_old_owner_as_editor(map_, user, other_user):
    member = services.invite_member(map=map_, identifier="student", role="viewer")
    services.transfer_ownership(map=map_, from_user=user, to=member)
    roles = dict(Membership.objects.filter(map=map_).values_list("user__username", "role"))
    assert roles == {"coach": "editor", "student": "owner"}


@pytest.fixture
def owner_client(client, user):
    client.force_login(user)
    return client


def test_the_owner_shares_changes_roles_and_removes(owner_client, map_, other_user):
    page = owner_client.post(
        reverse("maps:member-invite", args=[map_.slug]),
        {"identifier": "student", "role": "viewer"},
        **HTMX,
    )
    assert page.status_code == 200 and "student" in page.content.decode()
    member = Membership.objects.get(map=map_, user=other_user)
    owner_client.post(reverse("maps:member-role", args=[map_.slug, member.pk]), {"role": "editor"})
    assert Membership.objects.get(pk=member.pk).role == "editor"
    owner_client.post(reverse("maps:member-remove", args=[map_.slug, member.pk]), **HTMX)
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_invite_errors_show_beside_the_field(owner_client, map_):
    page = owner_client.post(
        reverse("maps:member-invite", args=[map_.slug]),
        {"identifier": "nobody", "role": "viewer"},
        **HTMX,
    )
    assert (
        page.status_code == 422
        and "No user is called or has the address “nobody”" in page.content.decode()
    )


def test_demoting_the_last_owner_is_refused_on_the_page(owner_client, map_, user):
    owner = Membership.objects.get(map=map_, user=user)
    page = owner_client.post(
        reverse("maps:member-role", args=[map_.slug, owner.pk]), {"role": "viewer"}, **HTMX
    )
    assert page.status_code == 422 and "needs an owner" in page.content.decode()


def test_a_member_may_leave_but_not_remove_others(client, map_, other_user, user):
    member = services.invite_member(map=map_, identifier="student", role="editor")
    client.force_login(other_user)
    owner = Membership.objects.get(map=map_, user=user)
    assert client.post(reverse("maps:member-remove", args=[map_.slug, owner.pk])).status_code == 403
    response = client.post(reverse("maps:member-remove", args=[map_.slug, member.pk]))
    assert response.status_code == 302 and not Membership.objects.filter(pk=member.pk).exists()
    assert client.get(map_.get_absolute_url()).status_code == 404  # private: gone from view


def test_settings_update_visibility_and_delete(owner_client, map_):
    url = reverse("maps:update", args=[map_.slug])
    owner_client.post(
        url, {"title": "Renamed", "description": "", "visibility": "public", "version": 1}
    )
    map_.refresh_from_db()
    assert (map_.title, map_.visibility, map_.version) == ("Renamed", "public", 2)
    stale = owner_client.post(
        url, {"title": "Again", "description": "", "visibility": "public", "version": 1}, **HTMX
    )
    assert stale.status_code == 422 and "changed by someone else" in stale.content.decode()
    wrong = owner_client.post(reverse("maps:delete", args=[map_.slug]), {"confirm": "nope"})
    assert wrong.status_code == 422 and Map.objects.filter(pk=map_.pk).exists()
    owner_client.post(reverse("maps:delete", args=[map_.slug]), {"confirm": map_.slug})
    assert not Map.objects.filter(pk=map_.pk).exists()


def test_members_see_the_list_but_not_the_owner_tools(client, map_, other_user):
    services.invite_member(map=map_, identifier="student", role="viewer")
    client.force_login(other_user)
    html = client.get(reverse("maps:settings", args=[map_.slug])).content.decode()
    assert "coach" in html and "Leave this map" in html
    assert "Share with someone" not in html and "Delete this map" not in html
