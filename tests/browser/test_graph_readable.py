"""The graph view made readable and editable (issue 16): drag a claim onto another to link it as
a reason or an objection, text readable at Fit (semantic zoom), Evaluate labels on the boxes,
lines that do not all meet at one point."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import serious_violations
from tests.browser.test_graph_view import LAPTOP, PHONE, SEED, count, open_graph
from tests.factories import build_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CENTRE_OF = """id => { const cy = window.argmapGraph.cy, p = cy.getElementById(id).renderedPosition();
  const r = document.getElementById('graph').getBoundingClientRect();
  return {x: r.left + p.x, y: r.top + p.y}; }"""


def drag(page: Page, source: str, target: str) -> None:
    """Press on one claim's box, move onto another's in steps, let go: as a mouse would."""
    start = page.evaluate(CENTRE_OF, source)
    end = page.evaluate(CENTRE_OF, target)
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(end["x"], end["y"], steps=12)
    page.mouse.up()


def phones_map(owner=None, visibility="private"):
    from argmap.maps import services

    the_map = services.create_map(title="Phones", created_by=owner, visibility=visibility)
    central = services.add_claim(map=the_map, text="Phones should be banned.", author=owner)
    services.add_support(conclusion=central, premises=["They distract pupils."], author=owner)
    loose = services.add_claim(map=the_map, text="Marks fell where phones came in.", author=owner)
    return the_map, central, loose


def test_dragging_a_claim_onto_another_links_it_as_a_reason(
    page: Page, live_server, log_in, artifacts, errors
):
    from argmap.accounts.models import User
    from argmap.maps.models import Argument

    log_in(page)
    coach = User.objects.get(username="coach")
    the_map, central, loose = phones_map(coach)
    page.set_viewport_size(LAPTOP)
    open_graph(page, f"{live_server.url}/maps/{the_map.slug}/graph/")
    assert count(page, ".claim") == 3 and count(page, ".argument") == 1

    # Let go on nothing: no menu, nothing linked. Cancel in the menu: nothing linked either.
    start = page.evaluate(CENTRE_OF, f"c{loose.pk}")
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    page.mouse.move(start["x"] + 5, start["y"] + 200, steps=8)
    page.mouse.up()
    expect(page.locator(".graph-link-menu")).to_have_count(0)
    drag(page, f"c{loose.pk}", f"c{central.pk}")
    menu = page.get_by_role("dialog", name="Link two claims")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("button").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)
    assert not Argument.objects.filter(premises=loose).exists()

    drag(page, f"c{loose.pk}", f"c{central.pk}")
    expect(menu).to_contain_text("Marks fell where phones came in.")
    assert serious_violations(page) == []  # the page with the menu open
    page.locator("#graph").screenshot(path=artifacts / "graph-drag-link-menu.png")
    menu.get_by_role("button", name="a reason for").click()
    page.wait_for_function("() => window.argmapGraph.cy.nodes('.argument').length === 2")
    linked = Argument.objects.get(conclusion=central, premises=loose)
    assert linked.kind == "support" and linked.deleted_at is None
    assert count(page, ".argument.reason") == 2
    # The panel shows the claim linked to, as after the detail pane's own link form.
    expect(page.locator(f"#detail [data-selected-claim='{central.pk}']")).to_have_count(1)
    expect(page.locator("#detail")).to_contain_text("Marks fell where phones came in.")

    # And as an objection, onto the reason's premise.
    premise = Argument.objects.exclude(pk=linked.pk).get(conclusion=central).premises.get()
    drag(page, f"c{loose.pk}", f"c{premise.pk}")
    menu.get_by_role("button", name="an objection to").click()
    page.wait_for_function("() => window.argmapGraph.cy.nodes('.argument').length === 3")
    assert Argument.objects.get(conclusion=premise, premises=loose).kind == "attack"
    page.locator("#graph").screenshot(path=artifacts / "graph-drag-linked.png")
    assert errors == []


def test_a_reader_cannot_drag_to_link(page: Page, live_server, errors):
    from argmap.maps.models import Argument

    the_map, central, loose = phones_map(visibility="public")
    page.set_viewport_size(LAPTOP)
    open_graph(page, f"{live_server.url}/maps/{the_map.slug}/graph/")
    assert page.get_attribute("#graph", "data-link-url-template") is None
    drag(page, f"c{loose.pk}", f"c{central.pk}")
    expect(page.locator(".graph-link-menu")).to_have_count(0)
    assert Argument.objects.count() == 1
    assert errors == []


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_text_is_readable_at_fit(page: Page, live_server, seeded, artifacts, errors, viewport):
    """At Fit the claims show their first words at 11 px or more on screen; close in, all of it."""
    name = "1366" if viewport == LAPTOP else "390"
    page.set_viewport_size({"width": 1366, "height": 800} if viewport == LAPTOP else viewport)
    open_graph(page, f"{live_server.url}/maps/{SEED}/graph/")
    page.get_by_role("button", name="Fit").click()
    page.wait_for_function(
        """() => { const cy = window.argmapGraph.cy, level = +document.getElementById('graph').dataset.level;
                   return level === window.argmapGraphElements.levelFor(cy.zoom()); }"""
    )
    zoom = page.evaluate("window.argmapGraph.cy.zoom()")
    on_screen = page.evaluate(
        "() => parseFloat(window.argmapGraph.cy.nodes('.claim')[0].style('font-size'))"
    )
    if viewport == LAPTOP:
        assert on_screen * zoom >= 11, (on_screen, zoom)
        shown = page.evaluate(
            "() => window.argmapGraph.cy.nodes('.claim').filter(n => n.style('label')).length"
        )
        assert shown == 20  # every claim says something
    page.locator("#graph").screenshot(path=artifacts / f"graph-seed-fit-{name}.png")
    # Close in: the whole text at 13 px.
    page.evaluate("() => { const cy = window.argmapGraph.cy; cy.zoom(1.2); }")
    page.wait_for_function("() => document.getElementById('graph').dataset.level === '13'")
    assert page.evaluate(
        "() => window.argmapGraph.cy.nodes('.claim').every(n => n.style('label') === n.data('label'))"
    )
    # Lines into one box end at different points of its edge.
    ends = page.evaluate(
        """() => { const cy = window.argmapGraph.cy;
             const n = cy.nodes('.claim').max(n => n.incomers('edge').length).ele;
             return n.incomers('edge').map(e => { const p = e.targetEndpoint();
                                                  return Math.round(p.x) + ',' + Math.round(p.y); }); }"""
    )
    assert len(ends) > 1 and len(set(ends)) == len(ends), ends
    assert errors == []


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_a_thousand_claims_at_fit(page: Page, live_server, artifacts, errors, viewport):
    from argmap.maps import services

    name = "1366" if viewport == LAPTOP else "390"
    map_ = services.create_map(title="A thousand claims", created_by=None, visibility="public")
    build_tree(map_, 1_000)
    page.set_viewport_size({"width": 1366, "height": 800} if viewport == LAPTOP else viewport)
    open_graph(page, f"{live_server.url}/maps/{map_.slug}/graph/", timeout=20_000)
    page.locator("#graph").screenshot(path=artifacts / f"graph-1000-first-{name}.png")
    page.get_by_role("button", name="Fit").click()
    page.wait_for_function(
        """() => +document.getElementById('graph').dataset.level ===
                 window.argmapGraphElements.levelFor(window.argmapGraph.cy.zoom())"""
    )
    page.locator("#graph").screenshot(path=artifacts / f"graph-1000-fit-{name}.png")
    assert errors == []


def test_evaluate_labels_are_drawn_on_the_boxes(page: Page, live_server, log_in, artifacts, errors):
    from argmap.accounts.models import User

    log_in(page)
    coach = User.objects.get(username="coach")
    the_map, central, _loose = phones_map(coach)
    page.set_viewport_size(LAPTOP)
    open_graph(page, f"{live_server.url}/maps/{the_map.slug}/graph/")
    assert count(page, ".ev-in") == 0
    page.locator(".evaluate-switch").get_by_role("button", name="All members").click()
    page.wait_for_function(
        "() => window.argmapGraph && window.argmapGraph.cy && "
        "window.argmapGraph.cy.nodes('.ev-in').length > 0"
    )
    label = page.evaluate(f"window.argmapGraph.cy.getElementById('c{central.pk}').data('label')")
    assert label.startswith("IN \u00b7 0.")  # grounded label, then DF-QuAD strength
    assert count(page, ".claim.ev-in") == 3
    expect(page.locator(".graph-legend")).to_contain_text("Evaluate is on")
    page.locator("#graph").screenshot(path=artifacts / "graph-evaluated.png")
    assert errors == []


def test_connector_labels_follow_the_semantic_zoom(page: Page, live_server, errors):
    """A connector says its kind in full close in, its sign alone in a larger type a little
    further out (still 11 px or more on screen), and nothing where that could not be read."""
    the_map, _central, _loose = phones_map(visibility="public")
    page.set_viewport_size(LAPTOP)
    open_graph(page, f"{live_server.url}/maps/{the_map.slug}/graph/")
    shown = """() => { const n = window.argmapGraph.cy.nodes('.argument')[0];
                       return [n.style('label'), parseFloat(n.style('font-size'))]; }"""
    for zoom, level, label in [(1.0, 13, "+ Reason"), (0.7, 16, "+"), (0.6, 20, ""), (0.1, 44, "")]:
        page.evaluate(f"() => {{ window.argmapGraph.cy.zoom({zoom}); }}")
        page.wait_for_function(
            f"() => document.getElementById('graph').dataset.level === '{level}'"
        )
        text, size = page.evaluate(shown)
        assert text == label, (zoom, text)
        if text:
            assert size * zoom >= 11 or level == 13, (zoom, size)
    assert errors == []
