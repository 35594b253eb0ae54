/* argmap graph view: where the boxes go. Used by graph.js as window.argmapGraphLayout.
 *
 * Central claims on top, premises below, arrows pointing up. Two layouts:
 * - "dagre" (the cytoscape-dagre plugin's layered layout: the children of a claim share a layer)
 *   when the map, drawn in plain layers, fits the canvas at a zoom where semantic zoom's short
 *   labels still read (LAYERED_MIN_ZOOM) and is small enough for dagre to be quick: it keeps
 *   crossings few where premises are shared. (ELK's layered layout was measured against it in
 *   Chromium here on bench_graph_layout's trees: 326 ms vs dagre's 69 ms at 100 claims, 2,024
 *   vs 935 ms at 1,000, the same layers; so dagre stays, and neither is fast enough for 1,000.)
 * - "rows", computed here in one linear pass, otherwise. Each node hangs under one parent (a
 *   premise under its first argument, an argument under its conclusion or the argument it
 *   undercuts). When one layer of a node's children would make the map much wider than the
 *   canvas, they are wrapped into rows on both sides of an aisle below it, so that the map
 *   keeps the shape of the screen instead of growing into a long strip; the lines of wrapped
 *   children run up the aisle in lanes of their own, crossing no box and no other line.
 */
(function () {
  "use strict";

  // Dagre's cost grows fast. Measured on 2 cores (bench/bench_graph_layout.py, tree-shaped
  // maps, claims + connectors): 50-90 ms for 200 nodes, ~120 ms for 600, ~300 ms for 800,
  // 0.6-0.8 s for 2,000, 3.5-4.5 s for 7,000. The rows layout: ~30 ms for 2,000, ~120 ms for
  // 7,000.
  var DAGRE_MAX_NODES = 600; // about 300 claims: dagre stays under ~150 ms
  // A map that fits the canvas at this zoom or more in plain layers is not wrapped.
  var COMFORTABLE_ZOOM = 0.8;
  // Dagre's layers are chosen when they fit the canvas at this zoom or more: semantic zoom's
  // short labels are then 26 px, about 12 px on screen (graph-elements.js LEVELS).
  var LAYERED_MIN_ZOOM = 0.45;
  var GAP_X = 20; // between neighbouring boxes
  var GAP_Y = 32; // between a node and the row of its children
  // A claim's arguments wrap into rows as soon as one row would make the map too wide for the
  // screen; an argument's premises (co-premises, read together) only when there are many.
  var WRAP_MIN_ARGUMENTS = 2;
  var WRAP_MIN_PREMISES = 4;
  var LANE_GAP = 7; // between the lanes of the aisle
  var BUS_STEP = 5; // between the horizontal runs of the lines of one row

  /** The spanning forest: for each node, the parent it hangs under and the edge to it. */
  function forest(nodes, edges) {
    var parent = {};
    var parentEdge = {};
    edges.forEach(function (edge) {
      var child = edge.data.source;
      if (parent[child] === undefined) {
        parent[child] = edge.data.target;
        parentEdge[child] = edge;
      }
    });
    var order = [];
    var size = {};
    var children = {};
    nodes.forEach(function (node) {
      var id = node.data.id;
      order.push(id);
      size[id] = { w: node.data.w, h: node.data.h };
    });
    order.forEach(function (id) {
      var p = parent[id];
      if (p !== undefined) (children[p] = children[p] || []).push(id);
    });

    // Depth-first from each central claim, then from any part that is all cycle: a node
    // reached twice is placed once. kids[id] lists the children placed under id.
    var kids = {};
    var post = [];
    var roots = [];
    function walk(root) {
      var stack = [[root, 0]];
      kids[root] = [];
      roots.push(root);
      while (stack.length) {
        var top = stack[stack.length - 1];
        var candidates = children[top[0]] || [];
        if (top[1] < candidates.length) {
          var kid = candidates[top[1]++];
          if (!kids[kid]) {
            kids[kid] = [];
            kids[top[0]].push(kid);
            stack.push([kid, 0]);
          }
        } else {
          post.push(top[0]);
          stack.pop();
        }
      }
    }
    order.forEach(function (id) { if (parent[id] === undefined) walk(id); });
    order.forEach(function (id) { if (!kids[id]) walk(id); });
    return { size: size, kids: kids, post: post, roots: roots, parentEdge: parentEdge };
  }

  /** Positions for every node and routes for the lines of wrapped children. */
  function rows(nodes, edges, aspect, mayWrap) {
    var f = forest(nodes, edges);
    var size = f.size;
    var block = {}; // the bounding box of each subtree, its root's top at y = 0
    var wrapped = false;

    function finish(b, cx, contentW, contentH) {
      var s = b.size;
      var left = Math.min(0, cx - s.w / 2);
      var right = Math.max(contentW, cx + s.w / 2);
      b.kids.forEach(function (k) { k.x -= left; });
      b.lanes.forEach(function (l) { l.x1 -= left; l.x2 -= left; });
      b.cx = cx - left;
      b.w = right - left;
      b.h = Math.max(contentH, s.h);
    }

    function oneRow(b, kids) {
      var x = 0;
      var y = b.size.h + GAP_Y;
      var tallest = 0;
      kids.forEach(function (k) {
        b.kids.push({ id: k, x: x, y: y });
        x += block[k].w + GAP_X;
        tallest = Math.max(tallest, block[k].h);
      });
      var first = b.kids[0];
      var last = b.kids[b.kids.length - 1];
      var cx = (first.x + block[first.id].cx + last.x + block[last.id].cx) / 2;
      finish(b, cx, x - GAP_X, y + tallest);
    }

    function widthOf(list) {
      var w = 0;
      list.forEach(function (k, i) { w += block[k].w + (i ? GAP_X : 0); });
      return w;
    }

    /** Rows of at most `target` wide, each split into a left and a right part of about the
     * same width around an aisle under the parent; and the size this gives the subtree. */
    function pack(b, kids, target) {
      var lines = [];
      var line = [];
      var width = 0;
      kids.forEach(function (k) {
        var w = block[k].w;
        if (line.length && width + GAP_X + w > target) { lines.push(line); line = []; width = 0; }
        width += (line.length ? GAP_X : 0) + w;
        line.push(k);
      });
      if (line.length) lines.push(line);
      var plan = { parts: [], nLeft: 0, nRight: 0, maxLeft: 0, maxRight: 0, h: b.size.h };
      lines.forEach(function (row) {
        var best = 0;
        var bestDiff = Infinity;
        for (var j = 0; j <= row.length; j++) {
          var diff = Math.abs(widthOf(row.slice(0, j)) - widthOf(row.slice(j)));
          if (diff < bestDiff - 0.5) { best = j; bestDiff = diff; }
        }
        var part = { left: row.slice(0, best), right: row.slice(best), tallest: 0 };
        row.forEach(function (k) { part.tallest = Math.max(part.tallest, block[k].h); });
        var busRows = Math.max(part.left.length, part.right.length);
        part.gap = Math.max(GAP_Y, (busRows + 1) * BUS_STEP + 14);
        plan.parts.push(part);
        plan.nLeft += part.left.length;
        plan.nRight += part.right.length;
        plan.maxLeft = Math.max(plan.maxLeft, widthOf(part.left));
        plan.maxRight = Math.max(plan.maxRight, widthOf(part.right));
        plan.h += part.gap + part.tallest;
      });
      // The lanes end on the parent's bottom edge, so they must fit within its width.
      var most = Math.max(plan.nLeft, plan.nRight, 1);
      plan.laneGap = Math.max(2, Math.min(LANE_GAP, (b.size.w / 2 - 8) / most));
      plan.halfAisle = most * plan.laneGap + GAP_X / 2;
      plan.w = Math.max(plan.maxLeft + plan.maxRight + 2 * plan.halfAisle, b.size.w);
      return plan;
    }

    /** Places the children as planned. Lanes from the outside in: row by row, the child
     * farthest from the aisle first; a farther child's line runs higher and further out, so no
     * line crosses another or a box. */
    function wrap(b, plan) {
      wrapped = true;
      var laneGap = plan.laneGap;
      var halfAisle = plan.halfAisle;
      var x0 = plan.maxLeft + halfAisle; // the aisle's centre, under the parent
      var leftLane = 0;
      var rightLane = 0;
      var top = b.size.h;
      plan.parts.forEach(function (p) {
        top += p.gap;
        var busTop = top - p.gap + 7;
        var x = x0 - halfAisle - widthOf(p.left);
        p.left.forEach(function (k, i) {
          b.kids.push({ id: k, x: x, y: top });
          b.lanes.push({
            edge: f.parentEdge[k], y: busTop + i * BUS_STEP,
            x1: x + block[k].cx, x2: x0 - laneGap * (plan.nLeft - leftLane++),
          });
          x += block[k].w + GAP_X;
        });
        x = x0 + halfAisle;
        var far = p.right.length - 1;
        p.right.forEach(function (k, i) {
          b.kids.push({ id: k, x: x, y: top });
          b.lanes.push({
            edge: f.parentEdge[k], y: busTop + (far - i) * BUS_STEP,
            x1: x + block[k].cx, x2: x0 + laneGap * (plan.nRight - rightLane - (far - i)),
          });
          x += block[k].w + GAP_X;
        });
        rightLane += p.right.length;
        top += p.tallest;
      });
      finish(b, x0, x0 + halfAisle + plan.maxRight, top);
    }

    /** How far a w x h box is from the screen's shape (0: the same shape). */
    function misfit(w, h) {
      return Math.abs(Math.log(w / h / aspect));
    }

    f.post.forEach(function (id) {
      var s = size[id];
      var b = { size: s, w: s.w, h: s.h, cx: s.w / 2, kids: [], lanes: [] };
      block[id] = b;
      var kids = f.kids[id];
      if (!kids.length) return;
      // One row, or the rows whose shape comes closest to the screen's.
      var tallest = 0;
      var widest = 0;
      var total = widthOf(kids);
      kids.forEach(function (k) {
        tallest = Math.max(tallest, block[k].h);
        widest = Math.max(widest, block[k].w);
      });
      var best = null;
      var bestMisfit = misfit(Math.max(total, s.w), s.h + GAP_Y + tallest);
      var least = id.charAt(0) === "c" ? WRAP_MIN_ARGUMENTS : WRAP_MIN_PREMISES;
      if (mayWrap && kids.length >= least) {
        var step = total / kids.length;
        for (var m = 1; m < kids.length; m++) {
          var plan = pack(b, kids, Math.max(widest, m * step));
          var off = misfit(plan.w, plan.h) + 0.1; // a little in favour of one plain row
          if (off < bestMisfit) { best = plan; bestMisfit = off; }
          if (plan.parts.length === 1) break;
        }
      }
      if (best) wrap(b, best);
      else oneRow(b, kids);
    });

    // Absolute positions, parents before children; central claims side by side.
    var origin = {};
    var left = 0;
    f.roots.forEach(function (root) {
      origin[root] = { x: left, y: 0 };
      left += block[root].w + 2 * GAP_X;
    });
    var positions = {};
    var lanes = [];
    for (var i = f.post.length - 1; i >= 0; i--) {
      var id = f.post[i];
      var o = origin[id];
      var b = block[id];
      positions[id] = { x: o.x + b.cx, y: o.y + size[id].h / 2 };
      b.kids.forEach(function (k) { origin[k.id] = { x: o.x + k.x, y: o.y + k.y }; });
      b.lanes.forEach(function (l) {
        lanes.push({ edge: l.edge, target: id, y: o.y + l.y, x1: o.x + l.x1, x2: o.x + l.x2 });
      });
    }
    var width = left - 2 * GAP_X;
    var height = 0;
    f.roots.forEach(function (root) { height = Math.max(height, block[root].h); });
    return { positions: positions, lanes: lanes, wrapped: wrapped, size: size, w: width, h: height };
  }

  /** A wrapped child's line: up to its run, along it to its lane, up the lane into the
   * parent's bottom edge. Cytoscape "segments" take the points relative to the line between
   * the two nodes' centres. */
  function route(edge, lane, positions, size) {
    var s = positions[edge.data.source];
    var t = positions[lane.target];
    var vx = t.x - s.x;
    var vy = t.y - s.y;
    var l2 = vx * vx + vy * vy;
    var l = Math.sqrt(l2);
    var weights = [];
    var distances = [];
    [[lane.x1, lane.y], [lane.x2, lane.y]].forEach(function (p) {
      var px = p[0] - s.x;
      var py = p[1] - s.y;
      weights.push((px * vx + py * vy) / l2);
      distances.push((px * -vy + py * vx) / l);
    });
    edge.data.laneWeights = weights.join(" ");
    edge.data.laneDistances = distances.join(" ");
    edge.data.laneEnd = (lane.x2 - t.x) + "px " + size[lane.target].h / 2 + "px";
    edge.classes += " lane";
  }

  /** About the zoom at which the map fits the canvas in plain layers (one per depth of the
   * spanning forest, as dagre draws a tree): without running dagre, in one pass. */
  function layeredZoom(nodes, edges, width, height) {
    var f = forest(nodes, edges);
    var depth = {}, rowWidth = [], rowHeight = [];
    for (var i = f.post.length - 1; i >= 0; i--) { // parents before their children
      var id = f.post[i];
      if (depth[id] === undefined) depth[id] = 0;
      f.kids[id].forEach(function (k) { depth[k] = depth[id] + 1; });
      var d = depth[id];
      rowWidth[d] = (rowWidth[d] || 0) + f.size[id].w + GAP_X;
      rowHeight[d] = Math.max(rowHeight[d] || 0, f.size[id].h);
    }
    var w = Math.max.apply(null, rowWidth.concat([1]));
    var h = rowHeight.reduce(function (sum, r) { return sum + r + GAP_Y + 4; }, 0);
    return Math.min((width - 32) / w, (height - 32) / Math.max(h, 1));
  }

  /** Chooses the layout for a canvas of width x height pixels. A map that fits the canvas
   * comfortably in plain layers gets dagre's (or, when large, plain rows); one that does not
   * gets wrapped rows. For "rows", sets each node's position and each wrapped child's line in
   * the elements, before Cytoscape sees them; "dagre" runs once Cytoscape has them. */
  function prepare(elements, width, height) {
    var nodes = elements.filter(function (e) { return e.group === "nodes"; });
    var edges = elements.filter(function (e) { return e.group === "edges"; });
    var aspect = Math.min(2.5, Math.max(0.6, width / Math.max(height, 1)));
    // Dagre's layers (the children of a claim on one layer) when the map drawn so fits the
    // canvas at a zoom where semantic zoom (graph.js) still shows readable words; otherwise rows,
    // wrapped to the canvas's shape when one plain row is too wide.
    if (nodes.length <= DAGRE_MAX_NODES && window.cytoscapeDagre !== undefined &&
        layeredZoom(nodes, edges, width, height) >= LAYERED_MIN_ZOOM) {
      return "dagre";
    }
    var result = rows(nodes, edges, aspect, false);
    var zoom = Math.min((width - 32) / result.w, (height - 32) / result.h);
    if (zoom < COMFORTABLE_ZOOM) result = rows(nodes, edges, aspect, true);
    nodes.forEach(function (node) { node.position = result.positions[node.data.id]; });
    result.lanes.forEach(function (lane) { route(lane.edge, lane, result.positions, result.size); });
    spreadElements(edges, result.positions, result.size);
    return "rows";
  }

  /** Runs the layout chosen by prepare(); resolves once the boxes are in place. */
  function run(cy, name) {
    if (name !== "dagre") return Promise.resolve(name);
    return new Promise(function (resolve) {
      var layout = cy.layout({
        name: "dagre",
        rankDir: "BT", // premises below, the central claim on top, arrows pointing up
        nodeSep: GAP_X,
        rankSep: GAP_Y + 4, // room to see where the spread lines go
        ranker: "network-simplex",
        edgeSep: 8,
        fit: false,
        animate: false,
      });
      layout.one("layoutstop", function () { resolve(name); });
      layout.run();
    });
  }

  /** Spreads the ends of the lines that go up into one box over its bottom edge, in the order
   * of the boxes they come from, and their starts over the top edge of the box they leave (a
   * premise of several arguments): lines no longer all meet at one point. Lines going down (in a cycle) and the lanes of wrapped rows keep theirs.
   * links: [{source, target, lane, set(start, end)}]; pos(id) and size(id) ({w, h}) of a node. */
  function spread(links, pos, size) {
    var into = {}, from = {};
    links.forEach(function (link) {
      if (link.lane || pos(link.source).y <= pos(link.target).y) return;
      (into[link.target] = into[link.target] || []).push(link);
      (from[link.source] = from[link.source] || []).push(link);
    });
    // Offsets along an edge of the box, in the order of the boxes at the other end.
    function offsets(groups, other, sign) {
      Object.keys(groups).forEach(function (id) {
        var list = groups[id].sort(function (a, b) { return pos(a[other]).x - pos(b[other]).x; });
        var n = list.length, box = size(id);
        var step = n > 1 ? Math.min(18, (box.w - 16) / (n - 1)) : 0;
        list.forEach(function (link, i) {
          var dx = ((i - (n - 1) / 2) * step).toFixed(1);
          link[other === "source" ? "end" : "start"] = dx + "px " + (sign * box.h / 2).toFixed(1) + "px";
        });
      });
    }
    offsets(into, "source", 1); // over the bottom edge of the box the lines go into
    offsets(from, "target", -1); // over the top edge of the box they leave
    links.forEach(function (link) { if (link.end) link.set(link.start, link.end); });
  }

  /** spread() on the elements, before Cytoscape has them (rows: positions known). */
  function spreadElements(edges, positions, size) {
    spread(edges.map(function (edge) {
      return {
        source: edge.data.source, target: edge.data.target, lane: / lane/.test(edge.classes),
        set: function (start, end) {
          edge.data.start = start;
          edge.data.end = end;
          edge.classes += " spread";
        },
      };
    }), function (id) { return positions[id]; }, function (id) { return size[id]; });
  }

  /** spread() once Cytoscape has laid the map out (dagre). */
  function spreadEnds(cy) {
    cy.batch(function () {
      spread(cy.edges().map(function (edge) {
        return {
          source: edge.source().id(), target: edge.target().id(), lane: edge.hasClass("lane"),
          set: function (start, end) { edge.data({ start: start, end: end }).addClass("spread"); },
        };
      }), function (id) { return cy.getElementById(id).position(); },
      function (id) { var n = cy.getElementById(id); return { w: n.data("w"), h: n.data("h") }; });
    });
  }

  window.argmapGraphLayout = { prepare: prepare, run: run, spreadEnds: spreadEnds };
})();
