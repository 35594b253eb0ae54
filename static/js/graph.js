/* argmap graph view: the page. Loads the map graph, draws it with Cytoscape, and shows the
 * selected claim or argument in the side panel.
 *
 * The elements and their style come from graph-elements.js, where the boxes go from
 * graph-layout.js, where the view goes (and what a large map's view shows) from graph-view.js.
 * Reads from the #graph container: data-graph-url (the map graph API) and
 * data-claim-url-template, data-argument-url-template, data-source-url-template (URLs ending
 * in "/0/" or "/_/" where the id or slug goes). Sets window.argmapGraph = {cy, ready, layout,
 * timings, complete, drawAll} and data-ready="true" on the container once the map is laid out
 * and its first view painted (all of the map that the view shows); data-complete="true" once
 * the whole map is drawn: at once, or for a large map, as it comes into view or at Fit.
 */
(function () {
  "use strict";

  // Above this many nodes (claims + connectors) the drawing is simplified: straight lines,
  // no text when zoomed far out, a bitmap while panning; and a map laid out in rows is drawn
  // as it comes into view (drawIn).
  var LARGE = 600;
  var ELEMENTS = window.argmapGraphElements;
  var KINDS = ELEMENTS ? ELEMENTS.kinds : {};
  var VIEW = window.argmapGraphView;

  function urlFor(template, id) {
    return template.replace(/\/(0|_)\/$/, "/" + encodeURIComponent(id) + "/");
  }

  /** The id in a URL made from the template (".../claims/0/" matches ".../claims/17/"). */
  function idFromUrl(template, url) {
    if (!template || !url) return null;
    var prefix = template.replace(/(0|_)\/$/, "");
    var path = url.split(/[?#]/)[0];
    if (path.indexOf(prefix) !== 0) return null;
    var match = /^(\d+)\/$/.exec(path.slice(prefix.length));
    return match ? match[1] : null;
  }

  /** The whole map's size, drawn yet or not (model: as built by graph-elements.js):
   * "3 claims, 1 argument". */
  function sizeOf(model) {
    var claims = 0, args = 0;
    model.elements.forEach(function (e) {
      if (e.group !== "nodes") return;
      if (/^claim\b/.test(e.classes)) claims++;
      else args++;
    });
    return claims + (claims === 1 ? " claim, " : " claims, ") +
      args + (args === 1 ? " argument" : " arguments");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  /** Resolves once the browser has painted the next frame (or after 0.5 s in a hidden tab). */
  function afterPaint() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () { requestAnimationFrame(resolve); });
      setTimeout(resolve, 500);
    });
  }

  var NEAR = 600; // screen pixels around the view drawn ahead of it (a large map: drawIn)

  function init(container) {
    var readyResolve;
    // timings: ms since navigation at each step, for the benchmark (bench/bench_graph_layout.py)
    var api = { cy: null, layout: null, timings: {} };
    function mark(step) { api.timings[step] = Math.round(performance.now()); }
    api.ready = new Promise(function (resolve) { readyResolve = resolve; });
    window.argmapGraph = api;

    var panel = document.getElementById("detail");
    var openLink = document.getElementById("graph-open");
    var emptyPanel = panel ? panel.innerHTML : "";
    var status = document.getElementById("graph-status");
    var templates = {
      claim: container.dataset.claimUrlTemplate,
      argument: container.dataset.argumentUrlTemplate,
      source: container.dataset.sourceUrlTemplate,
    };
    var model = null;
    var cy = null;
    var pending = null; // the fragment URL the panel is waiting for

    function say(text) { if (status) status.textContent = text; }
    api.say = say;

    var large = false; // a large map is drawn more simply (graph-elements.js stylesheet)
    var level = null; // the claims' font size for the zoom (semantic zoom, graph-elements.js)
    var levelTimer = null;
    // A large map laid out in rows is drawn as it is seen: what the first view shows before the
    // page is ready (Cytoscape styles every element it has at its first paint, about a quarter
    // of a millisecond each), then what comes into view, or near it, as the view moves; Fit
    // draws it all. data-complete="true" once it is all drawn.
    var todo = null; // what is left to draw (undrawn)
    var nearTimer = null;
    var completeResolve;
    api.complete = new Promise(function (resolve) { completeResolve = resolve; });

    /** The whole map is drawn: data-complete="true", api.complete resolves. */
    function complete() {
      todo = null;
      container.dataset.complete = "true";
      mark("complete");
      completeResolve(api);
    }

    /** Draws what is left of the map in `rect` (model coordinates; null: none) and the nodes
     * whose ids are in `also`. */
    function drawIn(rect, also) {
      if (!todo) return;
      var elements = VIEW.undrawnIn(todo, rect, also);
      if (elements.length) {
        if (level) ELEMENTS.prepareElements(elements, level); // the short labels the style names
        cy.add(elements);
      }
      if (!todo.nodes.length && !todo.edges.length) complete();
    }

    /** Cytoscape's node of this id (empty if none), drawn for it if it was not yet. */
    function nodeById(id) {
      if (todo && todo.byId[id] && !todo.drawn[id]) {
        var also = {};
        also[id] = true;
        drawIn(null, also);
      }
      return cy.getElementById(id);
    }

    /** Draws what is left of the map at once (before Fit, which shows it all, or a picture). */
    function drawAll() {
      if (todo) drawIn({ x1: -Infinity, y1: -Infinity, x2: Infinity, y2: Infinity });
    }
    api.drawAll = drawAll;

    /** Draws what the view shows and what lies near it (NEAR), at the zoom's level: what is
     * drawn is then styled once, not at the old level first. */
    function drawNearView() {
      if (!todo || !cy) return;
      applyLevel();
      drawIn(VIEW.viewRect({ zoom: cy.zoom(), pan: cy.pan() }, cy.width(), cy.height(), NEAR));
    }

    /** The elements to give Cytoscape now: all of them, or for a map laid out in rows (so
     * positioned already), those `viewport` shows and the nodes whose ids are in `also`. */
    function firstElements(layoutName, viewport, also) {
      todo = null;
      if (layoutName !== "rows" || !viewport || !large) return model.elements;
      todo = VIEW.undrawn(model.elements);
      var first = VIEW.undrawnIn(todo, VIEW.viewRect(viewport, container.clientWidth, container.clientHeight, 40), also);
      if (!todo.nodes.length && !todo.edges.length) {
        todo = null;
        return model.elements;
      }
      delete container.dataset.complete;
      return first;
    }

    /** Short labels in a larger font further out, the full text close in: the claims' text
     * stays readable on screen at any zoom, Fit included. Restyles only when the level changes. */
    function applyLevel() {
      if (!cy) return;
      var wanted = ELEMENTS.levelFor(cy.zoom());
      if (wanted === level) return;
      ELEMENTS.prepareLevel(cy, wanted);
      cy.style(ELEMENTS.stylesheet(large, wanted, styleOptions()));
      level = wanted;
      container.dataset.level = String(wanted);
    }

    function styleOptions() {
      return { evaluated: model && model.evaluated, linking: !!container.dataset.linkUrlTemplate };
    }

    /** The Evaluate switch's labels (grounded) and strengths (DF-QuAD) for the map, when it is
     * on (data-evaluation-url); null when off or when they cannot be had (the map is drawn
     * without them). */
    function loadEvaluation() {
      var url = container.dataset.evaluationUrl;
      if (!url) return Promise.resolve(null);
      function get(semantics) {
        return fetch(url + "&semantics=" + semantics, { credentials: "same-origin", cache: "no-store" })
          .then(function (response) { return response.ok ? response.json() : null; });
      }
      return Promise.all([get("grounded"), get("dfquad")])
        .then(function (both) {
          if (!both[0] && !both[1]) return null;
          return { labels: both[0], strengths: both[1] };
        })
        .catch(function () { return null; });
    }

    function claimFallback(claim) {
      var box = el("article", "detail claim-detail");
      box.appendChild(el("p", "detail-kind", "Claim"));
      box.appendChild(el("p", "detail-text", claim.text));
      var facts = el("p", "provenance");
      if (claim.speaker) facts.appendChild(el("span", "speaker", claim.speaker));
      if (claim.passage) {
        var label = claim.passage;
        if (claim.source && templates.source) {
          var link = el("a", null, label);
          link.href = urlFor(templates.source, claim.source) + "#" + encodeURIComponent(label);
          facts.appendChild(link);
        } else {
          facts.appendChild(el("span", null, label));
        }
      }
      if (facts.childNodes.length) box.appendChild(facts);
      return box;
    }

    function argumentFallback(argument) {
      var kind = ELEMENTS.kindOf(argument);
      var box = el("article", "detail argument-detail " + kind);
      box.appendChild(el("p", "detail-kind tag " + kind, KINDS[kind].name));
      var to;
      if (kind === "undercut") {
        to = "Denies that the premises of the argument it points at lead to its conclusion.";
      } else {
        var conclusion = model.claims[argument.conclusion];
        to = (kind === "reason" ? "For: " : "Against: ") + (conclusion ? conclusion.text : "");
      }
      box.appendChild(el("p", "detail-text", to));
      var list = el("ul", "detail-premises");
      argument.premises.forEach(function (id) {
        if (model.claims[id]) list.appendChild(el("li", null, model.claims[id].text));
      });
      box.appendChild(el("p", "muted", argument.premises.length > 1 ? "Premises, together:" : "Premise:"));
      box.appendChild(list);
      return box;
    }

    function show(node) {
      var id = node.id();
      var isClaim = id.charAt(0) === "c";
      var pk = id.slice(1);
      var item = isClaim ? model.claims[pk] : model.args[pk];
      panel.replaceChildren(isClaim ? claimFallback(item) : argumentFallback(item));
      var template = isClaim ? templates.claim : templates.argument;
      if (openLink) {
        openLink.hidden = !template;
        if (template) openLink.querySelector("a").href = urlFor(template, pk);
      }
      if (template && window.htmx) {
        pending = urlFor(template, pk);
        window.htmx.ajax("GET", pending, { target: "#detail", swap: "innerHTML" });
      }
    }

    function select(node, centre) {
      cy.elements(":selected").unselect();
      node.select();
      if (centre) cy.animate({ center: { eles: node } }, { duration: 250 });
      show(node);
    }

    function clear() {
      if (!cy) return;
      cy.elements(":selected").unselect();
      pending = null;
      panel.innerHTML = emptyPanel;
      if (openLink) openLink.hidden = true;
    }

    if (panel) {
      // Every request answered into the panel says so (the workspace's detail pane comes with
      // an outline; the panel's stands alone): htmx.ajax() sends from the page's body, outside
      // the panel, so the header is set here rather than on the panel's element.
      document.body.addEventListener("htmx:configRequest", function (event) {
        if (event.detail.target === panel) event.detail.headers["X-Argmap-Pane"] = "graph";
      });
      // Of the panel's loads, only the fragment of the node still selected may replace it. Its
      // forms (edits, for those who may edit) post as in the workspace and answer here too.
      panel.addEventListener("htmx:beforeSwap", function (event) {
        var config = event.detail.requestConfig || {};
        if (event.detail.target !== panel || config.verb !== "get") return;
        var wanted = config.path === pending || config.path === panelUrl(); // or live.js refreshing it
        if (!wanted || !event.detail.xhr || event.detail.xhr.status !== 200) {
          event.detail.shouldSwap = false;
          event.detail.isError = false;
        }
      });
      // After an edit the map has changed: draw it again, keeping the view.
      panel.addEventListener("htmx:afterSwap", function (event) {
        var config = event.detail.requestConfig || {};
        var status = event.detail.xhr ? event.detail.xhr.status : 0;
        if (event.detail.target === panel && config.verb !== "get" && status !== 422 && cy) reload();
      });
      // A selection that failed to load keeps the summary drawn from the graph; a refused edit is
      // reported by the page as everywhere.
      panel.addEventListener("htmx:responseError", function (event) {
        var config = event.detail.requestConfig || {};
        if (config.verb === "get") event.stopPropagation();
      });
      // A link in the panel to a claim or an argument of this map selects it in the graph (the
      // capture phase comes before htmx, whose targets belong to the workspace page).
      panel.addEventListener("click", function (event) {
        var link = event.target.closest ? event.target.closest("a[href]") : null;
        if (!link || !cy || event.ctrlKey || event.metaKey || event.shiftKey) return;
        var href = link.getAttribute("href");
        var claim = idFromUrl(templates.claim, href);
        var argument = claim ? null : idFromUrl(templates.argument, href);
        var node = claim ? nodeById("c" + claim) : argument ? nodeById("a" + argument) : null;
        if (!node || node.empty()) return;
        event.preventDefault();
        event.stopPropagation();
        select(node, true);
      }, true);
    }

    /** The address of the claim or argument the panel shows in full, if any. */
    function panelUrl() {
      var shown = panel.querySelector("[data-selected-claim], [data-selected-argument]");
      if (!shown) return null;
      return shown.dataset.selectedClaim ? urlFor(templates.claim, shown.dataset.selectedClaim)
                                         : urlFor(templates.argument, shown.dataset.selectedArgument);
    }

    // Someone else changed the map (static/js/live.js): draw it again where it is, once a burst
    // of changes is over. The panel is left alone (live.js loads it again if it may).
    var redraw = null, drawing = Promise.resolve();
    document.addEventListener("argmap:changes", function () {
      if (!cy) return;
      clearTimeout(redraw);
      redraw = setTimeout(function () { drawing = drawing.then(reload); }, 250); // one at a time
    });

    /** Fetches the map again after an edit in the panel and redraws it where it was, with the
     * node the panel now shows selected (without loading the panel again). */
    function reload() {
      say("Updating the map\u2026");
      return Promise.all([
        fetch(container.dataset.graphUrl, { credentials: "same-origin", cache: "no-store" })
          .then(function (response) {
            if (!response.ok) throw new Error("The map could not be loaded (" + response.status + ").");
            return response.json();
          }),
        loadEvaluation(),
      ])
        .then(function (loaded) {
          var viewport = { zoom: cy.zoom(), pan: cy.pan() };
          var styled = [large, model.evaluated];
          model = ELEMENTS.build(loaded[0], loaded[1]);
          large = model.nodeCount > LARGE;
          var restyle = styled[0] !== large || styled[1] !== model.evaluated;
          var layoutName = window.argmapGraphLayout.prepare(
            model.elements, container.clientWidth, container.clientHeight);
          var selected = {};
          cy.nodes(":selected").forEach(function (n) { selected[n.id()] = true; });
          var elements = firstElements(layoutName, viewport, selected);
          cy.batch(function () {
            cy.elements().remove();
            cy.add(elements);
            if (level) ELEMENTS.prepareLevel(cy, level); // the short labels the style names
          });
          return window.argmapGraphLayout.run(cy, layoutName).then(function (name) {
            api.layout = name;
            if (name === "dagre") window.argmapGraphLayout.spreadEnds(cy);
            cy.viewport(viewport);
            if (restyle) level = null; // the style's rules change with the map's size or labels
            applyLevel();
            var shown = panel.querySelector("[data-selected-claim], [data-selected-argument]");
            var id = shown && (shown.dataset.selectedClaim ? "c" + shown.dataset.selectedClaim
                                                           : "a" + shown.dataset.selectedArgument);
            var node = id ? cy.getElementById(id) : null;
            if (node && node.nonempty()) node.select();
            pending = null;
            say("Updated: " + sizeOf(model) + ".");
            container.dataset.version = String(Number(container.dataset.version || 0) + 1);
            if (todo) drawNearView();
            else complete();
          });
        })
        .catch(function (error) { say(error.message || String(error)); });
    }

    /** Fit: the whole map, drawn in full, its text at the zoom's level at once (rather than
     * styled at the old level first, then again once the zoom rests). */
    function showAll() {
      drawAll();
      VIEW.fitAll(cy);
      clearTimeout(levelTimer);
      applyLevel();
    }

    function zoomBy(factor) {
      if (!cy) return;
      cy.zoom({
        level: Math.max(cy.minZoom(), Math.min(cy.maxZoom(), cy.zoom() * factor)),
        renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 },
      });
    }

    document.querySelectorAll("[data-graph-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.dataset.graphAction;
        if (action === "fit" && cy) showAll();
        if (action === "zoom-in") zoomBy(1.25);
        if (action === "zoom-out") zoomBy(0.8);
      });
    });

    /** The centre of every node ({id, x, y}), drawn or still to draw. */
    function centres() {
      var list = cy.nodes().map(function (n) {
        var p = n.position();
        return { id: n.id(), x: p.x, y: p.y };
      });
      if (todo) {
        todo.nodes.forEach(function (e) { list.push({ id: e.data.id, x: e.position.x, y: e.position.y }); });
      }
      return list;
    }

    /** The box nearest the middle of the view. */
    function nearestToMiddle() {
      var ext = cy.extent(), x = (ext.x1 + ext.x2) / 2, y = (ext.y1 + ext.y2) / 2, best = null, bestScore = Infinity;
      centres().forEach(function (c) {
        var score = (c.x - x) * (c.x - x) + (c.y - y) * (c.y - y);
        if (score < bestScore) { bestScore = score; best = c; }
      });
      return best;
    }

    /** The box next to ``from`` in a direction ({x: 1, y: 0} is right): the nearest one that
     * lies more that way than sideways, counting sideways distance double. */
    function nextBox(from, dir) {
      var p = from.position(), best = null, bestScore = Infinity;
      centres().forEach(function (q) {
        if (q.id === from.id()) return;
        var along = (q.x - p.x) * dir.x + (q.y - p.y) * dir.y;
        var across = Math.abs((q.x - p.x) * dir.y - (q.y - p.y) * dir.x);
        if (along <= 0 || across > along * 2) return;
        var score = along + 2 * across;
        if (score < bestScore) { bestScore = score; best = q; }
      });
      return best;
    }

    function moveSelection(dir) {
      var current = cy.nodes(":selected")[0];
      var found = current ? nextBox(current, dir) : nearestToMiddle();
      if (!found) return;
      var next = nodeById(found.id); // drawn now if it was not yet
      select(next, true);
      say(next.data("label") ? next.data("label").replace(/\s+/g, " ") : "Selected.");
    }

    container.addEventListener("keydown", function (event) {
      if (!cy) return;
      var directions = {
        ArrowLeft: { x: -1, y: 0 }, ArrowRight: { x: 1, y: 0 },
        ArrowUp: { x: 0, y: -1 }, ArrowDown: { x: 0, y: 1 },
      };
      if (event.shiftKey && directions[event.key]) { // from box to box
        moveSelection(directions[event.key]);
        event.preventDefault();
        return;
      }
      if (event.key === "Enter") { // select the box in the middle, or go to its details
        var current = cy.nodes(":selected")[0];
        if (!current) {
          moveSelection(null);
        } else if (panel) {
          var targets = panel.querySelectorAll("a[href], button, summary, input, textarea, select");
          var target = Array.prototype.find.call(targets, function (t) {
            return t.getClientRects().length > 0; // not inside a closed <details>
          });
          if (target) target.focus();
        }
        event.preventDefault();
        return;
      }
      var step = 60;
      var keys = {
        Escape: clear,
        "+": function () { zoomBy(1.25); },
        "=": function () { zoomBy(1.25); },
        "-": function () { zoomBy(0.8); },
        "0": showAll,
        ArrowLeft: function () { cy.panBy({ x: step, y: 0 }); },
        ArrowRight: function () { cy.panBy({ x: -step, y: 0 }); },
        ArrowUp: function () { cy.panBy({ x: 0, y: step }); },
        ArrowDown: function () { cy.panBy({ x: 0, y: -step }); },
      };
      if (keys[event.key]) {
        keys[event.key]();
        event.preventDefault();
      }
    });

    say("Loading the map\u2026");
    var view = null; // the first view, when known before Cytoscape draws (rows)
    Promise.all([
      fetch(container.dataset.graphUrl, { credentials: "same-origin" }) // preloaded by the page
        .then(function (response) {
          if (!response.ok) throw new Error("The map could not be loaded (" + response.status + ").");
          return response.json();
        }),
      loadEvaluation(),
    ])
      .then(function (loaded) {
        mark("fetched");
        model = ELEMENTS.build(loaded[0], loaded[1]);
        large = model.nodeCount > LARGE;
        var layoutName = window.argmapGraphLayout.prepare(
          model.elements, container.clientWidth, container.clientHeight);
        // Rows are laid out already: the first view is known, and only what it shows is drawn
        // before the page is ready (Cytoscape styles each element it is given at the first paint).
        view = layoutName === "rows" ?
          VIEW.firstViewOfElements(model.elements, container.clientWidth, container.clientHeight) : null;
        var elements = firstElements(layoutName, view);
        mark("prepared");
        cy = window.cytoscape({
          container: container,
          elements: elements,
          style: ELEMENTS.stylesheet(large, null, styleOptions()), // level 13: the whole text
          layout: { name: "preset", fit: false }, // fitting here would style every element at once
          minZoom: 0.02,
          maxZoom: 3,
          boxSelectionEnabled: false,
          autoungrabify: true,
          textureOnViewport: large,
          hideEdgesOnViewport: large,
        });
        api.cy = cy;
        api.reload = reload;
        // Cytoscape keeps where its canvas is on the page, and learns of a move only from a
        // scroll or a resize: when the head above it grows (someone else arrives, a line wraps),
        // tell it, or clicks would land that far off.
        if (window.ResizeObserver) {
          var head = document.querySelector(".graph-head");
          if (head) new ResizeObserver(function () { cy.resize(); }).observe(head);
        }
        level = ELEMENTS.levelFor(1); // the style above: applyLevel restyles only for another
        container.dataset.level = String(level);
        cy.on("tap", "node", function (event) { select(event.target, false); });
        cy.on("zoom", function () { // semantic zoom, once the wheel or pinch rests
          clearTimeout(levelTimer);
          levelTimer = setTimeout(applyLevel, 120);
        });
        cy.on("tap", function (event) { if (event.target === cy) clear(); });
        cy.on("viewport resize", function () { // a large map: draw what comes into view, or near it
          if (!todo) return;
          clearTimeout(nearTimer);
          nearTimer = setTimeout(drawNearView, 60);
        });
        mark("built");
        return window.argmapGraphLayout.run(cy, layoutName);
      })
      .then(function (name) {
        api.layout = name;
        if (name === "dagre") window.argmapGraphLayout.spreadEnds(cy);
        mark("laidOut");
        var whole;
        if (view) {
          cy.viewport({ zoom: view.zoom, pan: view.pan });
          whole = view.whole;
        } else {
          whole = VIEW.firstView(cy);
        }
        applyLevel();
        say(sizeOf(model) + ". " + (whole ? "" : "Showing the central claim; Fit shows the whole map. ") +
          "Drag to pan, scroll or pinch to zoom, click a box to see it.");
        return afterPaint();
      })
      .then(function () {
        container.dataset.ready = "true";
        mark("ready");
        readyResolve(api);
        if (todo) setTimeout(drawNearView, 0); // what lies around the first view, once painted
        else complete();
      })
      .catch(function (error) {
        say(error.message || String(error));
        container.dataset.ready = "error";
        readyResolve(api);
      });
  }

  function start() {
    var container = document.getElementById("graph");
    if (container && window.cytoscape && ELEMENTS && window.argmapGraphLayout) init(container);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
