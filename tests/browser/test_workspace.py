"""A coach builds a map in the workspace, in Chromium, and the database holds what the page shows."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from argmap.accounts.models import User
from argmap.maps.models import Annotation, Argument, Claim, Map, Membership
from tests.browser.conftest import log_in_as, select_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def outline(page: Page):
    return page.locator("#outline-pane")


def detail(page: Page):
    return page.locator("#detail")


def test_a_new_user_builds_a_map(page: Page, live_server, log_in, artifacts):
    log_in(page)
    page.get_by_label("Title").fill("Should schools ban phones?")
    page.get_by_role("button", name="Create and open").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Should schools ban phones?")
    the_map = Map.objects.get(title="Should schools ban phones?")
    assert the_map.memberships.get().user.username == "coach"
    expect(outline(page)).to_contain_text("This map has no claims yet")
    expect(page.locator("html[data-workspace=ready]")).to_have_count(1)  # Enter saves now

    # A central claim: Enter saves.
    page.locator("#central-text").fill("Schools should ban phones in class.")
    page.locator("#central-text").press("Enter")
    expect(outline(page).locator(".claim.central > .claim-box a.claim-text")).to_have_text(
        "Schools should ban phones in class."
    )
    central = Claim.objects.get(map=the_map)
    expect(detail(page).locator(".detail-text")).to_have_text(central.text)

    # A reason, then an objection.
    detail(page).get_by_text("Add a reason or an objection").click()
    page.locator("#argument-text").fill("Phones distract pupils.")
    page.locator("#argument-text").press("Enter")
    expect(outline(page).locator(".argument.reason")).to_contain_text("Phones distract pupils.")
    detail(page).get_by_text("Add a reason or an objection").click()
    detail(page).get_by_label("an objection").check()
    page.locator("#argument-text").fill("Parents need to reach their children.")
    detail(page).get_by_role("button", name="Add", exact=True).click()
    expect(outline(page).locator(".argument.objection")).to_contain_text(
        "Parents need to reach their children."
    )
    assert sorted(Argument.objects.filter(conclusion=central).values_list("kind", flat=True)) == [
        "attack",
        "support",
    ]

    # A co-premise for the reason.
    outline(page).locator(".argument.reason > a.tag").click()
    expect(detail(page).locator(".kind-label")).to_contain_text("Reason")
    detail(page).get_by_text("Add a co-premise").click()
    page.locator("#premise-text").fill("Distraction lowers marks.")
    page.locator("#premise-text").press("Enter")
    expect(outline(page).locator(".argument.reason")).to_contain_text("2 co-premises, together")
    reason = Argument.objects.get(conclusion=central, kind="support")
    assert [p.text for p in reason.premises.order_by("premise_links__position")] == [
        "Phones distract pupils.",
        "Distraction lowers marks.",
    ]

    # An undercut of the reason; Esc closes a form without saving.
    detail(page).get_by_text("Undercut this argument").click()
    page.locator("#undercut-text").fill("Marks fell for other reasons too.")
    page.locator("#undercut-text").press("Escape")
    expect(page.locator("#undercut-text")).to_be_hidden()
    detail(page).get_by_text("Undercut this argument").click()
    page.locator("#undercut-text").press("Enter")
    expect(outline(page).locator(".argument.undercut")).to_contain_text(
        "Marks fell for other reasons too."
    )
    assert (
        Argument.objects.get(target=reason).premises.get().text
        == "Marks fell for other reasons too."
    )

    # Link an existing claim as a second objection, through the search picker.
    select_claim(page, "Schools should ban phones in class.")
    detail(page).get_by_text("Add a reason or an objection").click()
    detail(page).get_by_label("an objection").check()
    detail(page).get_by_placeholder("Search the claims of this map").fill("other reasons")
    detail(page).get_by_label("Marks fell for other reasons too.").check()
    detail(page).get_by_role("button", name="Add", exact=True).click()
    expect(
        outline(page).locator(".ref", has_text="Marks fell for other reasons too.")
    ).to_have_count(1)
    linked = Claim.objects.get(text="Marks fell for other reasons too.")
    assert Argument.objects.filter(
        conclusion=central, kind="attack", premise_links__claim=linked
    ).exists()

    # Edit the central claim.
    detail(page).get_by_text("Edit claim").click()
    page.locator("#edit-text").fill("Schools should ban phones during lessons.")
    page.locator("#edit-text").press("Enter")
    expect(outline(page).locator(".claim.central > .claim-box a.claim-text")).to_have_text(
        "Schools should ban phones during lessons."
    )
    central.refresh_from_db()
    assert (central.text, central.version) == ("Schools should ban phones during lessons.", 2)

    # Delete a claim, then undo.
    select_claim(page, "Parents need to reach their children.")
    detail(page).get_by_role("button", name="Delete claim").click()
    expect(detail(page)).to_contain_text("was deleted")
    expect(outline(page)).not_to_contain_text("Parents need to reach their children.")
    assert Claim.objects.get(text="Parents need to reach their children.").deleted_at is not None
    detail(page).get_by_role("button", name="Undo").click()
    expect(outline(page)).to_contain_text("Parents need to reach their children.")
    assert Claim.objects.get(text="Parents need to reach their children.").deleted_at is None

    # Annotate with Markdown that carries a script: it stays inert text.
    select_claim(page, "Parents need to reach their children.")
    detail(page).get_by_text("Annotate").click()
    detail(page).get_by_label("Kind").select_option("question")
    body = "Is this **really** true? <script>window.pwned = true</script>"
    detail(page).get_by_label("Text (Markdown)").fill(body)
    detail(page).get_by_role("button", name="Save annotation").click()
    note = detail(page).locator(".annotation .note-body")
    expect(note).to_contain_text("<script>window.pwned = true</script>")
    expect(note.locator("strong")).to_have_text("really")
    assert page.evaluate("window.pwned === undefined")
    assert Annotation.objects.get().body == body

    # Its author corrects it in place.
    annotation = detail(page).locator(".annotation")
    annotation.get_by_text("Edit", exact=True).click()
    annotation.get_by_label("Text (Markdown)").fill("Is this *still* true?")
    detail(page).screenshot(path=artifacts / "annotation-edit.png")
    annotation.get_by_role("button", name="Save changes").click()
    expect(note.locator("em")).to_have_text("still")
    expect(detail(page).locator(".annotation .note-head")).to_contain_text("edited")
    assert (Annotation.objects.get().body, Annotation.objects.get().version) == (
        "Is this *still* true?",
        2,
    )
    page.screenshot(path=artifacts / "workspace-new-map.png", full_page=True)


@pytest.fixture
def seed_editor(transactional_db):
    call_command("import_seeds", stdout=StringIO())
    seed = Map.objects.get(slug="unga74-ict-crime")
    return seed


def select_words(page: Page, label: str, words: str) -> None:
    """Select ``words`` in the passage with ``label`` as a mouse would, then let go."""
    page.evaluate(
        """([label, words]) => {
            const el = document.querySelector(`.passage-text[data-label="${label}"]`);
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            let node, done = 0, startNode, startOff, endNode, endOff;
            const at = el.textContent.indexOf(words), end = at + words.length;
            while ((node = walker.nextNode())) {
              const len = node.textContent.length;
              if (startNode === undefined && at < done + len) { startNode = node; startOff = at - done; }
              if (end <= done + len) { endNode = node; endOff = end - done; break; }
              done += len;
            }
            const range = document.createRange();
            range.setStart(startNode, startOff); range.setEnd(endNode, endOff);
            el.scrollIntoView();
            const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
            el.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        [label, words],
    )


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
    ids=["laptop", "phone"],
)
def test_an_analyst_makes_a_claim_from_words_of_the_draft(
    page: Page, live_server, log_in, seed_editor, artifacts, viewport
):
    page.set_viewport_size(viewport)
    name = "laptop" if viewport["width"] > 1000 else "phone"
    log_in(page, "analyst")
    Membership.objects.create(
        map=seed_editor, user=User.objects.get(username="analyst"), role="editor"
    )
    page.goto(f"{live_server.url}{seed_editor.get_absolute_url()}")
    expect(page.locator(".tag.undercut")).to_have_count(3)
    page.screenshot(path=artifacts / f"workspace-seed-{name}.png", full_page=False)

    words = "build the capacity of national authorities"
    select_words(page, "PP5", words)
    form = page.locator("#selection-form")
    expect(form).to_be_visible()
    expect(form.locator("textarea")).to_have_value(words)
    form.get_by_label("Speaker").fill("Sponsors")
    form.get_by_role("button", name="Save claim").click()
    expect(detail(page).locator(".detail-text")).to_have_text(words)

    claim = Claim.objects.get(map=seed_editor, text=words)
    assert claim.passage.label == "PP5" and claim.quote == words
    assert claim.passage.text[claim.span_start : claim.span_end] == words
    mark = page.locator(f'mark[data-claims~="{claim.pk}"]')
    expect(mark).to_have_text(words)

    # The provenance link scrolls to the quoted words; a click on them selects the claim.
    select_claim(
        page,
        "Decides to establish an open-ended ad hoc intergovernmental committee of experts, representative of all regions, to elaborate a comprehensive international convention on countering the use of information and communications technologies for criminal purposes",
    )
    mark.click()
    expect(detail(page).locator(".detail-text")).to_have_text(words)
    expect(page.locator(f"#claim-{claim.pk} > .claim-box")).to_have_class("claim-box selected")
    page.screenshot(path=artifacts / f"workspace-seed-selection-{name}.png", full_page=True)


def test_without_javascript_the_forms_still_work(browser, live_server, transactional_db):
    from tests.factories import MapFactory, MembershipFactory, UserFactory

    user = UserFactory(username="nojs")
    the_map = MapFactory(title="Plain forms")
    MembershipFactory(map=the_map, user=user, role="editor")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in_as(page, live_server.url, "nojs")
    page.goto(f"{live_server.url}{the_map.get_absolute_url()}")
    page.locator("#central-text").fill("Homework should be optional.")
    page.get_by_role("button", name="Save claim").click()
    expect(page.locator(".detail-text")).to_have_text("Homework should be optional.")
    page.get_by_text("Add a reason or an objection").click()
    page.locator("#argument-text").fill("Pupils need rest.")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(outline(page).locator(".argument.reason")).to_contain_text("Pupils need rest.")
    assert Argument.objects.get(map=the_map).premises.get().text == "Pupils need rest."
    # A form with an error comes back with the message beside it.
    page.get_by_text("Add a reason or an objection").click()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".form-errors")).to_contain_text(
        "Write the claim, or choose an existing one."
    )
    context.close()
