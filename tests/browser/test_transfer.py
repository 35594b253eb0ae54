"""Maps in and out in Chromium: the Import a map page, pictures of the graph, the print view."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from argmap.maps.models import Claim, Map
from tests.test_formats_kialo import kialo_export
from tests.test_transfer_pages import PHONES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = "unga74-ict-crime"


def upload(page: Page, name: str, data: bytes) -> None:
    page.get_by_label("Map file").set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": data}
    )
    page.get_by_role("button", name="Upload and preview").click()


def test_import_a_small_argdown_file(page: Page, live_server, log_in, artifacts, errors):
    log_in(page)
    page.get_by_role("link", name="Import a map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a map")

    page.evaluate("window.stillThisPage = true")  # htmx swaps the steps in place
    upload(page, "broken.txt", b"Discussion Title: T\n\n1. Thesis\n1.1. Pro: a\n1.3.5. Con: b\n")
    expect(page.locator("#file-errors")).to_contain_text("broken.txt, line 5")
    page.screenshot(path=artifacts / "import-refused.png", full_page=True)
    assert Map.objects.count() == 0

    upload(page, "phones.argdown", PHONES)
    preview = page.locator(".import-preview")
    expect(preview.get_by_role("heading", level=2)).to_have_text("Preview of phones.argdown")
    expect(preview.locator(".facts")).to_contain_text("4 claims")
    expect(preview.locator(".facts")).to_contain_text("3 arguments")
    expect(preview).to_contain_text("titles not kept")
    expect(preview.locator(".preview-outline")).to_contain_text("Phones distract pupils.")
    assert "?token=" in page.url and Map.objects.count() == 0
    assert page.evaluate("window.stillThisPage") is True
    page.screenshot(path=artifacts / "import-preview.png", full_page=True)

    page.get_by_role("button", name="Create the map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phones in class")
    new_map = Map.objects.get()
    assert page.url.endswith(new_map.get_absolute_url())
    expect(page.locator("#outline-pane")).to_contain_text("Parents need to reach their children.")
    assert Claim.objects.filter(map=new_map).count() == 4
    assert not errors


def test_a_big_import_shows_a_progress_bar(page: Page, live_server, log_in, artifacts, task_worker):
    log_in(page)
    page.goto(f"{live_server.url}/maps/new/import/")
    started = time.monotonic()
    upload(page, "big-discussion.txt", kialo_export(3500).encode())
    expect(page.locator(".import-preview .facts")).to_contain_text("3,500 claims", timeout=20_000)
    preview_took = time.monotonic() - started
    started = time.monotonic()
    page.get_by_role("button", name="Create the map").click()
    bar = page.locator("progress")
    expect(bar).to_be_visible()
    seen: set[str] = set()
    while "/maps/new/import/" in page.url and time.monotonic() - started < 120:
        try:
            value = bar.get_attribute("value", timeout=200) or ""
        except Exception:  # the page moved on to the map
            break
        if value not in seen and value not in ("", "0") and len(seen) < 2:
            page.screenshot(path=artifacts / "import-progress.png")  # the bar on its way
        seen.add(value)
        page.wait_for_timeout(100)
    page.wait_for_url(re.compile(r"/maps/a-generated-discussion[^/]*/$"), timeout=60_000)
    took = time.monotonic() - started
    (artifacts / "import-3500-claims.txt").write_text(
        f"3,500-claim Kialo file through the page: preview in {preview_took:.1f} s, then "
        f"{took:.1f} s from Create the map to the map; progress values seen: "
        f"{sorted(seen, key=lambda v: int(v or 0))}\n"
    )
    assert any(int(v or 0) > 0 for v in seen), seen  # the bar moved
    assert Claim.objects.count() == 3500


def test_the_graph_downloads_as_svg_and_png(
    page: Page, live_server, seeded, artifacts, errors, tmp_path: Path
):
    page.goto(f"{live_server.url}/maps/{SEED}/graph/")
    page.wait_for_selector("#graph[data-ready=true]", timeout=10_000)
    page.get_by_text("Export", exact=True).click()
    files = {}
    for kind in ("svg", "png"):
        with page.expect_download() as download:
            page.get_by_role("button", name=f"Picture as {kind.upper()}").click()
        assert download.value.suggested_filename == f"{SEED}.{kind}"
        files[kind] = tmp_path / f"{SEED}.{kind}"
        download.value.save_as(files[kind])
        (artifacts / f"graph-export.{kind}").write_bytes(files[kind].read_bytes())
    svg = files["svg"].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "United States" in svg  # the words are text in the picture, not pixels
    png = files["png"].read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width > 1000  # the whole map, at twice the size
    assert not errors


def pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def test_the_print_view_prints_to_a4_and_letter(page: Page, live_server, seeded, artifacts):
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(f"{live_server.url}/maps/{SEED}/print/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("cybercrime convention")
    expect(page.locator(".footnotes")).to_contain_text("PP5 of A/C.3/74/L.11")
    page.screenshot(path=artifacts / "print-view.png", full_page=True)

    page.emulate_media(media="print")
    page.set_viewport_size({"width": 680, "height": 1000})  # A4's text width at 96 dpi
    expect(page.locator(".print-bar")).to_be_hidden()
    reasons = page.locator(".claim-section").first.locator(".reasons").bounding_box()
    objections = page.locator(".claim-section").first.locator(".objections").bounding_box()
    assert reasons and objections
    assert objections["x"] > reasons["x"] + reasons["width"] - 1  # side by side on paper
    assert abs(objections["y"] - reasons["y"]) < 2
    page.screenshot(path=artifacts / "print-view-paper.png", full_page=True)

    for paper in ("A4", "Letter"):
        path = artifacts / f"handout-{paper.lower()}.pdf"
        page.pdf(path=str(path), format=paper, print_background=True)
        assert path.read_bytes().startswith(b"%PDF") and pdf_pages(path) >= 1
