"""Joining a map by an invitation link: owners make and withdraw links, anyone with an open link
joins with its role, and a private map stays hidden from those without one."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from argmap.maps import backup, services
from argmap.maps.models import Change, Invitation, InvitationUse, Membership
from tests.factories import PASSWORD, UserFactory, member_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
WEEK = datetime.timedelta(days=7)


def link(map_, role="editor", expires_in=WEEK, actor=None) -> Invitation:
    return services.create_invitation(map=map_, role=role, expires_in=expires_in, actor=actor)


def join_url(invitation: Invitation) -> str:
    return reverse("maps:join", args=[invitation.token])


def expire(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )


@pytest.fixture
def owner_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def student_client(client, other_user):
    client.force_login(other_user)
    return client


# Making and withdrawing links


def test_a_link_has_a_long_random_unique_token_and_an_expiry(map_, user):
    before = timezone.now()
    first, second = link(map_, actor=user), link(map_, actor=user)
    assert len(first.token) >= 32 and first.token != second.token
    assert before + WEEK <= first.expires_at <= timezone.now() + WEEK
    assert first.created_by == user
    assert link(map_, expires_in=None).expires_at is None  # open until withdrawn


def test_a_link_never_makes_owners(map_):
    with pytest.raises(ValidationError, match="viewers, commenters or editors"):
        link(map_, role="owner")
    assert not Invitation.objects.exists()


def test_owner_makes_a_link_on_the_settings_page(owner_client, map_):
    url = reverse("maps:invitation-create", args=[map_.slug])
    response = owner_client.post(url, {"role": "commenter", "expires_in": "30"}, **HTMX)
    assert response.status_code == 200
    invitation = Invitation.objects.get(map=map_)
    assert invitation.role == "commenter"
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=29)
    body = response.content.decode()
    assert f"http://testserver/join/{invitation.token}/" in body  # the fragment, to copy
    assert "For commenters" in body and "Nobody has joined through it yet." in body
    assert "Made a link for commenters: copy it below." in body  # said where it happened
    page = owner_client.get(reverse("maps:settings", args=[map_.slug])).content.decode()
    assert "Invitation links" in page and invitation.token in page


@pytest.mark.parametrize(
    ("data", "field"),
    [({"role": "owner", "expires_in": "7"}, "role"), ({"role": "editor", "expires_in": "9"}, "")],
)
def test_a_bad_link_form_is_a_422_naming_the_field(owner_client, map_, data, field):
    url = reverse("maps:invitation-create", args=[map_.slug])
    response = owner_client.post(url, data, **HTMX)
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_owner_withdraws_a_link(owner_client, map_, user):
    invitation = link(map_, actor=user)
    url = reverse("maps:invitation-revoke", args=[map_.slug, invitation.pk])
    response = owner_client.post(url)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    page = owner_client.get(response["Location"]).content.decode()
    assert "Withdrew the link" in page and "withdrawn" in page
    assert invitation.token not in page  # a withdrawn link is not offered for copying


@pytest.mark.parametrize("role", ["viewer", "commenter", "editor"])
def test_only_owners_make_or_withdraw_links(client, map_, role):
    invitation = link(map_)
    client.force_login(member_of(map_, role))
    create = client.post(
        reverse("maps:invitation-create", args=[map_.slug]), {"role": "editor", "expires_in": "7"}
    )
    revoke = client.post(reverse("maps:invitation-revoke", args=[map_.slug, invitation.pk]))
    assert (create.status_code, revoke.status_code) == (403, 403)
    assert Invitation.objects.count() == 1 and Invitation.objects.get().revoked_at is None
    settings = client.get(reverse("maps:settings", args=[map_.slug])).content.decode()
    assert invitation.token not in settings and "Invitation links" not in settings


def test_a_link_of_another_map_cannot_be_withdrawn_through_mine(owner_client, map_, user):
    other_map = services.create_map(title="Other", created_by=UserFactory(username="else"))
    theirs = link(other_map)
    response = owner_client.post(reverse("maps:invitation-revoke", args=[map_.slug, theirs.pk]))
    assert response.status_code == 404
    assert Invitation.objects.get(pk=theirs.pk).revoked_at is None


# Joining


@pytest.mark.parametrize("role", ["viewer", "commenter", "editor"])
def test_join_as_each_role(student_client, map_, other_user, role):
    invitation = link(map_, role=role)
    page = student_client.get(join_url(invitation))
    assert page.status_code == 200
    text = page.content.decode()
    article = "an" if role == "editor" else "a"
    assert f"Join “{map_.title}” as {article} {role}" in text
    assert f"Join as {role}" in text  # the button
    response = student_client.post(join_url(invitation))
    assert response.status_code == 302 and response["Location"] == map_.get_absolute_url()
    assert Membership.objects.get(map=map_, user=other_user).role == role
    use = InvitationUse.objects.get()
    assert (use.invitation, use.user) == (invitation, other_user)
    workspace = student_client.get(response["Location"]).content.decode()
    assert f"You joined “{map_.title}” as {article} {role}." in workspace


def test_joining_leaves_a_change_saying_so(student_client, map_, other_user, user):
    invitation = link(map_)
    student_client.post(join_url(invitation))
    change = Change.objects.get(operation="member.join")
    assert change.actor == other_user and change.map_id == map_.pk
    assert change.after == {"user": "student", "role": "editor", "invitation": invitation.pk}
    assert services.describe(change) == "joined through a link"
    history = student_client.get(reverse("maps:history", args=[map_.slug])).content.decode()
    assert "joined through a link" in history
    assert invitation.token not in str(list(Change.objects.values("before", "after")))


def test_owner_sees_who_joined_and_when(owner_client, map_, other_user):
    invitation = link(map_)
    services.join_by_invitation(invitation=invitation, user=other_user)
    page = owner_client.get(reverse("maps:settings", args=[map_.slug])).content.decode()
    assert "Joined through it: student" in page


def test_a_member_with_that_role_or_more_just_goes_to_the_map(client, map_):
    invitation = link(map_, role="commenter")
    for role in ("commenter", "editor", "owner"):
        member = member_of(map_, role, username=f"already-{role}")
        client.force_login(member)
        response = client.get(join_url(invitation))
        assert response.status_code == 302 and response["Location"] == map_.get_absolute_url()
        assert "member of “Should schools ban phones?” already" in (
            client.get(response["Location"]).content.decode()
        )
        client.post(join_url(invitation))
        assert Membership.objects.get(map=map_, user=member).role == role
    assert not InvitationUse.objects.exists()
    assert not Change.objects.filter(operation="member.join").exists()


def test_a_link_does_not_raise_a_lower_role(client, map_):
    """An owner may have lowered someone's role on purpose: a link for the class must not undo it."""
    viewer = member_of(map_, "viewer")
    invitation = link(map_, role="editor")
    client.force_login(viewer)
    page = client.get(join_url(invitation))
    text = page.content.decode()
    assert page.status_code == 200
    assert "You are a viewer of this map already" in text and "ask an owner (coach)" in text
    assert "Join as editor" not in text
    response = client.post(join_url(invitation))  # a POST anyway changes nothing
    assert response.status_code == 302
    assert Membership.objects.get(map=map_, user=viewer).role == "viewer"


def test_joining_twice_makes_one_membership(student_client, map_, other_user):
    invitation = link(map_)
    student_client.post(join_url(invitation))
    student_client.post(join_url(invitation))
    assert Membership.objects.filter(map=map_, user=other_user).count() == 1
    assert InvitationUse.objects.count() == 1


def test_join_is_post_only_and_needs_the_csrf_token(map_, other_user):
    from django.test import Client

    invitation = link(map_)
    careful = Client(enforce_csrf_checks=True)
    careful.force_login(other_user)
    assert careful.post(join_url(invitation)).status_code == 403
    usual = Client()
    usual.force_login(other_user)
    assert usual.put(join_url(invitation)).status_code == 405
    assert usual.delete(join_url(invitation)).status_code == 405
    careful.get(join_url(invitation))  # a GET shows the page and changes nothing
    assert not Membership.objects.filter(map=map_, user=other_user).exists()


def test_a_visitor_without_an_account_is_offered_sign_up_and_log_in(client, map_):
    invitation = link(map_)
    text = client.get(join_url(invitation)).content.decode()
    here = join_url(invitation)
    assert f'href="/accounts/signup/?next={here}"' in text
    assert f'href="/accounts/login/?next={here}"' in text
    response = client.post(join_url(invitation))  # logged out: log in first
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Membership.objects.filter(map=map_).count() == 1


def test_sign_up_through_a_link_comes_back_to_it(client, map_):
    invitation = link(map_)
    signup = reverse("signup") + f"?next={join_url(invitation)}"
    form = client.get(signup).content.decode()
    assert f'name="next" value="{join_url(invitation)}"' in form
    data = {
        "username": "newcomer",
        "email": "newcomer@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "next": join_url(invitation),
    }
    response = client.post(reverse("signup"), data)
    assert response.status_code == 302 and response["Location"] == join_url(invitation)
    client.post(response["Location"])
    assert Membership.objects.get(map=map_, user__username="newcomer").role == "editor"


def test_log_in_through_a_link_comes_back_to_it(client, map_, other_user):
    invitation = link(map_)
    form = client.get(reverse("login") + f"?next={join_url(invitation)}").content.decode()
    assert f'name="next" value="{join_url(invitation)}"' in form
    assert f'href="/accounts/signup/?next={join_url(invitation)}"' in form  # no account yet?
    data = {"username": "student", "password": PASSWORD, "next": join_url(invitation)}
    response = client.post(reverse("login"), data)
    assert response.status_code == 302 and response["Location"] == join_url(invitation)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "maps:list"])
def test_sign_up_never_redirects_off_the_site(client, target):
    data = {
        "username": "newcomer",
        "email": "newcomer@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "next": target,
    }
    response = client.post(reverse("signup"), data)
    assert response.status_code == 302 and response["Location"] == reverse("maps:list")


# Links that lead nowhere


def test_an_expired_link_is_a_410_that_says_so(student_client, map_, other_user, user):
    invitation = link(map_, actor=user)
    expire(invitation)
    for response in (
        student_client.get(join_url(invitation)),
        student_client.post(join_url(invitation)),
    ):
        text = response.content.decode()
        assert response.status_code == 410
        assert "This link has expired" in text and "Ask coach, who made it, for a new one" in text
    assert not Membership.objects.filter(map=map_, user=other_user).exists()
    with pytest.raises(ValidationError, match="expired"):
        services.join_by_invitation(invitation=invitation, user=other_user)


def test_a_withdrawn_link_is_a_410_that_says_so_without_the_map(client, map_, other_user, user):
    invitation = link(map_, actor=user)
    services.revoke_invitation(invitation=invitation, actor=user)
    for who in (None, other_user):
        if who:
            client.force_login(who)
        response = client.get(join_url(invitation))
        text = response.content.decode()
        assert response.status_code == 410
        assert "This link was withdrawn" in text and "Ask coach" in text
        assert map_.title not in text  # it may have been withdrawn for reaching the wrong people
    assert client.post(join_url(invitation)).status_code == 410
    assert not Membership.objects.filter(map=map_, user=other_user).exists()


@pytest.mark.parametrize("token", ["0" * 32, "x", "a" * 200, "..%2F"])
def test_an_unknown_link_is_a_404_naming_no_map(client, map_, token):
    link(map_)
    response = client.get(f"/join/{token}/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "No such link" in text or response.status_code == 404
    assert map_.title not in text and "coach" not in text


def test_a_private_map_stays_hidden_from_outsiders_without_a_link(student_client, map_):
    link(map_)
    assert map_.visibility == "private"
    assert student_client.get(map_.get_absolute_url()).status_code == 404
    assert student_client.get(reverse("maps:settings", args=[map_.slug])).status_code == 404
    assert (
        student_client.post(
            reverse("maps:invitation-create", args=[map_.slug]),
            {"role": "editor", "expires_in": "7"},
        ).status_code
        == 404
    )


def test_a_link_withdrawn_after_the_page_was_shown_is_refused_on_join(
    student_client, map_, other_user
):
    invitation = link(map_)
    assert student_client.get(join_url(invitation)).status_code == 200
    services.revoke_invitation(invitation=invitation)
    assert student_client.post(join_url(invitation)).status_code == 410
    assert not Membership.objects.filter(map=map_, user=other_user).exists()


def test_withdrawing_and_expiry_are_logged(map_, user):
    invitation = link(map_, actor=user)
    services.revoke_invitation(invitation=invitation, actor=user)
    services.revoke_invitation(invitation=invitation, actor=user)  # twice: logged once
    operations = list(
        Change.objects.filter(object_type="invitation")
        .order_by("id")
        .values_list("operation", flat=True)
    )
    assert operations == ["invitation.create", "invitation.revoke"]


def test_links_are_left_out_of_backups_with_a_reason():
    assert {"maps.Invitation", "maps.InvitationUse"} <= set(backup.EXCLUDED)
    labels = {model._meta.label for model in backup.backed_up_models()}
    assert "maps.Invitation" not in labels and "maps.Membership" in labels


# E-mail invitations: the same link, mailed


def test_owner_e_mails_a_link_to_someone_without_an_account(owner_client, map_, mailoutbox):
    url = reverse("maps:member-invite", args=[map_.slug])
    data = {"identifier": "pupil@example.org", "role": "commenter", "by_email": "1"}
    response = owner_client.post(url, data, **HTMX)
    assert response.status_code == 200
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.sent_to) == ("commenter", "pupil@example.org")
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=6)
    [mail] = mailoutbox
    assert mail.to == ["pupil@example.org"]
    assert f"http://testserver/join/{invitation.token}/" in mail.body
    assert "as a commenter" in mail.body and "Should schools ban phones?" in mail.subject
    body = response.content.decode()
    assert "E-mailed a link to join as commenter to pupil@example.org." in body
    assert 'id="links-section" hx-swap-oob="innerHTML"' in body  # the new link shows at once
    assert "e-mailed to pupil@example.org" in body
    assert not Membership.objects.filter(map=map_).exclude(role="owner").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"identifier": "not an address", "role": "editor"}, "Enter an e-mail address"),
        ({"identifier": "x@example.org", "role": "owner"}, "viewers, commenters or editors"),
    ],
)
def test_a_bad_e_mail_invitation_is_a_422_that_sends_nothing(
    owner_client, map_, mailoutbox, data, message
):
    url = reverse("maps:member-invite", args=[map_.slug])
    response = owner_client.post(url, {**data, "by_email": "1"}, **HTMX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Invitation.objects.exists() and mailoutbox == []


def test_a_mail_that_cannot_be_sent_makes_no_link(owner_client, map_, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nobody listens there
    url = reverse("maps:member-invite", args=[map_.slug])
    data = {"identifier": "pupil@example.org", "role": "editor", "by_email": "1"}
    response = owner_client.post(url, data, **HTMX)
    assert response.status_code == 422
    assert "The e-mail could not be sent" in response.content.decode()
    assert not Invitation.objects.exists()


# The API: owners list, make and withdraw links


def test_api_owner_makes_lists_and_withdraws_links(api, map_, other_user):
    url = f"/api/maps/{map_.slug}/invitations/"
    made = api.post(url, {"role": "commenter", "expires_in_days": 30}, format="json")
    assert made.status_code == 201, made.content
    invitation = Invitation.objects.get()
    assert made.json()["url"] == f"http://testserver/join/{invitation.token}/"
    assert (made.json()["role"], made.json()["state"]) == ("commenter", "open")
    services.join_by_invitation(invitation=invitation, user=other_user)
    listed = api.get(url).json()["results"]
    assert [(i["id"], [j["user"] for j in i["joined"]]) for i in listed] == [
        (invitation.pk, ["student"])
    ]
    assert api.delete(f"{url}{invitation.pk}/").status_code == 204
    assert api.get(f"{url}{invitation.pk}/").json()["state"] == "revoked"
    forever = api.post(url, {"role": "viewer", "expires_in_days": None}, format="json").json()
    assert forever["expires_at"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [({"role": "owner"}, "role"), ({"role": "editor", "expires_in_days": 3}, "expires_in_days")],
)
def test_api_refuses_a_bad_link_naming_the_field(api, map_, body, field):
    response = api.post(f"/api/maps/{map_.slug}/invitations/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Invitation.objects.exists()
