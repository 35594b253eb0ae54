"""The focus view and its overview in Chromium: opened from the workspace, navigated by its
cards, breadcrumbs and sunburst, on a laptop and on a phone, with no accessibility faults."""

import re

import pytest
from playwright.sync_api import Page, expect

from argmap.maps import services
from argmap.maps.models import Map
from tests.browser.axe import serious_violations
from tests.browser.conftest import select_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECISION = "Decides to establish an open-ended ad hoc intergovernmental committee"
US_REASON = "First, despite intense debate, there is absolutely no consensus"
LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}


def centre(page: Page):
    return page.locator("#focus-claim")


def test_focus_from_the_workspace_into_a_reason_and_an_objection_and_back(
    page: Page, live_server, seeded, errors
):
    seed = Map.objects.get(slug="unga74-ict-crime")
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}{seed.get_absolute_url()}")
    select_claim(page, seed.claims.get(text__startswith=DECISION).text)
    page.locator("#detail").get_by_role("link", name="Open as focus").click()
    expect(centre(page)).to_contain_text(DECISION)
    expect(page.locator(".focus-column.reasons .focus-group.reason")).to_have_count(10)
    expect(page.locator(".focus-column.objections .focus-group.objection")).to_have_count(4)
    assert serious_violations(page) == []

    # Into a reason made of co-premises (PP1, PP3, PP4 together), and back by the breadcrumbs.
    reason = page.locator(".focus-column.reasons .focus-group").first
    expect(reason).to_contain_text("3 co-premises, together")
    first_premise = reason.locator("a.card-text").first
    premise_text = first_premise.inner_text()
    first_premise.click()
    expect(centre(page)).to_have_text(premise_text)
    crumbs = page.get_by_role("navigation", name="Path from the central claim")
    expect(crumbs.locator("[aria-current=page]")).to_be_visible()
    crumbs.get_by_role("link").first.click()
    expect(centre(page)).to_contain_text(DECISION)

    # Into an objection; the undercuts hang with the reasons they attack.
    page.locator(".focus-column.objections a.card-text", has_text=US_REASON).click()
    expect(centre(page)).to_contain_text(US_REASON)
    expect(page.locator(".focus-path [aria-current=page]")).to_contain_text("First, despite")
    page.get_by_role("link", name="Open in the workspace").click()
    expect(page.locator("#detail .detail-text")).to_contain_text(US_REASON)
    assert errors == []


def test_the_overview_jumps_to_a_claim_and_marks_where_you_are(
    page: Page, live_server, seeded, errors
):
    seed = Map.objects.get(slug="unga74-ict-crime")
    decision = seed.claims.get(text__startswith="Decides to establish")
    # A second central claim: the two share a blank middle.
    services.add_claim(map=seed, text="Cybercrime needs no new treaty.", author=None)
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/maps/{seed.slug}/claims/{decision.pk}/focus/")
    overview = page.locator("#overview svg")
    expect(overview.locator("circle.seg.map")).to_have_count(1)
    expect(
        overview.locator('a[aria-label="Central claim: Cybercrime needs no new treaty."]')
    ).to_have_count(1)
    # Every claim once, and the two US reasons that also undercut once more (drawn repeated).
    expect(overview.locator("a")).to_have_count(seed.claims.count() + 2)
    expect(overview.locator("a[aria-current=page]")).to_have_count(1)
    target = overview.locator(f'a[aria-label^="Objection: {US_REASON}"]')
    target.focus()  # keyboard reachable: a link with an accessible name
    page.keyboard.press("Enter")
    expect(centre(page)).to_contain_text(US_REASON)
    here = page.locator("#overview svg a[aria-current=page]")
    expect(here).to_have_attribute("aria-label", re.compile(f"^Objection: {US_REASON}"))
    # Clicking a piece works as well as the keyboard (a thin piece: the click lands in its
    # box's middle, which for a wide ring would be the hole).
    page.locator("#overview svg a[aria-label^='Objection: Second, this resolution']").click()
    expect(centre(page)).to_contain_text("Second, this resolution is not based")
    assert errors == []


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_screenshots_and_no_serious_accessibility_faults(
    page: Page, artifacts, live_server, seeded, errors, viewport
):
    seed = Map.objects.get(slug="unga74-ict-crime")
    name = "laptop" if viewport == LAPTOP else "phone"
    page.set_viewport_size(viewport)
    decision = seed.claims.get(text__startswith="Decides to establish")
    page.goto(f"{live_server.url}/maps/{seed.slug}/claims/{decision.pk}/focus/")
    expect(page.locator("#overview svg a").first).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"focus-central-{name}.png", full_page=True)
    page.screenshot(path=artifacts / f"focus-central-{name}-top.png")
    page.locator("#overview").screenshot(path=artifacts / f"overview-{name}.png")

    # A deeper claim, with Evaluate on: labels on the cards and in the overview.
    user_claim = seed.claims.get(text__startswith="Recognizing")
    services.add_rebuttal(
        claim=user_claim,
        premises=["The Budapest Convention already covers these crimes."],
        author=None,
    )
    page.goto(f"{live_server.url}{seed.get_absolute_url()}")
    page.get_by_role("button", name="All members").click()
    expect(page.get_by_role("button", name="All members")).to_have_attribute("aria-pressed", "true")
    page.screenshot(path=artifacts / f"workspace-links-{name}.png")
    page.goto(f"{live_server.url}/maps/{seed.slug}/claims/{user_claim.pk}/focus/")
    expect(page.locator(".focus-eval .eval-label")).to_be_visible()
    expect(page.locator("#overview svg .seg.eval-in").first).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"focus-evaluated-{name}.png", full_page=True)
    page.locator("#overview").screenshot(path=artifacts / f"overview-evaluated-{name}.png")
    assert errors == []
