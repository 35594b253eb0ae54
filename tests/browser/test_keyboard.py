"""The workspace by keyboard alone (issue 15, point 1): the outline is an ARIA tree, single keys
act on the focused claim, the focus lands on what was made, and the database holds the map."""

import pytest
from playwright.sync_api import Page, expect

from argmap.accounts.models import User
from argmap.maps import services
from argmap.maps.models import Argument, Claim, Map
from tests.browser.axe import serious_violations
from tests.browser.test_live import LIVE, no_problems, people, shared  # noqa: F401 (fixtures)
from tests.test_events import app_server, server  # noqa: F401 (fixtures: uvicorn, for live updates)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = '#outline-pane [role="treeitem"]:focus'


class Keyboard:
    """The page's keyboard, counting every key press that is not a claim's own words."""

    def __init__(self, page: Page):
        self.page = page
        self.presses = 0
        self.search_keys = 0  # words typed to find a claim (the move), counted apart

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.presses += 1

    def words(self, text: str) -> None:
        """A claim's own words: not counted."""
        self.page.keyboard.type(text)

    def search(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.search_keys += len(text)


def focused_claim(page: Page):
    return page.locator(FOCUSED).locator(":scope > .claim-box a.claim-text")


def open_workspace(page: Page, live_server, log_in, the_map: Map | None = None) -> Map:
    log_in(page)
    if the_map is None:
        coach = User.objects.get(username="coach")
        the_map = services.create_map(title="Phones in class", created_by=coach)
    page.goto(live_server.url + the_map.get_absolute_url())
    expect(page.locator("html[data-workspace=ready][data-keys=ready]")).to_have_count(1)
    return the_map


def test_a_practice_map_built_by_keyboard_alone(page: Page, live_server, log_in, errors):
    the_map = open_workspace(page, live_server, log_in)
    keys = Keyboard(page)
    # An empty map: the box for the central claim has the focus already.
    expect(page.locator("#central-text")).to_be_focused()
    keys.words("Schools should ban phones in class.")
    keys.press("Enter")
    expect(focused_claim(page)).to_have_text("Schools should ban phones in class.")

    # Three reasons: r opens the form; Ctrl+Enter saves and opens it again for the next one.
    keys.press("r")
    expect(page.locator("#argument-text")).to_be_focused()
    keys.words("Phones distract pupils.")
    keys.press("Control+Enter")
    expect(page.locator("#detail .arg-list")).to_contain_text("Phones distract pupils.")
    expect(page.locator("#argument-text")).to_be_focused()
    keys.words("Bullying moves online.")
    keys.press("Control+Enter")
    expect(page.locator("#detail .arg-list")).to_contain_text("Bullying moves online.")
    expect(page.locator("#argument-text")).to_be_focused()
    keys.words("Marks rose where phones were banned.")
    keys.press("Enter")
    expect(focused_claim(page)).to_have_text("Marks rose where phones were banned.")

    # A co-premise of the last reason: c on its premise.
    keys.press("c")
    expect(page.locator("#premise-text")).to_be_focused()
    keys.words("The schools were otherwise alike.")
    keys.press("Enter")
    expect(focused_claim(page)).to_have_text("The schools were otherwise alike.")

    # Two objections to the central claim: left to it, o.
    keys.press("ArrowLeft")
    expect(focused_claim(page)).to_have_text("Schools should ban phones in class.")
    keys.press("o")
    expect(page.locator('#detail input[name="kind"][value="attack"]')).to_be_checked()
    keys.words("Parents need to reach their children.")
    keys.press("Control+Enter")
    expect(page.locator("#detail")).to_contain_text("Objection Parents need to reach")
    keys.words("Phones are tools for learning.")
    keys.press("Enter")
    expect(focused_claim(page)).to_have_text("Phones are tools for learning.")

    # An undercut of that objection's argument: u on its premise.
    keys.press("u")
    expect(page.locator("#undercut-text")).to_be_focused()
    keys.words("Tools the school lends would do.")
    keys.press("Enter")
    expect(focused_claim(page)).to_have_text("Tools the school lends would do.")

    # A reply to an objection (an objection to it): up to the objection, o.
    keys.press("ArrowUp")
    expect(focused_claim(page)).to_have_text("Phones are tools for learning.")
    keys.press("o")  # words typed before its form is open wait for it (not commands)
    keys.words("Few lessons use them.")
    keys.press("Enter")
    expect(focused_claim(page)).to_have_text("Few lessons use them.")

    making = keys.presses  # nine claims are made
    # A move: m on the reply moves its argument; words of the target, Enter takes the first found.
    keys.press("m")
    picker = page.locator("#detail details.move input[type=search]")
    expect(picker).to_be_focused()
    keys.search("reach their")
    expect(page.locator("#detail details.move .picker-results input[type=radio]")).to_have_count(1)
    keys.press("Enter")
    parents = Claim.objects.get(text="Parents need to reach their children.")
    reply = Argument.objects.get(premise_links__claim__text="Few lessons use them.")
    expect(page.locator(f"#claim-{parents.pk} > [role=group]")).to_contain_text(
        "Few lessons use them."
    )
    expect(focused_claim(page)).to_have_text("Few lessons use them.")  # back where it was
    reply.refresh_from_db()
    assert reply.conclusion_id == parents.pk

    # Ctrl+Z undoes the move (the toolbar's Undo), Ctrl+Shift+Z makes it again (its Redo).
    expect(page.locator("#undo-button")).to_contain_text("Undo: moved an objection")
    keys.press("Control+z")
    tools = Claim.objects.get(text="Phones are tools for learning.")
    expect(page.locator(f"#claim-{tools.pk} > [role=group]")).to_contain_text(
        "Few lessons use them."
    )
    reply.refresh_from_db()
    assert reply.conclusion_id == tools.pk
    expect(page.locator("#redo-button")).to_contain_text("Redo: moved an objection")
    keys.press("Control+Shift+z")
    expect(page.locator(f"#claim-{parents.pk} > [role=group]")).to_contain_text(
        "Few lessons use them."
    )
    reply.refresh_from_db()
    assert reply.conclusion_id == parents.pk
    expect(focused_claim(page)).to_have_text("Few lessons use them.")  # the focus stayed

    moving = keys.presses - making
    # Reasons for the reply (Ctrl+Enter keeps the form open), and an objection to the reply.
    keys.press("r")
    expect(page.locator("#argument-text")).to_be_focused()
    keys.words("Most lessons are taught on paper.")
    keys.press("Control+Enter")
    expect(page.locator("#detail")).to_contain_text("Reason Most lessons are taught on paper.")
    keys.words("Tablets stay in their cupboards.")
    keys.press("Enter")
    expect(focused_claim(page)).to_have_text("Tablets stay in their cupboards.")
    keys.press("ArrowLeft")
    expect(focused_claim(page)).to_have_text("Few lessons use them.")
    keys.press("o")
    expect(page.locator("#argument-text")).to_be_focused()
    keys.words("Coding lessons use them daily.")
    keys.press("Enter")
    expect(focused_claim(page)).to_have_text("Coding lessons use them daily.")

    # Home to the central claim, down to its first reason, and four reasons for that one.
    keys.press("Home")
    expect(focused_claim(page)).to_have_text("Schools should ban phones in class.")
    keys.press("ArrowDown")
    expect(focused_claim(page)).to_have_text("Phones distract pupils.")
    keys.press("r")
    expect(page.locator("#argument-text")).to_be_focused()
    for text in (
        "Screens pull attention.",
        "Pupils check messages in lessons.",
        "Games are one tap away.",
    ):
        keys.words(text)
        keys.press("Control+Enter")
        expect(page.locator("#detail")).to_contain_text(f"Reason {text}")
    keys.words("Videos autoplay.")
    keys.press("Enter")
    expect(focused_claim(page)).to_have_text("Videos autoplay.")

    making = keys.presses - moving  # the sixteen claims are made

    # The database holds the map the keys built.
    central = Claim.objects.get(text="Schools should ban phones in class.")
    reasons = Argument.objects.filter(conclusion=central, kind="support", deleted_at=None)
    premises = {
        tuple(a.premises.order_by("premise_links__position").values_list("text", flat=True))
        for a in reasons
    }
    assert premises == {
        ("Phones distract pupils.",),
        ("Bullying moves online.",),
        ("Marks rose where phones were banned.", "The schools were otherwise alike."),
    }
    objections = Argument.objects.filter(conclusion=central, kind="attack", deleted_at=None)
    assert {a.premises.get().text for a in objections} == {
        "Parents need to reach their children.",
        "Phones are tools for learning.",
    }
    undercut = Argument.objects.get(target__premise_links__claim=tools)
    assert undercut.premises.get().text == "Tools the school lends would do."
    few = Claim.objects.get(text="Few lessons use them.")
    below_reply = {
        (a.kind, a.premises.get().text)
        for a in Argument.objects.filter(conclusion=few, deleted_at=None)
    }
    assert below_reply == {
        ("support", "Most lessons are taught on paper."),
        ("support", "Tablets stay in their cupboards."),
        ("attack", "Coding lessons use them daily."),
    }
    distract = Claim.objects.get(text="Phones distract pupils.")
    assert Argument.objects.filter(conclusion=distract, kind="support").count() == 4
    assert Claim.objects.filter(map=the_map, deleted_at=None).count() == 16
    claims = 16
    print(
        f"\nKEYBOARD: {claims} claims in {making} key presses and 0 clicks beyond the claims' "
        f"own words ({making / claims:.2f} a claim); with the move, the undo and the redo "
        f"{keys.presses} ({keys.presses / claims:.2f} a claim), and {keys.search_keys} letters "
        "typed to find the move's target"
    )
    assert making <= 2 * claims
    assert keys.presses <= 2 * claims + 3  # the move, the undo and the redo at most three more
    assert errors == []


def test_arrows_move_through_the_tree_and_enter_opens_details(
    page: Page, live_server, log_in, errors
):
    the_map = open_workspace(page, live_server, log_in)
    user = the_map.created_by
    central = services.add_claim(map=the_map, text="Central", author=user)
    first = services.add_support(conclusion=central, premises=["First"], author=user)
    services.add_support(conclusion=first.premises.get(), premises=["Deeper"], author=user)
    services.add_rebuttal(claim=central, premises=["Second"], author=user)
    page.reload()
    expect(page.locator("html[data-keys=ready]")).to_have_count(1)
    # The whole outline is one stop of the tab order, between the search's filters and the form
    # for a central claim.
    page.locator(".search-filters > summary").focus()
    page.keyboard.press("Tab")
    expect(page.locator('#outline-pane [role="treeitem"][tabindex="0"]')).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#outline-pane .add-central > summary")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    items = page.locator('#outline-pane [role="treeitem"]')
    expect(items).to_have_count(4)
    expect(page.locator('#outline-pane [role="treeitem"][tabindex="0"]')).to_have_count(1)
    expect(focused_claim(page)).to_have_text("Central")
    expect(page.locator(FOCUSED)).to_have_attribute("aria-level", "1")
    expect(page.locator(FOCUSED)).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(focused_claim(page)).to_have_text("First")
    expect(page.locator(FOCUSED)).to_have_attribute("aria-level", "2")
    page.keyboard.press("ArrowRight")
    expect(focused_claim(page)).to_have_text("Deeper")
    page.keyboard.press("ArrowLeft")
    expect(focused_claim(page)).to_have_text("First")
    page.keyboard.press("ArrowLeft")  # an expanded claim folds first
    expect(page.locator(FOCUSED)).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")  # the folded branch is skipped
    expect(focused_claim(page)).to_have_text("Second")
    page.keyboard.press("Home")
    expect(focused_claim(page)).to_have_text("Central")
    page.keyboard.press("End")
    expect(focused_claim(page)).to_have_text("Second")
    # Only one stop in the tab order: the item that has the focus.
    expect(page.locator('#outline-pane [role="treeitem"][tabindex="0"]')).to_have_count(1)
    expect(page.locator('#outline-pane [role="treeitem"][tabindex="0"]')).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#detail .detail-text")).to_have_text("Second")
    expect(page.locator(FOCUSED)).to_have_attribute("aria-selected", "true")
    assert serious_violations(page) == []
    # After a click on a claim, the arrows go on from there.
    page.locator("#outline-pane a.claim-text", has_text="Central").click()
    expect(page.locator("#detail .detail-text")).to_have_text("Central")
    page.keyboard.press("ArrowDown")
    expect(focused_claim(page)).to_have_text("First")
    assert errors == []


def test_the_list_of_keys_escape_and_no_key_while_typing(
    page: Page, live_server, log_in, errors, artifacts
):
    the_map = open_workspace(page, live_server, log_in)
    central = services.add_claim(map=the_map, text="Central", author=the_map.created_by)
    page.reload()
    expect(page.locator("html[data-keys=ready]")).to_have_count(1)
    item = page.locator(f"#claim-{central.pk}")
    item.focus()
    # ? shows the keys in a dialog; Escape closes it and the focus comes back.
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keys of the workspace")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("undercut the argument it is a premise of")
    assert serious_violations(page) == []
    page.screenshot(path=artifacts / "keys-dialog-laptop.png")
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artifacts / "keys-dialog-phone.png")
    page.set_viewport_size(size)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(item).to_be_focused()

    # e opens the edit box; keys typed there are text, not commands; Escape goes back.
    page.keyboard.press("e")
    edit = page.locator("#edit-text")
    expect(edit).to_be_focused()
    page.keyboard.type(" r o u c?/")
    expect(edit).to_have_value("Central r o u c?/")
    expect(page.locator("#keys-dialog")).to_be_hidden()
    expect(page.locator("#detail details.add-argument")).not_to_have_attribute("open", "")
    page.keyboard.press("Escape")
    expect(edit).to_be_hidden()
    expect(item).to_be_focused()
    central.refresh_from_db()
    assert central.text == "Central" and Claim.objects.count() == 1

    # Delete goes to the Delete button: Escape keeps the claim, Enter deletes it.
    page.keyboard.press("Delete")
    expect(page.get_by_role("button", name="Delete claim")).to_be_focused()
    page.keyboard.press("Escape")
    expect(item).to_be_focused()
    page.keyboard.press("Delete")
    page.keyboard.press("Enter")
    expect(page.locator("#detail")).to_contain_text("was deleted")
    central.refresh_from_db()
    assert central.deleted_at is not None
    assert errors == []


def test_a_stray_tab_after_a_save_makes_no_second_claim(page: Page, live_server, log_in, errors):
    """Before: the central claim's form kept its text and the focus after a save; Tab went to its
    Speaker box, where Enter sent the form again, making a second central claim."""
    the_map = open_workspace(page, live_server, log_in)
    expect(page.locator("#central-text")).to_be_focused()
    assert serious_violations(page) == []  # an empty tree too
    page.keyboard.type("Schools should ban phones in class.")
    page.keyboard.press("Enter")
    expect(page.locator("#outline-pane a.claim-text")).to_have_text(
        "Schools should ban phones in class."
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # Whatever has the focus now, a claim made by those keys would be in the outline by now;
    # one more save that we wait for tells.
    page.locator(
        f"#claim-{Claim.objects.get(text='Schools should ban phones in class.').pk}"
    ).focus()
    page.keyboard.press("r")
    page.keyboard.type("A reason.")
    page.keyboard.press("Enter")
    expect(focused_claim(page)).to_have_text("A reason.")
    assert sorted(Claim.objects.filter(map=the_map).values_list("text", flat=True)) == [
        "A reason.",
        "Schools should ban phones in class.",
    ]
    assert errors == []


def stand_in_controls(page: Page) -> None:
    """Stand-ins for the toolbar's undo and redo buttons and the search box, with their ids,
    counting what the keys do to them (the real ones are tested in test_undo_redo, test_search)."""
    page.evaluate(
        """() => {
            window.pressed = [];
            for (const id of ["undo-button", "redo-button", "map-search"]) {
                document.getElementById(id)?.remove();
                const element = document.createElement(id === "map-search" ? "input" : "button");
                element.id = id;
                if (id === "map-search") element.setAttribute("aria-label", "Search");
                else element.textContent = id;
                element.addEventListener("click", () => window.pressed.push(id));
                document.querySelector(".ws-head").append(element);
            }
        }"""
    )


def test_undo_redo_and_search_keys_but_never_while_typing(page: Page, live_server, log_in, errors):
    the_map = open_workspace(page, live_server, log_in)
    central = services.add_claim(map=the_map, text="Central", author=the_map.created_by)
    page.reload()
    expect(page.locator("html[data-keys=ready]")).to_have_count(1)
    stand_in_controls(page)
    item = page.locator(f"#claim-{central.pk}")
    item.focus()
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+Shift+z")
    page.keyboard.press("Meta+z")
    page.keyboard.press("Control+y")
    assert page.evaluate("window.pressed") == [
        "undo-button",
        "redo-button",
        "undo-button",
        "redo-button",
    ]
    # While typing, Ctrl+Z is the browser's own undo of the text: the buttons stay untouched.
    page.keyboard.press("e")
    expect(page.locator("#edit-text")).to_be_focused()
    page.keyboard.type(" and more")
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+Shift+z")
    assert page.evaluate("window.pressed").count("undo-button") == 2
    page.keyboard.press("Escape")
    expect(item).to_be_focused()
    # / goes to the search box, and keys typed there are words.
    page.keyboard.press("/")
    expect(page.locator("#map-search")).to_be_focused()
    page.keyboard.type("r?")
    expect(page.locator("#map-search")).to_have_value("r?")
    expect(page.locator("#keys-dialog")).to_be_hidden()
    assert errors == []


def test_the_seed_map_workspace_has_no_serious_accessibility_violations(
    page: Page, live_server, seeded, errors
):
    the_map = Map.objects.get()
    page.goto(live_server.url + the_map.get_absolute_url())
    expect(page.locator("html[data-keys=ready]")).to_have_count(1)
    expect(page.locator(".source[open] > summary").first).to_be_visible()
    assert serious_violations(page) == []
    page.locator('#outline-pane [role="treeitem"][tabindex="0"]').focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#detail .detail-text")).to_be_visible()
    assert serious_violations(page) == []
    # A visitor may read: a key that would change the map says why nothing happens.
    page.keyboard.press("r")
    expect(page.locator("#keys-status")).to_have_text("You can read this map, not change it.")
    assert errors == []


def test_someone_elses_change_keeps_the_tree_and_the_focus(people, shared):  # noqa: F811
    """A live update swaps the pieces a change touched: the items it brings are tree items at
    their level, and the claim that had the focus keeps it, though its element was replaced."""
    the_map, claim, ana = shared
    first = services.add_support(conclusion=claim, premises=["Exams cause stress."], author=ana)
    ben = people["ben"].open(the_map.get_absolute_url())
    expect(ben.locator("html[data-keys=ready]")).to_have_count(1)
    item = ben.locator(f"#claim-{first.premises.get().pk}")
    item.focus()
    expect(item).to_have_attribute("aria-level", "2")
    services.add_rebuttal(claim=claim, premises=["Exams are fair."], author=ana)
    newcomer = ben.get_by_role("treeitem", name="Objection: Exams are fair.")
    expect(newcomer).to_be_visible(timeout=LIVE)
    expect(newcomer).to_have_attribute("aria-level", "2")
    expect(ben.locator(FOCUSED)).to_contain_text("Exams cause stress.")
    expect(ben.locator('#outline-pane [role="treeitem"][tabindex="0"]')).to_have_count(1)
    ben.keyboard.press("ArrowDown")
    expect(ben.locator(FOCUSED)).to_contain_text("Exams are fair.")
    assert serious_violations(ben) == []
    no_problems(people)
