// The check-in screen asks the server every 5 seconds (and right when the 30-second code
// changes) for the code, the count and the latest names; it swaps the QR code only when the
// step changes. Without this script the page reloads itself (<noscript> refresh).
(function () {
  "use strict";
  var screen = document.getElementById("checkin-screen");
  if (!screen || !window.fetch) { return; }
  var POLL_MS = 5000;
  var statusUrl = screen.dataset.statusUrl;
  var step = screen.dataset.step;
  var qr = document.getElementById("checkin-qr");
  var link = document.getElementById("checkin-link");
  var count = document.getElementById("checkin-count");
  var names = document.getElementById("checkin-names");
  var offline = document.getElementById("checkin-offline");
  var timer = null;

  function schedule(nextIn) {
    var wait = POLL_MS;
    // Poll just after the code changes, so the screen never shows a code past its step.
    if (typeof nextIn === "number" && nextIn * 1000 + 300 < wait) { wait = nextIn * 1000 + 300; }
    clearTimeout(timer);
    timer = setTimeout(poll, wait);
  }

  function person(entry) {
    var item = document.createElement("li");
    var name = document.createElement("span");
    name.className = "checkin-name";
    name.textContent = entry.name;
    var detail = document.createElement("span");
    detail.className = "muted";
    detail.textContent = entry.time + " · " + entry.unit;
    var badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = entry.source_label;
    item.append(name, " ", detail, " ", badge);
    return item;
  }

  function show(data) {
    if (!data.open) {
      // Closed (here or from another screen): back to the session page.
      window.location.assign(data.session_url);
      return;
    }
    if (String(data.step) !== step) {
      qr.innerHTML = data.svg;  // segno's SVG from our own server
      link.href = data.url;
      link.textContent = data.url;
      screen.dataset.checkinUrl = data.url;
      step = String(data.step);
      screen.dataset.step = step;
    }
    count.textContent = data.count;
    names.replaceChildren.apply(names, data.names.map(person));
    offline.hidden = true;
    schedule(data.next_in);
  }

  function poll() {
    fetch(statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(show)
      .catch(function () {
        offline.hidden = false;
        schedule();
      });
  }

  // Keep the screen awake while it shows the code, where the browser allows it.
  function keepAwake() {
    if (navigator.wakeLock && document.visibilityState === "visible") {
      navigator.wakeLock.request("screen").catch(function () {});
    }
  }
  document.addEventListener("visibilitychange", function () {
    keepAwake();
    if (document.visibilityState === "visible") { poll(); }
  });
  keepAwake();

  var full = document.getElementById("checkin-fullscreen");
  if (document.documentElement.requestFullscreen) {
    full.hidden = false;
    full.addEventListener("click", function () {
      document.documentElement.requestFullscreen().catch(function () {});
    });
  }

  schedule(parseFloat(screen.dataset.nextIn));
})();
