/* argmap graph view: link two claims by dragging one onto the other. Loaded only for those who
 * may edit the map (the server refuses others all the same).
 *
 * Press on a claim (hold a finger on it, on a touch screen), drag: a dashed line follows the
 * pointer and the claim under it is outlined.
 * Let go on another claim: a small menu asks whether the first is a reason for the second or an
 * objection to it (or neither). The choice posts the detail pane's own "link an existing claim"
 * form (maps:claim-add-argument with kind and claim), whose answer shows the second claim in the
 * side panel; graph.js then draws the map again. Without a mouse, the same form is in the panel.
 */
(function () {
  "use strict";

  var MIN_DRAG = 8; // px on screen before a press on a claim becomes a drag

  /** ".../claims/0/arguments/" with the claim's id for the 0. */
  function urlFor(template, id) {
    return template.replace(/\/0\/arguments\/$/, "/" + encodeURIComponent(id) + "/arguments/");
  }

  function short(text) {
    text = (text || "").replace(/\s+/g, " ").trim();
    return text.length > 60 ? text.slice(0, 57).replace(/\s+\S*$/, "") + "\u2026" : text;
  }

  function init(api) {
    var container = document.getElementById("graph");
    var template = container && container.dataset.linkUrlTemplate;
    var cy = api.cy;
    if (!template || !cy || !window.htmx) return;

    var from = null; // the claim pressed on
    var origin = null;
    var drawing = false;
    var over = null; // the claim under the pointer while drawing
    var menu = null;

    /** The claim whose box holds the model position p (not `except`), if any. */
    function claimAt(p, except) {
      var found = null;
      cy.nodes(".claim").forEach(function (n) {
        if (found || n === except) return false;
        var q = n.position(), w = n.data("w") / 2, h = n.data("h") / 2;
        if (Math.abs(p.x - q.x) <= w && Math.abs(p.y - q.y) <= h) found = n;
      });
      return found;
    }

    function setOver(node) {
      if (node === over) return;
      if (over) over.removeClass("link-target");
      over = node;
      if (over) over.addClass("link-target");
    }

    function stop() {
      from = null;
      cy.userPanningEnabled(true);
      if (drawing) cy.remove("#link-ghost, #link-ghost-edge");
      drawing = false;
      setOver(null);
    }

    // A press anywhere on the map while the menu is open cancels it.
    cy.on("tapstart", function () {
      if (menu) { close(); api.say("Not linked."); }
    });

    function begin(event) {
      from = event.target;
      origin = event.renderedPosition;
      drawing = false;
      cy.userPanningEnabled(false);
    }

    function isTouch(event) {
      var original = event.originalEvent;
      return !!original && /^touch|^pointer/.test(original.type) && original.pointerType !== "mouse";
    }

    // With a mouse, a press on a claim draws a line instead of panning (the background still
    // pans). On a touch screen, where claims cover most of the map, a finger pans; holding it
    // still on a claim for a moment starts the line instead.
    cy.on("tapstart", "node.claim", function (event) {
      if (!menu && !isTouch(event)) begin(event);
    });
    cy.on("taphold", "node.claim", function (event) {
      if (!menu && !from && isTouch(event)) {
        begin(event);
        api.say("Now drag onto the claim to link to.");
      }
    });

    cy.on("tapdrag", function (event) {
      if (!from) return;
      var p = event.renderedPosition;
      if (!drawing) {
        if (Math.abs(p.x - origin.x) + Math.abs(p.y - origin.y) < MIN_DRAG) return;
        drawing = true;
        cy.add([
          { group: "nodes", data: { id: "link-ghost", w: 1, h: 1 }, classes: "link-ghost", position: event.position },
          { group: "edges", data: { id: "link-ghost-edge", source: from.id(), target: "link-ghost" }, classes: "link-ghost" },
        ]);
        api.say("Let go on the claim to link to, or elsewhere to cancel.");
      }
      cy.getElementById("link-ghost").position(event.position);
      setOver(claimAt(event.position, from));
    });

    cy.on("tapend", function (event) {
      if (!from) return;
      var source = from, target = over, wasDrawing = drawing;
      stop();
      if (wasDrawing && target) ask(source, target, event.renderedPosition);
      else if (wasDrawing) api.say("Not linked: let go on another claim to link it.");
    });

    /** The menu: a reason, an objection, or cancel. Escape cancels; focus returns to the map. */
    function ask(source, target, at) {
      var ids = [source.id().slice(1), target.id().slice(1)]; // "c12" -> "12"
      var texts = [source, target].map(function (n) {
        var label = n.data("text") || n.data("label") || "";
        return short(label);
      });
      menu = document.createElement("div");
      menu.className = "graph-link-menu";
      menu.setAttribute("role", "dialog");
      menu.setAttribute("aria-label", "Link two claims");
      var question = document.createElement("p");
      question.textContent = "\u201c" + texts[0] + "\u201d is\u2026";
      menu.appendChild(question);
      var choices = [
        ["support", "a reason for", "reason"],
        ["attack", "an objection to", "objection"],
      ];
      choices.forEach(function (choice) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "graph-link-" + choice[2];
        button.textContent = choice[1] + " \u201c" + texts[1] + "\u201d";
        button.dataset.kind = choice[0];
        button.addEventListener("click", function () { link(ids, choice[0], choice[2]); });
        menu.appendChild(button);
      });
      var cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "graph-link-cancel";
      cancel.textContent = "Cancel";
      cancel.addEventListener("click", function () { close(); api.say("Not linked."); });
      menu.appendChild(cancel);
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { event.preventDefault(); close(); api.say("Not linked."); }
      });
      var host = container.parentNode;
      host.appendChild(menu);
      // Beside the point let go, kept inside the canvas.
      var left = Math.min(at.x + 8, container.clientWidth - menu.offsetWidth - 8);
      var top = Math.min(at.y + 8, container.clientHeight - menu.offsetHeight - 8);
      menu.style.left = container.offsetLeft + Math.max(8, left) + "px";
      menu.style.top = container.offsetTop + Math.max(8, top) + "px";
      menu.querySelector("button").focus();
    }

    function close() {
      if (menu) menu.remove();
      menu = null;
      container.focus({ preventScroll: true });
    }

    function link(ids, kind, name) {
      close();
      api.say("Linking as " + (name === "reason" ? "a reason" : "an objection") + "\u2026");
      // The detail pane's link form, posted as it would post it: the panel shows the claim
      // linked to, and graph.js draws the map again (its htmx:afterSwap).
      window.htmx.ajax("POST", urlFor(template, ids[1]), {
        target: "#detail",
        swap: "innerHTML",
        values: { kind: kind, claim: ids[0], text: "" },
      });
    }
  }

  function start() {
    if (window.argmapGraph && window.argmapGraph.ready) window.argmapGraph.ready.then(init);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
