"""An owner shares a private map: first to read, then to edit."""

import pytest
from playwright.sync_api import Browser, Page, expect

from argmap.maps import services
from argmap.maps.models import Argument
from tests.browser.conftest import log_in_as, select_claim
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in_page(browser: Browser, live_server, username: str) -> Page:
    """A page of its own browser context, logged in as ``username``."""
    page = browser.new_context().new_page()
    log_in_as(page, live_server.url, username)
    return page


def test_an_owner_shares_with_a_viewer_then_makes_them_editor(
    browser: Browser, live_server, artifacts
):
    owner = UserFactory(username="coach")
    UserFactory(username="student", email="student@example.org")
    the_map = services.create_map(title="Homework debate", created_by=owner, visibility="private")
    services.add_claim(map=the_map, text="Homework should be optional.", author=owner)
    map_url = f"{live_server.url}{the_map.get_absolute_url()}"

    student = logged_in_page(browser, live_server, "student")
    student.goto(map_url)
    expect(student.get_by_role("heading", name="Map not found")).to_be_visible()  # private: hidden

    coach = logged_in_page(browser, live_server, "coach")
    coach.goto(map_url)
    coach.get_by_role("link", name="Sharing and settings").click()
    coach.get_by_label("User name or e-mail address").fill("student@example.org")
    coach.get_by_label("Role", exact=True).select_option("viewer")
    coach.get_by_role("button", name="Share").click()
    expect(coach.locator("#members-section")).to_contain_text("student")
    coach.screenshot(path=artifacts / "sharing-owner.png", full_page=True)

    student.goto(map_url)
    expect(student.locator(".claim.central .claim-text")).to_have_text(
        "Homework should be optional."
    )
    expect(student.get_by_text("You can read this map.")).to_be_visible()
    expect(student.get_by_text("Add a central claim")).to_have_count(0)
    student.locator(".claim.central a.claim-text").click()
    expect(student.locator("#detail .detail-text")).to_have_text("Homework should be optional.")
    expect(student.get_by_text("Add a reason or an objection")).to_have_count(0)

    coach.get_by_label("Role of student").select_option("editor")
    coach.locator("#members-section tr", has_text="student").get_by_role(
        "button", name="Change"
    ).click()
    expect(coach.get_by_label("Role of student")).to_have_value("editor")

    student.reload()
    select_claim(student, "Homework should be optional.")  # the pane may show it already
    student.get_by_text("Add a reason or an objection").click()
    student.locator("#argument-text").fill("Pupils learn better when rested.")
    student.locator("#argument-text").press("Enter")
    expect(student.locator(".argument.reason")).to_contain_text("Pupils learn better when rested.")
    assert Argument.objects.get(map=the_map).author.username == "student"
    student.screenshot(path=artifacts / "sharing-editor.png", full_page=True)
