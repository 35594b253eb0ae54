// The workspace's small behaviours. Everything essential also works without this file.
(function () {
  "use strict";
  // htmx runs the page's scripts again when it restores a page from its history; the listeners
  // below are on the document and serve the restored elements, so once is enough (else Enter
  // would save twice).
  if (window.argmapWorkspace) return;

  // Send a form through htmx. A form just swapped in is processed by htmx only as the swap
  // settles (some 20 ms later): sent before that, the browser would post it itself and leave
  // the page. Processing again is harmless (htmx skips what it has set up already).
  function send(form) {
    if (window.htmx) window.htmx.process(form);
    form.requestSubmit();
  }

  // Enter saves a one-step form, Shift+Enter makes a new line; Esc cancels.
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key === "Enter" && !event.shiftKey && field.matches("textarea[data-enter-submits]")) {
      event.preventDefault();
      send(field.form);
    } else if (event.key === "Escape") {
      var details = field.closest && field.closest("details[open]");
      if (details) {
        details.open = false;
        details.querySelector("summary").focus();
      } else if (field.closest && field.closest("#selection-form")) {
        hideSelectionForm();
      }
    }
  });

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest("[data-cancel]");
    if (cancel) {
      var details = cancel.closest("details");
      if (details) { details.open = false; details.querySelector("summary").focus(); }
      if (cancel.closest("#selection-form")) hideSelectionForm();
      return;
    }
    // A highlight in a source selects the claims that quote it.
    var mark = event.target.closest(".passage-text mark[data-claims]");
    if (mark) { selectClaims(mark.dataset.claims.split(" ")); return; }
    // Provenance: scroll the source to the quoted words and flash them.
    var prov = event.target.closest(".prov-link[data-claim]");
    if (prov) {
      var span = document.querySelector('mark[data-claims~="' + prov.dataset.claim + '"]');
      if (span) {
        event.preventDefault();
        var source = span.closest("details");
        if (source) source.open = true;
        span.scrollIntoView({ behavior: "smooth", block: "center" });
        flash(span);
      }
    }
  });

  document.addEventListener("keydown", function (event) {
    var mark = event.target.closest && event.target.closest(".passage-text mark[data-claims]");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      selectClaims(mark.dataset.claims.split(" "));
    }
  });

  function flash(element) {
    element.classList.remove("flash");
    void element.offsetWidth; // restart the animation
    element.classList.add("flash");
  }

  function selectClaims(ids) {
    markSelected(ids);
    var slug = document.querySelector("[data-map-slug]").dataset.mapSlug;
    var url = "/maps/" + slug + "/claims/" + ids[0] + "/";
    htmx.ajax("GET", url, { target: "#detail", swap: "innerHTML" }).then(function () {
      history.pushState({}, "", url);
    });
    var box = document.querySelector("#claim-" + ids[0] + " > .claim-box");
    if (box) box.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }

  function markSelected(ids) {
    document.querySelectorAll(".claim-box.selected, .argument > .tag.selected").forEach(function (el) {
      el.classList.remove("selected");
    });
    ids.forEach(function (id) {
      document.querySelectorAll('.claim[data-claim-id="' + id + '"] > .claim-box').forEach(function (box) {
        box.classList.add("selected");
      });
    });
  }

  // A write's answer (or live.js, for someone else's change) brings the pieces of the outline a
  // change touched, keyed by what they show (data-fragment: claim-<id>, arguments-of-<id>, count,
  // roots; data-fragment-add: new arguments of a claim). Each replaces every element of the page
  // with its key; a claim already shown keeps what was loaded below it. A piece that holds a form
  // being used is left alone: its claim ids are returned and announced (argmap:deferred) so that
  // live.js fetches them again later.
  function placeFragments(holder) {
    holder = holder || document.getElementById("fragments");
    var deferred = [];
    if (!holder || !holder.firstElementChild) return deferred;
    Array.prototype.forEach.call(holder.children, function (fresh) {
      if (fresh.dataset.fragmentAdd) { placeArguments(fresh, deferred); return; }
      var key = fresh.dataset.fragment;
      if (key === "roots") { placeRoots(fresh, deferred); return; }
      document.querySelectorAll('[data-fragment="' + key + '"]').forEach(function (old) {
        if (holder.contains(old)) return;
        if (inUse(old)) { deferred.push(claimOf(key)); return; }
        var copy = fresh.cloneNode(true);
        keepLoaded(old, copy);
        old.replaceWith(copy);
        htmx.process(copy);
      });
    });
    holder.replaceChildren();
    var tree = document.querySelector("#outline-pane .tree");
    var empty = document.querySelector("#outline-pane .outline-empty");
    if (tree && empty) empty.hidden = tree.children.length > 0;
    markShown();
    deferred = deferred.filter(function (id, i) { return id && deferred.indexOf(id) === i; });
    if (deferred.length) {
      document.dispatchEvent(new CustomEvent("argmap:deferred", { detail: { claims: deferred } }));
    }
    return deferred;
  }

  function claimOf(key) {
    var match = /^(?:claim|arguments-of)-(\d+)$/.exec(key);
    return match ? match[1] : null;
  }

  // Whether an element holds what a person is doing: a focused field, a field changed from what
  // the page gave it, or an open <details> with a form. Swapping it would throw that away.
  function inUse(element) {
    var focused = document.activeElement;
    if (focused && focused !== document.body && element.contains(focused) &&
        focused.matches("input, textarea, select, [contenteditable]")) return true;
    var fields = element.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i++) {
      if (changed(fields[i])) return true;
    }
    return Array.prototype.some.call(element.querySelectorAll("details[open]"), function (details) {
      return details.querySelector("form, input, textarea, select") !== null;
    });
  }

  function changed(field) {
    if (field.type === "hidden" || field.type === "submit" || field.type === "button") return false;
    if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return field.value !== field.defaultValue;
  }

  function keepLoaded(old, copy) {
    copy.querySelectorAll("li.claim[data-shallow]").forEach(function (item) {
      var argument = item.parentElement.closest("li.argument");
      var selector = argument
        ? 'li.argument[data-argument-id="' + argument.dataset.argumentId + '"] > .premises > '
        : ":scope > ";
      var shown = old.querySelector(selector + 'li.claim[data-claim-id="' + item.dataset.claimId + '"]');
      if (shown) item.replaceWith(shown);
    });
  }

  // Arguments a write added to a claim (data-fragment-add: arguments-of-<id>): each put into
  // every group of that claim on the page, in the order of their ids, or in place of itself.
  function placeArguments(fresh, deferred) {
    var key = fresh.dataset.fragmentAdd;
    document.querySelectorAll('[data-fragment="' + key + '"]').forEach(function (group) {
      Array.prototype.forEach.call(fresh.children, function (item) {
        var id = Number(item.dataset.argumentId);
        var copy = item.cloneNode(true);
        var old = group.querySelector(':scope > li.argument[data-argument-id="' + id + '"]');
        if (old && inUse(old)) { deferred.push(claimOf(key)); return; }
        if (old) {
          keepLoaded(old, copy);
          old.replaceWith(copy);
        } else {
          var next = Array.prototype.find.call(group.children, function (li) {
            return Number(li.dataset.argumentId) > id;
          });
          group.insertBefore(copy, next || null);
        }
        htmx.process(copy);
      });
    });
  }

  // Central claims that came (appended, unless shown already) or went (data-not-roots).
  function placeRoots(fresh, deferred) {
    var tree = document.querySelector("#outline-pane .tree[data-whole-map]");
    if (!tree) return; // the outline shows one branch
    (fresh.dataset.notRoots || "").split(" ").forEach(function (id) {
      if (!id) return;
      tree.querySelectorAll(':scope > li.claim[data-claim-id="' + id + '"]').forEach(function (item) {
        if (inUse(item)) deferred.push(id); else item.remove();
      });
    });
    Array.prototype.forEach.call(fresh.children, function (item) {
      if (tree.querySelector(':scope > li.claim[data-claim-id="' + item.dataset.claimId + '"]')) return;
      var copy = item.cloneNode(true);
      tree.appendChild(copy);
      htmx.process(copy);
    });
  }

  // The outline marks the claim or argument the detail pane shows.
  function markShown() {
    var claim = document.querySelector("#detail [data-selected-claim]");
    if (claim) { markSelected([claim.dataset.selectedClaim]); return; }
    var argument = document.querySelector("#detail [data-selected-argument]");
    if (!argument) return;
    document.querySelectorAll('li.argument[data-argument-id="' + argument.dataset.selectedArgument + '"] > .tag')
      .forEach(function (tag) { tag.classList.add("selected"); });
  }

  window.argmapWorkspace = { placeFragments: placeFragments, inUse: inUse, send: send };

  // Keep the outline's selection in step with what the detail pane shows.
  document.body.addEventListener("htmx:afterSettle", function () {
    placeFragments();
    var selected = document.querySelector("#detail [data-selected-claim]");
    if (selected) markSelected([selected.dataset.selectedClaim]);
  });

  // On a narrow screen the panes stack and the details load below the outline: a tap that loads
  // them brings them into view and puts the focus on their heading; their "Back to the outline"
  // returns to the claim's tree item. Enter on a tree item (keys.js) brings them into view too but
  // leaves the focus in the tree, where the keys go on. Wide screens (side by side) are left as
  // they are.
  var narrow = window.matchMedia("(max-width: 60rem)"); // the CSS's breakpoint
  var calm = window.matchMedia("(prefers-reduced-motion: reduce)");
  var revealDetail = null; // null, or whether to move the focus too
  document.addEventListener("click", function (event) {
    var loads = narrow.matches && event.target.closest &&
      event.target.closest('a[hx-get][hx-target="#detail"], .passage-text mark[data-claims]');
    revealDetail = loads ? !document.activeElement.matches('[role="treeitem"]') : null;
    var back = event.target.closest && event.target.closest("[data-back-to-outline]");
    var item = back && shownItem();
    if (!item) return;
    event.preventDefault();
    var box = item.querySelector(":scope > .claim-box") || item; // the item holds its branch
    box.scrollIntoView({ behavior: calm.matches ? "auto" : "smooth", block: "center" });
    item.focus({ preventScroll: true });
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id !== "detail" || revealDetail === null) return;
    var heading = revealDetail && document.getElementById("detail-title");
    revealDetail = null;
    event.target.scrollIntoView({ behavior: calm.matches ? "auto" : "smooth", block: "start" });
    if (heading) heading.focus({ preventScroll: true });
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) revealDetail = null;
  });

  // The outline's tree item of what the detail pane shows (a claim, or the argument's first claim).
  function shownItem() {
    var claim = document.querySelector("#detail [data-selected-claim]");
    var argument = document.querySelector("#detail [data-selected-argument]");
    var selector = claim
      ? 'li.claim[data-claim-id="' + claim.dataset.selectedClaim + '"]'
      : argument && 'li.argument[data-argument-id="' + argument.dataset.selectedArgument + '"] li.claim';
    if (!selector) return null;
    var outline = document.getElementById("outline-pane");
    var selected = outline.querySelector(".claim-box.selected");
    var item = selected && selected.parentElement.matches(selector) ? selected.parentElement : null;
    return item || outline.querySelector(selector);
  }

  // Selecting words in a passage offers a new claim that quotes exactly them.
  function hideSelectionForm() {
    var form = document.getElementById("selection-form");
    if (form) form.hidden = true;
  }

  function offsetIn(container, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  document.addEventListener("mouseup", function () { setTimeout(offerSelection, 0); });
  document.addEventListener("keyup", function (event) { if (event.shiftKey) offerSelection(); });

  function offerSelection() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    var range = selection.getRangeAt(0);
    var container = range.commonAncestorContainer;
    var passage = (container.nodeType === 1 ? container : container.parentElement).closest(".passage-text");
    var form = document.getElementById("selection-form");
    if (!passage || !form) return;
    var start = offsetIn(passage, range.startContainer, range.startOffset);
    var end = offsetIn(passage, range.endContainer, range.endOffset);
    var text = passage.textContent.slice(start, end);
    // Leave out blanks at either end, so the span is exactly the words.
    var lead = text.length - text.replace(/^\s+/, "").length;
    var trail = text.length - text.replace(/\s+$/, "").length;
    start += lead; end -= trail;
    if (end <= start) return;
    form.elements.passage.value = passage.dataset.passageId;
    form.elements.span_start.value = start;
    form.elements.span_end.value = end;
    form.elements.text.value = passage.textContent.slice(start, end);
    form.querySelector("[data-selection-label]").textContent = passage.dataset.label;
    form.hidden = false;
    passage.closest(".src-passage").after(form);
  }

  // Its handlers are attached: Enter saves from here on (the browser tests wait for this).
  document.documentElement.dataset.workspace = "ready";
})();
