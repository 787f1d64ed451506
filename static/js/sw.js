// The service worker: learning without a connection. Served at /sw.js after a line that sets
// self.OFFLINE_CONFIG (lms/core/views.py), so it controls every page of the site.
//  - The app shell (styles, scripts, the offline page) is precached by revision.
//  - Learner pages the server marks with the X-Offline-Copy header are kept when opened (and
//    when a course is downloaded, by static/js/offline.js); offline they open from the phone.
//    Pages without the header (organizer pages, reports, lists of people) are never kept.
//  - Answers, lesson marks and submissions are written to a queue in IndexedDB before they
//    are sent, then sent in order; what could not go waits for the connection and is sent on
//    the sync event, at the worker's next start, or when a page asks (it does on every load).
/* global workbox */
"use strict";

var CONFIG = self.OFFLINE_CONFIG;
importScripts(CONFIG.workbox + "/workbox-sw.js");
workbox.setConfig({ modulePathPrefix: CONFIG.workbox, debug: false });

var precaching = workbox.precaching;
var routing = workbox.routing;
var strategies = workbox.strategies;
var PAGES = "pages";        // learner pages kept because she opened them
var MEDIA = "media";        // lesson pictures
var COURSE_PREFIX = "course-";  // a downloaded course: one cache each (offline.js)

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

precaching.cleanupOutdatedCaches();
precaching.precacheAndRoute(CONFIG.precache, { ignoreURLParametersMatching: [/.*/] });

var keepMarked = new workbox.cacheableResponse.CacheableResponsePlugin({
  statuses: [200], headers: (function () { var h = {}; h[CONFIG.header] = "keep"; return h; }())
});

// A page fetched afresh replaces the copy a downloaded course holds, so a lesson the trainer
// changed is up to date on the phone after the next visit with a connection.
var refreshDownloads = {
  cacheDidUpdate: function (param) {
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name.indexOf(COURSE_PREFIX) === 0; })
        .map(function (name) {
          return caches.open(name).then(function (cache) {
            return cache.match(param.request).then(function (old) {
              if (!old) { return null; }
              return param.cache.match(param.request).then(function (fresh) {
                return fresh ? cache.put(param.request, fresh) : null;
              });
            });
          });
        }));
    });
  }
};

var pages = new strategies.NetworkFirst({
  cacheName: PAGES,
  networkTimeoutSeconds: 6,
  plugins: [keepMarked, refreshDownloads,
            new workbox.expiration.ExpirationPlugin({ maxEntries: 120 })]
});

// Offline: the kept copy from any cache (a downloaded course too), else the offline page.
function fromPhone(request) {
  return caches.match(request, { ignoreVary: true }).then(function (found) {
    return found || precaching.matchPrecache(CONFIG.offlineUrl);
  });
}

routing.registerRoute(function (options) {
  return options.request.mode === "navigate" && options.url.origin === self.location.origin &&
    options.url.pathname.indexOf(CONFIG.loginPath) !== 0;
}, function (options) {
  return pages.handle(options).then(function (response) {
    return response && response.ok ? response : (response || fromPhone(options.request));
  }).catch(function () { return fromPhone(options.request); });
});

routing.registerRoute(function (options) {
  return options.url.origin === self.location.origin && /\/media\//.test(options.url.pathname) &&
    options.request.destination === "image";
}, new strategies.CacheFirst({
  cacheName: MEDIA,
  plugins: [new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200] }),
            new workbox.expiration.ExpirationPlugin({ maxEntries: 300 })]
}));

// ---- The queue of what she sent -------------------------------------------------------------

var outbox = new workbox.backgroundSync.Queue("outbox", {
  maxRetentionTime: 60 * 24 * 30,  // minutes: a month, as long as a session lives
  onSync: function () { return flush(); }
});

function tell(message) {
  return self.clients.matchAll({ includeUncontrolled: true, type: "window" }).then(function (all) {
    all.forEach(function (client) { client.postMessage(message); });
  });
}

function freshToken() {
  return fetch(CONFIG.tokenUrl, { credentials: "same-origin", cache: "no-store" })
    .then(function (reply) { return reply.json(); })
    .then(function (data) { return data.token; });
}

function sendOne(entry, token) {
  var headers = new Headers(entry.request.headers);
  headers.delete(CONFIG.queueHeader);
  if (token) { headers.set("X-CSRFToken", token); }
  return entry.request.clone().arrayBuffer().then(function (body) {
    return fetch(entry.request.url, {
      method: entry.request.method, headers: headers, body: body.byteLength ? body : undefined,
      credentials: "same-origin", redirect: "follow"
    });
  });
}

// What the server's reply means for the entry: "sent" (done, or refused for good: a closed
// attempt, a question not hers), "again" (a stale form token: send once more with a fresh one)
// or "wait" (no connection, a server error, signed out: keep it and stop for now).
function outcomeOf(reply) {
  if (reply.headers.get("X-CSRF-Expired")) { return "again"; }
  if (reply.status >= 500 || reply.status === 429 || reply.status === 408) { return "wait"; }
  if (new URL(reply.url).pathname.indexOf(CONFIG.loginPath) === 0) { return "wait"; }
  return "sent";
}

function deliver(entry, token) {
  return sendOne(entry, token).then(function (reply) {
    return { reply: reply, outcome: outcomeOf(reply) };
  });
}

function summary(reply) {
  var type = reply.headers.get("Content-Type") || "";
  var base = { status: reply.status, url: reply.url };
  if (type.indexOf("json") < 0) { return Promise.resolve(base); }
  return reply.json().then(function (data) { base.data = data; return base; }, function () { return base; });
}

// Send everything in the queue, oldest first, one at a time; stop at the first that cannot
// go yet. One flush runs at a time, so two pages (or the sync event) never send out of order.
var running = Promise.resolve();
// Replies of entries sent, by entry id, until the page that queued them takes them: a flush
// already under way (a page's load, the sync event) may send an entry queued meanwhile.
var delivered = {};
function flush() {
  running = running.then(flushNow, flushNow);
  return running;
}

function flushNow() {
  var sent = {};
  function next() {
    return outbox.shiftRequest().then(function (entry) {
      if (!entry) { return null; }
      // The first try uses the token the page gave; a stale one gets one fresh try.
      return deliver(entry, null).then(function (done) {
        if (done.outcome === "again") {
          return freshToken().then(function (token) { return deliver(entry, token); })
            .then(function (retry) {
              // Still refused with a fresh token: signed out meanwhile; wait for her.
              return retry.outcome === "again" ? { outcome: "wait" } : retry;
            });
        }
        return done;
      }).then(function (done) {
        if (done.outcome !== "sent") {
          return outbox.unshiftRequest(entry).then(function () { return "stop"; });
        }
        return summary(done.reply).then(function (result) {
          sent[entry.metadata.id] = result;
          delivered[entry.metadata.id] = result;
          return tell({ type: "outbox-sent", item: entry.metadata, result: result });
        });
      }, function () {
        // No connection: back at the head of the queue, in its place.
        return outbox.unshiftRequest(entry).then(function () { return "stop"; });
      }).then(function (state) { return state === "stop" ? null : next(); });
    });
  }
  return next().then(function () {
    return pendingItems().then(function (items) {
      return tell({ type: "outbox-pending", items: items }).then(function () {
        if (items.length) { return outbox.registerSync().catch(function () {}); }
        return null;
      });
    });
  }).then(function () { return sent; });
}

function pendingItems() {
  return outbox.getAll().then(function (entries) {
    return entries.map(function (entry) { return entry.metadata; });
  });
}

// A page sends what she did with the queue header (its description, JSON): it is stored
// first, then the whole queue is sent; the page gets the server's reply, or 202 "queued".
routing.registerRoute(function (options) {
  return options.request.headers.has(CONFIG.queueHeader);
}, function (options) {
  var request = options.request;
  var item = JSON.parse(request.headers.get(CONFIG.queueHeader));
  item.id = item.id || (Date.now() + "-" + Math.random().toString(36).slice(2));
  return outbox.pushRequest({ request: request.clone(), metadata: item }).then(flush)
    .then(function () {
      var result = delivered[item.id];
      delete delivered[item.id];
      if (result) {
        return new Response(JSON.stringify({ sent: true, result: result }),
                            { headers: { "Content-Type": "application/json" } });
      }
      return new Response(JSON.stringify({ sent: false, queued: true, item: item }),
                          { status: 202, headers: { "Content-Type": "application/json" } });
    });
}, "POST");

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  var answer = function (value) { if (port) { port.postMessage(value); } };
  if (data.type === "flush") {
    event.waitUntil(flush().then(function () { return pendingItems(); }).then(answer));
  } else if (data.type === "pending") {
    event.waitUntil(pendingItems().then(answer));
  }
});
