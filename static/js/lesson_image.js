// "Insert image" in the lesson editor: uploads the image with its description and puts its
// Markdown line where the cursor is in the lesson text, without leaving the page. Without this
// script the button sends the whole form and the page comes back with the line to paste.
(function () {
  "use strict";
  var box = document.getElementById("insert-image");
  if (!box) { return; }
  var form = box.closest("form");
  var body = form.elements.body;
  var alt = form.elements.image_alt;
  var file = form.elements.image_file;
  var button = box.querySelector("button[name=upload_image]");
  var status = document.getElementById("insert-image-status");
  var url = button.getAttribute("formaction").split("#")[0];
  // Until she has clicked in the text, the image goes at its end rather than before it all.
  var touched = false;

  body.addEventListener("focus", function () { touched = true; });

  function say(text) { status.textContent = text; }

  function clearError(input) {
    var wrapper = input.closest(".field");
    wrapper.classList.remove("has-error");
    Array.prototype.forEach.call(wrapper.querySelectorAll(".error"), function (p) { p.remove(); });
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }

  // The same markup as the server's form macro: the message under the field, linked to it.
  function showError(input, message) {
    clearError(input);
    var wrapper = input.closest(".field");
    var line = document.createElement("p");
    line.className = "error";
    line.id = input.id + "-error";
    line.textContent = message;
    wrapper.classList.add("has-error");
    wrapper.appendChild(line);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", line.id);
  }

  // The line on its own paragraph, whatever lies around the cursor.
  function insert(markdown) {
    var text = body.value;
    var start = touched ? body.selectionStart : text.length;
    var end = touched ? body.selectionEnd : text.length;
    var before = text.slice(0, start);
    var after = text.slice(end);
    var lead = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
    var trail = after === "" || /^\n\n/.test(after) ? "" : (/^\n/.test(after) ? "\n" : "\n\n");
    body.value = before + lead + markdown + trail + after;
    var caret = (before + lead + markdown).length;
    body.focus();
    body.setSelectionRange(caret, caret);
  }

  function done(markdown) {
    insert(markdown);
    alt.value = "";
    file.value = "";
    box.open = false;
    say(box.dataset.msgInserted);
  }

  function refused(errors) {
    var first = null;
    [["image_alt", alt], ["image_file", file]].forEach(function (pair) {
      var messages = errors[pair[0]];
      if (messages && messages.length) {
        showError(pair[1], messages[0]);
        first = first || pair[1];
      }
    });
    say("");
    if (first) {
      first.focus();
    } else {
      button.disabled = false;
      form.requestSubmit(button);
    }
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    clearError(alt);
    clearError(file);
    // The description first: an image nobody described is not uploaded.
    if (!alt.value.trim()) {
      showError(alt, box.dataset.msgAlt);
      alt.focus();
      return;
    }
    if (!file.files.length) {
      showError(file, box.dataset.msgFile);
      file.focus();
      return;
    }
    var data = new FormData();
    data.append("csrf_token", form.elements.csrf_token.value);
    data.append("image_alt", alt.value);
    data.append("image_file", file.files[0]);
    button.disabled = true;
    say(box.dataset.msgSending);
    fetch(url, { method: "POST", body: data, credentials: "same-origin",
                 headers: { Accept: "application/json" } })
      .then(function (reply) {
        var type = reply.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          // An expired form or a file over the site's limit: let the page say it, the lesson
          // text travelling with the form as without this script.
          throw new Error("fallback");
        }
        return reply.json().then(function (json) {
          if (reply.ok) { done(json.markdown); } else { refused(json.errors || {}); }
        });
      })
      .catch(function (error) {
        button.disabled = false;
        if (error.message === "fallback") {
          form.requestSubmit(button);
        } else {
          say(box.dataset.msgFailed);
        }
      })
      .then(function () { button.disabled = false; });
  });
}());
