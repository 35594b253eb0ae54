/* argmap graph view: the map JSON as Cytoscape elements and their style, in the manner of the
 * Argument Interchange Format. Used by graph.js as window.argmapGraphElements.
 *
 * Claims are boxes sized to their wrapped text (so a label never spills out of its box), the
 * speaker small below it. Each argument is a small connector node: premises -> connector ->
 * conclusion, or for an undercut -> the connector of the argument it attacks. Reasons,
 * objections and undercuts differ by colour, line style (solid, dashed, dotted), arrowhead
 * (pointed or a flat bar) and label.
 */
(function () {
  "use strict";

  var TEXT_LIMIT = 120; // characters of a claim shown in its box; the side panel has them all
  var FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  var CLAIM = { size: 13, lineHeight: 1.3, maxWidth: 210, padX: 10, padY: 8 };
  var SPEAKER = { size: 11, lineHeight: 1.4, gap: 3 };
  var CONNECTOR = { size: 11, lineHeight: 1.2, padX: 7, padY: 4 };
  var COLOURS = {
    ink: "#1d2433", muted: "#5b6475", line: "#9aa3b2", card: "#ffffff", accent: "#2f5bd3",
    pro: "#1f7a4d", proBg: "#e7f5ee", con: "#b3261e", conBg: "#fdecea",
    undercut: "#8a4b00", undercutBg: "#fff3e0",
  };
  // The design system's tokens, when the page has them (a dark theme changes them); the colours
  // above otherwise. Cytoscape draws on a canvas, so it cannot use var() itself.
  var TOKENS = {
    ink: "--color-text", card: "--color-surface", pro: "--color-reason",
    con: "--color-objection", undercut: "--color-undercut",
  };
  (function readTokens() {
    var css = window.getComputedStyle(document.documentElement);
    Object.keys(TOKENS).forEach(function (key) {
      var value = css.getPropertyValue(TOKENS[key]).trim();
      if (value) COLOURS[key] = value;
    });
    // The pale fills are for a light surface; on a dark one the connectors take the surface.
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    if (dark && css.getPropertyValue("--color-surface").trim()) {
      COLOURS.proBg = COLOURS.conBg = COLOURS.undercutBg = COLOURS.card;
    }
  })();
  var KINDS = {
    reason: { label: "+ Reason", name: "Reason", symbol: "+" },
    objection: { label: "\u2212 Objection", name: "Objection", symbol: "\u2212" },
    undercut: { label: "\u2298 Undercut", name: "Undercut", symbol: "\u2298" },
  };

  // ---- Text measuring: boxes are sized to their wrapped text, so labels always fit. ----------

  var measureCtx = document.createElement("canvas").getContext("2d");

  function font(size, weight) {
    return (weight || "normal") + " " + size + "px " + FONT_FAMILY;
  }

  function textWidth(text, size, weight) {
    measureCtx.font = font(size, weight);
    return measureCtx.measureText(text).width;
  }

  function truncate(text, limit) {
    text = text.replace(/\s+/g, " ").trim();
    if (text.length <= limit) return text;
    var cut = text.slice(0, limit);
    var space = cut.lastIndexOf(" ");
    if (space > limit * 0.6) cut = cut.slice(0, space);
    return cut.replace(/[\s,;:.]+$/, "") + "\u2026";
  }

  /** Greedy word wrap with the same font as the canvas label; very long words are cut. */
  function wrap(text, size, maxWidth) {
    measureCtx.font = font(size);
    var space = measureCtx.measureText(" ").width;
    var lines = [];
    var line = "";
    var lineWidth = 0;
    var widest = 0;
    text.split(" ").forEach(function (word) {
      var w = measureCtx.measureText(word).width;
      while (w > maxWidth) { // a word wider than the box: cut it
        var n = Math.max(1, Math.floor((word.length * maxWidth) / w) - 1);
        if (line) { lines.push(line); widest = Math.max(widest, lineWidth); line = ""; lineWidth = 0; }
        var head = word.slice(0, n);
        lines.push(head);
        widest = Math.max(widest, measureCtx.measureText(head).width);
        word = word.slice(n);
        w = measureCtx.measureText(word).width;
      }
      if (line && lineWidth + space + w > maxWidth) {
        lines.push(line);
        widest = Math.max(widest, lineWidth);
        line = word;
        lineWidth = w;
      } else {
        line = line ? line + " " + word : word;
        lineWidth = line === word ? w : lineWidth + space + w;
      }
    });
    if (line) { lines.push(line); widest = Math.max(widest, lineWidth); }
    return { lines: lines, width: Math.ceil(widest) };
  }

  // The speaker is drawn small under the claim text, as an SVG image (one per speaker).
  var speakerImages = {};

  function escapeXml(s) {
    return s.replace(/[<>&"']/g, function (c) {
      return { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" }[c];
    });
  }

  function speakerImage(speaker, maxWidth) {
    var key = speaker + "\u0000" + maxWidth;
    if (!speakerImages[key]) {
      var text = "\u2014 " + speaker;
      while (text.length > 4 && textWidth(text, SPEAKER.size) > maxWidth) {
        text = text.slice(0, -2) + "\u2026";
      }
      var width = Math.ceil(textWidth(text, SPEAKER.size)) + 2;
      var height = Math.ceil(SPEAKER.size * SPEAKER.lineHeight);
      var svg =
        '<svg xmlns="http://www.w3.org/2000/svg" width="' + width + '" height="' + height + '">' +
        '<text x="0" y="' + (height - Math.round(SPEAKER.size * 0.35)) + '" font-family="' +
        escapeXml(FONT_FAMILY) + '" font-size="' + SPEAKER.size + '" fill="' + COLOURS.muted +
        '">' + escapeXml(text) + "</text></svg>";
      speakerImages[key] = {
        url: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg),
        width: width,
        height: height,
      };
    }
    return speakerImages[key];
  }

  // ---- The graph JSON as Cytoscape elements ----------------------------------------------------

  function argumentKind(argument) {
    if (argument.kind === "support") return "reason";
    return argument.target != null ? "undercut" : "objection";
  }

  /** "IN · 0.72": the grounded label and the DF-QuAD strength of a claim or an argument, when
   * Evaluate is on; and the class that colours its border. */
  function verdict(evaluation, group, id) {
    if (!evaluation) return null;
    var label = evaluation.labels ? evaluation.labels[group][id] : undefined;
    var strength = evaluation.strengths ? evaluation.strengths[group][id] : undefined;
    var parts = [];
    if (label) parts.push(label);
    if (typeof strength === "number") parts.push(strength.toFixed(2));
    if (!parts.length) return null;
    return { text: parts.join(" \u00b7 "), cls: label ? " ev-" + label.toLowerCase() : "" };
  }

  function claimNode(claim, evaluation) {
    var text = truncate(claim.text || "(empty claim)", TEXT_LIMIT);
    var judged = verdict(evaluation, "claims", claim.id);
    var wrapped = wrap(text, CLAIM.size, CLAIM.maxWidth);
    if (judged) {
      wrapped.lines.unshift(judged.text);
      wrapped.width = Math.max(wrapped.width, Math.ceil(textWidth(judged.text, CLAIM.size)));
    }
    var textHeight = wrapped.lines.length * CLAIM.size * CLAIM.lineHeight;
    var data = {
      id: "c" + claim.id,
      label: wrapped.lines.join("\n"),
      text: text, // for the shorter labels of semantic zoom (shortLabels)
      verdict: judged ? judged.text : "",
      w: wrapped.width + 2 * CLAIM.padX,
      h: Math.ceil(textHeight) + 2 * CLAIM.padY,
      textMaxWidth: wrapped.width + 6,
      shiftY: 0,
    };
    var classes = "claim" + (judged ? judged.cls : "");
    if (claim.speaker) {
      var image = speakerImage(claim.speaker, CLAIM.maxWidth);
      var extra = image.height + SPEAKER.gap;
      data.w = Math.max(data.w, image.width + 2 * CLAIM.padX);
      data.h += extra;
      data.shiftY = -extra / 2;
      data.speakerUrl = image.url;
      data.speakerW = image.width;
      data.speakerH = image.height;
      classes += " has-speaker";
    }
    return { group: "nodes", data: data, classes: classes };
  }

  function connectorNode(argument, kind, evaluation) {
    var label = KINDS[kind].label;
    var judged = verdict(evaluation, "arguments", argument.id);
    if (judged) label += " " + judged.text;
    var w = Math.ceil(textWidth(label, CONNECTOR.size, "bold")) + 2 * CONNECTOR.padX;
    var h = Math.ceil(CONNECTOR.size * CONNECTOR.lineHeight) + 2 * CONNECTOR.padY;
    return {
      group: "nodes",
      data: { id: "a" + argument.id, label: label, symbol: KINDS[kind].symbol, w: w, h: h },
      classes: "argument " + kind + (judged ? judged.cls : ""),
    };
  }

  /** The elements of the map graph JSON; evaluation ({labels, strengths}, each {claims,
   * arguments} by id, either may be missing) when Evaluate is on. */
  function buildElements(graph, evaluation) {
    var nodes = [];
    var edges = [];
    var claims = {};
    var args = {};
    var premises = {};
    graph.arguments.forEach(function (argument) {
      argument.premises.forEach(function (id) { premises[id] = true; });
    });
    graph.claims.forEach(function (claim) {
      claims[claim.id] = claim;
      var node = claimNode(claim, evaluation);
      if (!premises[claim.id]) node.classes += " central"; // no argument uses it as a premise
      nodes.push(node);
    });
    graph.arguments.forEach(function (argument) { args[argument.id] = argument; });
    graph.arguments.forEach(function (argument) {
      var kind = argumentKind(argument);
      var into = argument.target != null ? "a" + argument.target : "c" + argument.conclusion;
      if (argument.target != null ? !args[argument.target] : !claims[argument.conclusion]) return;
      nodes.push(connectorNode(argument, kind, evaluation));
      argument.premises.forEach(function (premise, i) {
        if (!claims[premise]) return;
        edges.push({
          group: "edges",
          data: { id: "p" + argument.id + "-" + i, source: "c" + premise, target: "a" + argument.id },
          classes: "premise " + kind,
        });
      });
      edges.push({
        group: "edges",
        data: { id: "x" + argument.id, source: "a" + argument.id, target: into },
        classes: "inference " + kind,
      });
    });
    return {
      elements: nodes.concat(edges), claims: claims, args: args, nodeCount: nodes.length,
      evaluated: !!evaluation,
    };
  }

  // ---- Semantic zoom: the further out, the fewer words, in a larger font -----------------------

  // Claim font sizes (model pixels) for the zoom levels; 13 is the full text. At zoom z the
  // level is the smallest size s with s * z >= READABLE_PX, so the text on screen stays readable.
  var LEVELS = [13, 16, 20, 26, 34, 44];
  var READABLE_PX = 11;
  // A connector's label at the levels after the first: its sign alone (+, \u2212, \u2298) in this
  // font size, as large as its box holds; none where that would be too small to read.
  var CONNECTOR_SIGN = 16;

  /** The least zoom at which a level is chosen (levelFor). */
  function zoomOf(level) {
    return READABLE_PX / level;
  }

  function levelFor(zoom) {
    for (var i = 0; i < LEVELS.length; i++) {
      if (LEVELS[i] * zoom >= READABLE_PX) return LEVELS[i];
    }
    return LEVELS[LEVELS.length - 1];
  }

  /** The first words of a claim that fit its box in a `size` px font (its verdict first), with
   * an ellipsis where it is cut; "" when not one line fits. The box keeps its size. */
  function shortLabel(data, size) {
    var maxLines = Math.floor((data.h - 6) / (size * 1.15));
    var width = data.w - 10;
    if (maxLines < 1 || width < size) return "";
    var lines = data.verdict ? wrap(data.verdict, size, width).lines : [];
    lines = lines.concat(wrap(data.text, size, width).lines);
    if (lines.length <= maxLines) return lines.join("\n");
    lines = lines.slice(0, maxLines);
    var last = lines[maxLines - 1];
    while (last && textWidth(last + "\u2026", size) > width) last = last.slice(0, -1);
    lines[maxLines - 1] = last.replace(/[\s,;:.]+$/, "") + "\u2026";
    return lines.join("\n");
  }

  /** Gives each claim node the short label of this size (data "short<size>"), once. */
  function prepareLevel(cy, size) {
    if (size === LEVELS[0]) return;
    var key = "short" + size;
    cy.batch(function () {
      cy.nodes(".claim").forEach(function (node) {
        if (node.data(key) === undefined) node.data(key, shortLabel(node.data(), size));
      });
    });
  }

  /** The same for elements not yet given to Cytoscape (drawn later: graph.js drawIn). */
  function prepareElements(elements, size) {
    if (size === LEVELS[0]) return;
    var key = "short" + size;
    elements.forEach(function (e) {
      if (/^claim\b/.test(e.classes) && e.data[key] === undefined) e.data[key] = shortLabel(e.data, size);
    });
  }

  // ---- Styles: kinds differ by colour, line style, arrow shape and label ----------------------

  /** The style; `level` is the claims' font size (LEVELS; 13 or none: the full text); options:
   * evaluated (the Evaluate labels' borders) and linking (drag-to-link's line). Each rule costs
   * a little on every element of a large map, so only the rules in use are given. */
  function stylesheet(large, level, options) {
    options = options || {};
    var far = level && level !== LEVELS[0] ? [
      {
        selector: "node.claim",
        style: {
          label: "data(short" + level + ")",
          "font-size": level,
          "line-height": 1.15,
          "text-max-width": "data(w)",
          "text-justification": "center",
          "text-margin-y": 0,
          "background-image": "none",
        },
      },
      {
        selector: "node.argument",
        style: CONNECTOR_SIGN * zoomOf(level) >= READABLE_PX - 0.01 ?
          { label: "data(symbol)", "font-size": CONNECTOR_SIGN } : { label: "" },
      },
    ] : [];
    return [
      {
        selector: "node",
        style: {
          width: "data(w)",
          height: "data(h)",
          label: "data(label)",
          "font-family": FONT_FAMILY,
          "text-valign": "center",
          "text-halign": "center",
          "text-wrap": "wrap",
          color: COLOURS.ink,
          "min-zoomed-font-size": large ? 7 : 0,
        },
      },
      {
        selector: "node.claim",
        style: {
          shape: "round-rectangle",
          "corner-radius": 6,
          "background-color": COLOURS.card,
          "border-width": 1,
          "border-color": COLOURS.line,
          "font-size": CLAIM.size,
          "line-height": CLAIM.lineHeight,
          "text-max-width": "data(textMaxWidth)",
          "text-justification": "left",
          "text-margin-y": "data(shiftY)",
        },
      },
      {
        selector: "node.claim.has-speaker",
        style: {
          "background-image": "data(speakerUrl)",
          "background-width": "data(speakerW)",
          "background-height": "data(speakerH)",
          "background-fit": "none",
          "background-clip": "none",
          "background-position-x": CLAIM.padX,
          "background-position-y": "100%",
          "background-offset-y": -CLAIM.padY + 2,
          "background-image-smoothing": "yes",
        },
      },
      { selector: "node.claim.central", style: { "border-width": 2, "border-color": COLOURS.ink } },
      {
        selector: "node.argument",
        style: {
          shape: "round-rectangle",
          "corner-radius": 4,
          "font-size": CONNECTOR.size,
          "font-weight": "bold",
          "border-width": 1.5,
        },
      },
      {
        selector: "node.reason",
        style: { "background-color": COLOURS.proBg, "border-color": COLOURS.pro, color: COLOURS.pro },
      },
      {
        selector: "node.objection",
        style: {
          shape: "cut-rectangle",
          "background-color": COLOURS.conBg,
          "border-color": COLOURS.con,
          color: COLOURS.con,
        },
      },
      {
        selector: "node.undercut",
        style: {
          shape: "cut-rectangle",
          "background-color": COLOURS.undercutBg,
          "border-color": COLOURS.undercut,
          "border-style": "dashed",
          color: COLOURS.undercut,
        },
      },
      {
        selector: "edge",
        style: {
          width: 1.5,
          "curve-style": large ? "straight" : "bezier",
          "line-color": COLOURS.line,
          "target-arrow-color": COLOURS.line,
          "arrow-scale": 1.1,
        },
      },
      { selector: "edge.reason", style: { "line-color": COLOURS.pro, "target-arrow-color": COLOURS.pro } },
      {
        selector: "edge.objection",
        style: {
          "line-color": COLOURS.con,
          "target-arrow-color": COLOURS.con,
          "line-style": "dashed",
          "line-dash-pattern": [7, 4],
        },
      },
      {
        selector: "edge.undercut",
        style: {
          "line-color": COLOURS.undercut,
          "target-arrow-color": COLOURS.undercut,
          "line-style": "dashed",
          "line-dash-pattern": [2, 3],
        },
      },
      { selector: "edge.inference", style: { width: 2 } },
      // A large map's premise lines are haystacks, much cheaper to draw (no arrowhead to place;
      // they run centre to centre, under the boxes).
      { selector: large ? "edge.premise" : "edge.none", style: { "curve-style": "haystack" } },
      {
        selector: "edge.lane", // a wrapped child's line, routed along the aisle (graph-layout.js)
        style: {
          "curve-style": "segments",
          "edge-distances": "node-position",
          "segment-weights": "data(laneWeights)",
          "segment-distances": "data(laneDistances)",
          "target-endpoint": "data(laneEnd)",
        },
      },
      { selector: "edge.inference.reason", style: { "target-arrow-shape": "triangle" } },
      { selector: "edge.inference.objection, edge.inference.undercut", style: { "target-arrow-shape": "tee" } },
      {
        // Spread over the bottom edge of the box they go into (graph-layout.js spreadEnds), so
        // that the lines into one box do not all meet at one point.
        selector: "edge.spread",
        style: { "source-endpoint": "data(start)", "target-endpoint": "data(end)" },
      },
    ].concat(options.evaluated ? [
      // Evaluate: the border says the grounded label (IN solid green, OUT red, UNDEC dashed grey).
      { selector: "node.ev-in", style: { "border-width": 2.5, "border-color": COLOURS.pro } },
      { selector: "node.ev-out", style: { "border-width": 2.5, "border-color": COLOURS.con } },
      {
        selector: "node.ev-undec",
        style: { "border-width": 2.5, "border-color": COLOURS.muted, "border-style": "dashed" },
      },
      { selector: "node.claim.central", style: { "border-width": 4 } }, // still told apart
    ] : [], [
      {
        selector: "node:selected",
        style: { "border-width": 3, "border-color": COLOURS.accent, "overlay-opacity": 0 },
      },
      { selector: "edge:selected", style: { "overlay-opacity": 0 } },
    ], options.linking ? [
      // Drag-to-link (graph-link.js): the line being drawn and the claim it would link to.
      {
        selector: "node.link-ghost",
        style: { width: 1, height: 1, label: "", "background-opacity": 0, "border-width": 0 },
      },
      {
        selector: "edge.link-ghost",
        style: {
          width: 2.5, "line-color": COLOURS.accent, "line-style": "dashed",
          "target-arrow-shape": "triangle", "target-arrow-color": COLOURS.accent,
          "curve-style": "straight",
        },
      },
      { selector: "node.link-target", style: { "border-width": 4, "border-color": COLOURS.accent } },
    ] : [], far);
  }

  window.argmapGraphElements = {
    build: buildElements, stylesheet: stylesheet, kinds: KINDS, kindOf: argumentKind,
    levelFor: levelFor, prepareLevel: prepareLevel,
    prepareElements: prepareElements, colours: COLOURS,
  };
})();
