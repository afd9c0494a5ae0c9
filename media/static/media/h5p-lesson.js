// Plays each H5P exercise of a lesson with h5p-standalone and sends the learner's results
// (xAPI "answered" and "completed" statements) to Sala, which scores nothing in the browser.
(function () {
  "use strict";
  var article = document.querySelector("[data-xapi-url]");
  var listening = false;

  function uuid4() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function showResult(answer) {
    var box = document.querySelector(".h5p-result");
    if (!box || !answer) { return; }
    var text = answer.completed ? box.dataset.textCompleted : box.dataset.textRecorded;
    if (answer.score !== null && answer.score !== undefined) { text = text.replace("%(score)s", answer.score); }
    box.textContent = text;
    box.hidden = false;
    box.classList.toggle("ok", !!answer.completed);
  }

  // Statements go one after another, in the order the exercise made them; a failed one is sent
  // again with the same id (the server records it once) before the next one goes.
  var queue = Promise.resolve();
  function send(statement) {
    queue = queue.then(function () { return post(statement, 0); });
  }

  function post(statement, attempt) {
    return fetch(article.dataset.xapiUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": article.dataset.csrf },
      body: JSON.stringify(statement)
    }).then(function (response) {
      if (response.status >= 500) { throw new Error("server"); }
      return response.ok ? response.json() : null;
    }).then(showResult).catch(function () {
      if (attempt >= 5) { return null; }
      return new Promise(function (resolve) { setTimeout(resolve, 2000 * Math.pow(2, attempt)); })
        .then(function () { return post(statement, attempt + 1); });
    });
  }

  function listen() {
    if (listening || !article || !window.H5P || !window.H5P.externalDispatcher) { return; }
    listening = true;
    window.H5P.externalDispatcher.on("xAPI", function (event) {
      var statement = event && event.data && event.data.statement;
      var verb = statement && statement.verb && statement.verb.id || "";
      if (!/\/(answered|completed)$/.test(verb)) { return; }
      statement.id = statement.id || uuid4();
      send(statement);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-h5p]"), function (block) {
    var loading = block.querySelector(".h5p-loading");
    var failed = block.querySelector(".h5p-failed");
    var done = false;
    function fail() { if (!done) { done = true; loading.hidden = true; failed.hidden = false; } }
    if (!window.H5PStandalone) { fail(); return; }
    var slow = setTimeout(fail, 90000);  // a slow 2G connection may take a while; never spin forever
    new window.H5PStandalone.H5P(block.querySelector(".h5p-container"), {
      h5pJsonPath: block.dataset.h5pJson,
      librariesPath: block.dataset.libraries,
      frameJs: block.dataset.frameJs,
      frameCss: block.dataset.frameCss
    }).then(function () {
      clearTimeout(slow);
      if (done) { return; }
      done = true;
      loading.hidden = true;
      listen();
    }).catch(function () { clearTimeout(slow); fail(); });
  });
})();
