// Live updates: other people's changes appear in place. The page's event stream is held by htmx's
// SSE extension on #live (sse-connect); each `change` event names the claims it touched. Changes
// arriving together are fetched as one request for the outline's pieces (as this viewer may see
// them) and placed by workspace.js; the detail pane is loaded again if it shows what changed. Never
// under the reader's hands: a piece or a pane holding a form being used waits, with a notice.
// The graph view (graph.js) listens to `argmap:changes` and draws the map again.
(function () {
  "use strict";

  // #live is looked up when needed: htmx's history restores the page's body as new elements.
  function liveElement() { return document.getElementById("live") || document.createElement("div"); }
  var live = document.getElementById("live");
  if (!live || !window.htmx || !window.EventSource) return;
  // htmx runs the page's scripts again when it restores a page from its history: one is enough
  // (its listeners are on the document, so they serve the restored elements too).
  if (window.argmapLive) return;
  window.argmapLive = true;
  var me = live.dataset.me || "";
  var BATCH_MS = 100; // changes within this window (one action makes several) are fetched together
  var OWN_WRITE_MS = 5000; // after this tab's own write, its author's changes are that write's

  var lastSeen = Number((/[?&]last_event_id=(\d+)/.exec(live.getAttribute("sse-connect")) || [])[1] || 0);
  // A replay sends the changes made shortly before the one asked from (events.py REPLAY_WINDOW):
  // those numbered up to the page's own are shown already, or committed late: their outline
  // pieces are placed again, and nothing more (no announcement, no reload of the pane or graph).
  var drawnUpTo = lastSeen;
  // Ids are given when a change is written, but transactions commit in any order: change 101 may
  // arrive after 102. So what was handled is remembered by id, not as "up to the highest".
  var handled = new Set();
  var waiting = []; // changes not handled yet
  var deferred = {}; // claim ids whose pieces wait for a form to be closed
  var timer = null;
  var busy = false; // a batch is being fetched
  var writes = 0, lastWriteStart = 0, lastWrite = 0; // this tab's writes in flight; when the last began, ended
  var stopped = false;

  // When the extension opens the stream again (after the browser gave up reconnecting), it
  // starts from the last change this page saw: EventSource's Last-Event-ID header is lost then.
  window.htmx.createEventSource = function (url) {
    var address = new URL(url, window.location.href);
    if (lastSeen) address.searchParams.set("last_event_id", String(lastSeen));
    return new EventSource(address.toString(), { withCredentials: true });
  };

  function status(text) {
    var line = document.getElementById("live-status");
    if (line) line.textContent = text;
  }

  // A lasting notice while pieces of the outline wait for a form (the status line moves on).
  function waitingNotice(show) {
    var notice = document.querySelector(".live-waiting");
    var line = document.getElementById("live-status");
    if (!notice && show && line) {
      notice = document.createElement("p");
      notice.className = "notice live-waiting";
      notice.textContent = "Someone changed part of the outline you are working in: it will " +
        "show the latest when you close or send your form.";
      line.after(notice);
    }
    if (notice) notice.hidden = !show;
  }

  // ---- the stream --------------------------------------------------------------------------

  document.addEventListener("htmx:sseOpen", function () {
    document.documentElement.dataset.live = "open"; // for the browser tests
  });

  document.addEventListener("htmx:sseError", function () {
    if (!stopped) document.documentElement.dataset.live = "reconnecting";
  });

  // The extension triggers sse:<name> on the element that listens for it (data-live-listener).
  function ours(event) {
    return event.target.matches && event.target.matches("[data-live-listener]");
  }

  document.addEventListener("sse:change", function (event) {
    if (!ours(event)) return;
    var message = event.detail, id = Number(message.lastEventId || 0);
    if (id && handled.has(id)) return; // replayed after a reconnect, handled already
    if (id) {
      handled.add(id);
      if (handled.size > 2000) handled.delete(handled.values().next().value); // the oldest
      lastSeen = Math.max(lastSeen, id);
    }
    if (stopped) return;
    var change = JSON.parse(message.data);
    if (mine(change)) return; // this tab's own write: its answer has updated the page
    change.quiet = id <= drawnUpTo;
    waiting.push(change);
    schedule();
  });

  document.addEventListener("sse:closed", function (event) {
    if (!ours(event)) return;
    stopped = true; // sse-close="closed" has closed the stream: no reconnecting
    document.documentElement.dataset.live = "closed";
    var box = document.createElement("p");
    box.className = "notice live-closed";
    box.setAttribute("role", "alert");
    box.textContent = JSON.parse(event.detail.data).reason + " Live updates have stopped.";
    liveElement().prepend(box);
    waiting = [];
  });

  // This tab's writes: an event by this user while one is in flight (or just ended) is its own.
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if ((event.detail.requestConfig || {}).verb === "get") return;
    writes += 1;
    lastWriteStart = Date.now();
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if ((event.detail.requestConfig || {}).verb === "get") return;
    writes = Math.max(0, writes - 1);
    lastWrite = Date.now();
  });

  function mine(change) {
    if (!me || String(change.actor_id) !== me) return false;
    var now = Date.now();
    if (writes > 0 && now - lastWriteStart < 30000) return true; // (a lost request ends it)
    return now - lastWrite < OWN_WRITE_MS; // else another tab or device
  }

  // ---- a batch of changes ------------------------------------------------------------------

  function schedule() {
    if (!timer && !busy) timer = setTimeout(flush, BATCH_MS);
  }

  function flush() {
    timer = null;
    var changes = waiting;
    waiting = [];
    var claims = {};
    changes.forEach(function (c) { c.claim_ids.forEach(function (id) { claims[id] = true; }); });
    var retrying = Object.keys(deferred);
    retrying.forEach(function (id) { claims[id] = true; });
    deferred = {};
    busy = true;
    placePieces(Object.keys(claims)).then(function () {
      if (retrying.length && !Object.keys(deferred).length) waitingNotice(false);
      changes = changes.filter(function (c) { return !c.quiet; });
      if (changes.length) {
        refreshDetail(claims, changes[changes.length - 1]);
        announce(changes);
        var drawn = changes.some(function (c) { return c.claim_ids.length > 0; }); // not a member's role
        if (drawn) document.dispatchEvent(new CustomEvent("argmap:changes", { detail: { changes: changes } }));
      }
    }).catch(function () {
      Object.keys(claims).forEach(function (id) { deferred[id] = true; }); // asked for again later
      status("Some changes could not be shown yet. Reload the page to see the map as it is now.");
    }).then(function () {
      busy = false;
      if (waiting.length) schedule();
    });
  }

  // The outline's pieces of these claims, fetched once and placed by workspace.js.
  function placePieces(ids) {
    var url = liveElement().dataset.fragmentsUrl;
    var workspace = window.argmapWorkspace;
    if (!url || !workspace || !ids.length || !document.getElementById("outline-pane")) {
      return Promise.resolve();
    }
    var chunks = [];
    for (var i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100)); // the view's bound
    return Promise.all(chunks.map(function (chunk) {
      var query = chunk.map(function (id) { return "claims=" + encodeURIComponent(id); }).join("&");
      return fetch(url + "?" + query, { credentials: "same-origin", headers: { "HX-Request": "true" } })
        .then(function (response) {
          if (!response.ok) throw new Error("fragments " + response.status);
          return response.text();
        });
    })).then(function (answers) {
      answers.forEach(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var holder = page.getElementById("fragments");
        if (holder) workspace.placeFragments(holder);
      });
    });
  }

  // Pieces a form kept back come again once that form is closed or sent.
  document.addEventListener("argmap:deferred", function (event) {
    event.detail.claims.forEach(function (id) { deferred[id] = true; });
    waitingNotice(true);
  });

  function retryDeferred() {
    if (Object.keys(deferred).length) setTimeout(schedule, 0);
  }
  document.addEventListener("toggle", retryDeferred, true); // a <details> closed (toggle does not bubble)
  document.body.addEventListener("htmx:afterSettle", retryDeferred); // a form was sent
  document.addEventListener("focusout", retryDeferred);

  // ---- the detail pane ---------------------------------------------------------------------

  // The claims the pane shows: the selected claim and every claim it links to.
  function claimsShown(pane) {
    var ids = {};
    var selected = pane.querySelector("[data-selected-claim]");
    if (selected) ids[selected.dataset.selectedClaim] = true;
    pane.querySelectorAll("a[href]").forEach(function (link) {
      var match = /\/claims\/(\d+)\/$/.exec(link.getAttribute("href").split(/[?#]/)[0]);
      if (match) ids[match[1]] = true;
    });
    return ids;
  }

  function shownUrl(pane) {
    var claim = pane.querySelector("[data-selected-claim]");
    var argument = pane.querySelector("[data-selected-argument]");
    var live = liveElement();
    if (!live.dataset.claimUrl) return null;
    if (claim) return live.dataset.claimUrl.replace(/\/0\/$/, "/" + claim.dataset.selectedClaim + "/");
    if (argument) return live.dataset.argumentUrl.replace(/\/0\/$/, "/" + argument.dataset.selectedArgument + "/");
    return null;
  }

  function refreshDetail(claims, latest) {
    var pane = document.getElementById("detail");
    var url = pane && shownUrl(pane);
    if (!url) return;
    var shown = claimsShown(pane);
    if (!Object.keys(claims).some(function (id) { return shown[id]; })) return;
    var inUse = window.argmapWorkspace ? window.argmapWorkspace.inUse(pane) : true;
    if (!inUse) {
      window.htmx.ajax("GET", url, { target: "#detail", swap: "innerHTML" });
      return;
    }
    var what = pane.querySelector("[data-selected-claim]") ? "this claim" : "this argument";
    var notice = pane.querySelector(".live-notice");
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "notice live-notice";
      notice.setAttribute("role", "status");
      pane.prepend(notice);
    }
    notice.textContent = latest.actor + " changed " + what + " \u2014 ";
    var show = document.createElement("button");
    show.type = "button";
    show.className = "link";
    show.textContent = "show latest";
    show.addEventListener("click", function () {
      window.htmx.ajax("GET", url, { target: "#detail", swap: "innerHTML" });
    });
    notice.appendChild(show);
  }

  // ---- telling screen readers --------------------------------------------------------------

  function announce(changes) {
    var actions = [], text = {};
    changes.forEach(function (c) {
      if (!(c.action in text)) actions.push(c.action);
      text[c.action] = c.actor + " " + c.description; // "added a reason" after its claim
    });
    var more = actions.length - 1;
    status(text[actions[actions.length - 1]] + (more ? " (and " + more + " more change" + (more > 1 ? "s" : "") + ")" : ""));
  }
})();
