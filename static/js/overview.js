// The focus view's overview: the whole map as a sunburst (d3-hierarchy's partition; the SVG is
// drawn here), the central claim in the middle, each ring one step further out. Every piece is
// a link to that claim's focus view, with the claim's text as its accessible name; the claim in
// focus and the path to it are marked. The data: the page's #overview-data (views/focus.py).
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const RADIUS = 100;
  const KINDS = { central: "Central claim", reason: "Reason", objection: "Objection", undercut: "Undercut" };

  function element(name, attributes) {
    const made = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes || {})) made.setAttribute(key, value);
    return made;
  }

  function point(angle, radius) {  // angles clockwise from twelve o'clock
    return `${(radius * Math.sin(angle)).toFixed(3)},${(-radius * Math.cos(angle)).toFixed(3)}`;
  }

  function ring(a0, a1, r0, r1) {
    if (a1 - a0 > 2 * Math.PI - 1e-6) {  // a whole ring: two halves (one arc cannot close)
      return ring(a0, a0 + Math.PI, r0, r1) + ring(a0 + Math.PI, a1, r0, r1);
    }
    const large = a1 - a0 > Math.PI ? 1 : 0;
    return `M${point(a0, r1)}A${r1},${r1} 0 ${large} 1 ${point(a1, r1)}`
      + `L${point(a1, r0)}A${r0},${r0} 0 ${large} 0 ${point(a0, r0)}Z`;
  }

  function name(data, evaluated) {
    const kind = KINDS[data.kind] || "Claim";
    const label = evaluated && data.label ? ` (${data.label})` : "";
    return `${kind}${label}: ${data.name}`;
  }

  function draw() {
    const box = document.getElementById("overview");
    const source = document.getElementById("overview-data");
    if (!box || !source || !window.d3) return;
    const data = JSON.parse(source.textContent);
    if (!data.children.length) return;
    // Several central claims share a blank middle; one is the middle itself.
    const top = data.children.length === 1 ? data.children[0] : { kind: "map", name: data.title, children: data.children };
    const root = d3.hierarchy(top).count();  // each piece as wide as the claims at its edge
    const rings = root.height + 1;
    d3.partition().size([2 * Math.PI, rings])(root);
    const radius = (y) => (y * RADIUS) / rings;

    // The claim in focus: where it is expanded (not where it is repeated), and its ancestors.
    const here = root.descendants().find((n) => n.data.id === data.current && !n.data.repeated)
      || root.descendants().find((n) => n.data.id === data.current);
    const path = new Set(here ? here.ancestors() : []);

    const claims = root.descendants().filter((n) => n.data.kind !== "map").length;
    const svg = element("svg", {
      viewBox: `${-RADIUS - 2} ${-RADIUS - 2} ${2 * RADIUS + 4} ${2 * RADIUS + 4}`,
      role: "group",
      "aria-label": `Overview: ${claims} claim${claims === 1 ? "" : "s"}; each is a link to its focus view`,
    });
    for (const node of root.descendants()) {
      const kind = data.evaluated && node.data.kind !== "map" ? `eval-${(node.data.label || "").toLowerCase()}` : node.data.kind;
      const classes = ["seg", kind];
      if (node === here) classes.push("current");
      else if (path.has(node)) classes.push("on-path");
      const shape = node.depth === 0
        ? element("circle", { r: radius(node.y1).toFixed(3), class: classes.join(" ") })
        : element("path", { d: ring(node.x0, node.x1, radius(node.y0), radius(node.y1)), class: classes.join(" ") });
      if (node.data.kind === "map") {
        const title = element("title");
        title.textContent = data.title;
        shape.appendChild(title);
        svg.appendChild(shape);
        continue;
      }
      const label = name(node.data, data.evaluated);
      const link = element("a", {
        href: data.focus_url.replace(/\/0\/focus\/$/, `/${node.data.id}/focus/`),
        "aria-label": label,
        "data-claim": node.data.id,
      });
      if (node === here) link.setAttribute("aria-current", "page");
      const title = element("title");
      title.textContent = label;
      link.appendChild(title);
      link.appendChild(shape);
      svg.appendChild(link);
    }
    box.replaceChildren(svg);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
