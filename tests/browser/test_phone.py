"""The workspace and the pages around it on a 390x844 phone: nothing runs off the screen, a tapped
claim's details come into view (and the way back to the outline), and the sources are a jump
away; on a laptop the workspace stays as it was."""

import pytest
from playwright.sync_api import Page, expect

from argmap.accounts.models import User
from argmap.maps import services
from argmap.maps.models import Map, Membership
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 800}
DECISION = "Decides to establish an open-ended ad hoc intergovernmental committee"


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the screen (0 when nothing runs off it)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def assert_fits(page: Page, what: str) -> None:
    wide = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .slice(-3).map(e => e.outerHTML.slice(0, 120))"""
    )
    assert overflow(page) <= 0, f"{what} runs {overflow(page)} px off a 390 px screen: {wide}"


def open_menus(page: Page, what: str, artifacts) -> None:
    """Open each menu of the page (Export, the search's Filters): an open menu must fit too."""
    for summary in page.locator(
        "details.export-menu > summary, details.search-filters > summary"
    ).all():
        summary.click()
        expect(summary.locator("xpath=..")).to_have_attribute("open", "")
        assert_fits(page, f"{what} with its {summary.inner_text()} open")
        if summary.inner_text() == "Export":
            name = what.replace("'", "").replace(" ", "-")
            page.screenshot(path=artifacts / f"phone-export-menu-{name}.png")
        summary.click()


@pytest.fixture
def seed_as_owner(page: Page, live_server, seeded, log_in) -> Map:
    """The seed map, its owner logged in (every control of the workspace is shown), on a phone."""
    log_in(page)
    seed = Map.objects.get(slug="unga74-ict-crime")
    Membership.objects.create(map=seed, user=User.objects.get(username="coach"), role="owner")
    page.set_viewport_size(PHONE)
    return seed


def open_workspace(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("html[data-workspace=ready]")).to_have_count(1)


def test_no_page_runs_off_a_phone(page: Page, live_server, seed_as_owner, artifacts, errors):
    seed = seed_as_owner
    empty = services.create_map(
        title="Phones in class", created_by=User.objects.get(username="coach")
    )
    decision = seed.claims.get(text__startswith=DECISION)
    base = live_server.url

    for what, url in [
        ("the seed map's workspace", seed.get_absolute_url()),
        ("an empty map's workspace", empty.get_absolute_url()),
    ]:
        open_workspace(page, f"{base}{url}")
        assert_fits(page, what)
        open_menus(page, what, artifacts)
        # Evaluate on: the legend and the hint join the controls.
        with page.expect_navigation():  # the switch reloads the page
            page.get_by_role("button", name="My judgements").click()
        expect(page.get_by_role("button", name="My judgements")).to_have_attribute(
            "aria-pressed", "true"
        )
        expect(page.locator(".eval-legend")).to_be_visible()
        assert_fits(page, f"{what}, evaluated")

    pages = [
        ("the graph view", f"/maps/{seed.slug}/graph/", "#graph"),
        ("the focus view", f"/maps/{seed.slug}/claims/{decision.pk}/focus/", "#focus-claim"),
        ("the search page", "/search/?q=draft", "main h1"),
        ("the history", f"/maps/{seed.slug}/history/", "main h1"),
        ("the settings", f"/maps/{seed.slug}/settings/", "main h1"),
    ]
    for what, url, ready in pages:
        page.goto(f"{base}{url}")
        expect(page.locator(ready).first).to_be_visible()
        assert_fits(page, what)
        open_menus(page, what, artifacts)
    assert errors == []


def test_a_tapped_claim_shows_its_details_and_the_way_back(
    page: Page, live_server, seed_as_owner, artifacts, errors
):
    seed = seed_as_owner
    decision = seed.claims.get(text__startswith=DECISION)
    open_workspace(page, f"{live_server.url}{seed.get_absolute_url()}")
    jumps = page.get_by_role("navigation", name="Parts of the workspace")
    expect(jumps).to_be_visible()
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / "phone-workspace-top.png")

    # The details load below the whole outline; the tap brings them onto the screen.
    page.locator("#outline-pane a.claim-text", has_text=DECISION).first.click()
    details = page.locator("#detail .detail-text")
    expect(details).to_contain_text(DECISION)
    expect(page.locator("#detail-title")).to_be_focused()
    expect(details).to_be_in_viewport()
    assert details.bounding_box()["y"] < PHONE["height"]
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / "phone-details-after-tap.png")

    # Back to the claim's own tree item: focused (the keys go on from it) and on the screen.
    page.locator("#detail").get_by_role("link", name="Back to the outline").click()
    item = page.locator(f"#claim-{decision.pk}")
    expect(item).to_be_focused()
    expect(item.locator("> .claim-box")).to_be_in_viewport()
    # The keyboard tree works on from there: Enter shows the details, the focus stays in the tree.
    page.keyboard.press("ArrowDown")
    below = page.locator("#outline-pane [role=treeitem][tabindex='0']")
    expect(below).not_to_have_id(f"claim-{decision.pk}")
    expect(below).to_be_focused()
    below_text = below.locator("> .claim-box a.claim-text").inner_text()
    page.keyboard.press("Enter")
    expect(details).to_have_text(below_text)
    expect(details).to_be_in_viewport()
    expect(below).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(item).to_be_focused()
    expect(item.locator("> .claim-box")).to_be_in_viewport()

    # The jumps reach the sources without scrolling past the outline, by keyboard too.
    jumps.get_by_role("link", name="Outline").focus()
    page.keyboard.press("Tab")
    expect(jumps.get_by_role("link", name="Sources")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#sources-pane .pane-title")).to_be_in_viewport()
    expect(jumps).to_be_in_viewport()  # it stays at the top
    page.screenshot(path=artifacts / "phone-sources-via-nav.png")
    assert_fits(page, "the workspace after the jumps")
    assert errors == []


def test_a_laptop_keeps_the_panes_side_by_side_and_the_page_still(
    page: Page, live_server, seed_as_owner, artifacts, errors
):
    seed = seed_as_owner
    page.set_viewport_size(LAPTOP)
    open_workspace(page, f"{live_server.url}{seed.get_absolute_url()}")
    expect(page.get_by_role("navigation", name="Parts of the workspace")).to_be_hidden()
    page.screenshot(path=artifacts / "laptop-workspace.png")
    page.locator("#outline-pane a.claim-text", has_text=DECISION).first.click()
    expect(page.locator("#detail .detail-text")).to_contain_text(DECISION)
    expect(page.locator("#outline-pane .claim-box.selected").first).to_be_visible()
    page.screenshot(path=artifacts / "laptop-workspace-selected.png")
    expect(page.locator("#detail-title")).to_be_hidden()
    expect(page.locator("#detail").get_by_role("link", name="Back to the outline")).to_be_hidden()
    assert page.evaluate("window.scrollY") == 0  # nothing scrolled to the pane beside the outline
    expect(page.locator("#detail-title")).not_to_be_focused()
    assert errors == []
