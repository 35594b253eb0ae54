"""A write swaps only the pieces it changed, and the outline keeps what the reader had opened."""

import re

import pytest
from playwright.sync_api import Page, expect

from argmap.accounts.models import User
from argmap.maps import services
from tests.factories import build_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reason_an_edit_and_an_undo_keep_the_opened_branch(
    page: Page, live_server, log_in, errors
):
    log_in(page)
    the_map = services.create_map(title="A big map", created_by=User.objects.get())
    build_tree(the_map, 200)  # deeper than the outline shows at first
    page.goto(f"{live_server.url}{the_map.get_absolute_url()}")
    outline, detail = page.locator("#outline-pane"), page.locator("#detail")
    expect(outline.locator(".count")).to_have_text("· 200 claims, 199 arguments")

    # Open a collapsed branch deep below the central claim.
    more = outline.locator("a.more").first
    opened = more.locator("xpath=ancestor::li[contains(@class, 'claim')][1]")
    opened_id = opened.get_attribute("data-claim-id")
    more.click()
    branch = outline.locator(f'li.claim[data-claim-id="{opened_id}"] > ul.arguments > li.argument')
    expect(branch).to_have_count(3)

    # A reason for the central claim: its group and the counts change, the branch stays open.
    outline.locator(".claim.central > .claim-box a.claim-text").click()
    expect(detail.locator(".detail-text")).to_have_text("Claim 0")
    detail.get_by_text("Add a reason or an objection").click()
    page.locator("#argument-text").fill("A fresh reason.")
    page.locator("#argument-text").press("Enter")
    central_group = outline.locator(".claim.central > ul.arguments")
    expect(central_group.locator(":scope > li.argument")).to_have_count(4)
    expect(central_group).to_contain_text("A fresh reason.")
    expect(outline.locator(".count")).to_have_text("· 201 claims, 200 arguments")
    expect(branch).to_have_count(3)
    # The pane was not drawn again: the reason went to the end of its list, the form closed empty.
    reasons = detail.locator("h3", has_text="Reasons for it")
    expect(reasons.locator(".count")).to_have_text("3")  # two before, and an objection
    expect(detail.locator(".arg-list").first.locator(":scope > li").last).to_contain_text(
        "A fresh reason."
    )
    expect(detail.locator("details.add-argument")).not_to_have_attribute("open", "")
    expect(page.locator("#argument-text")).to_have_value("")

    # Edit it (opened from the pane's new line): its card changes in the outline.
    detail.locator(".arg-list a", has_text="A fresh reason.").click()
    expect(detail.locator(".detail-text")).to_have_text("A fresh reason.")
    detail.get_by_text("Edit claim").click()
    page.locator("#edit-text").fill("A fresher reason.")
    detail.get_by_role("button", name="Save", exact=True).click()
    expect(outline.locator("a.claim-text", has_text="A fresher reason.")).to_have_count(1)
    expect(outline.locator("a.claim-text", has_text="A fresh reason.")).to_have_count(0)

    # Delete it, then undo: it leaves the outline and comes back.
    detail.get_by_role("button", name="Delete claim").click()
    expect(outline.locator("a.claim-text", has_text="A fresher reason.")).to_have_count(0)
    expect(outline.locator(".count")).to_have_text("· 200 claims, 199 arguments")
    detail.get_by_role("button", name="Undo").click()
    expect(outline.locator("a.claim-text", has_text="A fresher reason.")).to_have_count(1)
    expect(outline.locator(".count")).to_have_text(re.compile(r"201 claims, 200 arguments"))
    expect(branch).to_have_count(3)
    assert errors == []
