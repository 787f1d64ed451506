/* A SCORM lesson's page: runs scorm-again's SCORM 1.2 runtime for the package in the frame,
 * answers the frame's postMessage calls (CrossFrameLMS) and saves what the package records
 * to the server as she goes: on every commit, on finish and when her status changes. */
(function () {
  "use strict";
  var box = document.querySelector(".scorm-lesson");
  if (!box) return;
  var frame = box.querySelector(".scorm-frame");
  var status = box.querySelector(".scorm-status");
  var done = document.querySelector(".lesson-done");
  var api = new window.Scorm12API({ logLevel: 4, autocommit: false, lmsCommitUrl: false });
  api.loadFromJSON(JSON.parse(document.getElementById("scorm-cmi").textContent));
  var saving = Promise.resolve();

  function save() {
    var cmi = JSON.parse(JSON.stringify(api.cmi));
    var body = JSON.stringify({ cmi: { core: cmi.core, suspend_data: cmi.suspend_data } });
    saving = saving.then(function () {
      return fetch(box.dataset.saveUrl, {
        method: "POST", credentials: "same-origin", body: body,
        headers: { "Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf }
      }).then(function (response) { return response.json(); }).then(function (result) {
        if (!result.saved) throw new Error(result.message);
        status.textContent = "";
        if (result.done && done) done.hidden = false;
      }).catch(function () { status.textContent = box.dataset.msgUnsaved; });
    });
  }
  api.on("LMSCommit", save);
  api.on("LMSFinish", save);
  api.on("LMSSetValue.cmi.core.lesson_status", save);

  // Only the package's frame (or frames inside it) may call the runtime: its origin is opaque
  // ("null"), so messages are told apart by the window they come from.
  function fromPackage(source) {
    for (var win = source, depth = 0; win && depth < 10; win = win.parent, depth++) {
      if (win === frame.contentWindow) return true;
      if (win === win.parent) return false;
    }
    return false;
  }
  window.addEventListener("message", function (event) {
    if (!fromPackage(event.source)) event.stopImmediatePropagation();
  });
  // Replies go back to the sending frame only, whose origin cannot be named ("null").
  new window.CrossFrameLMS(api, "*");
  frame.name = "scorm-cmi:" + JSON.stringify(api.getFlattenedCMI());
  frame.src = frame.dataset.src;
})();
