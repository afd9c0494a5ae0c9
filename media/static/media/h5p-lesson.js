// The lesson page's side of its H5P exercises. Each exercise plays in a sandboxed frame of its
// own (media/h5p-player.js), whose code has no access to this page; this script believes only
// messages that come from one of those frames and have the expected shape, and sends the
// learner's results (xAPI "answered" and "completed" statements) to Sala with this page's CSRF
// token. Sala scores nothing in the browser.
(function () {
  "use strict";
  if (window.salaH5PLesson) { return; }  // loaded once per lesson; a second copy would post twice
  window.salaH5PLesson = true;

  var TAG = "sala-h5p";
  // A real statement is a few kilobytes; the server refuses bodies over 64 KB (UTF-8 bytes: one
  // Khmer letter is three), keeping room for the id added below.
  var MAX_STATEMENT_BYTES = 65536 - 128;
  var MAX_HEIGHT = 20000;  // px; a frame never pushes the rest of the lesson out of reach
  var LOAD_TIMEOUT = 90000;  // a slow 2G connection may take a while; never spin forever
  var article = document.querySelector("[data-xapi-url]");
  var players = [];

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype;
  }

  function uuid4() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // What the learner reads after an attempt: a pass looks like success, anything else plainly
  // says it did not pass and offers "Try again", which starts the exercise afresh.
  function showResult(answer, player) {
    var box = document.querySelector(".h5p-result");
    if (!box || !answer) { return; }
    var retry = document.querySelector(".h5p-retry");
    var courseDone = document.querySelector(".h5p-course-done");
    var text;
    if (answer.completed) {
      text = answer.course_completed ? box.dataset.textCourseCompleted : box.dataset.textCompleted;
    } else if (answer.passed === true) {
      text = box.dataset.textPassed;
    } else if (answer.passed === false) {
      text = box.dataset.textFailed;
    } else {
      return;  // a repeat of a statement already recorded: what the box says stands
    }
    var failed = !answer.completed && answer.passed === false;
    box.textContent = (failed ? "✗ " : "✓ ") + text;
    box.hidden = false;
    box.classList.toggle("ok", !failed);
    box.classList.toggle("error", failed);
    if (retry) {
      retry.hidden = !failed;
      retryPlayer = failed ? player : null;
    }
    if (courseDone) { courseDone.hidden = !answer.course_completed; }
  }

  var retryPlayer = null;
  function tryAgain() {
    var box = document.querySelector(".h5p-result");
    var retry = document.querySelector(".h5p-retry");
    (retryPlayer ? [retryPlayer] : players).forEach(function (player) { player.restart(); });
    retryPlayer = null;
    if (retry) { retry.hidden = true; }
    if (box) { box.hidden = true; }
  }

  // Statements go one after another, in the order the exercise made them; a failed one is sent
  // again with the same id (the server records it once) before the next one goes.
  var queue = Promise.resolve();
  function send(statement, player) {
    var sent = { body: statement, generation: player ? player.generation : 0 };
    queue = queue.then(function () { return post(sent, player, 0); });
  }

  function post(sent, player, attempt) {
    return fetch(article.dataset.xapiUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": article.dataset.csrf },
      body: JSON.stringify(sent.body)
    }).then(function (response) {
      if (response.status >= 500) { throw new Error("server"); }
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      // An answer given before "Try again" no longer speaks for the exercise on screen.
      if (!player || sent.generation === player.generation) { showResult(answer, player); }
    }).catch(function () {
      if (attempt >= 5) { return null; }
      return new Promise(function (resolve) { setTimeout(resolve, 2000 * Math.pow(2, attempt)); })
        .then(function () { return post(sent, player, attempt + 1); });
    });
  }

  function record(statement, player) {
    if (!article || !isPlainObject(statement) || !isPlainObject(statement.verb)) { return; }
    var verb = typeof statement.verb.id === "string" ? statement.verb.id : "";
    if (!/\/(answered|completed)$/.test(verb)) { return; }
    var body;
    try { body = JSON.stringify(statement); } catch (error) { return; }
    if (new TextEncoder().encode(body).length > MAX_STATEMENT_BYTES) { return; }
    if (typeof statement.id !== "string") { statement.id = uuid4(); }
    send(statement, player);
  }

  function Player(block) {
    var self = this;
    self.frame = block.querySelector("iframe.h5p-player");
    self.loading = block.querySelector(".h5p-loading");
    self.failed = block.querySelector(".h5p-failed");
    self.done = false;
    self.generation = 0;  // counts "Try again": answers from before it are not shown
    self.slow = setTimeout(function () { self.fail(); }, LOAD_TIMEOUT);
    // The frame may have loaded before this script ran (a slow page, a quick cache): ask again.
    // Its origin is opaque, so no origin can be named; the question carries nothing.
    if (self.frame.contentWindow) { self.frame.contentWindow.postMessage({ type: TAG, kind: "hello" }, "*"); }
  }
  Player.prototype.finish = function () {
    clearTimeout(this.slow);
    this.loading.hidden = true;
    this.done = true;
  };
  Player.prototype.loaded = function () {
    if (!this.done) { this.finish(); }
  };
  Player.prototype.fail = function () {
    if (this.done) { return; }
    this.finish();
    this.frame.hidden = true;
    this.failed.hidden = false;
  };
  // The exercise as new: the frame loads the player again (whatever the content type greyed out
  // after an answer is gone), and the loading message shows until it has loaded.
  Player.prototype.restart = function () {
    var self = this;
    self.done = false;
    self.generation += 1;
    self.loading.hidden = false;
    self.slow = setTimeout(function () { self.fail(); }, LOAD_TIMEOUT);
    self.frame.src = self.frame.src;
  };
  Player.prototype.resize = function (height) {
    this.frame.style.height = Math.min(Math.max(Math.ceil(height), 0), MAX_HEIGHT) + "px";
  };

  function playerOf(source) {
    for (var i = 0; i < players.length; i++) {
      if (players[i].frame.contentWindow === source) { return players[i]; }
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    var player = event.source && playerOf(event.source);
    var data = event.data;
    if (!player || !isPlainObject(data) || data.type !== TAG) { return; }
    if (data.kind === "loaded") {
      player.loaded();
    } else if (data.kind === "failed") {
      player.fail();
    } else if (data.kind === "height" && typeof data.height === "number" && isFinite(data.height)) {
      player.resize(data.height);
    } else if (data.kind === "statement") {
      record(data.statement, player);
    }
  });

  Array.prototype.forEach.call(document.querySelectorAll("[data-h5p]"), function (block) {
    if (block.querySelector("iframe.h5p-player")) { players.push(new Player(block)); }
  });
  var retryButton = document.querySelector(".h5p-retry");
  if (retryButton) { retryButton.addEventListener("click", tryAgain); }
})();
