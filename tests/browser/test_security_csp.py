"""Pages with third-party code still work under the Content-Security-Policy (the autouse
fixture of conftest.py fails any test whose page logs a violation)."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_lists_and_opens_the_operations(page: Page, live_server, errors):
    page.goto(f"{live_server.url}/api/docs/")
    operation = page.locator(".opblock-summary", has_text="/api/maps/").first
    expect(operation).to_be_visible()
    operation.click()
    expect(page.get_by_role("button", name="Try it out").first).to_be_visible()
    assert errors == []


def test_the_print_button_and_the_paper_size(page: Page, live_server, public_map, errors):
    page.goto(f"{live_server.url}/maps/{public_map.slug}/print/?paper=a4")
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
    page.get_by_role("button", name="Print").click()
    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    assert errors == []
