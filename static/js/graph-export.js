/* argmap graph view: download the whole map as a picture, SVG or PNG, on a white background.
 *
 * Buttons with data-graph-export="svg" or "png" (in the Export menu) and data-name (the file's
 * name without its extension). PNG is Cytoscape's own; SVG is written here from what Cytoscape
 * has laid out and styled: boxes, their wrapped text, speakers, and the lines with their dashes
 * and arrow heads. Waits for window.argmapGraph.ready.
 */
(function () {
  "use strict";

  function save(blob, filename) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function esc(text) {
    return String(text).replace(/[<>&"']/g, function (c) {
      return { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" }[c];
    });
  }

  function px(value) { return parseFloat(value) || 0; }

  function dash(style) {
    var line = style("line-style") || style("border-style");
    return line === "dashed" ? ' stroke-dasharray="6 4"' : line === "dotted" ? ' stroke-dasharray="2 3"' : "";
  }

  function nodeSvg(node) {
    var s = function (name) { return node.style(name); };
    var box = node.boundingBox({ includeLabels: false, includeOverlays: false });
    var border = px(s("border-width"));
    var out = '<rect x="' + box.x1 + '" y="' + box.y1 + '" width="' + box.w + '" height="' + box.h +
      '" rx="5" fill="' + s("background-color") + '" stroke="' + s("border-color") + '" stroke-width="' +
      border + '"' + dash(s) + "/>";
    var lines = String(node.data("label") || "").split("\n");
    var size = px(s("font-size")), lineHeight = size * (px(s("line-height")) || 1.2);
    var left = s("text-justification") === "left";
    var x = left ? box.x1 + (box.w - px(node.data("textMaxWidth"))) / 2 : node.position("x");
    var top = node.position("y") + px(node.data("shiftY")) - (lines.length * lineHeight) / 2 + size * 0.85;
    out += '<text font-family="system-ui, sans-serif" font-size="' + size + '" font-weight="' + s("font-weight") +
      '" fill="' + s("color") + '" text-anchor="' + (left ? "start" : "middle") + '">';
    lines.forEach(function (line, i) {
      out += '<tspan x="' + x + '" y="' + (top + i * lineHeight) + '">' + esc(line) + "</tspan>";
    });
    out += "</text>";
    if (node.data("speakerUrl")) {  // the speaker, drawn small under the text
      out += '<image href="' + esc(node.data("speakerUrl")) + '" x="' + (box.x1 + 10) + '" y="' +
        (box.y2 - 6 - px(node.data("speakerH"))) + '" width="' + node.data("speakerW") + '" height="' +
        node.data("speakerH") + '"/>';
    }
    return out;
  }

  function edgeSvg(edge, markers) {
    var s = function (name) { return edge.style(name); };
    var points = [edge.sourceEndpoint()].concat(edge.segmentPoints() || [], [edge.targetEndpoint()]);
    var colour = s("line-color"), head = s("target-arrow-shape");
    var id = "m" + head + colour.replace(/[^a-z0-9]/gi, "");
    if (head !== "none" && !markers[id]) {
      markers[id] = '<marker id="' + id + '" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">' +
        (head === "tee" ? '<rect x="7" y="0" width="3" height="10" fill="' + colour + '"/>' : '<path d="M0,0 L10,5 L0,10 z" fill="' + colour + '"/>') +
        "</marker>";
    }
    return '<polyline fill="none" stroke="' + colour + '" stroke-width="' + px(s("width")) + '"' + dash(s) +
      (head !== "none" ? ' marker-end="url(#' + id + ')"' : "") + ' points="' +
      points.map(function (p) { return p.x + "," + p.y; }).join(" ") + '"/>';
  }

  function svg(cy) {
    var box = cy.elements().boundingBox(), pad = 20, markers = {};
    var edges = cy.edges().map(function (edge) { return edgeSvg(edge, markers); }).join("");
    var nodes = cy.nodes().map(nodeSvg).join("");
    return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + (box.x1 - pad) + " " + (box.y1 - pad) + " " +
      (box.w + 2 * pad) + " " + (box.h + 2 * pad) + '" width="' + (box.w + 2 * pad) + '" height="' + (box.h + 2 * pad) + '">' +
      "<defs>" + Object.keys(markers).map(function (k) { return markers[k]; }).join("") + "</defs>" +
      '<rect x="' + (box.x1 - pad) + '" y="' + (box.y1 - pad) + '" width="' + (box.w + 2 * pad) + '" height="' +
      (box.h + 2 * pad) + '" fill="#ffffff"/>' + edges + nodes + "</svg>";
  }

  function picture(cy, kind) {
    if (kind === "png") return cy.png({ full: true, scale: 2, bg: "#ffffff", output: "blob" });
    return new Blob([svg(cy)], { type: "image/svg+xml" });
  }

  function say(text) {
    var status = document.getElementById("graph-status");
    if (status) status.textContent = text;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-graph-export]");
    if (!button || !window.argmapGraph) return;
    var kind = button.dataset.graphExport;
    button.disabled = true;
    window.argmapGraph.ready
      .then(function (api) {
        if (!api.cy) throw new Error("The map is not drawn, so there is no picture to save.");
        if (api.drawAll) api.drawAll(); // a large map is drawn as it comes into view (graph.js)
        save(picture(api.cy, kind), button.dataset.name + "." + kind);
        say("Saved the map as " + button.dataset.name + "." + kind + ".");
      })
      .catch(function (error) { say(error.message || String(error)); })
      .then(function () { button.disabled = false; });
  });
})();
