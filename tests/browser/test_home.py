"""The home page in Chromium: a visitor learns what argmap is and opens the example debate; a
logged-in user finds their maps and what changed on them. On a laptop and a phone, with nothing
running off the screen and no serious accessibility faults."""

import pytest
from playwright.sync_api import Page, expect

from argmap.accounts.models import User
from argmap.maps import services
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECISION = "Decides to establish an open-ended ad hoc intergovernmental committee"
LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
SIZES = pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])


def _size(viewport: dict[str, int]) -> str:
    return "laptop" if viewport == LAPTOP else "phone"


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@SIZES
def test_a_visitor_reads_what_argmap_is_and_opens_the_example(
    page: Page, live_server, seeded, artifacts, errors, viewport
):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Argument maps you build together")
    example = page.get_by_role("region", name="Should the UN start drafting")
    expect(example.locator(".example-central")).to_contain_text(DECISION)
    expect(example.locator("li.reason").first).to_be_visible()
    expect(example.locator("li.objection").first).to_be_visible()
    expect(page.get_by_role("link", name="Create a free account")).to_be_visible()
    expect(page.get_by_role("region", name="Public maps")).to_contain_text("20 claims")
    assert fits_the_screen(page)
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"home-visitor-{_size(viewport)}.png", full_page=True)
    page.screenshot(path=artifacts / f"home-visitor-{_size(viewport)}-top.png")

    example.get_by_role("link", name="Focus on the central claim").click()
    expect(page.locator("#focus-claim")).to_contain_text(DECISION)
    page.go_back()
    example.get_by_role("link", name="Open the example").click()
    expect(page.locator(".claim.central > .claim-box .claim-text")).to_contain_text(DECISION)
    assert errors == []


@SIZES
def test_a_logged_in_user_sees_their_maps_and_what_changed(
    page: Page, live_server, seeded, log_in, artifacts, errors, viewport
):
    page.set_viewport_size(viewport)
    log_in(page)  # lands on the home page
    coach = User.objects.get(username="coach")
    expect(page.get_by_text("You have no maps yet")).to_be_visible()
    expect(page.get_by_role("link", name="open the example debate")).to_be_visible()
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"home-new-user-{_size(viewport)}.png", full_page=True)

    own = services.create_map(title="Should schools ban phones?", created_by=coach)
    central = services.add_claim(map=own, text="Phones should be banned in class.", author=coach)
    services.add_support(conclusion=central, premises=["They distract pupils."], author=coach)
    student = User.objects.create_user(username="student", password="x-unused-x")
    theirs = services.create_map(title="Homework is useful", created_by=student)
    services.invite_member(map=theirs, identifier="coach", role="commenter", actor=student)
    services.add_claim(map=theirs, text="Homework builds habits.", author=student)
    page.reload()

    mine = page.get_by_role("region", name="My maps")
    expect(mine.get_by_role("link", name="Should schools ban phones?")).to_be_visible()
    expect(mine).to_contain_text("Owner")
    shared = page.get_by_role("region", name="Shared with me")
    expect(shared.get_by_role("link", name="Homework is useful")).to_be_visible()
    expect(shared).to_contain_text("Commenter")
    activity = page.get_by_role("region", name="Recent activity")
    expect(activity.locator("li").first).to_contain_text("student")  # newest first
    expect(activity).to_contain_text("“They distract pupils.”")
    assert fits_the_screen(page)
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"home-logged-in-{_size(viewport)}.png", full_page=True)

    activity.get_by_role("link", name="Homework is useful").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Homework is useful")
    assert errors == []
