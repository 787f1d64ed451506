/* In a SCORM package's pages (served sandboxed, an opaque origin that cannot reach the app):
 * the window.API a SCORM 1.2 package looks for. scorm-again's CrossFrameAPI answers the
 * package at once from its cache and relays every call to the lesson page by postMessage,
 * where the runtime (static/js/scorm_lesson.js) checks and saves it. The lesson page names
 * the frame with her saved data, so that a package that reads it right after LMSInitialize
 * (where she was, her suspend_data) finds it on the first call. */
(function () {
  "use strict";
  var PREFIX = "scorm-cmi:";
  // The lesson page is the top window (it may not itself be framed), also for a SCO that a
  // package opens in a frame of its own pages.
  var api = new window.CrossFrameAPI(location.origin, window.top);
  if (window.name.indexOf(PREFIX) === 0) {
    try {
      var saved = JSON.parse(window.name.slice(PREFIX.length));
      Object.keys(saved).forEach(function (key) { api._cache.set(key, String(saved[key])); });
    } catch (error) { /* no saved data: the cache fills from the lesson page */ }
  }
  window.API = api;
})();
