// Runs inside the lesson's sandboxed player frame (an opaque origin: no cookies, no token, no
// access to the lesson page). Plays one package with h5p-standalone and tells the lesson page,
// by postMessage only, that the exercise loaded or failed, how tall it is, and each
// "answered"/"completed" statement; the lesson page checks them and records them.
(function () {
  "use strict";
  var TAG = "sala-h5p";
  var container = document.querySelector(".h5p-container");
  var parentOrigin = container.dataset.parentOrigin;

  // An opaque origin has no storage: reading window.localStorage throws, and H5P's core reads it
  // (clipboard, request queue). It gets a store that lasts as long as the page, shared with nobody.
  function MemoryStorage() {}
  MemoryStorage.prototype = {
    getItem: function (key) { return Object.prototype.hasOwnProperty.call(this, key) ? String(this[key]) : null; },
    setItem: function (key, value) { this[key] = String(value); },
    removeItem: function (key) { delete this[key]; },
    clear: function () { Object.keys(this).forEach(function (key) { delete this[key]; }, this); },
    key: function (index) { return Object.keys(this)[index] || null; },
    get length() { return Object.keys(this).length; }
  };
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try { window[name].length; } catch (error) {
      Object.defineProperty(window, name, { value: new MemoryStorage(), configurable: true });
    }
  });

  // Before it plays, h5p-standalone reads h5p.json, content.json and each library's
  // library.json (the main library's three times), and a sandboxed frame has no HTTP cache: each
  // read went to the server. This page carries those files (media.selectors.player_json_files),
  // so they are answered here; any other library.json is fetched once and shared.
  var preloaded = {};
  var shared = {};
  var carried = document.getElementById("h5p-preloaded");
  if (carried) {
    var files = JSON.parse(carried.textContent);
    Object.keys(files).forEach(function (url) { preloaded[new URL(url, document.baseURI).href] = files[url]; });
  }
  var networkFetch = window.fetch;
  window.fetch = function (resource, options) {
    var method = (options && options.method || resource && resource.method || "GET").toUpperCase();
    var url = null;
    try { url = new URL(resource && resource.url || String(resource), document.baseURI).href; } catch (error) {}
    if (method === "GET" && url && Object.prototype.hasOwnProperty.call(preloaded, url)) {
      var body = JSON.stringify(preloaded[url]);
      return Promise.resolve(new Response(body, { status: 200, headers: { "Content-Type": "application/json" } }));
    }
    if (method === "GET" && url && /\/library\.json$/.test(url)) {
      if (!shared[url]) { shared[url] = networkFetch.apply(window, arguments); }
      return shared[url].then(function (response) { return response.clone(); });
    }
    return networkFetch.apply(window, arguments);
  };

  var state = "loading";  // then "loaded" or "failed"

  function tell(kind, fields) {
    var message = { type: TAG, kind: kind };
    Object.keys(fields || {}).forEach(function (key) { message[key] = fields[key]; });
    window.parent.postMessage(message, parentOrigin);
  }

  // The lesson page sizes the frame to the exercise, so the learner scrolls one page, not two.
  var lastHeight = 0;
  function reportHeight() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== lastHeight) { lastHeight = height; tell("height", { height: height }); }
  }
  if (window.ResizeObserver) {
    new window.ResizeObserver(reportHeight).observe(document.body);
  } else {
    setInterval(reportHeight, 1000);
  }

  // On a slow connection the lesson page may still be arriving when the exercise is ready: its
  // script then asks, and hears the news again.
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data || data.type !== TAG || data.kind !== "hello") { return; }
    if (state !== "loading") { tell(state); }
    lastHeight = 0;
    reportHeight();
  });

  function settle(outcome) { state = outcome; tell(outcome); }

  function listen() {
    window.H5P.externalDispatcher.on("xAPI", function (event) {
      var statement = event && event.data && event.data.statement;
      var verb = statement && statement.verb && statement.verb.id || "";
      if (!/\/(answered|completed)$/.test(verb)) { return; }
      // A copy through JSON: plain data only, whatever the content type put in the statement.
      tell("statement", { statement: JSON.parse(JSON.stringify(statement)) });
    });
  }

  if (!window.H5PStandalone) { settle("failed"); return; }
  // "div": the content runs in this page, which is the sandbox. (H5P's own iframe would be an
  // about:blank document with an opaque origin of its own, which H5P could not write into.)
  new window.H5PStandalone.H5P(container, {
    embedType: "div",
    h5pJsonPath: container.dataset.h5pJson,
    librariesPath: container.dataset.libraries,
    frameJs: container.dataset.frameJs,
    frameCss: container.dataset.frameCss
  }).then(function () {
    listen();
    settle("loaded");
    reportHeight();
  }).catch(function (error) { window.console.error("The H5P package could not be played:", error); settle("failed"); });
})();
