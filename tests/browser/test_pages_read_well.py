"""Pages that read well (issue 16, point 7) in Chromium: the seed document's page, the history
page and the 404 of a private map, at laptop and phone size, with screenshots and no serious
accessibility faults."""

import pytest
from playwright.sync_api import Page, expect

from argmap.maps import services
from argmap.maps.models import Argument, Map
from tests.browser.axe import serious_violations
from tests.factories import MapFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])


def _size(viewport: dict[str, int]) -> str:
    return "laptop" if viewport == LAPTOP else "phone"


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@VIEWPORTS
def test_the_source_page_reads_once_and_explains_its_references(
    page: Page, artifacts, live_server, seeded, errors, viewport
):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/sources/a-c-3-74-l-11/")
    facts = page.get_by_role("definition").filter(has_text="Third Committee")
    expect(facts).to_have_count(1)
    expect(page.locator(".document")).not_to_contain_text("Third Committee")
    expect(page.locator(".document .label", has_text="H1")).to_have_count(0)
    expect(page.locator("#PP6 .cited-by")).to_have_text(
        "Refers to Commission on Crime Prevention and Criminal Justice resolution 22/8"
    )
    _fits(page)
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"source-page-{_size(viewport)}.png")
    page.screenshot(path=artifacts / f"source-page-{_size(viewport)}-full.png", full_page=True)

    # A link to a header passage lands on the fact it gave.
    page.goto(f"{live_server.url}/sources/a-c-3-74-l-11/#H6")
    expect(page.locator("dd:has(> #H6)")).to_contain_text("Third Committee")
    expect(page.locator("dd:has(> #H6)")).to_be_in_viewport()
    assert errors == []


@VIEWPORTS
def test_the_history_names_what_each_change_touched(
    page: Page, artifacts, live_server, seeded, errors, viewport
):
    seed = Map.objects.get(slug="unga74-ict-crime")
    sam = UserFactory(username="sam")
    claim = seed.claims.get(text__startswith="Reaffirming the importance")
    services.update_claim(
        claim=claim, version=claim.version, text=claim.text + " Online too.", actor=sam
    )
    objection = Argument.objects.filter(map=seed, kind="attack", target__isnull=True).first()
    assert objection is not None
    services.delete_argument(argument=objection, actor=sam)
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/maps/{seed.slug}/history/")
    entries = page.locator("ol.history > li")
    expect(entries.first).to_contain_text("sam deleted the objection “")
    expect(entries.nth(1)).to_contain_text("sam edited the claim “Reaffirming the importance of")
    expect(page.locator("ol.history")).to_contain_text("attached A/C.3/74/L.11")
    _fits(page)
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"history-{_size(viewport)}.png", full_page=True)
    assert errors == []


@VIEWPORTS
def test_a_private_maps_404_offers_to_log_in_and_come_back(
    page: Page, artifacts, live_server, errors, viewport
):
    MapFactory(slug="secret-plans", title="Secret plans", visibility="private")
    UserFactory(username="outsider")
    page.set_viewport_size(viewport)
    answer = page.goto(f"{live_server.url}/maps/secret-plans/")
    assert answer is not None and answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Map not found")
    expect(page.locator("main")).to_contain_text("This map is private or does not exist.")
    _fits(page)
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"private-map-404-{_size(viewport)}.png")

    page.locator("main").get_by_role("link", name="log in").click()
    page.get_by_label("User name").fill("outsider")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/maps/secret-plans/")  # back where they were
    expect(page.locator("main")).to_contain_text("ask its owner to share it with you")
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"private-map-404-outsider-{_size(viewport)}.png")
    assert errors == []


def test_the_favicon_is_served(page: Page, live_server, errors):
    icon = page.request.get(f"{live_server.url}/favicon.ico")
    assert icon.ok and icon.headers["content-type"].startswith("image/svg+xml")
    page.goto(f"{live_server.url}/")
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert href and page.request.get(f"{live_server.url}{href}").body() == icon.body()
    assert errors == []
