// The question editor shows only the parts of the chosen question type (the options to tick,
// the true/false choice, the accepted answers). Without this script every part stays shown,
// each saying which type it is for.
(function () {
  "use strict";
  var form = document.querySelector("form.question-form");
  if (!form) { return; }
  var type = form.elements.type;
  var parts = form.querySelectorAll("[data-types]");

  function show() {
    Array.prototype.forEach.call(parts, function (part) {
      part.hidden = part.dataset.types.split(" ").indexOf(type.value) === -1;
    });
  }

  type.addEventListener("change", show);
  show();
}());
