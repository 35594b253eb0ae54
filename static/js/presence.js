// Presence. The event stream's "presence" events fill #presence (htmx's SSE extension swaps them
// in: who else has the map open, and a hidden list of the claims they edit); this file puts a
// soft "Sam is editing" mark on those claims' cards and details, and tells the server which
// claim's edit form this page has open, so that the others see it.
(function () {
  "use strict";

  // htmx runs the page's scripts again when it restores a page from its history: once is enough
  // (the listeners are on the document; #presence is looked up when needed, it is new then).
  if (!document.getElementById("presence") || window.argmapPresence) return;
  window.argmapPresence = true;
  function box() { return document.getElementById("presence") || document.createElement("div"); }
  var told = { stream: "", editing: "" };  // what the server knows of this page
  var ended = "";  // a stream the server said has ended: wait for the next one's key
  var sending = false;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  // The key of this page's stream, named in its latest presence event ("" before the first).
  function stream() {
    var now = box().querySelector("[data-stream]");
    return now ? now.dataset.stream : "";
  }

  // The claim whose edit form is open in the detail pane, or "".
  function editing() {
    var open = document.querySelector("#detail details.edit[open]");
    var claim = open && open.closest("[data-selected-claim]");
    return claim ? claim.dataset.selectedClaim : "";
  }

  // One request at a time, so that the last word reaches the server last. A new stream (the
  // page reconnected) starts with nothing open: the page says it again.
  function tell() {
    var want = { stream: stream(), editing: editing() };
    if (sending || !want.stream || want.stream === ended) return;
    if (want.stream === told.stream && want.editing === told.editing) return;
    if (want.stream !== told.stream && want.editing === "") {
      told = want;
      return;
    }
    sending = true;
    fetch(box().dataset.presenceUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      body: new URLSearchParams(want),
    }).then(function (response) {
      // Else the stream ended (after Back, the page kept from history names the old one until
      // the new stream's first presence event): said again once that event names the new one.
      if (response.ok) told = want; else ended = want.stream;
    }).catch(function () {}).then(function () {
      sending = false;
      if (want.stream === told.stream) tell();  // it changed meanwhile
    });
  }

  // Marks: the hidden list in #presence says who edits which claim.
  function placeMarks() {
    var texts = {};
    box().querySelectorAll(".presence-marks [data-claim]").forEach(function (item) {
      texts[item.dataset.claim] = item.textContent;
    });
    document.querySelectorAll(".editing-mark").forEach(function (mark) {
      if (texts[mark.dataset.claim] !== mark.dataset.text) mark.remove();
    });
    Object.keys(texts).forEach(function (id) {
      var places = document.querySelectorAll(
        '.claim-card[data-fragment="claim-' + id + '"], #detail [data-selected-claim="' + id + '"] .detail-text'
      );
      places.forEach(function (place) {
        var inCard = place.classList.contains("claim-card");
        var next = inCard ? place.lastElementChild : place.nextElementSibling;
        if (next && next.classList.contains("editing-mark") && next.dataset.text === texts[id]) return;
        var mark = document.createElement("p");
        mark.className = "editing-mark";
        mark.dataset.claim = id;
        mark.dataset.text = texts[id];
        mark.textContent = inCard ? texts[id] : texts[id] + " this claim";
        if (inCard) place.appendChild(mark); else place.after(mark);
      });
    });
  }

  // Swaps (a presence event, a write's answer, a live update) replace cards and panes: look
  // again once the page has changed, at most once a frame.
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      placeMarks();
      tell();
    });
  }).observe(document.body, { childList: true, subtree: true });

  // Opening or closing the edit form (Cancel, Esc, or saving, which redraws the pane closed).
  document.addEventListener("toggle", function (event) {
    if (event.target.matches && event.target.matches("details.edit")) tell();
  }, true);
})();
