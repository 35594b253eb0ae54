"""Pages with third-party code still work under the Content-Security-Policy (the autouse
fixture of conftest.py fails any test whose page logs a violation)."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, UserFactory

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


def test_the_evaluation_bars_are_drawn_without_inline_styles(
    page: Page, live_server, seeded, artifacts, errors
):
    page.goto(f"{live_server.url}/maps/unga74-ict-crime/")
    page.get_by_role("button", name="All members").click()
    bar = page.locator(".eval .bar rect").first
    expect(bar).to_be_visible()
    width = bar.evaluate("rect => rect.getBoundingClientRect().width")
    score = float(page.locator(".eval-score").first.inner_text())
    full = page.locator(".eval .bar").first.evaluate("bar => bar.getBoundingClientRect().width")
    assert width == pytest.approx(full * score, abs=1.5)
    page.locator(".eval").first.screenshot(path=artifacts / "evaluation-bar.png")
    assert errors == []


def test_the_admin_works_under_the_policy(page: Page, live_server, errors):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Users").click()
    page.get_by_role("link", name="boss").click()
    expect(page.get_by_role("heading", name="boss")).to_be_visible()
    assert errors == []
