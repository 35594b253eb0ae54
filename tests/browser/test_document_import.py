"""The admin's document import in a browser: the upload, the preview of how it reads (nothing
written yet), then the job's page, which reloads itself (no script) while the task worker writes
the document, then shows what it made."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from argmap.maps.models import DocumentImport
from argmap.sources.models import Source
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESOLUTION = Path(__file__).parents[2] / "seeds/unga74-draft-resolution-A-C.3-74-L.11.txt"
PDF = Path(__file__).parents[1] / "documents/un/a-c3-78-l47.pdf"


@pytest.mark.parametrize(("path", "shot"), [(RESOLUTION, "text"), (PDF, "pdf")])
def test_an_admin_imports_a_document_and_its_page_follows_the_worker(
    page: Page, live_server, task_worker, artifacts, errors, path, shot
):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/sources/source/import/")
    page.get_by_label("File").set_input_files(str(path))
    page.get_by_label("Kind").select_option("draft-resolution")
    page.get_by_role("button", name="Read the document").click()
    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("Nothing is written yet")
    expect(preview.get_by_role("row", name=re.compile("Operative paragraph"))).to_be_visible()
    page.screenshot(path=artifacts / f"document-import-preview-{shot}.png", full_page=True)
    assert not Source.objects.exists()
    page.get_by_role("button", name="Import this document").click()
    expect(page).to_have_url(re.compile(r"/admin/sources/source/import/[0-9a-f]{32}/$"))
    assert page.url.endswith(f"/import/{DocumentImport.objects.get().token}/")
    expect(page.locator("#import-job")).to_contain_text("Imported", timeout=30_000)
    source = Source.objects.get()
    expect(page.locator("#import-job")).to_contain_text(f"with {source.passages.count()} passages")
    expect(page.get_by_role("link", name=source.slug)).to_be_visible()
    page.screenshot(path=artifacts / f"document-import-done-{shot}.png", full_page=True)
    assert errors == []
