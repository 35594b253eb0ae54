// Live updates on the workspace: a polite notice when someone else changes the map, never a swap
// under the reader's hands. "Show" reloads the page, unless a form holds text being typed.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !window.EventSource) return;
  var me = script.dataset.me || "";
  var source = new EventSource(script.dataset.events);
  var actions = [];  // actions of others not shown yet, latest last
  var notice = null;

  function noticeElement() {
    if (notice) return notice;
    notice = document.createElement("div");
    notice.className = "notice live-notice";
    notice.setAttribute("role", "status");
    notice.setAttribute("aria-live", "polite");
    var head = document.querySelector(".ws-head") || document.body;
    head.appendChild(notice);
    return notice;
  }

  function typing() {
    var fields = document.querySelectorAll("form textarea, form input[type=text], form input:not([type])");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value !== fields[i].defaultValue) return true;
    }
    return false;
  }

  function say(text, withShow) {
    var box = noticeElement();
    box.textContent = text;
    if (withShow) {
      box.appendChild(document.createTextNode(" — "));
      var show = document.createElement("button");
      show.type = "button";
      show.className = "link";
      show.textContent = "show";
      show.addEventListener("click", function () {
        if (typing()) {
          say("Save or cancel what you are typing first, then show the changes.", true);
        } else {
          window.location.reload();
        }
      });
      box.appendChild(show);
    }
  }

  source.addEventListener("open", function () {
    document.documentElement.dataset.live = "open";  // for the browser tests
  });

  source.addEventListener("change", function (event) {
    var change = JSON.parse(event.data);
    if (change.actor === me) return;  // my own edits are on my page already
    var known = actions.filter(function (a) { return a.action === change.action; })[0];
    if (known) {
      known.text = change.actor + " " + change.description;  // "added a reason" after its claim
    } else {
      actions.push({ action: change.action, text: change.actor + " " + change.description });
    }
    var latest = actions[actions.length - 1].text;
    var more = actions.length > 1 ? " (and " + (actions.length - 1) + " more)" : "";
    say(latest + more, true);
  });

  source.addEventListener("closed", function (event) {
    source.close();  // else EventSource would reconnect
    say(JSON.parse(event.data).reason, false);
  });
})();
