"""The graph view in Chromium: boxes and arrows that a reader can read, click and zoom."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import build_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SEED = "unga74-ict-crime"


def open_graph(page: Page, url: str, timeout: float = 10_000) -> None:
    """Opens the graph view and waits until the map is laid out and painted."""
    page.goto(url)
    page.wait_for_selector("#graph[data-ready]", timeout=timeout)
    status = page.locator("#graph-status").text_content()
    assert page.get_attribute("#graph", "data-ready") == "true", status


def count(page: Page, selector: str) -> int:
    return page.evaluate(f"window.argmapGraph.cy.nodes({selector!r}).length")


def overlapping_claims(page: Page) -> list[list[str]]:
    """Pairs of claim boxes that overlap (model coordinates, borders included)."""
    return page.evaluate(
        """() => {
          const boxes = window.argmapGraph.cy.nodes('.claim').map(n => [n.id(), n.boundingBox()]);
          const pairs = [];
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const [a, b] = [boxes[i][1], boxes[j][1]];
              if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2)
                pairs.push([boxes[i][0], boxes[j][0]]);
            }
          return pairs;
        }"""
    )


def labels_outside_their_boxes(page: Page) -> list[str]:
    """Nodes whose label reaches beyond the node's body (an empty label, as a connector's when
    zoomed out, has an empty box at 0, 0: it reaches nowhere)."""
    return page.evaluate(
        """() => window.argmapGraph.cy.nodes().filter(n => {
            const body = n.boundingBox({includeLabels: false, includeOverlays: false});
            const label = n.boundingBox({includeNodes: false, includeLabels: true,
                                         includeOverlays: false});
            if (!n.style('label')) return false;
            return label.x1 < body.x1 || label.x2 > body.x2 ||
                   label.y1 < body.y1 || label.y2 > body.y2;
          }).map(n => n.id())"""
    )


def lines_through_boxes(page: Page) -> list[list[str]]:
    """Routed lines (the lanes of wrapped rows, all straight runs) that cross a box other than
    the two they join."""
    return page.evaluate(
        """() => {
          const cy = window.argmapGraph.cy, found = [];
          const boxes = cy.nodes().map(n => [n.id(), n.boundingBox({includeLabels: false})]);
          cy.edges('.lane').forEach(e => {
            const s = e.sourceEndpoint(), t = e.targetEndpoint();
            const pts = [s, ...(e.segmentPoints() || []), t];
            for (let i = 0; i + 1 < pts.length; i++) {
              const [a, b] = [pts[i], pts[i + 1]];
              const x1 = Math.min(a.x, b.x), x2 = Math.max(a.x, b.x);
              const y1 = Math.min(a.y, b.y), y2 = Math.max(a.y, b.y);
              for (const [id, bb] of boxes) {
                if (id === e.source().id() || id === e.target().id()) continue;
                if (x1 < bb.x2 - 1 && bb.x1 + 1 < x2 + 0.01 && y1 < bb.y2 - 1 && bb.y1 + 1 < y2 + 0.01)
                  found.push([e.id(), id]);
              }
            }
          });
          return found;
        }"""
    )


def click_node(page: Page, node_id: str) -> None:
    """A real mouse click at the node's rendered position on the canvas, zoomed in on it first
    as a reader would (once any animation of the view has ended)."""
    page.wait_for_function("() => !window.argmapGraph.cy.animated()")
    page.evaluate(
        """id => { const cy = window.argmapGraph.cy, n = cy.getElementById(id);
                   cy.zoom(Math.max(cy.zoom(), 1)); cy.center(n); }""",
        node_id,
    )
    point = page.evaluate(
        """id => { const p = window.argmapGraph.cy.getElementById(id).renderedPosition();
                   const r = document.getElementById('graph').getBoundingClientRect();
                   return {x: r.left + p.x, y: r.top + p.y}; }""",
        node_id,
    )
    page.mouse.click(point["x"], point["y"])


def fits_the_screen(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_seed_map_as_a_graph_is_readable_and_a_click_shows_the_claim(
    page: Page, live_server, seeded, artifacts, errors, viewport
):
    name = "laptop" if viewport == LAPTOP else "phone"
    page.set_viewport_size(viewport)
    open_graph(page, f"{live_server.url}/maps/{SEED}/graph/")

    assert count(page, ".claim") == 20
    assert count(page, ".argument") == 17
    assert count(page, ".argument.reason") == 10
    assert count(page, ".argument.objection") == 4
    assert count(page, ".argument.undercut") == 3
    # 14 reasons and objections of one claim: wrapped rows, their lines in the aisle.
    assert page.evaluate("window.argmapGraph.layout") == "rows"
    assert page.evaluate("window.argmapGraph.cy.edges('.lane').length") == 14
    assert overlapping_claims(page) == []
    assert labels_outside_their_boxes(page) == []
    assert lines_through_boxes(page) == []
    assert fits_the_screen(page)
    if viewport == LAPTOP:  # the whole map at first sight, at a size that can be read
        assert page.evaluate("window.argmapGraph.cy.zoom()") >= 0.5
        expect(page.locator("#graph-status")).not_to_contain_text("Fit shows the whole map")
    else:  # too small to read whole on a phone: the central claim first
        assert page.evaluate("window.argmapGraph.cy.zoom()") >= 0.8
        expect(page.locator("#graph-status")).to_contain_text("Fit shows the whole map")
    expect(page.locator("#detail")).to_contain_text("Select a claim or argument to see it here.")
    expect(page.locator(".graph-legend")).to_contain_text("dashed lines")
    page.screenshot(path=artifacts / f"graph-seed-{name}.png", full_page=True)
    page.get_by_role("button", name="Fit").click()
    page.locator("#graph").screenshot(path=artifacts / f"graph-seed-{name}-fit.png")

    central = page.evaluate(
        """() => window.argmapGraph.cy.nodes('.claim')
                 .filter(n => n.data('label').startsWith('Decides to establish')).map(n => n.id())"""
    )
    assert len(central) == 1
    click_node(page, central[0])
    detail = page.locator("#detail")
    expect(detail).to_contain_text("Decides to establish an open-ended ad hoc intergovernmental")
    expect(detail).to_contain_text("for criminal purposes")  # the whole text, not the cut label
    assert page.evaluate("window.argmapGraph.cy.nodes(':selected').map(n => n.id())") == central
    open_link = page.get_by_role("link", name="Open in the workspace")
    expect(open_link).to_be_visible()
    claim_pk = central[0][1:]
    assert open_link.get_attribute("href") == f"/maps/{SEED}/claims/{claim_pk}/"
    page.screenshot(path=artifacts / f"graph-seed-{name}-selected.png", full_page=True)

    # The workspace's fragment lists the claim's reasons: following one selects it in the graph.
    reason_link = detail.locator("a[href*='/arguments/']").first
    expect(reason_link).to_be_visible()
    argument_pk = reason_link.get_attribute("href").rstrip("/").rsplit("/", 1)[1]
    reason_link.click()
    page.wait_for_function(
        "id => window.argmapGraph.cy.getElementById(id).selected()", arg=f"a{argument_pk}"
    )
    expect(open_link).to_have_attribute("href", f"/maps/{SEED}/arguments/{argument_pk}/")
    assert page.url.endswith(f"/maps/{SEED}/graph/")

    page.locator("#graph").focus()
    page.keyboard.press("Escape")
    expect(detail).to_contain_text("Select a claim or argument to see it here.")
    assert page.evaluate("window.argmapGraph.cy.nodes(':selected').length") == 0
    assert errors == []


def test_a_click_on_a_connector_shows_the_argument_and_the_toolbar_zooms(
    page: Page, live_server, seeded, errors
):
    page.set_viewport_size(LAPTOP)
    open_graph(page, f"{live_server.url}/maps/{SEED}/graph/")
    undercut = page.evaluate("window.argmapGraph.cy.nodes('.argument.undercut')[0].id()")
    click_node(page, undercut)
    expect(page.locator("#detail")).to_contain_text("Undercut")

    zoom = page.evaluate("window.argmapGraph.cy.zoom()")
    page.get_by_role("button", name="Zoom in").click()
    assert page.evaluate("window.argmapGraph.cy.zoom()") > zoom
    page.get_by_role("button", name="Fit").click()
    fitted = page.evaluate(
        """() => { const cy = window.argmapGraph.cy, b = cy.elements().renderedBoundingBox();
                   return b.x1 >= -1 && b.y1 >= -1 && b.x2 <= cy.width() + 1
                          && b.y2 <= cy.height() + 1; }"""
    )
    assert fitted
    assert errors == []


def test_a_small_map_is_laid_out_in_layers_by_dagre(
    page: Page, live_server, public_map, artifacts, errors
):
    from argmap.maps import services

    central = services.add_claim(map=public_map, text="Phones should be banned.", author=None)
    reason = services.add_support(
        conclusion=central, premises=["They distract.", "Marks fall."], author=None
    )
    services.add_rebuttal(claim=central, premises=["Emergencies happen."], author=None)
    services.add_undercut(
        argument=reason,
        premises=["Correlation only: https://example.org/a-very-long-address/that-never-breaks"],
        author=None,
    )
    page.set_viewport_size(LAPTOP)
    open_graph(page, f"{live_server.url}/maps/{public_map.slug}/graph/")
    assert page.evaluate("window.argmapGraph.layout") == "dagre"
    assert count(page, ".claim") == 5 and count(page, ".argument") == 3
    assert count(page, ".claim.central") == 1
    assert overlapping_claims(page) == []
    assert labels_outside_their_boxes(page) == []
    # Conclusions above their premises: every arrow points up.
    assert page.evaluate(
        """() => window.argmapGraph.cy.edges().every(
              e => e.source().position('y') > e.target().position('y'))"""
    )
    assert page.evaluate("window.argmapGraph.cy.zoom()") >= 0.8  # fitted, and readable
    page.locator("#graph").screenshot(path=artifacts / "graph-small-laptop.png")
    click_node(page, page.evaluate("window.argmapGraph.cy.nodes('.objection')[0].id()"))
    expect(page.locator("#detail")).to_contain_text("Emergencies happen.")
    assert errors == []


def test_a_map_that_argues_in_a_circle_is_drawn(page: Page, live_server, public_map, errors):
    """No claim is central when each supports the other; the layouts must still end."""
    from argmap.maps import services

    first = services.add_claim(map=public_map, text="The Bible is true.", author=None)
    second = services.add_claim(map=public_map, text="The Bible says it is true.", author=None)
    services.add_support(conclusion=first, premises=[second], author=None)
    services.add_support(conclusion=second, premises=[first], author=None)
    for text in ["Scholars agree.", "Archaeology agrees.", "Tradition agrees.", "It says so."]:
        services.add_support(conclusion=second, premises=[text], author=None)
    # Both in dagre's layers: they fit a phone too at a zoom where the first words read.
    for viewport, layout in [(LAPTOP, "dagre"), (PHONE, "dagre")]:
        page.set_viewport_size(viewport)
        open_graph(page, f"{live_server.url}/maps/{public_map.slug}/graph/")
        assert page.evaluate("window.argmapGraph.layout") == layout
        assert count(page, ".claim") == 6 and count(page, ".argument") == 6
        assert count(page, ".claim.central") == 0
        assert overlapping_claims(page) == []
        assert lines_through_boxes(page) == []
    assert errors == []


def open_a_thousand_claims(page: Page, live_server) -> None:
    """The graph view of a public map of 1,000 claims, at laptop size, once it is ready."""
    from argmap.maps import services

    map_ = services.create_map(title="A thousand claims", created_by=None, visibility="public")
    build_tree(map_, 1_000)
    page.set_viewport_size(LAPTOP)
    open_graph(page, f"{live_server.url}/maps/{map_.slug}/graph/", timeout=15_000)


def test_a_map_of_a_thousand_claims_becomes_ready(page: Page, live_server, errors):
    open_a_thousand_claims(page, live_server)
    expect(page.locator("#graph-status")).to_contain_text("1000 claims, 999 arguments.")
    assert page.evaluate("window.argmapGraph.layout") == "rows"
    # Fit shows the whole map: it is all drawn then.
    page.get_by_role("button", name="Fit").click()
    expect(page.locator("#graph[data-complete='true']")).to_have_count(1)
    assert count(page, ".claim") == 1_000
    assert count(page, ".argument") == 999
    assert overlapping_claims(page) == []
    assert lines_through_boxes(page) == []
    assert errors == []


# What Cytoscape has drawn, and the part of the map the view shows (model coordinates).
DRAWN = """() => { const cy = window.argmapGraph.cy;
  return {ids: cy.elements().map(e => e.id()), extent: cy.extent()}; }"""
# Of the whole map, the elements in that part of it that were not drawn.
MISSED = """seen => { const cy = window.argmapGraph.cy, drawn = new Set(seen.ids), x = seen.extent;
  return cy.elements().filter(e => {
    const b = e.boundingBox({includeLabels: false, includeOverlays: false});
    return b.x1 < x.x2 && x.x1 < b.x2 && b.y1 < x.y2 && x.y1 < b.y2 && !drawn.has(e.id());
  }).map(e => e.id()); }"""


def test_a_large_map_is_drawn_as_it_comes_into_view(page: Page, live_server, errors):
    """A large map's first view is ready before the rest is drawn (Cytoscape styles every
    element it has before its first paint); whatever the view shows is drawn, then and as the
    view moves; Fit draws it all; the keys reach boxes not drawn yet."""
    open_a_thousand_claims(page, live_server)
    first = page.evaluate(DRAWN)
    assert 0 < len(first["ids"]) < 1_000
    assert page.get_attribute("#graph", "data-complete") is None
    # Three screens to the right, and further down: what comes into view is drawn.
    page.evaluate("() => { window.argmapGraph.cy.panBy({x: -3 * 1280, y: -800}); }")
    page.wait_for_function(
        "n => window.argmapGraph.cy.elements().length > n", arg=len(first["ids"])
    )
    moved = page.evaluate(DRAWN)
    assert len(moved["ids"]) < 3_997  # still not all of it
    # Someone else's change: drawn again where it was, again what the view shows.
    page.evaluate("() => window.argmapGraph.reload()")
    expect(page.locator("#graph-status")).to_contain_text("Updated: 1000 claims, 999 arguments.")
    again = page.evaluate(DRAWN)
    assert 0 < len(again["ids"]) < 3_997
    assert page.get_attribute("#graph", "data-complete") is None
    # Fit: all of it, and nothing that any of those views showed had been left out.
    page.get_by_role("button", name="Fit").click()
    expect(page.locator("#graph[data-complete='true']")).to_have_count(1)
    assert page.evaluate("window.argmapGraph.cy.elements().length") == 3_997
    assert page.evaluate(MISSED, first) == []
    assert page.evaluate(MISSED, moved) == []
    assert page.evaluate(MISSED, again) == []
    assert errors == []


def test_the_keys_reach_a_box_not_drawn_yet(page: Page, live_server, errors):
    open_a_thousand_claims(page, live_server)
    # Far to the right of the map, where there is nothing to draw: Enter selects the box
    # nearest the middle of the view (at the map's right edge, far from the first view), drawn
    # for it.
    page.evaluate("() => { window.argmapGraph.cy.viewport({zoom: 3, pan: {x: -3e6, y: -1500}}); }")
    drawn = page.evaluate(DRAWN)["ids"]
    page.locator("#graph").focus()
    page.keyboard.press("Enter")
    selected = page.evaluate("window.argmapGraph.cy.nodes(':selected').map(n => n.id())")
    assert len(selected) == 1 and selected[0] not in drawn
    expect(page.locator("#graph-status")).not_to_contain_text("1000 claims")  # says the box
    assert errors == []


def test_an_editor_argues_from_the_graph_view_and_the_graph_follows(
    page: Page, live_server, log_in, artifacts, errors
):
    from argmap.accounts.models import User
    from argmap.maps import services
    from argmap.maps.models import Argument, Claim

    log_in(page)
    coach = User.objects.get(username="coach")
    the_map = services.create_map(title="Phones", created_by=coach)
    central = services.add_claim(map=the_map, text="Phones should be banned.", author=coach)
    page.set_viewport_size(LAPTOP)
    open_graph(page, f"{live_server.url}/maps/{the_map.slug}/graph/")
    click_node(page, f"c{central.pk}")
    detail = page.locator("#detail")
    expect(detail.locator(".detail-text")).to_have_text("Phones should be banned.")

    # Add a reason in the panel: the graph is drawn again with it, the claim still selected.
    detail.get_by_text("Add a reason or an objection").click()
    page.locator("#argument-text").fill("They distract pupils.")
    page.locator("#argument-text").press("Enter")  # Enter saves here as in the workspace
    page.wait_for_function("() => window.argmapGraph.cy.nodes('.claim').length === 2")
    assert count(page, ".argument.reason") == 1
    assert page.evaluate("window.argmapGraph.cy.nodes(':selected').map(n => n.id())") == [
        f"c{central.pk}"
    ]
    expect(detail).to_contain_text("They distract pupils.")
    assert Argument.objects.get(conclusion=central).kind == "support"

    # Reword the claim: its box shows the new text; a refused edit says why, in the panel.
    detail.get_by_text("Edit claim").click()
    page.locator("#edit-text").fill("Phones should be banned in class.")
    page.locator("#edit-text").press("Enter")
    page.wait_for_function(
        """t => window.argmapGraph.cy.nodes('.claim')
                 .some(n => n.data('label').replace(/\\s+/g, ' ') === t)""",
        arg="Phones should be banned in class.",
    )
    assert Claim.objects.get(pk=central.pk).text == "Phones should be banned in class."
    detail.get_by_text("Edit claim").click()
    page.locator("#edit-text").fill(" ")
    detail.get_by_role("button", name="Save").first.click()
    expect(detail).to_contain_text("This field is required")
    page.locator("#graph").screenshot(path=artifacts / "graph-edited.png")
    page.screenshot(path=artifacts / "graph-edited-page.png", full_page=True)
    assert errors == []


def test_the_keyboard_moves_from_box_to_box(page: Page, live_server, public_map, errors):
    from argmap.maps import services

    central = services.add_claim(map=public_map, text="Phones should be banned.", author=None)
    objection = services.add_rebuttal(claim=central, premises=["Emergencies happen."], author=None)
    premise = objection.premises.get()
    page.set_viewport_size(LAPTOP)
    open_graph(page, f"{live_server.url}/maps/{public_map.slug}/graph/")
    page.locator("#graph").focus()
    page.keyboard.press("Enter")  # the box in the middle
    assert page.evaluate("window.argmapGraph.cy.nodes(':selected').length") == 1

    def selected() -> list[str]:
        return page.evaluate("window.argmapGraph.cy.nodes(':selected').map(n => n.id())")

    click_node(page, f"c{premise.pk}")
    page.locator("#graph").focus()
    page.keyboard.press("Shift+ArrowUp")  # up to the objection's connector
    assert selected() == [f"a{objection.pk}"]
    page.keyboard.press("Shift+ArrowUp")  # up to the claim it attacks
    assert selected() == [f"c{central.pk}"]
    loaded = page.locator(f"#detail [data-selected-claim='{central.pk}']")  # the full details
    expect(loaded).to_have_count(1)
    # as the panel shows them (no workspace heading: "Back to the outline" would lead nowhere)
    expect(page.locator("#detail .back-to-outline")).to_have_count(0)
    page.keyboard.press("Shift+ArrowUp")  # nothing above: stays
    assert selected() == [f"c{central.pk}"]
    page.keyboard.press("Enter")  # into the details
    assert page.evaluate("document.getElementById('detail').contains(document.activeElement)")
    assert errors == []
