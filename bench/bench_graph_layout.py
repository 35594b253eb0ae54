"""How fast the graph view opens and answers a click, in Debian's Chromium.

make bench        # or: .venv/bin/python bench/bench_graph_layout.py [claims ...]

For maps of 100, 1,000 and 3,500 claims (bench/common.py's build_tree) on a scratch database
served by Django's live server thread, page loads after a warm-up:
- ready ms: from navigation until the map is laid out and its first view painted
  (data-ready="true"): the whole map when it fits at a readable size, otherwise the central
  claim and all of the map beside it that the canvas shows. (Since issue 16's point 3, a
  large map laid out in rows is drawn as it comes into view: at ready Cytoscape has what the
  first view shows, every element of it; the rest is drawn as the view moves, or at Fit.)
- then, as the page measured them (static/js/graph.js timings): when the map's JSON had
  arrived (json at, ms since navigation), the layout's own cost (with choosing what the first
  view shows), Cytoscape's set-up, and the first paint (where Cytoscape styles every element
  it has);
- the layout chosen ("dagre" or "rows", see static/js/graph-layout.js);
- click ms: from a mouse click on the central claim (at zoom 1) until it is selected and
  shown in the side panel;
- fit ms: from a click on Fit until the whole map is drawn at the zoom's semantic level and
  painted (timed in the page; with the 120 ms graph.js waits for a zoom to rest, when it does);
- dagre alone ms: dagre's layered layout run on the same map, for comparison: the reason large
  or wide maps use the rows layout.

Each size is measured "before" and "after", alternately, --runs times, so that both see the
same load on the machine; the best run of each is shown (the machine's other work only adds).
"Before" serves the graph view's scripts as they were at BEFORE (git show; the page and the
server are today's), "after" the working tree's. --before REV picks another revision;
--after-only skips "before". Issue 16's first figures (2 cores shared with other work, better of
two runs, on BEFORE): ready 406 / 1,417 / 2,707 ms and click 50 / 111 / 239 ms for 100 / 1,000 /
3,500 claims. Its point 3 (a large map drawn as it comes into view), with --before 9e1c8b0, load
2.3-3.3, best of three: ready 453 / 665 / 732 ms against 475 / 1,826 / 3,363; click 45 / 88 / 38
against 34 / 181 / 335; fit 161 / 1,237 / 2,555 against 256 / 1,405 / 2,460 (Fit now draws and
styles what the first view left out, which the first paint did before).
"""

import argparse
import logging
import os
import subprocess
import time
from pathlib import Path

from common import build_tree, scratch_database

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # the same browser as the browser tests

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API in-process

SIZES = (100, 1_000, 3_500)
BEFORE = "e047c57"  # main before issue 16's readable graph
SCRIPTS = ("graph.js", "graph-elements.js", "graph-layout.js", "graph-view.js")
ROOT = Path(__file__).resolve().parent.parent
DAGRE_ALONE = """() => new Promise(resolve => {
  if (window.argmapGraph.drawAll) window.argmapGraph.drawAll();  // the whole map
  const cy = window.argmapGraph.cy, start = performance.now();
  const layout = cy.layout({name: 'dagre', rankDir: 'BT', nodeSep: 20, rankSep: 26, fit: false});
  layout.one('layoutstop', () => resolve(performance.now() - start));
  layout.run();
})"""
CENTRE_ROOT = """() => { const cy = window.argmapGraph.cy, n = cy.nodes('.central')[0];
  cy.zoom(1); cy.center(n); const p = n.renderedPosition();
  const r = document.getElementById('graph').getBoundingClientRect();
  return {id: n.id(), x: r.left + p.x, y: r.top + p.y}; }"""
# Fit, timed in the page: until the whole map is drawn at the zoom's semantic level and painted
# (graph.js restyles for the level 120 ms after the zoom rests, which this includes).
FIT = """() => new Promise(resolve => {
  const graph = document.getElementById('graph'), start = performance.now();
  document.querySelector("[data-graph-action='fit']").click();
  const cy = window.argmapGraph.cy, levelFor = window.argmapGraphElements.levelFor;
  (function wait() {
    if ((+graph.dataset.level || 13) !== levelFor(cy.zoom())) return requestAnimationFrame(wait);
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
  })();
})"""
SHOWN = """id => window.argmapGraph.cy.getElementById(id).selected()
  && document.querySelector('#detail .detail') !== null"""


def server():
    """Django's live server thread, single-threaded: each response closes its connection, so
    no request thread keeps a database session open when the scratch database is dropped."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler

    class Server(LiveServerThread):
        def _create_server(self, connections_override=None):
            return WSGIServer((self.host, self.port), QuietWSGIRequestHandler)

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the favicon's 404
    thread = Server("127.0.0.1", StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    return thread


def serve_scripts_of(page, revision: str) -> None:
    """The page loads the graph view's scripts as they were at ``revision`` (one that did not
    have a script yet gets an empty one: its graph.js did that work itself)."""
    for name in SCRIPTS:
        found = subprocess.run(
            ["git", "show", f"{revision}:static/js/{name}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if found.returncode and name == "graph.js":  # no such revision
            raise SystemExit(found.stderr)
        body = found.stdout if found.returncode == 0 else ""
        page.route(f"**/static/js/{name}*", fulfil_with(body))


def fulfil_with(body: str):
    def fulfil(route, request) -> None:
        route.fulfill(status=200, content_type="text/javascript", body=body)

    return fulfil


def measure(page, url: str) -> dict[str, object]:
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("#graph[data-ready='true']", timeout=60_000)
    ready_ms = (time.perf_counter() - start) * 1000
    steps = page.evaluate("window.argmapGraph.timings")
    layout = page.evaluate("window.argmapGraph.layout")
    target = page.evaluate(CENTRE_ROOT)
    page.wait_for_timeout(300)  # let the re-centred frame settle
    start = time.perf_counter()
    page.mouse.click(target["x"], target["y"])
    page.wait_for_function(SHOWN, arg=target["id"], timeout=10_000)
    click_ms = (time.perf_counter() - start) * 1000
    fit_ms = page.evaluate(FIT)
    dagre_ms = page.evaluate(DAGRE_ALONE)
    return {
        "ready": ready_ms,
        "steps": steps,
        "layout": layout,
        "click": click_ms,
        "fit": fit_ms,
        "dagre": dagre_ms,
    }


def main(sizes: tuple[int, ...], before: str | None, runs: int) -> None:
    from django.db import connection, connections
    from playwright.sync_api import sync_playwright

    from argmap.maps import services

    # Its own scratch database, so that a test run going on meanwhile keeps test_postgres.
    connection.settings_dict["TEST"]["NAME"] = "bench_graph_layout"
    with scratch_database(), sync_playwright() as playwright:
        live = server()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = {"after": browser.new_page(viewport={"width": 1280, "height": 800})}
        if before:
            pages["before"] = browser.new_page(viewport={"width": 1280, "height": 800})
            serve_scripts_of(pages["before"], before)
        try:
            print(
                f"{'claims':>7} {'code':>6} {'ready ms':>9} {'json at':>8} {'layout':>7}"
                f" {'cytoscape':>10} {'paint':>6} {'layout':>7} {'click ms':>9} {'fit ms':>7}"
                f" {'dagre alone ms':>15}"
            )
            for size in sizes:
                map_ = services.create_map(
                    title=f"bench {size}", created_by=None, visibility="public"
                )
                build_tree(map_, size)
                url = f"http://{live.host}:{live.port}/maps/{map_.slug}/graph/"
                for page in pages.values():
                    measure(page, url)  # warm up: caches, the first connection, JIT
                order = ["before", "after"] if before else ["after"]
                best: dict[str, dict] = {}
                for _ in range(runs):  # alternately; the best of the runs, the others' noise
                    for code in order:
                        r = measure(pages[code], url)
                        if code not in best or r["ready"] < best[code]["ready"]:
                            best[code] = r
                for code in order:
                    r = best[code]
                    s = r["steps"]
                    layout_ms = (s["prepared"] - s["fetched"]) + (s["laidOut"] - s["built"])
                    print(
                        f"{size:>7} {code:>6} {r['ready']:>9.0f} {s['fetched']:>8} {layout_ms:>7}"
                        f" {s['built'] - s['prepared']:>10} {s['ready'] - s['laidOut']:>6}"
                        f" {r['layout']:>7} {r['click']:>9.0f} {r['fit']:>7.0f}"
                        f" {r['dagre']:>15.0f}",
                        flush=True,
                    )
        finally:
            browser.close()
            live.terminate()
            connections.close_all()  # Playwright's greenlet has its own Django connection


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--before", default=BEFORE, help="git revision of the 'before' scripts")
    parser.add_argument("--after-only", action="store_true", help="measure today's code only")
    parser.add_argument("--runs", type=int, default=3, help="runs of each; the best is shown")
    args = parser.parse_args()
    main(tuple(args.sizes), None if args.after_only else args.before, args.runs)
