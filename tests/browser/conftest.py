"""Browser tests' helpers.

page.evaluate returns what its function returns, serialized whole: call Cytoscape's chainable
methods (cy.zoom(z), panBy, viewport, emit…) in a block body, ``() => { cy.zoom(2); }``, or
Playwright serializes the whole core (seconds and gigabytes: the renderer crashes under load).
"""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD, UserFactory


def select_claim(page: Page, text: str) -> None:
    """Click a claim in the outline and wait until the detail pane shows it."""
    pane = page.locator("#detail")
    # Mark the pane's old text: it may show the same claim, and must not pass for the new one.
    pane.evaluate("pane => pane.querySelectorAll('.detail-text').forEach(t => t.dataset.old = '')")
    page.locator("#outline-pane").locator("a.claim-text", has_text=text).first.click()
    expect(pane.locator(".detail-text:not([data-old])")).to_have_text(text)


def log_in_as(page: Page, base_url: str, username: str) -> None:
    """Log in through the login page, as a person would (the user exists)."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")


@pytest.fixture
def log_in(live_server):
    """Make a user and log them in on the page."""

    def log_in(page: Page, username: str = "coach") -> None:
        UserFactory(username=username)
        log_in_as(page, live_server.url, username)

    return log_in


@pytest.fixture
def seeded(transactional_db):
    """The seed documents and map, as `make run` imports them."""
    call_command("import_seeds", stdout=StringIO())


@pytest.fixture
def errors(page: Page) -> list[str]:
    """JavaScript errors of the page; a test ends by asserting there were none."""
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    """Every browser test fails if its page broke the Content-Security-Policy: Chromium reports
    each refused script, style, image or frame on the console."""
    if "page" not in request.fixturenames:
        yield
        return
    page: Page = request.getfixturevalue("page")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield
    assert not violations, "\n".join(violations)
