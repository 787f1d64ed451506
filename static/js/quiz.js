// Saves each answer as soon as it is given and says whether it was saved. Where the service
// worker runs (static/js/offline.js, sw.js), each answer is first written to the phone, with
// its number, and sent through the worker's queue: offline it waits there, also after the tab
// is closed, and the status says so until the server has it. Without the worker, unsaved
// answers are retried while the page is open. The form still works without this script.
(function () {
  "use strict";
  var form = document.getElementById("quiz-form");
  if (!form) { return; }
  var queue = window.offlineQueue;
  var attemptId = form.dataset.attempt;
  var timed = !!form.dataset.deadline;
  var KEPT = "attempt-" + attemptId;  // localStorage: {question id: {response, seq}}
  var counter = 0;

  function kept() {
    try { return JSON.parse(localStorage.getItem(KEPT)) || {}; } catch (e) { return {}; }
  }
  function keep(id, response, seq) {
    var all = kept();
    all[id] = { response: response, seq: seq };
    try { localStorage.setItem(KEPT, JSON.stringify(all)); } catch (e) { /* full: the queue has it */ }
  }
  // Numbers that grow on this phone, so the server keeps the newest answer of each question.
  function nextSeq() { counter = (counter + 1) % 100; return Date.now() * 100 + counter; }
  function useQueue() { return queue && queue.ready(); }
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

  function savedAt(iso) {
    var time = new Date(iso + "Z");
    return form.dataset.msgSaved + " " + time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  // What the server answered to a saved answer (now, or later from the queue).
  function answered(fieldset, result) {
    var data = result.data || {};
    if (result.status === 200 && data.saved) {
      status(fieldset, savedAt(data.saved_at));
    } else if (data.closed) {
      status(fieldset, form.dataset.msgClosed, true);
      showClosed(data);
    } else {
      status(fieldset, data.message || form.dataset.msgFailed, true);
    }
  }

  function sendThroughQueue(fieldset) {
    var id = fieldset.dataset.question;
    var response = responseOf(fieldset);
    var seq = nextSeq();
    keep(id, response, seq);
    fieldset.dataset.sent = String(seq);
    status(fieldset, form.dataset.msgSaving);
    queue.send(form.dataset.saveUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": tokenMeta.content },
      body: JSON.stringify({ question_id: Number(id), response: response, seq: seq })
    }, { kind: "answer", attempt: attemptId, question: id, seq: seq }).then(function (answer) {
      if (fieldset.dataset.sent !== String(seq)) { return; }  // a newer answer says it
      if (answer.sent) { answered(fieldset, answer.result); } else { status(fieldset, form.dataset.msgQueued, true); }
    }, function () { status(fieldset, form.dataset.msgQueued, true); });
  }

  function send(fieldset, tokenRefreshed) {
    var id = fieldset.dataset.question;
    if (closed) {
      status(fieldset, form.dataset.msgClosed, true);
      return;
    }
    if (useQueue()) { sendThroughQueue(fieldset); return; }
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
    if (useQueue()) { return; }  // the worker's queue sends them
    Object.keys(pending).forEach(function (id) { send(pending[id], false); });
  }
  window.addEventListener("online", retryPending);
  setInterval(retryPending, 5000);

  function fieldsetOf(id) { return form.querySelector('fieldset.question[data-question="' + id + '"]'); }

  function setResponse(fieldset, response) {
    var inputs = fieldset.querySelectorAll("input");
    if (fieldset.dataset.type === "short") { inputs[0].value = response || ""; return; }
    var chosen = Array.isArray(response) ? response.map(String) : [String(response)];
    Array.prototype.forEach.call(inputs, function (input) { input.checked = chosen.indexOf(input.value) >= 0; });
  }

  // The page may be older than what this phone holds (a copy opened offline, a reload before
  // the queue was sent): answers given here with a higher number than the server's are shown.
  var keptAnswers = kept();
  Object.keys(keptAnswers).forEach(function (id) {
    var fieldset = fieldsetOf(id);
    if (fieldset && keptAnswers[id].seq > Number(fieldset.dataset.seq || 0)) {
      setResponse(fieldset, keptAnswers[id].response);
    }
  });

  function submitQueued() {
    submitting = true;
    Array.prototype.forEach.call(form.querySelectorAll("input, button"), function (el) { el.disabled = true; });
    if (document.getElementById("submit-queued")) { return; }
    var notice = document.createElement("p");
    notice.id = "submit-queued";
    notice.className = "flash flash-info";
    notice.setAttribute("role", "status");
    notice.textContent = form.dataset.msgSubmitQueued;
    var actions = form.querySelector(".sticky-actions");
    actions.insertBefore(notice, actions.firstChild);
  }

  function toResult(url) {
    try { localStorage.removeItem(KEPT); } catch (e) { /* nothing kept */ }
    window.location.href = url;
  }

  // What waits in the queue for this attempt: its questions say "not sent yet"; a submission
  // waiting shows as such and the answers can no longer change.
  document.addEventListener("offline-pending", function (event) {
    event.detail.forEach(function (item) {
      if (item.attempt !== attemptId) { return; }
      if (item.kind === "submit") { submitQueued(); return; }
      var fieldset = fieldsetOf(item.question);
      if (fieldset && !fieldset.dataset.sent) { status(fieldset, form.dataset.msgQueued, true); }
    });
  });
  if (queue) {
    queue.onSent(function (item, result) {
      if (item.attempt !== attemptId) { return; }
      if (item.kind === "submit") { toResult(result.url); return; }
      var fieldset = fieldsetOf(item.question);
      if (fieldset && (!fieldset.dataset.sent || fieldset.dataset.sent === String(item.seq))) {
        answered(fieldset, result);
      }
    });
  }

  // Submitting through the queue: graded by the server when it arrives, once however often
  // it is sent. A timed quiz is submitted only online (its clock is the server's).
  function submitThroughQueue() {
    if (timed && !navigator.onLine) {
      var line = form.querySelector(".timed-offline") || document.createElement("p");
      line.className = "flash flash-warning timed-offline";
      line.setAttribute("role", "alert");
      line.textContent = form.dataset.msgTimedOffline;
      form.querySelector(".sticky-actions").prepend(line);
      return;
    }
    var body = new URLSearchParams(new FormData(form));
    body.delete("csrf_token");
    body.set("action", "submit");
    body.set("confirm_blanks", "1");
    submitQueued();
    // Not form.action: the buttons named "action" stand for it there.
    queue.send(form.getAttribute("action") || window.location.pathname, {
      method: "POST", body: body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": tokenMeta.content }
    }, { kind: "submit", attempt: attemptId }).then(function (answer) {
      if (answer.sent) { toResult(answer.result.url); }
    });
  }

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
    if (useQueue()) {
      event.preventDefault();
      if (by === submitButton) { submitThroughQueue(); } else { queue.flush(); }
      return;
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
