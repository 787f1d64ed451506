// Saves each answer as soon as it is given and says whether it was saved. Unsaved answers are
// retried until the connection comes back; the form still works without this script.
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form) { return; }
  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var pending = {};
  var timers = {};
  var inFlight = {};
  var again = {};
  var closed = false;

  function status(fieldset, text, failed) {
    var line = fieldset.querySelector(".save-status");
    line.textContent = text;
    line.classList.toggle("save-failed", !!failed);
  }

  function responseOf(fieldset) {
    var type = fieldset.dataset.type;
    var inputs = fieldset.querySelectorAll("input");
    if (type === "short") { return inputs[0].value; }
    if (type === "multiple") {
      return Array.prototype.filter.call(inputs, function (i) { return i.checked; })
        .map(function (i) { return i.value; });
    }
    var chosen = Array.prototype.find.call(inputs, function (i) { return i.checked; });
    return chosen ? chosen.value : null;
  }

  // The server refused an answer because the attempt is closed (submitted from another tap
  // or phone, or out of time): say so where she looks, next to the buttons, with the way to
  // her result, and send nothing more.
  function showClosed(data) {
    closed = true;
    pending = {};
    if (document.getElementById("attempt-closed")) { return; }
    var notice = document.createElement("p");
    notice.id = "attempt-closed";
    notice.className = "flash flash-error";
    notice.setAttribute("role", "alert");
    notice.textContent = (data.message || form.dataset.msgClosed) + " ";
    if (data.result_url) {
      var link = document.createElement("a");
      link.href = data.result_url;
      link.textContent = form.dataset.msgSeeResult;
      notice.appendChild(link);
    }
    var actions = form.querySelector(".sticky-actions");
    actions.insertBefore(notice, actions.firstChild);
  }

  // The form token lives an hour: a quiz open longer takes a fresh one (for the autosave and
  // for the form's own submit) instead of failing every answer from then on.
  function refreshToken() {
    return fetch(form.dataset.tokenUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (reply) { return reply.json(); })
      .then(function (data) {
        tokenMeta.content = data.token;
        var hidden = form.querySelector('input[name="csrf_token"]');
        if (hidden) { hidden.value = data.token; }
      });
  }

  function send(fieldset, tokenRefreshed) {
    var id = fieldset.dataset.question;
    if (closed) {
      status(fieldset, form.dataset.msgClosed, true);
      return;
    }
    pending[id] = fieldset;
    status(fieldset, form.dataset.msgSaving);
    // One save per question at a time: two quick taps on a checkbox list must not arrive out
    // of order and leave the older answer on the server. The newer one goes when this returns.
    if (inFlight[id]) {
      again[id] = true;
      return;
    }
    inFlight[id] = true;
    fetch(form.dataset.saveUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": tokenMeta.content },
      body: JSON.stringify({ question_id: id, response: responseOf(fieldset) }),
      credentials: "same-origin"
    }).then(function (reply) {
      return reply.json().then(function (data) { return { ok: reply.ok, data: data }; });
    }).then(function (r) {
      if (again[id]) {
        return;  // a newer answer is waiting to go: it says whether it was saved
      }
      if (r.ok && r.data.saved) {
        delete pending[id];
        var time = new Date(r.data.saved_at + "Z");
        status(fieldset, form.dataset.msgSaved + " " + time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
      } else if (r.data.csrf_expired && !tokenRefreshed) {
        refreshToken().then(function () { send(fieldset, true); }, function () {
          status(fieldset, form.dataset.msgFailed, true);
        });
      } else if (r.data.closed) {
        status(fieldset, form.dataset.msgClosed, true);
        showClosed(r.data);
      } else {
        status(fieldset, r.data.message || form.dataset.msgFailed, true);
      }
    }).catch(function () {
      status(fieldset, form.dataset.msgFailed, true);
    }).then(function () {
      inFlight[id] = false;
      if (again[id]) {
        again[id] = false;
        send(fieldset, false);
      }
    });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (fieldset) { send(fieldset, false); }
  });
  form.addEventListener("input", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (!fieldset || fieldset.dataset.type !== "short") { return; }
    clearTimeout(timers[fieldset.dataset.question]);
    timers[fieldset.dataset.question] = setTimeout(function () { send(fieldset, false); }, 800);
  });

  function retryPending() {
    Object.keys(pending).forEach(function (id) { send(pending[id], false); });
  }
  window.addEventListener("online", retryPending);
  setInterval(retryPending, 5000);

  // Submitting with questions left blank asks once, in a dialog that fits a small phone;
  // the hidden field tells the server she confirmed, so it does not ask again on its page.
  var submitButton = document.getElementById("submit-quiz");
  var confirmBlanks = form.querySelector('input[name="confirm_blanks"]');
  var dialog = document.getElementById("blank-dialog");
  var lastButton = null;

  function blankQuestions() {
    return Array.prototype.filter.call(form.querySelectorAll("fieldset.question"), function (fieldset) {
      var response = responseOf(fieldset);
      return response === null || (typeof response === "string" ? response.trim() === "" : response.length === 0);
    });
  }

  function blankMessage(count) {
    return count === 1 ? form.dataset.msgBlankOne : form.dataset.msgBlankMany.replace("{n}", count);
  }

  function submitConfirmed() {
    confirmBlanks.value = "1";
    if (form.requestSubmit) { form.requestSubmit(submitButton); } else { submitButton.click(); }
  }

  function askFirst(blanks) {
    var text = blankMessage(blanks.length);
    if (!dialog || typeof dialog.showModal !== "function") {
      if (window.confirm(text)) { submitConfirmed(); }
      return;
    }
    dialog.querySelector(".confirm-question").textContent = text;
    dialog.showModal();
    dialog.querySelector('[data-choice="back"]').focus();
    dialog.firstBlank = blanks[0];
  }

  if (dialog) {
    dialog.addEventListener("click", function (event) {
      var choice = event.target.dataset && event.target.dataset.choice;
      if (!choice) { return; }
      dialog.close();
      if (choice === "submit") {
        submitConfirmed();
      } else if (dialog.firstBlank) {
        // Back to the first question she left blank.
        dialog.firstBlank.scrollIntoView({ block: "start" });
        var input = dialog.firstBlank.querySelector("input");
        if (input) { input.focus({ preventScroll: true }); }
      }
    });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[type=submit]");
    if (button) { lastButton = button; }
  });

  var submitting = false;
  form.addEventListener("submit", function (event) {
    // One tap is enough: ignore the second tap while the first is on its way.
    if (submitting) { event.preventDefault(); return; }
    var by = event.submitter || lastButton;
    if (by === submitButton && confirmBlanks.value !== "1") {
      var blanks = blankQuestions();
      if (blanks.length) {
        event.preventDefault();
        askFirst(blanks);
        return;
      }
    }
    submitting = true;
  });

  var deadline = form.dataset.deadline ? new Date(form.dataset.deadline) : null;
  var clock = document.getElementById("time-left");
  if (deadline && clock) {
    var tick = function () {
      var left = Math.max(0, Math.round((deadline - new Date()) / 1000));
      clock.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) {
        // Time is up: submitted as it is, without asking about blanks.
        confirmBlanks.value = "1";
        if (!submitting) { submitButton.click(); }
        return;
      }
      setTimeout(tick, 1000);
    };
    tick();
  }
}());
