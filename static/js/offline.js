// Learning without a connection, the page's side (static/js/sw.js is the worker's):
//  - registers the service worker and asks it to send what waits whenever a page opens or the
//    connection returns; says "offline" and how much is not sent yet;
//  - window.offlineQueue: what the quiz page and the lesson mark send through the worker's
//    queue (stored on the phone first, then sent in order);
//  - a course's "Download to learn offline" (its pages and pictures into one cache), its size
//    and its removal; the list of downloaded courses on the offline page;
//  - the gentle "Install on the home screen" offer on the learner's home;
//  - before signing out, what is not sent yet is sent, or she is told it would be lost.
// Everything works without this script; it only adds what needs one.
(function () {
  "use strict";
  var script = document.currentScript;
  var hasWorker = "serviceWorker" in navigator && window.isSecureContext;
  var INDEX = "offline-courses";  // localStorage: {slug: {title, url, bytes, version, at}}
  var banner = document.getElementById("offline-banner");
  var pendingItems = [];

  function readIndex() {
    try { return JSON.parse(localStorage.getItem(INDEX)) || {}; } catch (e) { return {}; }
  }
  function writeIndex(index) { localStorage.setItem(INDEX, JSON.stringify(index)); }

  function sizeText(bytes) {
    var mb = bytes / (1024 * 1024);
    var lang = document.documentElement.lang || "vi";
    if (mb >= 0.1) { return mb.toLocaleString(lang, { maximumFractionDigits: 1 }) + " MB"; }
    return Math.max(1, Math.round(bytes / 1024)).toLocaleString(lang) + " KB";
  }

  // ---- The worker and its queue --------------------------------------------------------------

  function ask(type) {
    if (!hasWorker || !navigator.serviceWorker.controller) { return Promise.resolve([]); }
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data || []); };
      navigator.serviceWorker.controller.postMessage({ type: type }, [channel.port2]);
      setTimeout(function () { resolve(pendingItems); }, 15000);
    });
  }

  function showState() {
    if (!banner) { return; }
    var lines = [];
    if (!navigator.onLine) { lines.push(banner.dataset.msgOffline); }
    if (pendingItems.length) { lines.push(banner.dataset.msgPending.replace("{n}", pendingItems.length)); }
    banner.querySelector(".offline-text").textContent = lines.join(" ");
    banner.querySelector(".offline-list-link").hidden = navigator.onLine;
    banner.hidden = lines.length === 0;
    document.documentElement.classList.toggle("is-offline", !navigator.onLine);
  }

  function setPending(items) {
    pendingItems = items || [];
    showState();
    document.dispatchEvent(new CustomEvent("offline-pending", { detail: pendingItems }));
  }

  var listeners = [];
  window.offlineQueue = {
    // Whether the worker controls this page, so a request can go through its queue.
    ready: function () { return hasWorker && !!navigator.serviceWorker.controller; },
    // Send `options` (fetch options) to `url` through the queue, described by `item` (kind and
    // keys, kept with it). Resolves {sent: true, result: {status, url, data}} or {queued: true}.
    send: function (url, options, item) {
      var headers = new Headers(options.headers || {});
      headers.set("X-Offline-Queue", JSON.stringify(item));
      return fetch(url, Object.assign({}, options, { headers: headers, credentials: "same-origin" }))
        .then(function (reply) { return reply.json(); });
    },
    pending: function () { return ask("pending").then(function (items) { setPending(items); return items; }); },
    flush: function () { return ask("flush").then(function (items) { setPending(items); return items; }); },
    onSent: function (callback) { listeners.push(callback); }
  };

  if (hasWorker) {
    navigator.serviceWorker.register(script.dataset.sw || "/sw.js", { scope: "/" })
      .catch(function () { /* no worker: the pages work as before */ });
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "outbox-sent") {
        listeners.forEach(function (callback) { callback(data.item, data.result); });
      } else if (data.type === "outbox-pending") {
        setPending(data.items);
      }
    });
    navigator.serviceWorker.ready.then(function () {
      // A page opened with a connection sends what the phone kept (also after a restart).
      var go = function () { return navigator.onLine ? window.offlineQueue.flush() : window.offlineQueue.pending(); };
      if (navigator.serviceWorker.controller) { go(); } else {
        navigator.serviceWorker.addEventListener("controllerchange", go, { once: true });
      }
    });
  }
  window.addEventListener("online", function () { showState(); window.offlineQueue.flush(); });
  window.addEventListener("offline", showState);
  showState();

  // ---- "I have finished this lesson", offline too --------------------------------------------

  var lessonForm = document.querySelector("form.lesson-complete");
  if (lessonForm) {
    lessonForm.addEventListener("submit", function (event) {
      if (!window.offlineQueue.ready()) { return; }  // the plain form does it
      event.preventDefault();
      var button = lessonForm.querySelector("button");
      button.disabled = true;
      var body = new URLSearchParams(new FormData(lessonForm));
      body.delete("csrf_token");
      window.offlineQueue.send(lessonForm.action, {
        method: "POST", body: body,
        headers: { "X-CSRFToken": lessonForm.querySelector("input[name=csrf_token]").value,
                   "Content-Type": "application/x-www-form-urlencoded" }
      }, { kind: "lesson", lesson: lessonForm.dataset.lesson, course: lessonForm.dataset.course })
        .then(function (answer) {
          if (answer.sent) { window.location.href = answer.result.url; return; }
          var note = document.createElement("p");
          note.className = "flash flash-info lesson-queued";
          note.setAttribute("role", "status");
          note.textContent = lessonForm.dataset.msgQueued;
          lessonForm.replaceWith(note);
        }, function () { button.disabled = false; });
    });
  }

  // Lessons marked on this phone but not sent yet show as such on the course page.
  document.addEventListener("offline-pending", function (event) {
    var waiting = {};
    event.detail.forEach(function (item) { if (item.kind === "lesson") { waiting[item.lesson] = true; } });
    document.querySelectorAll("[data-lesson-id]").forEach(function (row) {
      var mark = row.querySelector(".lesson-queued-mark");
      if (waiting[row.dataset.lessonId] && !mark && !row.querySelector(".badge-ok")) {
        mark = document.createElement("span");
        mark.className = "badge lesson-queued-mark";
        mark.textContent = "✓ " + (document.querySelector(".lesson-list").dataset.msgQueued || "");
        row.appendChild(mark);
      }
    });
  });

  // ---- Downloading a course --------------------------------------------------------------------

  function cacheName(slug) { return "course-" + slug; }

  function cachedBytes(name) {
    return caches.open(name).then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.map(function (request) {
          return cache.match(request).then(function (reply) { return reply ? reply.blob() : null; })
            .then(function (blob) { return blob ? blob.size : 0; });
        }));
      });
    }).then(function (sizes) { return sizes.reduce(function (a, b) { return a + b; }, 0); });
  }

  function download(section) {
    var slug = section.dataset.slug;
    return fetch(section.dataset.manifest, { credentials: "same-origin", cache: "no-store" })
      .then(function (reply) {
        if (!reply.ok) { throw new Error(String(reply.status)); }
        return reply.json();
      }).then(function (manifest) {
        return caches.delete(cacheName(slug)).then(function () { return caches.open(cacheName(slug)); })
          .then(function (cache) {
            return Promise.all(manifest.urls.map(function (url) {
              return fetch(url, { credentials: "same-origin" }).then(function (reply) {
                if (!reply.ok) { throw new Error(url); }
                return cache.put(url, reply);
              });
            }));
          }).then(function () { return cachedBytes(cacheName(slug)); })
          .then(function (bytes) {
            var index = readIndex();
            index[slug] = { title: manifest.title, url: manifest.course_url, bytes: bytes,
                            version: manifest.version, at: new Date().toISOString() };
            writeIndex(index);
          });
      });
  }

  function remove(slug) {
    return caches.delete(cacheName(slug)).then(function () {
      var index = readIndex();
      delete index[slug];
      writeIndex(index);
    });
  }

  var downloadSection = document.querySelector("section.offline-download");
  if (downloadSection && hasWorker && "caches" in window) {
    var state = downloadSection.querySelector(".offline-state");
    var getButton = downloadSection.querySelector("[data-action=download]");
    var dropButton = downloadSection.querySelector("[data-action=remove]");
    var slug = downloadSection.dataset.slug;
    var render = function () {
      var kept = readIndex()[slug];
      state.textContent = kept
        ? downloadSection.dataset.msgKept.replace("{size}", sizeText(kept.bytes))
        : downloadSection.dataset.msgNotKept;
      getButton.textContent = kept ? downloadSection.dataset.msgAgain : downloadSection.dataset.msgGet;
      dropButton.hidden = !kept;
    };
    downloadSection.hidden = false;
    render();
    getButton.addEventListener("click", function () {
      if (!navigator.onLine) { state.textContent = downloadSection.dataset.msgNeedsConnection; return; }
      getButton.disabled = true;
      state.textContent = downloadSection.dataset.msgWorking;
      download(downloadSection).then(render, function () {
        state.textContent = downloadSection.dataset.msgFailed;
      }).then(function () { getButton.disabled = false; });
    });
    dropButton.addEventListener("click", function () { remove(slug).then(render); });
    // A course the trainer changed since it was downloaded is downloaded again, quietly.
    var kept = readIndex()[slug];
    if (kept && navigator.onLine && kept.version !== downloadSection.dataset.version) {
      download(downloadSection).then(render, render);
    }
  }

  // The offline page lists what the phone holds.
  var list = document.getElementById("offline-course-list");
  if (list) {
    var index = readIndex();
    var slugs = Object.keys(index);
    if (!slugs.length) {
      var empty = document.createElement("li");
      empty.textContent = list.closest("section").dataset.empty;
      list.appendChild(empty);
    }
    slugs.forEach(function (key) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = index[key].url;
      link.textContent = index[key].title;
      item.appendChild(link);
      item.appendChild(document.createTextNode(" (" + sizeText(index[key].bytes) + ")"));
      list.appendChild(item);
    });
  }

  // ---- Install on the home screen -----------------------------------------------------------------

  var offer = document.getElementById("install-offer");
  if (offer) {
    window.addEventListener("beforeinstallprompt", function (event) {
      if (localStorage.getItem("install-offer-dismissed")) { return; }
      event.preventDefault();
      offer.hidden = false;
      offer.querySelector("[data-action=install]").addEventListener("click", function () {
        offer.hidden = true;
        event.prompt();
      }, { once: true });
    });
    offer.querySelector("[data-action=later]").addEventListener("click", function () {
      offer.hidden = true;
      localStorage.setItem("install-offer-dismissed", "1");
    });
  }

  // ---- Anything else sent while offline ---------------------------------------------------------

  // A form no script takes care of cannot go without a connection: said where she tapped,
  // instead of the browser's own "no internet" page.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || navigator.onLine || (form.method || "").toLowerCase() !== "post") { return; }
    event.preventDefault();
    var note = form.querySelector(".needs-connection");
    if (!note) {
      note = document.createElement("p");
      note.className = "flash flash-warning needs-connection";
      note.setAttribute("role", "alert");
      form.appendChild(note);
    }
    note.textContent = banner ? banner.dataset.msgNeedsConnection : "";
  });

  // ---- Signing out ------------------------------------------------------------------------------------

  // The server clears this phone's copies and queue when she signs out (Clear-Site-Data): what
  // is not sent yet goes first, or she decides, knowing it would be lost.
  document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      // Offline the server cannot sign her out: the note below says a connection is needed.
      if (form.dataset.confirmed || !window.offlineQueue.ready() || !navigator.onLine) { return; }
      event.preventDefault();
      window.offlineQueue.flush().then(function (left) {
        if (!left.length || window.confirm(form.dataset.msgUnsent.replace("{n}", left.length))) {
          form.dataset.confirmed = "1";
          form.submit();
        }
      });
    });
  });
}());
