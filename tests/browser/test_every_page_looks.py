"""Every page a person can reach, in Chromium, at laptop (1366x800) and phone (390x844) size, in the
light and the dark theme (issue 16, point 1): a screenshot of each kept in test-artifacts/every-page/
to be looked at, nothing wider than a phone's screen, and no serious or critical accessibility fault
(axe-core, colour contrast included) in either theme. One page is reused for all of them: this test
runs in CI on a small machine."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from playwright.sync_api import Page, expect

from argmap.maps import services
from argmap.maps.models import Invitation, Map, Membership
from tests.browser.axe import serious_violations
from tests.browser.conftest import log_in_as
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"laptop": {"width": 1366, "height": 800}, "phone": {"width": 390, "height": 844}}
THEMES = ("light", "dark")
SEED = "unga74-ict-crime"


def _ready(selector: str) -> Callable[[Page], None]:
    return lambda page: expect(page.locator(selector).first).to_be_attached()


def _pages(seed: Map) -> dict[str, tuple[str, Callable[[Page], None]]]:
    """Name -> (path, what shows the page is ready), for a signed-in owner of the seed map."""
    claim = seed.claims.get(text__startswith="Decides to establish an open-ended ad hoc")
    maps = f"/maps/{seed.slug}"
    return {
        "home": ("/", _ready("main h1, main h2")),
        "new-map": ("/maps/new/", _ready("main h1")),
        "import-map": ("/maps/new/import/", _ready("main h1")),
        "workspace": (f"{maps}/claims/{claim.pk}/", _ready("html[data-workspace=ready]")),
        "focus": (f"{maps}/claims/{claim.pk}/focus/", _ready(".focus-centre")),
        "graph": (f"{maps}/graph/", _ready("#graph[data-ready]")),
        "map-search": (f"{maps}/search/?q=crime", _ready("main h1")),
        "search": ("/search/?q=crime", _ready("main h1")),
        "sources": ("/sources/", _ready("main h1")),
        "source": ("/sources/a-c-3-74-l-11/", _ready(".document")),
        "history": (f"{maps}/history/", _ready("ol.history")),
        "claim-history": (f"{maps}/claims/{claim.pk}/history/", _ready("main h1")),
        "deleted": (f"{maps}/deleted/", _ready("main h1")),
        "settings": (f"{maps}/settings/", _ready("main h1")),
        "profile": ("/accounts/profile/", _ready("main h1")),
        "tokens": ("/accounts/tokens/", _ready("main h1")),
        "password-change": ("/accounts/password/", _ready("main h1")),
        "print": (f"{maps}/print/", _ready(".handout-head")),
        "not-found": ("/maps/no-such-map/", _ready("main h1")),
    }


def _logged_out_pages(invitation: Invitation) -> dict[str, tuple[str, str]]:
    """Name -> (path, what shows the page is ready), for someone not logged in."""
    return {
        "home-logged-out": ("/", "main h1"),
        "login": ("/accounts/login/", "main h1"),
        "signup": ("/accounts/signup/", "main h1"),
        "password-reset": ("/accounts/password/reset/", "main h1"),
        "workspace-logged-out": (f"/maps/{SEED}/", "html[data-workspace=ready]"),
        "join-logged-out": (f"/join/{invitation.token}/", "main h1"),
    }


def _look(page: Page, artifacts, name: str, size: str, theme: str, problems: list[str]) -> None:
    """Screenshot the page as it is; note what runs off a phone and what axe finds."""
    folder = artifacts / "every-page"
    folder.mkdir(exist_ok=True)
    if size == "phone":  # the first few screens of it: a phone scrolls
        tall = min(page.evaluate("document.documentElement.scrollHeight"), 2600)
        page.screenshot(
            path=folder / f"{name}-{size}-{theme}.png",
            full_page=True,
            clip={"x": 0, "y": 0, "width": 390, "height": tall},
        )
    else:
        page.screenshot(path=folder / f"{name}-{size}-{theme}.png")
        if name == "workspace":  # the detail pane's actions, below the fold
            page.locator("#detail").screenshot(path=folder / f"{name}-detail-{theme}.png")
    if size == "phone":
        wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wider > 0:
            problems.append(f"{name} {theme}: {wider} px wider than a 390 px phone")
    # Colours decide contrast, not the width: axe runs once per page and theme, on the laptop.
    if size == "laptop":
        problems.extend(f"{name} {theme}: {v}" for v in serious_violations(page))


def _look_at_the_export_menu(page: Page, artifacts, size: str, theme: str, problems) -> None:
    """The workspace's Export menu open: a menu over the page, in both themes."""
    menu = page.locator("details.export-menu").first
    menu.locator("summary").click()
    expect(menu).to_have_attribute("open", "")
    page.screenshot(path=artifacts / "every-page" / f"export-menu-{size}-{theme}.png")
    if size == "laptop":
        found = serious_violations(page, "details.export-menu")
        problems.extend(f"export menu {theme}: {v}" for v in found)
    menu.locator("summary").click()


def test_every_page_in_both_sizes_and_both_themes(
    page: Page, artifacts, live_server, seeded, errors
):
    problems: list[str] = []
    seed = Map.objects.get(slug=SEED)
    coach = UserFactory(username="coach")
    Membership.objects.create(map=seed, user=coach, role="owner")
    # An invitation link: its join page, and its card on the settings page.
    invitation = services.create_invitation(
        map=seed, role="editor", expires_in=timedelta(days=7), actor=coach
    )
    for theme in THEMES:
        page.emulate_media(color_scheme=theme)
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            for name, (path, ready) in _logged_out_pages(invitation).items():
                page.goto(live_server.url + path)
                expect(page.locator(ready).first).to_be_attached()
                _look(page, artifacts, name, size, theme, problems)

    log_in_as(page, live_server.url, "coach")
    # Signed in, the maps are evaluated: their labels (in, out, undecided) are seen in both themes.
    page.goto(f"{live_server.url}/maps/{SEED}/")
    page.get_by_role("button", name="My judgements").click()
    expect(page.get_by_role("button", name="My judgements")).to_have_attribute(
        "aria-pressed", "true"
    )
    signed_in = _pages(seed)
    for theme in THEMES:
        page.emulate_media(color_scheme=theme)
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            for name, (path, ready) in signed_in.items():
                page.goto(live_server.url + path)
                ready(page)
                _look(page, artifacts, name, size, theme, problems)
                if name == "workspace":
                    _look_at_the_export_menu(page, artifacts, size, theme, problems)

    # The standalone error pages (a failure, the database away) have no route to reach them by:
    # their HTML is written into a page of the site, so their stylesheets load as they would.
    for theme in THEMES:
        page.emulate_media(color_scheme=theme)
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            for name in ("500", "503"):
                page.goto(f"{live_server.url}/accounts/login/")
                page.set_content(render_to_string(f"{name}.html"))
                expect(page.locator("h1")).to_be_visible()
                _look(page, artifacts, f"error-{name}", size, theme, problems)

    assert problems == [], "\n".join(problems)
    assert errors == []


def test_the_kind_colours_are_tokens_the_graph_can_read(page: Page, live_server, transactional_db):
    """Reason, objection and undercut have one colour each, on :root for every script to read,
    and the dark theme changes them with the system setting."""
    names = ("--color-reason", "--color-objection", "--color-undercut", "--glyph-reason")
    read = "names => names.map(n => getComputedStyle(document.documentElement).getPropertyValue(n).trim())"
    page.emulate_media(color_scheme="light")
    page.goto(f"{live_server.url}/accounts/login/")
    light = page.evaluate(read, names)
    assert light == ["#1f7a4d", "#b3261e", "#8a4b00", '"+"']
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate(read, names)
    assert dark[:3] != light[:3] and all(dark)
    # Paper is white whatever the screen: printing uses the light colours.
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate(read, names) == light
