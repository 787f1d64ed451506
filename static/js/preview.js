// Lesson preview without reloading the page. The Preview button still works without this
// script: the server then shows the same preview below the form.
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview-url]");
  if (!form) { return; }
  var button = form.querySelector("button[name=preview]");
  var box = document.getElementById("preview-box");
  var target = document.getElementById("preview");

  function show(html) {
    // The server sanitised this HTML (lms/core/markdown.py); it is the same as the saved lesson.
    target.innerHTML = html;
    box.hidden = false;
    box.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    var data = new FormData();
    data.append("csrf_token", form.elements.csrf_token.value);
    data.append("body", form.elements.body.value);
    fetch(form.dataset.previewUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (reply) {
        if (!reply.ok) { throw new Error(reply.status); }
        return reply.text();
      })
      .then(show)
      .catch(function () {
        // Expired session or network trouble: fall back to the server-side preview.
        form.requestSubmit(button);
      });
  });
}());
