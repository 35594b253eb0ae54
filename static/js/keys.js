// The workspace by keyboard (issue 15): the outline is a tree (WAI-ARIA tree view pattern) with
// one tab stop, arrow keys move between claims, single keys act on the focused claim, and after
// a save the focus lands on what was made. The templates carry the tree's roles; this file keeps
// levels, expanded states and the one tab stop right after the pieces of a change are swapped in.
(function () {
  "use strict";
  if (window.argmapKeys) return; // htmx may run the page's scripts again (history restore)

  var ITEM = '[role="treeitem"]';
  var origin = null; // the claim whose tree item a key's form was opened from
  var lastClaim = null; // the claim whose tree item had the focus last

  function tree() { return document.querySelector('#outline-pane [role="tree"]'); }
  function detail() { return document.getElementById("detail"); }
  function live() { return document.getElementById("live"); }

  // Keys never act while someone types: their text (and the browser's own undo) comes first.
  function typing(element) {
    if (!element || element === document.body) return false;
    if (element.isContentEditable || element.matches("textarea, select")) return true;
    return element.matches("input") &&
      !/^(checkbox|radio|button|submit|reset|range|color|file|image)$/.test(element.type);
  }

  // ---- the tree --------------------------------------------------------------------------

  function visibleItems() {
    var root = tree();
    if (!root) return [];
    return Array.prototype.filter.call(root.querySelectorAll(ITEM), function (item) {
      return !item.parentElement.closest("[hidden]");
    });
  }

  function itemOfClaim(id) {
    if (id == null) return null;
    return document.getElementById("claim-" + id) ||
      document.querySelector('#outline-pane [data-claim-id="' + id + '"]');
  }

  function ownGroup(item) { return item.querySelector(':scope > [role="group"]'); }
  function hasChildren(item) {
    var group = ownGroup(item);
    return Boolean(group && group.querySelector(ITEM));
  }
  function loadLink(item) { return item.querySelector(":scope > .claim-box > a.more"); }
  function parentItem(item) { return item.parentElement.closest(ITEM); }

  function focusItem(item) {
    if (!item) return;
    var root = tree();
    if (root) {
      root.querySelectorAll(ITEM + '[tabindex="0"]').forEach(function (other) {
        if (other !== item) other.tabIndex = -1;
      });
    }
    item.tabIndex = 0;
    item.focus({ preventScroll: true });
    // Its own card: the item holds its whole branch, often taller than the screen.
    (item.querySelector(":scope > .claim-box") || item).scrollIntoView({ block: "nearest" });
    lastClaim = item.dataset.claimId;
  }

  // Levels, expanded states, selection and the one tab stop, after any swap.
  var syncing = false;
  function sync() {
    syncing = false;
    var root = tree();
    if (!root) return;
    var items = root.querySelectorAll(ITEM);
    var stop = null;
    items.forEach(function (item) {
      var level = 1;
      for (var up = parentItem(item); up; up = parentItem(up)) level++;
      if (item.getAttribute("aria-level") !== String(level)) item.setAttribute("aria-level", level);
      var group = ownGroup(item);
      var expanded = hasChildren(item) ? String(!group.hidden) : loadLink(item) ? "false" : null;
      if (expanded === null) item.removeAttribute("aria-expanded");
      else if (item.getAttribute("aria-expanded") !== expanded) item.setAttribute("aria-expanded", expanded);
      var box = item.querySelector(":scope > .claim-box");
      var selected = String(Boolean(box && box.classList.contains("selected")));
      if (item.getAttribute("aria-selected") !== selected) item.setAttribute("aria-selected", selected);
      if (item.tabIndex === 0) {
        if (stop || item.parentElement.closest("[hidden]")) item.tabIndex = -1; else stop = item;
      }
    });
    // The item that had the focus was swapped for a fresh copy: the copy takes it.
    if (lastClaim && document.activeElement === document.body) {
      var again = itemOfClaim(lastClaim);
      if (again && root.contains(again)) { focusItem(again); return; }
    }
    if (!stop && items.length) {
      var selected = root.querySelector(ITEM + '[aria-selected="true"]');
      (selected || visibleItems()[0] || items[0]).tabIndex = 0;
    }
  }
  function scheduleSync() {
    if (syncing) return;
    syncing = true;
    Promise.resolve().then(sync);
  }
  new MutationObserver(scheduleSync).observe(document.body, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["class", "hidden"],
  });

  function move(item, key) {
    var items = visibleItems();
    var at = items.indexOf(item);
    if (key === "ArrowDown") return focusItem(items[at + 1]);
    if (key === "ArrowUp") return focusItem(items[at - 1]);
    if (key === "Home") return focusItem(items[0]);
    if (key === "End") return focusItem(items[items.length - 1]);
    var group = ownGroup(item);
    if (key === "ArrowRight") {
      if (group && group.hidden) { group.hidden = false; return; }
      if (hasChildren(item)) return focusItem(group.querySelector(ITEM));
      var more = loadLink(item);
      if (more) { pendingFocus = item.dataset.claimId; more.click(); }
      return;
    }
    if (key === "ArrowLeft") {
      if (hasChildren(item) && !group.hidden) { group.hidden = true; return; }
      focusItem(parentItem(item));
    }
  }
  var pendingFocus = null; // a branch loading in place of the focused item

  // ---- acting on the focused claim -------------------------------------------------------

  function say(text) {
    var status = document.getElementById("keys-status");
    if (status) status.textContent = text;
  }

  function url(kind, id) {
    var template = live() && live().dataset[kind + "Url"]; // ".../claims/0/"
    return template ? template.replace(/\/0\/$/, "/" + id + "/") : null;
  }

  // Show a claim or an argument in the detail pane, as a click on it does; resolved once the
  // pane has settled (htmx wires the new forms then: sent before, a form would leave the page).
  function show(kind, id) {
    var pane = detail();
    var shown = pane && pane.querySelector("[data-selected-" + kind + '="' + id + '"]');
    if (shown) return Promise.resolve();
    var address = url(kind, id);
    if (!address) return Promise.reject(new Error("no " + kind + " address"));
    return new Promise(function (resolve, reject) {
      function settled(event) {
        if (event.target !== detail()) return;
        document.body.removeEventListener("htmx:afterSettle", settled);
        resolve();
      }
      document.body.addEventListener("htmx:afterSettle", settled);
      htmx.ajax("GET", address, { target: "#detail", swap: "innerHTML" }).then(function () {
        history.pushState({}, "", address);
      }, function (error) {
        document.body.removeEventListener("htmx:afterSettle", settled);
        reject(error);
      });
    });
  }

  // The argument the focused claim is a premise of (u, c, m and a act on it).
  function argumentOf(item) {
    var argument = item.parentElement.closest("li.argument[data-argument-id]");
    if (!argument) say("This claim is not a premise of an argument; select a reason or an objection.");
    return argument ? argument.dataset.argumentId : null;
  }

  // Open one of the detail pane's forms and put the caret in its box. What is typed while the
  // pane loads is kept for the box: words typed fast after "r" are words, never commands.
  var early = null;
  function openForm(kind, id, details, choose) {
    var from = lastClaim;
    early = "";
    return show(kind, id).then(function () {
      var typed = early;
      early = null;
      var box = detail().querySelector("details." + details);
      if (!box) { say("You can read this map, not change it."); return; }
      box.open = true;
      if (choose) {
        var radio = box.querySelector('input[name="kind"][value="' + choose + '"]');
        if (radio) radio.checked = true;
      }
      var field = box.querySelector("textarea, input[type=search]");
      origin = from;
      if (field) {
        var send = /\n$/.test(typed || "");
        if (typed) field.value += typed.replace(/\n$/, "");
        field.focus();
        field.scrollIntoView({ block: "nearest" });
        if (field.setSelectionRange) field.setSelectionRange(field.value.length, field.value.length);
        if (send && field.value.trim()) window.argmapWorkspace.send(field.form);
      }
    }).catch(function () { early = null; });
  }

  function act(item, key) {
    var claim = item.dataset.claimId;
    var argument;
    switch (key) {
      case "Enter": {
        var repeated = item.querySelector(":scope > .claim-box > a.ref");
        if (repeated) { focusItem(itemOfClaim(claim)); return true; }
        var link = item.querySelector(":scope > .claim-box a.claim-text");
        if (link) link.click();
        return true;
      }
      case "r": openForm("claim", claim, "add-argument", "support"); return true;
      case "o": openForm("claim", claim, "add-argument", "attack"); return true;
      case "e": openForm("claim", claim, "edit"); return true;
      case "u": argument = argumentOf(item); if (argument) openForm("argument", argument, "add-undercut"); return true;
      case "c": argument = argumentOf(item); if (argument) openForm("argument", argument, "add-premise"); return true;
      case "m": argument = argumentOf(item); if (argument) openForm("argument", argument, "move"); return true;
      case "a": argument = argumentOf(item); if (argument) show("argument", argument); return true;
      case "Delete": {
        var from = lastClaim;
        show("claim", claim).then(function () {
          var button = detail().querySelector(".danger-zone button.danger");
          if (!button) { say("You can read this map, not change it."); return; }
          origin = from;
          button.focus();
          button.scrollIntoView({ block: "nearest" });
          say("Press Enter to delete this claim, or Escape to keep it.");
        });
        return true;
      }
    }
    return false;
  }

  // ---- the list of keys ------------------------------------------------------------------

  var beforeDialog = null;
  function showKeys() {
    var dialog = document.getElementById("keys-dialog");
    if (!dialog || dialog.open) return;
    beforeDialog = document.activeElement;
    dialog.showModal();
  }
  document.addEventListener("close", function (event) {
    if (event.target.id !== "keys-dialog") return;
    if (beforeDialog && beforeDialog.isConnected) beforeDialog.focus();
    beforeDialog = null;
  }, true);

  function press(id) {
    var button = document.getElementById(id);
    if (button && !button.disabled) button.click();
  }

  // ---- the keys ----------------------------------------------------------------------------

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.defaultPrevented || event.isComposing) return;
    // Escape in the detail pane, in a form a key opened, closes it and goes back to the tree
    // item it came from (a form opened by a click: workspace.js closes it, focus on its summary).
    if (event.key === "Escape" && detail() && detail().contains(target)) {
      var back = itemOfClaim(origin);
      if (!back || !tree() || !tree().contains(back)) return;
      var open = target.closest("details[open]");
      if (open) open.open = false;
      event.preventDefault();
      event.stopPropagation();
      origin = null;
      say("");
      focusItem(back);
      return;
    }
    // Enter in a claim picker's search box chooses the first claim found and saves.
    if (event.key === "Enter" && target.matches(".picker input[type=search]")) {
      var first = target.closest(".picker").querySelector(".picker-results input[type=radio]");
      if (first) {
        event.preventDefault();
        first.checked = true;
        window.argmapWorkspace.send(target.form);
      }
      return;
    }
    if (typing(target) || document.querySelector("dialog[open]")) return;
    if (early !== null && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (event.key.length === 1) early += event.key;
      else if (event.key === "Backspace") early = early.slice(0, -1);
      else if (event.key === "Enter" && !event.shiftKey) early += "\n"; // saves, once open
      else return;
      event.preventDefault();
      return;
    }
    var mod = event.ctrlKey || event.metaKey;
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (mod && !event.altKey && (key === "z" || key === "y")) {
      event.preventDefault();
      press(key === "y" || event.shiftKey ? "redo-button" : "undo-button");
      return;
    }
    if (mod || event.altKey) return;
    if (event.key === "?") { event.preventDefault(); showKeys(); return; }
    if (event.key === "/") {
      var search = document.getElementById("map-search");
      if (search) { event.preventDefault(); search.focus(); }
      return;
    }
    // The tree item, or a link of its own card that a click focused (links in the tree are
    // out of the tab order: the item stands for them).
    var item = target.closest && target.closest(ITEM);
    if (!item || !tree() || !tree().contains(item)) return;
    if (target !== item && !(target.matches('a[tabindex="-1"]') &&
        target.closest(".claim-box") && target.closest(".claim-box").parentElement === item)) return;
    if (/^(ArrowUp|ArrowDown|ArrowLeft|ArrowRight|Home|End)$/.test(event.key)) {
      event.preventDefault();
      move(item, event.key);
    } else if (!event.shiftKey && act(item, key === "Backspace" ? "Delete" : key)) { // a Mac's delete key
      event.preventDefault();
    }
  });

  document.addEventListener("focusin", function (event) {
    var item = event.target.closest && event.target.closest(ITEM);
    if (item && item === event.target && tree() && tree().contains(item)) {
      lastClaim = item.dataset.claimId;
      if (item.tabIndex !== 0) focusItem(item);
    }
  });

  // A mouse takes over from the keys: Escape no longer goes back to where a key began.
  document.addEventListener("mousedown", function () { origin = null; }, true);

  // A click on a claim's card makes its tree item the tab stop (without taking the focus).
  document.addEventListener("click", function (event) {
    var item = event.target.closest && event.target.closest(ITEM);
    if (!item || !tree() || !tree().contains(item)) return;
    tree().querySelectorAll(ITEM + '[tabindex="0"]').forEach(function (other) { other.tabIndex = -1; });
    item.tabIndex = 0;
    lastClaim = item.dataset.claimId;
  });

  // Ctrl+Enter (Cmd+Enter) in a form that adds to a claim or an argument saves (workspace.js
  // sends it, as Enter does) and opens the same form again, for the next reason or objection.
  var again = null;
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || event.shiftKey || !(event.ctrlKey || event.metaKey)) return;
    if (!field.matches || !field.matches("#detail textarea[data-enter-submits]")) return;
    var box = field.closest("details.add-argument, details.add-premise, details.add-undercut");
    if (!box) return;
    var kind = box.querySelector('input[name="kind"]:checked');
    again = { details: box.classList[0], kind: kind ? kind.value : null, from: origin, typed: "" };
    // The form's values are on their way (htmx reads them as the form is sent): the box is
    // emptied for the next one, and what is typed there meanwhile goes to the new box.
    setTimeout(function () { field.value = ""; }, 0);
  }, true);

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (!again || event.target !== detail()) return;
    var old = detail().querySelector("details." + again.details + " textarea");
    again.typed = old ? old.value : "";
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (!again || event.target !== detail()) return;
    var next = again;
    again = null;
    var reopened = detail().querySelector("details." + next.details);
    var ok = event.detail.xhr && event.detail.xhr.status < 300;
    if (!reopened || !ok) return; // an error shows the form as it was sent, with its message
    origin = next.from;
    reopened.open = true;
    var radio = next.kind && reopened.querySelector('input[name="kind"][value="' + next.kind + '"]');
    if (radio) radio.checked = true;
    var box = reopened.querySelector("textarea");
    box.value = next.typed;
    box.focus();
    reopened.scrollIntoView({ block: "nearest" });
    reopenedBy = event.detail.xhr;
  });
  var reopenedBy = null; // the answer whose form opened again: the focus stays there

  // ---- after a save ------------------------------------------------------------------------

  // A write names the claims it made (X-Argmap-Made): the focus goes to the first one's tree
  // item; a write that made none goes back to the item its form was opened from. The form that
  // made a central claim is emptied and closed, so that a stray Tab and Enter cannot send it
  // again (that made an unwanted second central claim).
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var info = event.detail || {};
    var xhr = info.xhr;
    if (pendingFocus) {
      var loaded = itemOfClaim(pendingFocus);
      if (loaded && loaded.isConnected) { pendingFocus = null; focusItem(loaded); }
    }
    if (!xhr || xhr.status >= 300 || !info.requestConfig || info.requestConfig.verb !== "post") return;
    if (event.target !== detail()) return; // once per answer: when the detail pane has settled
    if (window.argmapWorkspace) window.argmapWorkspace.placeFragments();
    var elt = info.requestConfig.elt;
    var form = elt && elt.closest && elt.closest("form");
    if (form && form.isConnected && document.getElementById("outline-pane").contains(form)) {
      form.reset();
      var box = form.closest("details");
      if (box) box.open = false;
    }
    if (reopenedBy === xhr) { reopenedBy = null; return; }
    var made = (xhr.getResponseHeader("X-Argmap-Made") || "").split(" ").filter(Boolean);
    var item = itemOfClaim(made[0]);
    if (!item && detail().querySelector("[autofocus]")) return; // "Undo" after a deletion
    item = item || itemOfClaim(origin);
    if (item && tree() && tree().contains(item)) {
      origin = null;
      focusItem(item);
    }
  });

  window.argmapKeys = { sync: sync };
  sync();
  document.documentElement.dataset.keys = "ready"; // the browser tests wait for this
})();
