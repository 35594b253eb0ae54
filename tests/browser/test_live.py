"""Live updates in the browser, two people in two browser contexts: what one does appears in the
other's page in place, never under their hands. The app runs under uvicorn (the stream needs
ASGI), on the test database; writes made here in-process are committed and announced as any."""

import threading
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest
from django.db import connection, transaction
from playwright.sync_api import Browser, BrowserContext, Page, expect

from argmap.maps import services
from argmap.maps.listening import LISTENER_NAME, listener_params
from argmap.maps.models import Change, Membership
from tests.browser.conftest import log_in_as
from tests.factories import UserFactory
from tests.test_events import app_server, server  # noqa: F401  (fixtures: uvicorn on the test database)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIVE = 2000  # ms: another person's change is on the page within this


class Person:
    """One person's browser (a context of their own: cookies, and network on or off)."""

    def __init__(self, context: BrowserContext, base: str, username: str) -> None:
        self.context = context
        self.page: Page = context.new_page()
        self.problems: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on(
            "console",
            lambda m: self.problems.append(m.text) if "Content Security Policy" in m.text else None,
        )
        self.base = base
        log_in_as(self.page, base, username)

    def open(self, path: str) -> Page:
        self.page.goto(self.base + path)
        expect(self.page.locator("html[data-live=open]")).to_have_count(1)
        return self.page


@pytest.fixture
def people(browser: Browser, server) -> Iterator[dict[str, Person]]:  # noqa: F811
    """Sam (ana, the owner) and Ben (an editor) of one private map with one central claim."""
    UserFactory(username="ana", first_name="Sam")
    UserFactory(username="ben", first_name="Ben")
    contexts = [browser.new_context(), browser.new_context()]
    yield {"ana": Person(contexts[0], server, "ana"), "ben": Person(contexts[1], server, "ben")}
    for person_context in contexts:
        person_context.close()


@pytest.fixture
def shared(people):
    from argmap.accounts.models import User

    ana = User.objects.get(username="ana")
    the_map = services.create_map(title="Exams", created_by=ana, visibility="private")
    services.invite_member(map=the_map, identifier="ben", role="editor")
    claim = services.add_claim(map=the_map, text="Exams should be abolished.", author=ana)
    return the_map, claim, ana


def until(page: Page, expression: str, timeout: float = LIVE / 1000) -> None:
    """Wait until ``expression`` is true in the page (polled: the page's CSP forbids the eval
    that Playwright's wait_for_function needs)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"not true within {timeout} s: {expression}"
        page.wait_for_timeout(50)


def no_problems(people: dict[str, Person]) -> None:
    for person in people.values():
        assert person.problems == []


def test_a_reason_added_by_one_appears_for_the_other_while_their_typed_text_stays(people, shared):
    the_map, claim, _ = shared
    claim_path = f"/maps/{the_map.slug}/claims/{claim.pk}/"
    ben = people["ben"].open(claim_path)
    # Ben starts an objection and leaves it half-typed.
    ben.locator("#detail").get_by_text("Add a reason or an objection").click()
    ben.locator("#detail").get_by_label("an objection").check()
    ben.locator("#argument-text").fill("Exams are fair, but")

    ana = people["ana"].open(claim_path)
    ana.locator("#detail").get_by_text("Add a reason or an objection").click()
    ana.locator("#argument-text").fill("Exams cause stress.")
    ana.locator("#detail").get_by_role("button", name="Add").click()
    expect(ana.locator(".tree")).to_contain_text("Exams cause stress.")  # Sam's save is done

    reason = ben.locator(".tree a.claim-text", has_text="Exams cause stress.")
    expect(reason).to_be_visible(timeout=LIVE)
    expect(ben.locator("#outline-pane .count")).to_have_text("· 2 claims, 1 argument")
    expect(ben.locator("#live-status")).to_have_text("Sam added a reason")
    # The half-typed objection is as Ben left it; the pane says what changed instead of swapping.
    expect(ben.locator("#argument-text")).to_have_value("Exams are fair, but")
    expect(ben.locator("#argument-text")).to_be_visible()
    expect(ben.locator("#detail .live-notice")).to_have_text("Sam changed this claim — show latest")
    # Sam's own page says nothing about Sam's own change.
    expect(ana.locator("#live-status")).to_have_text("")

    # Ben finishes and saves the objection: it reaches Sam's page in turn.
    ben.locator("#argument-text").fill("Exams are fair, but stressful.")
    ben.locator("#detail").get_by_role("button", name="Add").click()
    objection = ana.locator(".tree a.claim-text", has_text="Exams are fair, but stressful.")
    expect(objection).to_be_visible(timeout=LIVE)
    expect(ben.locator(".tree a.claim-text", has_text="Exams cause stress.")).to_have_count(1)
    no_problems(people)


def test_ones_own_change_updates_ones_other_tab_but_is_not_announced_where_it_was_made(
    people, shared
):
    """A coach edits on a laptop while the projector shows the same map, as the same user."""
    the_map, claim, _ = shared
    sam = people["ana"]
    laptop = sam.open(f"/maps/{the_map.slug}/claims/{claim.pk}/")
    projector = sam.context.new_page()
    projector.goto(f"{sam.base}/maps/{the_map.slug}/")
    expect(projector.locator("html[data-live=open]")).to_have_count(1)

    laptop.locator("#detail").get_by_text("Add a reason or an objection").click()
    laptop.locator("#argument-text").fill("Exams cause stress.")
    laptop.locator("#detail").get_by_role("button", name="Add").click()
    expect(laptop.locator(".tree")).to_contain_text("Exams cause stress.")
    expect(projector.locator(".tree")).to_contain_text("Exams cause stress.", timeout=LIVE)
    expect(projector.locator("#live-status")).to_have_text("Sam added a reason")
    expect(laptop.locator("#live-status")).to_have_text("")
    expect(laptop.locator(".tree a.claim-text", has_text="Exams cause stress.")).to_have_count(1)
    no_problems(people)


def test_the_detail_pane_shows_the_latest_when_nothing_is_being_typed(people, shared):
    the_map, claim, ana = shared
    ben = people["ben"].open(f"/maps/{the_map.slug}/claims/{claim.pk}/")
    services.add_rebuttal(claim=claim, premises=["Exams measure something."], author=ana)
    expect(ben.locator("#detail")).to_contain_text("Exams measure something.", timeout=LIVE)
    expect(ben.locator("#detail .live-notice")).to_have_count(0)
    no_problems(people)


def test_a_piece_of_the_outline_holding_typed_text_waits_until_the_text_is_gone(people, shared):
    the_map, claim, ana = shared
    ben = people["ben"].open(f"/maps/{the_map.slug}/")
    card = ben.locator(f'[data-fragment="claim-{claim.pk}"]').first
    # A field inside an outline piece (none is there today: a later form could be).
    card.evaluate("card => card.appendChild(document.createElement('textarea'))")
    card.locator("textarea").fill("A note Ben is writing")

    services.update_claim(claim=claim, version=claim.version, text="Exams should go.", actor=ana)
    expect(ben.locator(".live-waiting")).to_be_visible(timeout=LIVE)
    expect(card.locator("textarea")).to_have_value("A note Ben is writing")
    expect(card).to_contain_text("Exams should be abolished.")  # kept back, with the text

    card.locator("textarea").fill("")
    ben.locator("h1").click()  # away from the field: nothing of Ben's is in the piece now
    expect(ben.locator(".tree")).to_contain_text("Exams should go.", timeout=LIVE)
    expect(ben.locator(".live-waiting")).to_be_hidden()
    no_problems(people)


def test_a_change_committed_after_a_later_numbered_one_still_appears(people, shared):
    """Change ids are given when a change is written; transactions commit in any order."""
    the_map, claim, ana = shared
    ben = people["ben"].open(f"/maps/{the_map.slug}/")
    written, release = threading.Event(), threading.Event()

    def slow_write() -> None:  # writes first (the lower id), commits last
        try:
            with transaction.atomic():
                services.add_support(conclusion=claim, premises=["Written first."], author=ana)
                written.set()
                release.wait(10)
        finally:
            connection.close()

    writer = threading.Thread(target=slow_write)
    writer.start()
    assert written.wait(10)
    services.add_rebuttal(claim=claim, premises=["Committed first."], author=ana)
    expect(ben.locator(".tree")).to_contain_text("Committed first.", timeout=LIVE)
    release.set()
    writer.join()
    expect(ben.locator(".tree")).to_contain_text("Written first.", timeout=LIVE)
    no_problems(people)


def test_changes_keep_coming_after_going_back_in_the_browsers_history(people, shared):
    the_map, claim, ana = shared
    ben = people["ben"].open(f"/maps/{the_map.slug}/")
    ben.locator(".tree a.claim-text", has_text="Exams should be abolished.").click()
    expect(ben).to_have_url(f"{people['ben'].base}/maps/{the_map.slug}/claims/{claim.pk}/")
    ben.go_back()  # htmx puts back the page it kept: new elements, a new stream
    expect(ben).to_have_url(f"{people['ben'].base}/maps/{the_map.slug}/")
    expect(ben.locator("html[data-live=open]")).to_have_count(1)
    fetched = []
    ben.on("request", lambda r: fetched.append(r.url) if "/fragments/" in r.url else None)
    services.add_support(conclusion=claim, premises=["Said after going back."], author=ana)
    expect(ben.locator(".tree")).to_contain_text("Said after going back.", timeout=LIVE)
    assert len(fetched) == 1, fetched  # once, though htmx ran the page's scripts again
    no_problems(people)


def test_what_one_deletes_goes_from_the_others_outline(people, shared):
    the_map, claim, ana = shared
    reason = services.add_support(conclusion=claim, premises=["Exams cause stress."], author=ana)
    other = services.add_claim(map=the_map, text="Grades matter.", author=ana)
    ben = people["ben"].open(f"/maps/{the_map.slug}/")
    tree = ben.locator(".tree")
    expect(tree).to_contain_text("Exams cause stress.")

    services.delete_claim(claim=reason.premises.get(), actor=ana)
    expect(tree).not_to_contain_text("Exams cause stress.", timeout=LIVE)
    expect(ben.locator("#live-status")).to_contain_text("Sam deleted")
    services.delete_claim(claim=other, actor=ana)  # a central claim
    expect(tree.locator(f'li.claim[data-claim-id="{other.pk}"]')).to_have_count(0, timeout=LIVE)
    expect(ben.locator("#outline-pane .count")).to_have_text("· 1 claim, 0 arguments")
    no_problems(people)


def test_someone_removed_from_a_private_map_is_told_and_the_stream_stops(people, shared):
    the_map, _, ana = shared
    ben = people["ben"].open(f"/maps/{the_map.slug}/")
    membership = Membership.objects.get(map=the_map, user__username="ben")
    services.remove_member(membership=membership, actor=ana)
    expect(ben.locator(".live-closed")).to_contain_text("You can no longer see this map")
    expect(ben.locator("html[data-live=closed]")).to_have_count(1)
    # Closed for good: not reconnecting, and later changes never arrive.
    until(
        ben, "document.getElementById('live')['htmx-internal-data'].sseEventSource.readyState === 2"
    )
    services.add_claim(map=the_map, text="Said after Ben left.", author=ana)
    services.add_claim(map=the_map, text="Said after Ben left, again.", author=ana)
    expect(ben.locator(".tree")).not_to_contain_text("Said after Ben left")
    no_problems(people)


def drop_the_listening_connections() -> None:
    """End the app's listening connection to PostgreSQL: every open stream ends (the app
    reconnects, and viewers catch up from the change log)."""
    with psycopg.connect(**{**listener_params(), "application_name": "tests"}) as db:
        db.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            [LISTENER_NAME],
        )


def test_a_dropped_connection_recovers_and_shows_what_was_missed(people, shared):
    the_map, claim, ana = shared
    ben_person = people["ben"]
    ben = ben_person.open(f"/maps/{the_map.slug}/")
    services.add_claim(map=the_map, text="Seen live.", author=ana)
    expect(ben.locator(".tree")).to_contain_text("Seen live.", timeout=LIVE)
    seen = Change.objects.filter(map=the_map).latest("pk").pk
    reconnections = []
    ben.on("request", lambda r: reconnections.append(r) if "/events/" in r.url else None)

    drop_the_listening_connections()
    expect(ben.locator("html[data-live=reconnecting]")).to_have_count(1)
    ben_person.context.set_offline(True)  # before the browser reconnects (it waits 3 s)
    # Made while Ben has no stream at all: only the replay from the change log can bring it.
    services.add_support(conclusion=claim, premises=["Missed while offline."], author=ana)
    ben_person.context.set_offline(False)

    reason = ben.locator(".tree a.claim-text", has_text="Missed while offline.")
    expect(reason).to_be_visible(timeout=15000)
    expect(ben.locator("html[data-live=open]")).to_have_count(1)
    # The reconnection said where Ben had got to: by the Last-Event-ID header of EventSource, or
    # in the address when the SSE extension opened a new EventSource (the header is lost then).
    said = [
        r.all_headers().get("last-event-id") or parse_qs(urlsplit(r.url).query)["last_event_id"][0]
        for r in reconnections
    ]
    assert str(seen) in said, said
    no_problems(people)


def test_a_new_event_source_after_a_refusal_starts_from_the_last_change_seen(people, shared):
    """The browser gives up on a stream answered with an error; the SSE extension then opens a
    new EventSource, which sends no Last-Event-ID: the address says where Ben had got to."""
    the_map, claim, ana = shared
    ben = people["ben"].open(f"/maps/{the_map.slug}/")
    services.add_claim(map=the_map, text="Seen live.", author=ana)
    expect(ben.locator(".tree")).to_contain_text("Seen live.", timeout=LIVE)
    seen = Change.objects.filter(map=the_map).latest("pk").pk
    refused, asked = [], []
    ben.on("request", lambda r: asked.append(r) if "/events/" in r.url else None)
    ben.route("**/events/**", lambda route: (refused.append(1), route.fulfill(status=503)))

    drop_the_listening_connections()
    expect(ben.locator("html[data-live=reconnecting]")).to_have_count(1)
    deadline = time.monotonic() + 10
    while not refused:  # the browser's own reconnection, refused
        assert time.monotonic() < deadline, "the browser did not reconnect"
        ben.wait_for_timeout(50)
    services.add_support(conclusion=claim, premises=["Missed while refused."], author=ana)
    ben.unroute("**/events/**")

    reason = ben.locator(".tree a.claim-text", has_text="Missed while refused.")
    expect(reason).to_be_visible(timeout=15000)
    last = asked[-1]
    assert parse_qs(urlsplit(last.url).query)["last_event_id"] == [str(seen)]
    assert "last-event-id" not in last.all_headers()
    no_problems(people)


def test_the_graph_view_redraws_for_someone_elses_change_and_keeps_an_open_form(people, shared):
    the_map, claim, ana = shared
    ben = people["ben"].open(f"/maps/{the_map.slug}/graph/")
    expect(ben.locator("#graph[data-ready=true]")).to_have_count(1)
    ben.evaluate(f"() => {{ window.argmapGraph.cy.getElementById('c{claim.pk}').emit('tap'); }}")
    ben.locator("#detail").get_by_text("Edit claim").click()
    ben.locator("#edit-text").fill("Exams should be optional")
    ben.evaluate("() => { window.argmapGraph.cy.zoom(1.7); }")  # a view of Ben's own, to be kept

    added = services.add_support(conclusion=claim, premises=["Exams cause stress."], author=ana)
    premise = added.premises.get()
    drawn = f"window.argmapGraph.cy.getElementById('c{premise.pk}').nonempty()"
    until(ben, drawn)
    assert ben.evaluate("window.argmapGraph.cy.zoom()") == 1.7
    expect(ben.locator("#edit-text")).to_have_value("Exams should be optional")
    expect(ben.locator("#detail .live-notice")).to_have_text("Sam changed this claim — show latest")
    no_problems(people)
