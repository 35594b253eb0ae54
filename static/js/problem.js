/* argmap: when the server refuses an in-page action, say so instead of doing nothing. */
(function () {
  "use strict";
  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status, box = document.getElementById("problem");
    box.textContent = status === 403 ? "Your role on this map does not allow that."
      : status === 404 ? "That is no longer there. Reload the page to see the map as it is now."
      : status === 503 ? "argmap cannot reach its database just now. Nothing was changed; try again in a minute."
      : "Something went wrong (" + status + "). Nothing was changed; try again.";
    box.hidden = false;
    setTimeout(function () { box.hidden = true; }, 8000);
  });
  document.body.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("problem");
    box.textContent = "The server cannot be reached. Check your connection and try again.";
    box.hidden = false;
  });
})();
