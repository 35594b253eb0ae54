"""Search in Chromium: the workspace's box with its filters, and the site's search page."""

import pytest
from playwright.sync_api import Page, expect

from argmap.accounts.models import User
from argmap.maps import services
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}


def a_debate(owner: User):
    map = services.create_map(title="Cybercrime convention", created_by=owner)
    central = services.add_claim(
        map=map, text="The Assembly should adopt the draft <em>now</em>.", author=owner
    )
    reason = services.add_support(
        conclusion=central, premises=["Drafting a treaty takes years."], author=owner
    )
    services.add_rebuttal(claim=central, premises=["It invites censorship."], author=owner)
    premise = reason.premise_links.get().claim
    services.annotate(target=premise, author=owner, body="How many years?", kind="question")
    return map


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_search_a_map_filter_and_open_a_result_then_search_everything(
    page: Page, artifacts, live_server, log_in, errors, viewport
):
    name = "laptop" if viewport == LAPTOP else "phone"
    page.set_viewport_size(viewport)
    log_in(page, "coach")
    map = a_debate(User.objects.get(username="coach"))
    page.goto(live_server.url + map.get_absolute_url())

    # Typing searches: stemmed ("drafting" finds "draft"), the words marked, the claim's own
    # markup shown as text.
    page.locator("#map-search").fill("drafting")
    hits = page.locator("#search-results a.search-hit")
    expect(hits).to_have_count(2)
    expect(page.locator("#search-results mark").first).to_be_visible()
    expect(hits.filter(has_text="adopt the draft <em>now</em>.")).to_have_count(1)
    expect(page.locator("#search-results em")).to_have_count(0)
    assert fits_the_screen(page)
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"workspace-search-{name}.png", full_page=False)

    # A filter narrows the results: only the claim with an open question.
    page.locator(".search-filters summary").click()
    page.get_by_label("Has open questions").check()
    expect(hits).to_have_count(1)
    expect(hits).to_have_text("Drafting a treaty takes years.")
    page.screenshot(path=artifacts / f"workspace-search-filtered-{name}.png", full_page=False)

    # A result opens the claim's details in the workspace.
    hits.first.click()
    expect(page.locator("#detail .detail-text")).to_have_text("Drafting a treaty takes years.")
    expect(page).to_have_url(
        f"{live_server.url}/maps/{map.slug}/claims/{map.claims.get(text__startswith='Drafting').pk}/"
    )

    # The site's search, from the header's box.
    page.get_by_role("searchbox", name="Search maps and documents").first.fill("draft")
    page.get_by_role("searchbox", name="Search maps and documents").first.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/search/?q=draft")
    results = page.locator("main a.search-hit")
    expect(results).to_have_count(2)
    expect(page.locator("main .hit-where").first).to_have_text("Cybercrime convention")
    assert fits_the_screen(page)
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"search-page-{name}.png", full_page=True)
    results.filter(has_text="Drafting").click()
    expect(page.locator("#detail .detail-text")).to_have_text("Drafting a treaty takes years.")

    # Nothing found, said plainly.
    page.goto(f"{live_server.url}/search/?q=zebra")
    expect(page.get_by_text("Nothing matches ‘zebra’.")).to_be_visible()
    page.goto(f"{live_server.url}/search/")
    expect(page.get_by_text("Type a word to search…")).to_be_visible()
    page.screenshot(path=artifacts / f"search-page-empty-{name}.png", full_page=True)
    assert errors == []


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_guest_searches_the_seed_map_and_documents(
    page: Page, artifacts, live_server, seeded, viewport
):
    name = "laptop" if viewport == LAPTOP else "phone"
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/search/?q=convention")
    expect(page.locator("main .search-hit-claim").first).to_be_visible()
    passages = page.locator("main .search-hit-passage a.search-hit")
    expect(passages.first).to_be_visible()
    assert fits_the_screen(page)
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"search-page-seed-{name}.png", full_page=True)
    where = passages.first.get_attribute("href")
    passages.first.click()
    expect(page).to_have_url(live_server.url + where)
    expect(page.locator(where[where.index("#") :])).to_be_visible()  # the passage itself
