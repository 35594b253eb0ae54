"""The graph view's page: what the server sends before the browser draws the map."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from argmap.maps import services

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"


def graph_page(client, map_):
    return client.get(reverse("maps:graph", kwargs={"slug": map_.slug}))


def test_the_graph_page_of_a_public_map_loads_the_vendored_scripts_and_the_map(client, public_map):
    services.add_claim(map=public_map, text="Phones should be banned.", author=None)
    page = graph_page(client, public_map)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"<title>{public_map.title} (graph) · argmap</title>" in html
    assert f'data-graph-url="/api/maps/{public_map.slug}/graph/"' in html
    assert f'data-claim-url-template="/maps/{public_map.slug}/claims/0/"' in html
    assert f'data-argument-url-template="/maps/{public_map.slug}/arguments/0/"' in html
    assert "Select a claim or argument to see it here." in html
    assert "Open in the workspace" in html
    assert "dashed lines" in html and "dotted lines" in html  # the legend, in words
    assert "<noscript>" in html and public_map.get_absolute_url() in html

    scripts = re.findall(r'<script src="/static/([^"]+)"', html)
    graph_scripts = [s for s in scripts if not s.startswith("django_htmx/")]
    assert graph_scripts == [
        "vendor/cytoscape.min.js",
        "vendor/cytoscape-dagre.min.js",
        "js/graph-elements.js",
        "js/graph-layout.js",
        "js/graph-view.js",
        "js/graph.js",
        "js/graph-export.js",
        "js/workspace.js",  # the panel's forms: Enter saves, Esc closes
        "vendor/htmx-ext-sse.js",  # the event stream: others' changes, who else is there
        "js/live.js",  # others' changes redraw the map
        "js/presence.js",  # says which claim the panel's edit form is open on
        "js/problem.js",  # base.html's: says when the server refuses an action
    ]
    sheets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)
    for path in graph_scripts + sheets:
        assert (STATIC / path).is_file(), path
    assert "://" not in " ".join(scripts), "no CDN"


def test_the_vendored_files_are_listed_with_their_versions_and_licences():
    versions = (STATIC / "vendor" / "VERSIONS").read_text()
    for name, version in [("cytoscape", "3.34.4"), ("cytoscape-dagre", "4.0.1")]:
        assert re.search(rf"^{re.escape(name)} {re.escape(version)} ", versions, re.M)
    for licence in ["cytoscape.LICENSE", "cytoscape-dagre.LICENSE", "dagre.LICENSE"]:
        assert "Permission is hereby granted" in (STATIC / "vendor" / licence).read_text()
    assert re.search(r"^htmx-ext-sse 2\.\d+\.\d+ htmx-ext-sse\.js ", versions, re.M)
    assert "BSD Zero Clause License" in (STATIC / "vendor" / "htmx-ext-sse.LICENSE").read_text()


def test_a_private_map_of_someone_else_is_hidden(client, map_, other_user):
    services.add_claim(map=map_, text="Phones should be banned.", author=None)
    assert graph_page(client, map_).status_code == 404
    client.force_login(other_user)
    assert graph_page(client, map_).status_code == 404


def test_the_owner_sees_the_graph_of_a_private_map(client, map_, user):
    services.add_claim(map=map_, text="Phones should be banned.", author=user)
    client.force_login(user)
    page = graph_page(client, map_)
    assert page.status_code == 200
    assert 'id="graph"' in page.content.decode()


def test_a_map_without_claims_says_so_and_points_at_the_workspace(client, public_map):
    page = graph_page(client, public_map)
    assert page.status_code == 200
    html = page.content.decode()
    assert "This map has no claims yet" in html
    assert f'href="{public_map.get_absolute_url()}">Open the workspace' in html
    assert 'id="graph"' not in html
    assert "cytoscape" not in html


def test_a_map_whose_claims_are_all_deleted_counts_as_empty(client, public_map):
    claim = services.add_claim(map=public_map, text="Soon gone.", author=None)
    services.delete_claim(claim=claim)
    assert "This map has no claims yet" in graph_page(client, public_map).content.decode()


def test_only_those_who_may_edit_get_drag_to_link(client, map_, user):
    """The link template and graph-link.js for an editor; a viewer gets neither (and the
    server would refuse the post all the same)."""
    from tests.factories import member_of

    services.add_claim(map=map_, text="Phones should be banned.", author=user)
    client.force_login(user)
    html = graph_page(client, map_).content.decode()
    assert f'data-link-url-template="/maps/{map_.slug}/claims/0/arguments/"' in html
    assert "js/graph-link.js" in html
    assert "Link by dragging" in html
    client.force_login(member_of(map_, "viewer"))
    html = graph_page(client, map_).content.decode()
    assert "data-link-url-template" not in html and "graph-link.js" not in html


def test_the_evaluate_switch_puts_the_evaluation_on_the_graph(client, map_, user):
    services.add_claim(map=map_, text="Phones should be banned.", author=user)
    client.force_login(user)
    assert "data-evaluation-url" not in graph_page(client, map_).content.decode()
    client.post(reverse("maps:evaluate", kwargs={"slug": map_.slug}), {"mode": "everyone"})
    html = graph_page(client, map_).content.decode()
    assert f'data-evaluation-url="/api/maps/{map_.slug}/evaluation/?judgements=everyone"' in html
    assert "Evaluate</strong> is on" in html
