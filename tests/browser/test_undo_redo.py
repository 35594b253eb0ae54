"""Quick entry of a nested list, typed and pasted, and the toolbar's Undo and Redo without a reload."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from argmap.accounts.models import User
from argmap.maps import services
from argmap.maps.models import Argument, Claim
from tests.browser.axe import serious_violations
from tests.browser.conftest import select_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-undo")


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=False)


def open_map(page: Page, live_server, log_in) -> tuple:
    log_in(page)
    coach = User.objects.get()
    the_map = services.create_map(title="Should schools ban phones?", created_by=coach)
    central = services.add_claim(map=the_map, text="Schools should ban phones.", author=coach)
    page.goto(f"{live_server.url}{the_map.get_absolute_url()}")
    expect(page.locator("html[data-workspace=ready]")).to_have_count(1)
    return the_map, central


def open_add_box(page: Page) -> None:
    select_claim(page, "Schools should ban phones.")
    page.locator("#detail").get_by_text("Add a reason or an objection").click()
    expect(page.locator("#argument-text")).to_be_visible()


def conclusion_of(text: str) -> tuple[str, str]:
    argument = Argument.objects.get(premises__text=text, deleted_at__isnull=True)
    return argument.kind, argument.conclusion.text


def test_quick_entry_typed_then_undo_and_redo_from_the_toolbar(
    page: Page, live_server, log_in, errors
):
    page.set_viewport_size({"width": 1366, "height": 800})
    the_map, _ = open_map(page, live_server, log_in)
    undo, redo = page.locator("#undo-button"), page.locator("#redo-button")
    expect(undo).to_have_text("↶ Undo: added a claim")
    expect(redo).to_have_text("Nothing to redo")
    expect(redo).to_be_disabled()

    open_add_box(page)
    box = page.locator("#argument-text")
    # Typed as a writer would: Shift+Enter for each new line, indents by hand, Enter to save.
    for n, line in enumerate(
        [
            "+ Phones distract pupils.",
            "  - Not when they are switched off.",
            "    + Pupils switch them back on.",
            "- Pupils need them in emergencies.",
        ]
    ):
        if n:
            box.press("Shift+Enter")
        box.press_sequentially(line)
    box.press("Enter")
    outline = page.locator("#outline-pane")
    expect(
        outline.locator("a.claim-text", has_text="Pupils need them in emergencies.")
    ).to_have_count(1)
    expect(undo).to_have_text("↶ Undo: added 2 reasons and 2 objections")
    assert conclusion_of("Phones distract pupils.") == ("support", "Schools should ban phones.")
    assert conclusion_of("Not when they are switched off.") == ("attack", "Phones distract pupils.")
    assert conclusion_of("Pupils switch them back on.") == (
        "support",
        "Not when they are switched off.",
    )
    assert conclusion_of("Pupils need them in emergencies.") == (
        "attack",
        "Schools should ban phones.",
    )
    assert serious_violations(page) == []
    shoot(page, "toolbar-1366")

    # Undo and redo: the outline and the labels change, and the page is never loaded again.
    page.evaluate("window.notReloaded = true")
    undo.click()
    expect(outline.locator("a.claim-text", has_text="Phones distract pupils.")).to_have_count(0)
    expect(redo).to_have_text("↷ Redo: added 2 reasons and 2 objections")
    expect(undo).to_have_text("↶ Undo: added a claim")
    expect(page.locator("#detail .notice")).to_have_text(
        "Undone: added 2 reasons and 2 objections."
    )
    assert Claim.objects.filter(map=the_map, deleted_at__isnull=True).count() == 1
    shoot(page, "toolbar-after-undo-1366")

    redo.click()
    expect(outline.locator("a.claim-text", has_text="Phones distract pupils.")).to_have_count(1)
    expect(redo).to_have_text("Nothing to redo")
    expect(redo).to_be_disabled()
    expect(undo).to_have_text("↶ Undo: added 2 reasons and 2 objections")
    assert Claim.objects.filter(map=the_map, deleted_at__isnull=True).count() == 5
    assert page.evaluate("window.notReloaded") is True
    assert serious_violations(page) == []
    assert errors == []


def test_quick_entry_pasted_and_an_error_that_names_its_line(
    page: Page, live_server, log_in, errors
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_viewport_size({"width": 390, "height": 844})
    the_map, _ = open_map(page, live_server, log_in)
    open_add_box(page)
    page.get_by_label("an objection").check()
    box = page.locator("#argument-text")

    # A pasted list with a mistake: nothing is written, the line is named, the text kept.
    pasted = "* Pupils need them in emergencies.\n\t+ Parents want to reach them.\n\t+\n"
    page.evaluate("text => navigator.clipboard.writeText(text)", pasted)
    box.focus()
    box.press("ControlOrMeta+V")
    expect(box).to_have_value(pasted)
    page.locator("#detail").get_by_role("button", name="Add", exact=True).click()
    error = page.locator("#argument-text-errors")
    expect(error).to_have_text("line 3: “+” has no words after it.")
    expect(page.locator("#argument-text")).to_have_attribute("aria-invalid", "true")
    assert Claim.objects.filter(map=the_map).count() == 1
    page.locator("#argument-text").scroll_into_view_if_needed()
    shoot(page, "quick-entry-error-390")
    assert serious_violations(page) == []

    # Fixed and pasted again: * takes the form's choice (an objection), + makes a reason.
    fixed = "* Pupils need them in emergencies.\n\t+ Parents want to reach them.\n\t\t- Schools have phones.\n"
    page.evaluate("text => navigator.clipboard.writeText(text)", fixed)
    box = page.locator("#argument-text")
    box.fill("")
    box.press("ControlOrMeta+V")
    box.press("Enter")
    expect(page.locator("#undo-button")).to_have_text("↶ Undo: added a reason and 2 objections")
    assert conclusion_of("Pupils need them in emergencies.") == (
        "attack",
        "Schools should ban phones.",
    )
    assert conclusion_of("Parents want to reach them.") == (
        "support",
        "Pupils need them in emergencies.",
    )
    assert conclusion_of("Schools have phones.") == ("attack", "Parents want to reach them.")
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "toolbar-390")
    assert errors == []


def test_quick_entry_box_at_laptop_size_with_an_error(page: Page, live_server, log_in, errors):
    page.set_viewport_size({"width": 1366, "height": 800})
    open_map(page, live_server, log_in)
    open_add_box(page)
    page.locator("#argument-text").fill(
        "+ Phones distract pupils.\n  - Not always.\n       + Deep."
    )
    page.locator("#argument-text").press("Enter")
    expect(page.locator("#argument-text-errors")).to_contain_text("line 3:")
    page.locator("#argument-text").scroll_into_view_if_needed()
    shoot(page, "quick-entry-error-1366")
    assert serious_violations(page) == []
    assert errors == []
