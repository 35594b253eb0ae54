"""Evaluate in words in Chromium: the legend and the first-use hint by the switch, and why each
claim stands, falls or is undecided in the details pane, changing when a claim is judged; on the
seed map and on a coach's small practice map, at laptop and phone size, with no serious
accessibility faults (label colours included)."""

import pytest
from playwright.sync_api import Page, expect

from argmap.accounts.models import User
from argmap.maps import services
from argmap.maps.models import Claim, Map, Membership
from tests.browser.axe import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECISION = "Decides to establish an open-ended ad hoc intergovernmental committee"
US_POSITION = "The United States must vote no"
LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}

CENTRAL = "Schools should ban phones in class."
REASON = "Phones distract students from the lesson."
OBJECTION = "Phones are useful learning tools."
ANSWER = "Schools already lend laptops for learning."


def select_claim(page: Page, text: str) -> None:
    """Click the claim that starts with ``text`` in the outline; wait for the pane to show it."""
    pane = page.locator("#detail")
    pane.evaluate("pane => pane.querySelectorAll('.detail-text').forEach(t => t.dataset.old = '')")
    page.locator("#outline-pane").locator("a.claim-text", has_text=text).first.click()
    expect(pane.locator(".detail-text:not([data-old])")).to_contain_text(text)


def evaluate_mine(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="My judgements").click()
    expect(page.get_by_role("button", name="My judgements")).to_have_attribute(
        "aria-pressed", "true"
    )


def judge(page: Page, status: str) -> None:
    """Hold the selected claim as ``status`` and wait for the pane to say so."""
    page.get_by_label("I hold it as").select_option(status)
    page.get_by_role("button", name="Re-evaluate").click()
    expect(page.locator("#detail .why")).to_contain_text(f"You marked it {status}")


def why(page: Page):
    return page.locator("#detail .why")


def change(page: Page):
    return page.locator("#detail .why-change")


def practice_map(coach: User) -> Map:
    """The practice map: a central claim, a reason, an objection, and an answer to it."""
    map_ = services.create_map(title="Phones in class", created_by=coach)
    central = services.add_claim(map=map_, text=CENTRAL, author=coach)
    services.add_support(conclusion=central, premises=[REASON], author=coach)
    services.add_rebuttal(claim=central, premises=[OBJECTION], author=coach)
    objection = Claim.objects.get(map=map_, text=OBJECTION)
    services.add_rebuttal(claim=objection, premises=[ANSWER], author=coach)
    return map_


def test_practice_map_in_words_and_a_rejection_changes_them(
    page: Page, artifacts, live_server, log_in, errors
):
    log_in(page)
    map_ = practice_map(User.objects.get(username="coach"))
    page.set_viewport_size(LAPTOP)
    evaluate_mine(page, f"{live_server.url}{map_.get_absolute_url()}")
    expect(page.locator(".eval-legend")).to_contain_text("every objection to it is answered")
    hint = page.locator(".eval-hint")
    expect(hint).to_have_text(
        "Until someone judges them, claims count as accepted. Mark a claim rejected in its "
        "details to see what follows. Got it"
    )

    select_claim(page, CENTRAL)
    expect(why(page)).to_have_text(
        f"It stands. Its reason “{REASON[:-1]}” holds, and its one objection is answered: "
        f"“{OBJECTION[:-1]}” is answered by “{ANSWER[:-1]}”."
    )
    expect(change(page)).to_contain_text("An unanswered objection would make it fall")

    select_claim(page, ANSWER)
    expect(why(page)).to_contain_text("it counts as accepted until you judge it")
    judge(page, "rejected")
    expect(change(page)).to_contain_text("Mark it accepted")

    select_claim(page, CENTRAL)
    expect(why(page)).to_have_text(
        f"It falls. “{OBJECTION[:-1]}” objects to it and nothing answers that objection."
    )
    expect(change(page)).to_have_text(
        f"What would change it: Answer that objection, or mark “{OBJECTION[:-1]}” rejected."
    )
    page.locator("#detail .explain").screenshot(path=artifacts / "evaluate-why-practice-laptop.png")
    # the objection's words in the sentence lead to it
    why(page).get_by_role("link", name=OBJECTION[:-1]).click()
    expect(page.locator("#detail .detail-text")).to_have_text(OBJECTION)
    expect(why(page)).to_have_text(  # its answer, rejected, no longer answers it
        f"It stands. Its one objection is answered: you marked “{ANSWER[:-1]}” rejected."
    )
    assert errors == []


def test_seed_map_in_words_and_the_hint_put_away(page: Page, live_server, seeded, log_in, errors):
    log_in(page)
    seed = Map.objects.get(slug="unga74-ict-crime")
    coach = User.objects.get(username="coach")
    Membership.objects.create(map=seed, user=coach, role="editor")
    page.set_viewport_size(LAPTOP)
    evaluate_mine(page, f"{live_server.url}{seed.get_absolute_url()}")

    select_claim(page, DECISION)
    expect(why(page)).to_contain_text("It falls.")
    expect(why(page)).to_contain_text("object to it and nothing answers those objections.")
    expect(why(page)).to_contain_text(US_POSITION)

    select_claim(page, US_POSITION)
    expect(why(page)).to_contain_text("It stands. Nothing objects to it")
    judge(page, "rejected")
    select_claim(page, DECISION)
    expect(why(page)).to_contain_text("nothing answers those objections")
    expect(why(page)).not_to_contain_text(US_POSITION)  # rejected, it no longer objects

    hint = page.locator(".eval-hint")  # it was shown before anyone judged; judged now, gone
    page.reload()
    expect(page.locator(".eval-legend")).to_be_visible()
    expect(hint).to_have_count(0)
    assert errors == []


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_screenshots_and_no_serious_accessibility_faults(
    page: Page, artifacts, live_server, seeded, log_in, errors, viewport
):
    name = "laptop" if viewport == LAPTOP else "phone"
    log_in(page)
    seed = Map.objects.get(slug="unga74-ict-crime")
    page.set_viewport_size(viewport)
    evaluate_mine(page, f"{live_server.url}{seed.get_absolute_url()}")
    expect(page.locator(".eval-legend")).to_be_visible()
    expect(page.locator(".eval-hint")).to_be_visible()
    select_claim(page, DECISION)
    expect(why(page)).to_contain_text("It falls.")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / f"evaluate-words-{name}.png")
    page.locator(".ws-head").screenshot(path=artifacts / f"evaluate-legend-hint-{name}.png")
    page.locator("#detail .explain").screenshot(path=artifacts / f"evaluate-why-{name}.png")

    page.get_by_role("button", name="Got it").click()
    expect(page.locator(".eval-hint")).to_have_count(0)
    page.reload()
    expect(page.locator(".eval-legend")).to_be_visible()
    expect(page.locator(".eval-hint")).to_have_count(0)  # put away for the session
    assert errors == []
