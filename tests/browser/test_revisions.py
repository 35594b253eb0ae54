"""The comparison of a draft with its Rev.1 in a browser, wide and on a phone: what changed, in
marks and in words; an editor carries their map's claims to the revision. A long document's
page loads its next passages as the reader scrolls."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from argmap.maps import services
from argmap.sources.services import import_document
from tests.browser.axe import serious_violations
from tests.factories import big_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REVISIONS = Path(__file__).parents[1] / "documents" / "revisions"


def load(name: str):
    path = REVISIONS / name
    return import_document(data=path.read_bytes(), filename=name, kind="draft-resolution").source


@pytest.mark.parametrize(("width", "height"), [(1366, 800), (390, 844)])
def test_the_comparison_page_reads_well_and_carries_claims(
    page: Page, live_server, log_in, artifacts, errors, width, height
):
    original = load("draft-A-C.3-80-L.99.txt")
    load("draft-A-C.3-80-L.99-Rev.1.txt")  # its revision, found by its symbol
    page.set_viewport_size({"width": width, "height": height})
    log_in(page)
    from argmap.accounts.models import User

    user = User.objects.get(username="coach")
    the_map = services.create_map(title="Rural libraries", created_by=user)
    services.attach_source(map=the_map, source=original)
    pp3 = original.passages.get(label="PP3")
    start = pp3.text.index("a public library")
    services.add_claim(
        map=the_map,
        text="Rural schools have no library near them.",
        author=user,
        passage=pp3,
        span_start=start,
        span_end=start + len("a public library within reach"),
    )
    page.goto(f"{live_server.url}{original.get_absolute_url()}")
    page.get_by_role("link", name="see what changed").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What changed from")
    expect(page.locator(".compare-summary")).to_contain_text("1 added")
    expect(page.locator(".cmp.reworded del").first).to_be_visible()
    page.locator(".cmp.unchanged summary").first.click()  # an unchanged run unfolds
    expect(page.locator(".cmp.unchanged .cmp-text").first).to_be_visible()
    page.screenshot(path=artifacts / f"revision-compare-{width}.png", full_page=True)
    assert serious_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the page scrolls sideways"
    page.get_by_role("button", name="Carry the claims to A/C.3/80/L.99/Rev.1").click()
    expect(page.locator(".messages")).to_contain_text("1 claim now quote")
    page.get_by_role("link", name="A/C.3/80/L.99/Rev.1").first.click()
    expect(page.locator(".doc-revisions")).to_contain_text("A revision of A/C.3/80/L.99")
    expect(page.locator("#PP4 .citing-claims")).to_contain_text("Rural schools")
    page.screenshot(path=artifacts / f"revision-document-{width}.png")
    assert serious_violations(page) == []
    assert errors == []


def test_a_long_document_loads_its_next_passages_as_the_reader_scrolls(
    page: Page, live_server, errors
):
    source = big_document(450, words=6)
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    expect(page.locator("#P200")).to_be_attached()
    expect(page.locator("#P201")).not_to_be_attached()
    page.locator(".more-passages").scroll_into_view_if_needed()
    expect(page.locator("#P201")).to_be_attached()
    page.locator(".more-passages").scroll_into_view_if_needed()
    expect(page.locator("#P450")).to_be_attached()
    expect(page.locator(".more-passages")).to_have_count(0)
    assert page.locator(".passage").count() == 450
    assert errors == []


def test_a_long_document_in_the_workspace_pane_loads_as_the_reader_scrolls(
    page: Page, live_server, log_in, errors
):
    log_in(page)
    from argmap.accounts.models import User

    the_map = services.create_map(
        title="A long report", created_by=User.objects.get(username="coach")
    )
    services.attach_source(map=the_map, source=big_document(450, words=6))
    page.goto(f"{live_server.url}{the_map.get_absolute_url()}")
    passages = page.locator("#sources-pane .src-passage")
    expect(passages).to_have_count(200)
    for shown in (400, 450):  # each page's last passage brings the next page into view
        page.locator("#sources-pane .more-passages").scroll_into_view_if_needed()
        expect(passages).to_have_count(shown)
    expect(page.locator("#sources-pane .more-passages")).to_have_count(0)
