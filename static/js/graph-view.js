/* argmap graph view: where the view goes, from the boxes' positions and sizes alone (no
 * Cytoscape styling needed): the first view, Fit, and what part of a large map a view shows,
 * so that graph.js can give Cytoscape only that (Cytoscape styles every element it has at its
 * first paint). Sets window.argmapGraphView.
 */
(function () {
  "use strict";

  // Below this zoom the text is too small to read: the first view then shows the central
  // claim at a readable size instead of the whole map (the Fit button still shows it all).
  var READABLE_ZOOM = 0.5;
  var PADDING = 16;
  var MAX_FIT_ZOOM = 1.25;
  var FIRST_ZOOM = 0.9; // the first view of a map too large to fit readably

  /** A node's box (centre and size) from Cytoscape's node, or from the element given to it. */
  function nodeBox(node) {
    var p = node.position();
    return { x: p.x, y: p.y, w: node.data("w"), h: node.data("h") };
  }

  function elementBox(element) {
    return { x: element.position.x, y: element.position.y, w: element.data.w, h: element.data.h };
  }

  /** The boxes' extent, from the positions and the sizes we gave them: unlike cy.fit(), this
   * does not make Cytoscape compute the style of every element before the first paint. */
  function extent(boxes) {
    var box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
    boxes.forEach(function (b) {
      var w = b.w / 2 + 2; // + the border
      var h = b.h / 2 + 2;
      box.x1 = Math.min(box.x1, b.x - w);
      box.x2 = Math.max(box.x2, b.x + w);
      box.y1 = Math.min(box.y1, b.y - h);
      box.y2 = Math.max(box.y2, b.y + h);
    });
    box.w = box.x2 - box.x1;
    box.h = box.y2 - box.y1;
    return box;
  }

  function fitZoom(width, height, box) {
    return Math.min((width - 2 * PADDING) / box.w, (height - 2 * PADDING) / box.h);
  }

  /** The whole map, centred, never larger than MAX_FIT_ZOOM. */
  function fitAll(cy) {
    var box = extent(cy.nodes().map(nodeBox));
    var zoom = Math.max(cy.minZoom(), Math.min(MAX_FIT_ZOOM, fitZoom(cy.width(), cy.height(), box)));
    cy.viewport({
      zoom: zoom,
      pan: {
        x: cy.width() / 2 - ((box.x1 + box.x2) / 2) * zoom,
        y: cy.height() / 2 - ((box.y1 + box.y2) / 2) * zoom,
      },
    });
  }

  /** The first view of a width x height canvas ({zoom, pan, whole}): the whole map when it
   * stays readable (whole: true); otherwise the central claim with the most reasons and
   * objections (`central`, a box) at a readable size, at the top of the canvas, with as much of
   * the map beside it as the canvas holds. `all`: every node's box. */
  function firstViewport(all, central, width, height) {
    var whole = extent(all);
    var fit = fitZoom(width, height, whole);
    if (fit >= READABLE_ZOOM) {
      var zoom = Math.min(MAX_FIT_ZOOM, fit);
      return {
        whole: true, zoom: zoom,
        pan: { x: width / 2 - ((whole.x1 + whole.x2) / 2) * zoom, y: height / 2 - ((whole.y1 + whole.y2) / 2) * zoom },
      };
    }
    var box = extent([central]);
    zoom = Math.max(READABLE_ZOOM, Math.min(FIRST_ZOOM, (width - 2 * PADDING) / box.w));
    var x = width / 2 - ((box.x1 + box.x2) / 2) * zoom;
    // No empty margin on one side while the map goes on beyond the other.
    if (whole.w * zoom <= width - 2 * PADDING) {
      x = width / 2 - ((whole.x1 + whole.x2) / 2) * zoom;
    } else {
      x = Math.min(x, PADDING - whole.x1 * zoom);
      x = Math.max(x, width - PADDING - whole.x2 * zoom);
    }
    return { whole: false, zoom: zoom, pan: { x: x, y: PADDING - box.y1 * zoom } };
  }

  /** firstViewport() for a map Cytoscape has laid out (dagre); sets it, and says if whole. */
  function firstView(cy) {
    var centrals = cy.nodes(".central");
    var central = centrals.length ? centrals.max(function (n) { return n.indegree(); }).ele : cy.nodes()[0];
    var view = firstViewport(cy.nodes().map(nodeBox), nodeBox(central), cy.width(), cy.height());
    cy.viewport({ zoom: view.zoom, pan: view.pan });
    return view.whole;
  }

  /** firstViewport() for elements laid out before Cytoscape has them (rows). */
  function firstViewOfElements(elements, width, height) {
    var boxes = [], indegree = {}, central = null;
    elements.forEach(function (e) {
      if (e.group === "edges") indegree[e.data.target] = (indegree[e.data.target] || 0) + 1;
    });
    elements.forEach(function (e) {
      if (e.group !== "nodes") return;
      boxes.push(elementBox(e));
      if (!central) central = e; // as cy.nodes()[0], when no claim is central
      else if (/ central\b/.test(e.classes) && (!/ central\b/.test(central.classes) ||
               (indegree[e.data.id] || 0) > (indegree[central.data.id] || 0))) central = e;
    });
    return firstViewport(boxes, elementBox(central), width, height);
  }

  /** Do the boxes a and b ({x1, y1, x2, y2}) meet? */
  function meets(a, b) {
    return a.x1 <= b.x2 && b.x1 <= a.x2 && a.y1 <= b.y2 && b.y1 <= a.y2;
  }

  /** The part of the model a viewport shows ({x1, y1, x2, y2}), with `margin` screen pixels
   * more on each side. */
  function viewRect(viewport, width, height, margin) {
    var m = margin / viewport.zoom;
    return {
      x1: -viewport.pan.x / viewport.zoom - m, y1: -viewport.pan.y / viewport.zoom - m,
      x2: (width - viewport.pan.x) / viewport.zoom + m, y2: (height - viewport.pan.y) / viewport.zoom + m,
    };
  }

  /** What is left to draw of a map laid out in rows (so positioned before Cytoscape has it):
   * see undrawnIn. */
  function undrawn(elements) {
    var todo = { byId: {}, nodes: [], edges: [], drawn: {}, lineBox: {} };
    elements.forEach(function (e) {
      if (e.group === "nodes") {
        todo.byId[e.data.id] = e;
        todo.nodes.push(e);
      } else {
        todo.edges.push(e);
      }
    });
    todo.edges.forEach(function (edge) {
      todo.lineBox[edge.data.id] = extent([elementBox(todo.byId[edge.data.source]), elementBox(todo.byId[edge.data.target])]);
    });
    return todo;
  }

  /** Takes from `todo` (undrawn) the nodes whose box meets `rect` or whose id is in `also`, the
   * lines whose extent meets `rect` and the two nodes of each: the elements to draw, nodes first. A line
   * lies within the extent of the two boxes it joins (the lanes of wrapped rows too). */
  function undrawnIn(todo, rect, also) {
    var nodes = [], edges = [];
    function take(node) {
      if (todo.drawn[node.data.id]) return;
      todo.drawn[node.data.id] = true;
      nodes.push(node);
    }
    todo.nodes.forEach(function (node) {
      if ((rect && meets(extent([elementBox(node)]), rect)) || (also && also[node.data.id])) take(node);
    });
    todo.edges = todo.edges.filter(function (edge) {
      if (rect && meets(todo.lineBox[edge.data.id], rect)) {
        take(todo.byId[edge.data.source]);
        take(todo.byId[edge.data.target]);
        edges.push(edge);
        return false;
      }
      return true;
    });
    todo.nodes = todo.nodes.filter(function (node) { return !todo.drawn[node.data.id]; });
    return nodes.concat(edges);
  }

  window.argmapGraphView = {
    nodeBox: nodeBox, extent: extent, fitAll: fitAll, firstView: firstView,
    firstViewOfElements: firstViewOfElements, viewRect: viewRect, undrawn: undrawn,
    undrawnIn: undrawnIn,
  };
})();
