// The toolbar's Undo and Redo (templates/maps/_undo_toolbar.html): they send along what the
// detail pane shows, so the answer shows it again as it is now (or says it is gone).
(function () {
  "use strict";
  document.body.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form[data-undo-form]");
    if (!form) return;
    var claim = document.querySelector("#detail [data-selected-claim]");
    var argument = document.querySelector("#detail [data-selected-argument]");
    if (claim) event.detail.parameters.selected_claim = claim.dataset.selectedClaim;
    else if (argument) event.detail.parameters.selected_argument = argument.dataset.selectedArgument;
  });
})();
