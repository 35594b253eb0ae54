"""Live updates in the browser: another person's change is announced politely, and "show" never
throws away what the reader is typing. The app runs under uvicorn (the stream needs ASGI)."""

import pytest
from playwright.sync_api import Browser, expect

from argmap.maps import services
from tests.browser.conftest import log_in_as
from tests.factories import UserFactory
from tests.test_events import server  # noqa: F401  (the fixture: uvicorn on the test database)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_change_by_someone_else_is_announced_and_shown_without_losing_typed_text(
    browser: Browser,
    server,  # noqa: F811
):
    ana = UserFactory(username="ana", first_name="Sam")
    UserFactory(username="ben")
    the_map = services.create_map(title="Shared", created_by=ana)
    services.invite_member(map=the_map, identifier="ben", role="editor")
    claim = services.add_claim(map=the_map, text="Exams should be abolished.", author=ana)
    page = browser.new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in_as(page, server, "ben")
    page.goto(f"{server}/maps/{the_map.slug}/claims/{claim.pk}/")
    expect(page.locator("html[data-live=open]")).to_have_count(1)
    page.locator("#detail").get_by_text("Edit claim").click()
    page.locator("#edit-text").fill("Exams should be optional, because")

    services.add_support(conclusion=claim, premises=["Exams cause stress."], author=ana)
    notice = page.locator(".live-notice")
    expect(notice).to_have_text("Sam added a reason — show", timeout=2000)
    expect(page.locator(".tree")).not_to_contain_text("Exams cause stress.")  # nothing swapped

    notice.get_by_role("button", name="show").click()
    expect(notice).to_contain_text("Save or cancel what you are typing first")
    expect(page.locator("#edit-text")).to_have_value("Exams should be optional, because")

    page.locator("#edit-text").fill("Exams should be abolished.")  # back as it was
    notice.get_by_role("button", name="show").click()
    expect(page.locator(".tree")).to_contain_text("Exams cause stress.")
    assert errors == []
