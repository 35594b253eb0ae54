"""Joining a map by link, in Chromium: the owner makes a link, someone without an account opens
it, signs up through it, lands in the map as an editor and adds a reason; expired and withdrawn
links say so. Screenshots at laptop and phone size go to test-artifacts/."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from argmap.maps import services
from argmap.maps.models import Argument, Invitation, Membership
from tests.browser.axe import serious_violations
from tests.browser.conftest import select_claim
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
CENTRAL = "Schools should ban phones in class."


def new_visitor(browser: Browser, base_url: str, viewport: dict[str, int]) -> Page:
    """A browser context of its own: no cookies, nobody logged in; CSP faults fail the test."""
    page = browser.new_context(base_url=base_url, viewport=viewport).new_page()
    page.on(
        "console",
        lambda message: (
            pytest.fail(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def test_the_owner_makes_a_link_and_a_newcomer_joins_through_it_as_an_editor(
    page: Page, browser: Browser, live_server, log_in, artifacts, errors
):
    page.set_viewport_size(LAPTOP)
    log_in(page, "coach")
    the_map = services.create_map(
        title="Should schools ban phones?", created_by=UserFactory(username="coach")
    )
    services.add_claim(map=the_map, text=CENTRAL, author=None)
    page.goto(f"{live_server.url}/maps/{the_map.slug}/settings/")
    links = page.locator("#links-section")
    expect(links).to_contain_text("No links yet")
    links.get_by_label("People join as").select_option("editor")
    links.get_by_label("Open for").select_option("7")
    links.get_by_role("button", name="Make link").click()
    url_field = links.get_by_label("Link for editors")
    expect(url_field).to_be_visible()
    editors = Invitation.objects.get(role="editor")
    assert url_field.input_value() == f"{live_server.url}/join/{editors.token}/"
    expect(links).to_contain_text("Nobody has joined through it yet.")

    # The same kind of link, e-mailed to someone without an account: listed at once.
    members = page.locator("#members-section")
    members.get_by_label("User name or e-mail address").fill("pupil@example.org")
    members.get_by_label("Role", exact=True).select_option("commenter")
    members.get_by_label("No account yet? E-mail them a link").check()
    members.get_by_role("button", name="Share").click()
    expect(members.get_by_role("status")).to_have_text(
        "E-mailed a link to join as commenter to pupil@example.org."
    )
    expect(links).to_contain_text("e-mailed to pupil@example.org")
    assert Invitation.objects.get(role="commenter").sent_to == "pupil@example.org"
    assert serious_violations(page) == []
    link = url_field.input_value()
    links.locator(f"button[data-copy='link-{editors.pk}']").click()
    expect(page.locator(f"#copied-{editors.pk}")).to_have_text(re.compile("Copied|Selected"))

    # Someone with no account opens the link, signs up through it, and joins in one more click.
    visitor = new_visitor(browser, live_server.url, LAPTOP)
    visitor.goto(link)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Join “Should schools ban phones?” as an editor"
    )
    assert serious_violations(visitor) == []
    visitor.screenshot(path=artifacts / "join-logged-out-laptop.png", full_page=True)
    visitor.locator("main").get_by_role("link", name="Sign up").click()
    visitor.locator("#id_username").fill("newcomer")
    visitor.locator("#id_email").fill("newcomer@example.org")
    visitor.locator("#id_password1").fill(PASSWORD)
    visitor.locator("#id_password2").fill(PASSWORD)
    visitor.get_by_role("button", name="Sign up").click()
    expect(visitor).to_have_url(link)
    expect(visitor.get_by_role("button", name="Join as editor")).to_be_visible()
    assert serious_violations(visitor) == []
    visitor.screenshot(path=artifacts / "join-logged-in-laptop.png", full_page=True)
    visitor.set_viewport_size(PHONE)
    visitor.screenshot(path=artifacts / "join-logged-in-phone.png", full_page=True)
    visitor.set_viewport_size(LAPTOP)
    visitor.get_by_role("button", name="Join as editor").click()
    expect(visitor).to_have_url(f"{live_server.url}{the_map.get_absolute_url()}")
    expect(visitor.locator(".messages")).to_contain_text(
        "You joined “Should schools ban phones?” as an editor."
    )
    assert Membership.objects.get(map=the_map, user__username="newcomer").role == "editor"

    # As an editor, the newcomer adds a reason.
    expect(visitor.locator("html[data-workspace=ready]")).to_have_count(1)
    select_claim(visitor, CENTRAL)
    visitor.locator("#detail").get_by_text("Add a reason or an objection").click()
    visitor.locator("#argument-text").fill("Phones distract pupils.")
    visitor.locator("#argument-text").press("Enter")
    expect(visitor.locator("#outline-pane .argument.reason")).to_contain_text(
        "Phones distract pupils."
    )
    reason = Argument.objects.get(map=the_map, kind="support")
    assert reason.author.username == "newcomer"
    assert [p.text for p in reason.premises.all()] == ["Phones distract pupils."]

    # The owner sees who joined through the link.
    page.reload()
    expect(page.locator("#links-section")).to_contain_text("Joined through it: newcomer")
    page.screenshot(path=artifacts / "settings-links-laptop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=artifacts / "settings-links-phone.png", full_page=True)
    assert serious_violations(page) == []
    assert errors == []


def test_expired_and_withdrawn_links_are_refused_with_a_page_that_says_so(
    page: Page, live_server, artifacts, errors
):
    coach = UserFactory(username="coach")
    the_map = services.create_map(title="Should schools ban phones?", created_by=coach)
    week = datetime.timedelta(days=7)
    expired = services.create_invitation(map=the_map, role="editor", expires_in=week, actor=coach)
    Invitation.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    withdrawn = services.create_invitation(map=the_map, role="editor", expires_in=week, actor=coach)
    services.revoke_invitation(invitation=withdrawn, actor=coach)
    fresh = services.create_invitation(map=the_map, role="viewer", expires_in=None, actor=coach)
    for name, size in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        response = page.goto(f"{live_server.url}/join/{expired.token}/")
        assert response is not None and response.status == 410
        expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired")
        expect(page.locator("main")).to_contain_text("Ask coach, who made it, for a new one.")
        assert serious_violations(page) == []
        page.screenshot(path=artifacts / f"join-expired-{name}.png", full_page=True)

        response = page.goto(f"{live_server.url}/join/{withdrawn.token}/")
        assert response is not None and response.status == 410
        expect(page.get_by_role("heading", level=1)).to_have_text("This link was withdrawn")
        expect(page.locator("main")).not_to_contain_text("Should schools ban phones?")
        page.screenshot(path=artifacts / f"join-withdrawn-{name}.png", full_page=True)

        response = page.goto(f"{live_server.url}/join/{'0' * 32}/")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("No such link")

        page.goto(f"{live_server.url}/join/{fresh.token}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Join “Should schools ban phones?” as a viewer"
        )
        page.screenshot(path=artifacts / f"join-logged-out-{name}.png", full_page=True)
    assert not Membership.objects.filter(map=the_map).exclude(user=coach).exists()
    assert errors == []
