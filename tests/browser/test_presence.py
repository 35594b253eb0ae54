"""Presence in the browser, two people in two browser contexts: each sees the other in the header,
and one sees "Sam is editing" on the card while the other has its edit form open. The app runs
under uvicorn (the event stream needs ASGI)."""

import pytest
from playwright.sync_api import Browser, Page, expect

from argmap.maps import services
from tests.browser.conftest import log_in_as, select_claim
from tests.browser.test_graph_view import click_node, open_graph
from tests.factories import UserFactory
from tests.test_events import app_server, server  # noqa: F401  (fixtures: uvicorn on the test database)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def person(browser: Browser, base_url: str, username: str, problems: list[str]) -> Page:
    page = browser.new_context().new_page()
    page.on("pageerror", lambda error: problems.append(f"{username}: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"{username}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    log_in_as(page, base_url, username)
    return page


def test_presence_shows_both_people_and_who_is_editing_a_claim(
    browser: Browser,
    server,  # noqa: F811
):
    ana = UserFactory(username="ana", first_name="Sam", last_name="Reyes")
    UserFactory(username="ben", first_name="Ben", last_name="Okafor")
    the_map = services.create_map(title="Shared", created_by=ana)
    services.invite_member(map=the_map, identifier="ben", role="editor")
    claim = services.add_claim(map=the_map, text="Exams should be abolished.", author=ana)
    problems: list[str] = []
    sam = person(browser, server, "ana", problems)
    ben = person(browser, server, "ben", problems)
    sam.goto(f"{server}/maps/{the_map.slug}/claims/{claim.pk}/")
    ben.goto(f"{server}/maps/{the_map.slug}/")

    # Each sees the other in the header (initials, the full name for screen readers), not oneself.
    expect(ben.locator("#presence .person")).to_have_text("SRSam Reyes")
    expect(sam.locator("#presence .person")).to_have_text("BOBen Okafor")
    expect(ben.locator("#presence .person")).to_have_attribute("title", "Sam Reyes")

    # Sam opens the claim's edit form: Ben's card of it says so, in words.
    sam.locator("#detail").get_by_text("Edit claim").click()
    mark = ben.locator(f'.claim-card[data-fragment="claim-{claim.pk}"] .editing-mark')
    expect(mark).to_have_text("Sam Reyes is editing")
    expect(ben.locator("#presence .person")).to_have_attribute("title", "Sam Reyes (editing)")
    select_claim(ben, "Exams should be abolished.")  # and so do its details
    expect(ben.locator("#detail .editing-mark")).to_have_text("Sam Reyes is editing this claim")

    # Sam cancels: the marks go.
    sam.locator("#detail details.edit").get_by_role("button", name="Cancel").click()
    expect(mark).to_have_count(0)
    expect(ben.locator("#detail .editing-mark")).to_have_count(0)

    # Sam leaves the map: Ben's header no longer shows Sam.
    sam.goto(f"{server}/")
    expect(ben.locator("#presence .person")).to_have_count(0)
    assert problems == []


def test_an_edit_form_open_in_the_graph_views_panel_marks_the_card_in_the_workspace(
    browser: Browser,
    server,  # noqa: F811
):
    ana = UserFactory(username="ana", first_name="Sam", last_name="Reyes")
    UserFactory(username="ben", first_name="Ben", last_name="Okafor")
    the_map = services.create_map(title="Shared", created_by=ana)
    services.invite_member(map=the_map, identifier="ben", role="viewer")
    claim = services.add_claim(map=the_map, text="Exams should be abolished.", author=ana)
    problems: list[str] = []
    sam = person(browser, server, "ana", problems)
    ben = person(browser, server, "ben", problems)
    open_graph(sam, f"{server}/maps/{the_map.slug}/graph/")
    ben.goto(f"{server}/maps/{the_map.slug}/")
    expect(sam.locator("#presence .person")).to_have_attribute("title", "Ben Okafor")

    click_node(sam, f"c{claim.pk}")
    sam.locator("#detail").get_by_text("Edit claim").click()
    mark = ben.locator(f'.claim-card[data-fragment="claim-{claim.pk}"] .editing-mark')
    expect(mark).to_have_text("Sam Reyes is editing")
    sam.locator("#edit-text").press("Escape")  # closes the form
    expect(mark).to_have_count(0)
    assert problems == []


def test_after_going_back_in_history_the_page_says_once_what_it_edits(
    browser: Browser,
    server,  # noqa: F811
):
    """htmx runs the page's scripts again when it restores a page from its history."""
    ana = UserFactory(username="ana", first_name="Sam", last_name="Reyes")
    UserFactory(username="ben", first_name="Ben", last_name="Okafor")
    the_map = services.create_map(title="Shared", created_by=ana)
    services.invite_member(map=the_map, identifier="ben", role="editor")
    claim = services.add_claim(map=the_map, text="Exams should be abolished.", author=ana)
    problems: list[str] = []
    sam = person(browser, server, "ana", problems)
    ben = person(browser, server, "ben", problems)
    ben.goto(f"{server}/maps/{the_map.slug}/")
    sam.goto(f"{server}/maps/{the_map.slug}/")
    first = sam.locator("#presence [data-stream]")
    expect(first).to_have_count(1)
    old_stream = first.get_attribute("data-stream")
    select_claim(sam, "Exams should be abolished.")
    sam.go_back()  # htmx puts back the page it kept: new elements, a new stream
    expect(sam).to_have_url(f"{server}/maps/{the_map.slug}/")
    # The kept page names the old stream until the new one's first presence event.
    expect(sam.locator("#presence [data-stream]")).not_to_have_attribute("data-stream", old_stream)
    select_claim(sam, "Exams should be abolished.")
    told: list[str] = []
    sam.on("request", lambda r: told.append(r.url) if r.url.endswith("/presence/") else None)
    sam.locator("#detail").get_by_text("Edit claim").click()
    mark = ben.locator(f'.claim-card[data-fragment="claim-{claim.pk}"] .editing-mark')
    expect(mark).to_have_text("Sam Reyes is editing")
    assert len(told) == 1, told
    assert problems == []
