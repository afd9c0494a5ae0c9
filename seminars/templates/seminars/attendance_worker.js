{% load static %}// The attendance register's service worker (seminars/views/attendance.py, served under /training/).
// It keeps a copy of the registers a trainer opened and of their files, and hands them back only
// when the network does not answer, so the register opens again without a connection; the marks
// themselves live in the page's storage (attendance.js) and are sent by the page. Everything else
// passes through untouched, and nothing sent (a POST) is ever kept.
"use strict";
var KEPT = "sala-attendance-v1";
var REGISTER = /^{{ register_prefix }}\d+\/register\/$/;
var STATIC = "{% get_static_prefix %}";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("sala-attendance-") === 0 && name !== KEPT;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function mine(url) {
  return url.origin === self.location.origin && (REGISTER.test(url.pathname) || url.pathname.indexOf(STATIC) === 0);
}

function keep(cache, key, response) {
  if (response.ok && !response.redirected && response.type === "basic") { return cache.put(key, response); }
  return null;
}

// The page names its own address and files once the worker is running.
self.addEventListener("message", function (event) {
  var files = event.data && Array.isArray(event.data.keep) ? event.data.keep : [];
  event.waitUntil(caches.open(KEPT).then(function (cache) {
    return Promise.all(files.map(function (file) {
      var url = new URL(file, self.location.href);
      if (!mine(url) || url.search) { return null; }
      return fetch(url.href, { credentials: "same-origin" }).then(function (response) {
        return keep(cache, url.href, response);
      }).catch(function () { return null; });
    }));
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (!mine(url)) { return; }
  var key = url.origin + url.pathname;
  event.respondWith(fetch(request).then(function (response) {
    // A fresh register replaces the kept one; files are refreshed only once kept.
    var copy = response.clone();
    caches.open(KEPT).then(function (cache) {
      if (REGISTER.test(url.pathname) && !url.search) { return keep(cache, key, copy); }
      return cache.match(key).then(function (kept) { return kept ? keep(cache, key, copy) : null; });
    });
    return response;
  }).catch(function () {
    return caches.open(KEPT).then(function (cache) { return cache.match(key); }).then(function (kept) {
      return kept || Response.error();
    });
  }));
});
