// The attendance register on a trainer's phone (seminars/views/attendance.py), made to work with a
// connection that comes and goes.
//
// Every tap is saved on the phone at once (localStorage, one entry per trainer and meeting) as a
// pending mark: a new id (UUID), the person, the status and the phone's time. A sender posts the
// pending marks in batches to the session's marks address and forgets the ones the server
// answered for; it tries again when the phone comes back online, and on a timer that waits longer
// after each failure. The server records a mark sent twice once, so sending again is always safe.
// Closing or reloading the page loses nothing: the marks still on the phone are shown over the
// server's list and sent. The meetings page runs the sender too, for marks of any meeting.
//
// The camera reads the person QR on login cards (BarcodeDetector where the browser has one, else
// the jsQR decoder served with Sala's own files). A service worker keeps a copy of the register
// so that it opens again without a connection.
(function () {
  "use strict";
  var textsNode = document.getElementById("attendance-texts");
  var banner = document.querySelector("[data-att-banner]");
  if (!textsNode || !banner || !window.JSON) { return; }
  var T = JSON.parse(textsNode.textContent);
  var PREFIX = "sala:attendance:" + banner.getAttribute("data-user") + ":";
  var ATTENDED = { present: true, late: true };
  var FIRST_RETRY = 5000;
  var LONGEST_WAIT = 5 * 60 * 1000;
  var BATCH = 100;

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function counted(forms, count) {
    return fill(count === 1 ? forms.one : forms.other, { count: count });
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function time(value) {
    var parsed = value ? Date.parse(value) : NaN;
    return isNaN(parsed) ? 0 : parsed;
  }

  // --- What the phone keeps: {marksUrl, pending: {person: mark}, recorded: {person: {status,
  // marked_at}}, refused: {person: reason}, walkIns: {person: who}} per meeting. Always read
  // fresh before a change, so two tabs of the register do not undo each other's taps.

  function read(meeting) {
    var entry = null;
    try { entry = JSON.parse(localStorage.getItem(PREFIX + meeting) || "null"); } catch (error) { entry = null; }
    entry = entry && typeof entry === "object" ? entry : {};
    ["pending", "recorded", "refused", "walkIns"].forEach(function (name) {
      if (!entry[name] || typeof entry[name] !== "object") { entry[name] = {}; }
    });
    return entry;
  }

  function isEmpty(object) { return Object.keys(object).length === 0; }

  function write(meeting, entry) {
    var key = PREFIX + meeting;
    try {
      if (isEmpty(entry.pending) && isEmpty(entry.recorded) && isEmpty(entry.refused) && isEmpty(entry.walkIns)) {
        localStorage.removeItem(key);
      } else {
        localStorage.setItem(key, JSON.stringify(entry));
      }
      return true;
    } catch (error) {
      return false;
    }
  }

  function storedMeetings() {
    var meetings = [];
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key && key.indexOf(PREFIX) === 0) { meetings.push(key.slice(PREFIX.length)); }
    }
    return meetings;
  }

  function pendingCount() {
    return storedMeetings().reduce(function (sum, meeting) { return sum + Object.keys(read(meeting).pending).length; }, 0);
  }

  // --- The banner: offline with N marks on the phone, N waiting, a problem, or all sent.

  var problem = "";
  var sentSome = false;

  function showBanner() {
    var count = pendingCount();
    var text = "";
    var kind = "";
    if (!navigator.onLine) {
      text = count ? counted(T.offline, count) : T.offline_none;
      kind = "warning";
    } else if (count) {
      text = (problem ? problem + " " : "") + counted(T.pending, count);
      kind = problem ? "error" : "warning";
    } else if (sentSome) {
      text = T.sent;
      kind = "ok";
    }
    banner.textContent = text;
    banner.className = "att-banner message " + kind;
    banner.hidden = !text;
  }

  // --- The sender.

  var sending = false;
  var wait = 0;
  var timer = null;
  var stuck = {};  // meetings whose marks the server will not take now (the session closed, say)

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function sendSoon(delay) {
    clearTimeout(timer);
    timer = setTimeout(send, delay);
  }

  function failed() {
    wait = wait ? Math.min(wait * 2, LONGEST_WAIT) : FIRST_RETRY;
    sendSoon(wait);
  }

  function nextBatch() {
    var meetings = storedMeetings();
    for (var i = 0; i < meetings.length; i++) {
      var entry = read(meetings[i]);
      var marks = Object.keys(entry.pending).map(function (person) { return entry.pending[person]; });
      if (marks.length && entry.marksUrl && !stuck[meetings[i]]) {
        return { meeting: meetings[i], url: entry.marksUrl, marks: marks.slice(0, BATCH) };
      }
    }
    return null;
  }

  function send() {
    if (sending) { return; }
    var batch = nextBatch();
    if (!batch || !navigator.onLine) { showBanner(); return; }  // the "online" event starts again
    sending = true;
    fetch(batch.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify({ marks: batch.marks })
    }).then(function (response) {
      return response.json().then(function (data) { return { response: response, data: data }; }, function () {
        return { response: response, data: {} };
      });
    }).then(function (answer) {
      sending = false;
      if (answer.response.ok && answer.data.results) {
        answered(batch.meeting, answer.data.results);
        problem = "";
        wait = 0;
        sentSome = true;
        sendSoon(0);  // the next batch, if any
      } else {
        if (answer.response.status === 409) { stuck[batch.meeting] = true; }
        problem = answer.data.error || (answer.response.status === 403 ? T.sign_in : "");
        failed();
      }
      showBanner();
    }, function () {
      sending = false;  // no connection, or it dropped: the marks stay on the phone
      failed();
      showBanner();
    });
  }

  function answered(meeting, results) {
    var entry = read(meeting);
    results.forEach(function (result) {
      Object.keys(entry.pending).forEach(function (person) {
        if (entry.pending[person].mark_id !== result.mark_id) { return; }
        delete entry.pending[person];  // a newer tap on the same person stays pending
        if (result.accepted) {
          entry.recorded[person] = { status: result.status, marked_at: result.marked_at };
          delete entry.refused[person];
        } else {
          entry.refused[person] = result.reason;
        }
      });
    });
    write(meeting, entry);
    if (register && meeting === register.meeting) { register.showAll(); }
  }

  // --- The register of one meeting (absent on the meetings page, where only the sender runs).

  var register = setUpRegister(document.querySelector("[data-register]"));

  function setUpRegister(root) {
    if (!root) { return null; }
    var meeting = root.getAttribute("data-meeting");
    var marksUrl = root.getAttribute("data-marks-url");
    var open = root.getAttribute("data-open") === "1";
    var list = root.querySelector("[data-att-people]");
    var countNode = root.querySelector("[data-att-count]");

    function rows() { return Array.prototype.slice.call(list.querySelectorAll("[data-att-row]")); }

    function rowOf(person) { return list.querySelector("[data-att-row][data-person='" + person + "']"); }

    function nameOf(row) {
      var khmer = row.querySelector("[lang=km]");
      var latin = row.querySelector(".att-latin");
      return ((khmer ? khmer.textContent : "") + " " + (latin ? latin.textContent : "")).replace(/\s+/g, " ").trim();
    }

    // The status a row shows: a mark still on the phone first, else the newest of the server's
    // mark and the one the server accepted from this phone since the page was made.
    function effective(row, entry) {
      var person = row.getAttribute("data-person");
      if (entry.pending[person]) { return { status: entry.pending[person].status, pending: true }; }
      var status = row.getAttribute("data-status");
      var recorded = entry.recorded[person];
      if (recorded && time(recorded.marked_at) >= time(row.getAttribute("data-marked-at"))) { status = recorded.status; }
      return { status: status, pending: false, refused: entry.refused[person] };
    }

    function showRow(row, entry) {
      var state = effective(row, entry);
      Array.prototype.forEach.call(row.querySelectorAll("button[name=status]"), function (button) {
        button.setAttribute("aria-pressed", button.value === state.status ? "true" : "false");
      });
      var note = row.querySelector("[data-att-note]");
      note.textContent = state.pending ? T.waiting : state.refused ? fill(T.refused, { reason: state.refused }) : "";
      note.className = "att-note" + (state.pending ? " att-waiting" : state.refused ? " error" : "");
      return state;
    }

    function showAll() {
      var entry = read(meeting);
      var all = rows();
      var present = all.filter(function (row) { return ATTENDED[showRow(row, entry).status]; }).length;
      countNode.textContent = fill(T.count, { present: present, total: all.length });
      showBanner();
    }

    function mark(person, status) {
      var entry = read(meeting);
      entry.marksUrl = marksUrl;
      entry.pending[person] = {
        mark_id: newId(), meeting: Number(meeting), person: Number(person), status: status,
        marked_at: new Date().toISOString()
      };
      delete entry.refused[person];
      if (!write(meeting, entry)) { problem = T.storage_full; }
      showAll();
      sendSoon(200);
    }

    // A row for someone added on the spot (the server's page lists them once it has the mark).
    function addRow(who) {
      var row = document.createElement("li");
      row.className = "att-person att-walk-in";
      row.id = "person-" + who.person;
      row.setAttribute("data-att-row", "");
      row.setAttribute("data-person", who.person);
      row.setAttribute("data-code", who.code || "");
      row.setAttribute("data-status", "");
      row.setAttribute("data-marked-at", "");
      row.setAttribute("data-search", [who.name_km, who.name, who.worker_id].join(" "));
      var whoNode = document.createElement("div");
      whoNode.className = "att-who";
      if (who.name_km) {
        var khmer = document.createElement("strong");
        khmer.lang = "km";
        khmer.textContent = who.name_km;
        whoNode.appendChild(khmer);
      }
      [["att-latin", who.name], ["help", (who.worker_id || "—") + " · " + (who.factory || "—")], ["att-note", ""]]
        .forEach(function (part) {
          var span = document.createElement("span");
          span.className = part[0];
          span.textContent = part[1];
          if (part[0] === "att-note") { span.setAttribute("data-att-note", ""); }
          whoNode.appendChild(span);
          whoNode.appendChild(document.createTextNode(" "));
        });
      var buttons = document.createElement("div");
      buttons.className = "att-marks";
      Object.keys(T.statuses).forEach(function (status) {
        var button = document.createElement("button");
        button.type = "button";
        button.name = "status";
        button.value = status;
        button.className = "att-" + status;
        button.textContent = T.statuses[status];
        buttons.appendChild(button);
      });
      row.appendChild(whoNode);
      row.appendChild(buttons);
      list.appendChild(row);
      return row;
    }

    function addWalkIn(who) {
      var row = rowOf(who.person);
      if (!row) {
        var entry = read(meeting);
        entry.walkIns[who.person] = who;
        write(meeting, entry);
        row = addRow(who);
      }
      mark(String(who.person), "present");
      row.scrollIntoView({ block: "center" });
      return row;
    }

    // The page as it was left: walk-ins the server does not list yet, notes the server has
    // caught up with forgotten.
    (function restore() {
      var entry = read(meeting);
      Object.keys(entry.walkIns).forEach(function (person) {
        if (rowOf(person)) { delete entry.walkIns[person]; } else { addRow(entry.walkIns[person]); }
      });
      Object.keys(entry.recorded).forEach(function (person) {
        var row = rowOf(person);
        if (row && time(row.getAttribute("data-marked-at")) >= time(entry.recorded[person].marked_at)) {
          delete entry.recorded[person];
        }
      });
      write(meeting, entry);
    })();

    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[name=status]");
      if (!button || !list.contains(button)) { return; }
      event.preventDefault();
      if (!open) { return; }
      mark(button.closest("[data-att-row]").getAttribute("data-person"), button.value);
    });

    // Search: names in either script and worker IDs, ignoring case and invisible characters.
    var search = root.querySelector("[data-att-search]");
    var nobody = root.querySelector("[data-att-nobody]");
    function plain(text) { return (text || "").toLowerCase().replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, ""); }
    search.addEventListener("input", function () {
      var wanted = plain(search.value).trim();
      var shown = 0;
      rows().forEach(function (row) {
        var match = !wanted || plain(row.getAttribute("data-search")).indexOf(wanted) >= 0;
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      nobody.hidden = shown > 0 || !wanted;
    });
    root.querySelector("[data-att-tools]").hidden = false;

    // Walk-ins found by worker ID or phone number: the button adds them here, saved like a tap.
    var find = root.querySelector("[data-att-find]");
    if (find) {
      find.addEventListener("submit", function (event) {
        if (navigator.onLine) { return; }
        event.preventDefault();
        problem = "";
        banner.textContent = T.find_offline;
        banner.className = "att-banner message warning";
        banner.hidden = false;
      });
      Array.prototype.forEach.call(root.querySelectorAll("[data-att-walk-in]"), function (button) {
        button.addEventListener("click", function (event) {
          event.preventDefault();
          var item = button.closest("[data-att-candidate]");
          addWalkIn({
            person: Number(item.getAttribute("data-person")),
            name_km: item.getAttribute("data-name-km").trim(),
            name: item.getAttribute("data-name").trim(),
            worker_id: item.getAttribute("data-worker-id"),
            factory: item.getAttribute("data-factory")
          });
          item.remove();
        });
      });
    }

    setUpScanner(root, {
      rowOf: function (code) {
        return rows().filter(function (row) { return code && row.getAttribute("data-code") === code; })[0] || null;
      },
      rowOfPerson: rowOf,
      nameOf: nameOf,
      statusOf: function (row) { return effective(row, read(meeting)).status; },
      mark: mark,
      addWalkIn: addWalkIn
    });

    keepForOffline(root.getAttribute("data-worker-url"), root.getAttribute("data-decoder-url"));
    showAll();
    return { meeting: meeting, showAll: showAll };
  }

  // --- The camera: a scanned person QR marks that person present.

  function setUpScanner(root, register) {
    var start = root.querySelector("[data-att-scan]");
    var panel = root.querySelector("[data-att-scanner]");
    if (!start || !panel) { return; }
    var video = panel.querySelector("[data-att-video]");
    var result = panel.querySelector("[data-att-scan-result]");
    var confirmBox = panel.querySelector("[data-att-confirm]");
    var confirmText = panel.querySelector("[data-att-confirm-text]");
    var lookupUrl = root.getAttribute("data-lookup-url");
    var decoderUrl = root.getAttribute("data-decoder-url");
    var stream = null;
    var decode = null;
    var canvas = document.createElement("canvas");
    var last = { text: "", at: 0 };
    var candidate = null;

    function say(text) { result.textContent = text; }

    function buzz() { if (navigator.vibrate) { navigator.vibrate(80); } }

    function loadDecoder() {
      if ("BarcodeDetector" in window) {
        return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
          if (formats.indexOf("qr_code") < 0) { throw new Error("no qr_code"); }
          var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return function () {
            return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
          };
        }).catch(loadJsQR);
      }
      return loadJsQR();
    }

    function loadJsQR() {
      return new Promise(function (resolve, reject) {
        if (window.jsQR) { resolve(); return; }
        var script = document.createElement("script");
        script.src = decoderUrl;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      }).then(function () {
        var context = canvas.getContext("2d", { willReadFrequently: true });
        return function () {
          var width = video.videoWidth;
          var height = video.videoHeight;
          if (!width || !height) { return Promise.resolve(null); }
          var scale = Math.min(1, 640 / Math.max(width, height));  // cheap phones: fewer pixels to read
          canvas.width = Math.round(width * scale);
          canvas.height = Math.round(height * scale);
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          var image = context.getImageData(0, 0, canvas.width, canvas.height);
          var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
          return Promise.resolve(code ? code.data : null);
        };
      });
    }

    function stop() {
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      stream = null;
      video.srcObject = null;
      panel.hidden = true;
      confirmBox.hidden = true;
      candidate = null;
      start.hidden = false;
    }

    function tick() {
      if (!stream) { return; }
      if (candidate || video.readyState < 2) { setTimeout(tick, 250); return; }
      decode().then(function (text) {
        if (text) { scanned(text); }
        setTimeout(tick, text ? 600 : 200);
      }, function () { setTimeout(tick, 500); });
    }

    function scanned(raw) {
      var text = raw.trim().toUpperCase();
      var now = Date.now();
      if (text === last.text && now - last.at < 3000) { return; }  // the same card still in view
      last = { text: text, at: now };
      if (/\/ACCOUNTS\/ACTIVATE\//.test(text)) { say(T.scan_sign_in_qr); return; }
      if (text.indexOf("SALA-P:") !== 0) { say(T.scan_other); return; }
      var row = register.rowOf(text);
      if (row) {
        var name = register.nameOf(row);
        if (register.statusOf(row) === "present") { say(fill(T.scan_already, { name: name })); return; }
        register.mark(row.getAttribute("data-person"), "present");
        say(fill(T.scan_present, { name: name }));
        buzz();
        return;
      }
      lookUp(text);
    }

    function lookUp(text) {
      if (!navigator.onLine) { say(T.scan_offline); return; }
      fetch(lookupUrl + "?code=" + encodeURIComponent(text), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
        .then(function (data) {
          var who = data.people && data.people[0];
          if (!who) { say(T.scan_unknown); return; }
          who.code = text;
          var name = (who.name_km + " " + who.name).trim();
          if (register.rowOfPerson(who.person)) {  // on the list already, under another card
            register.mark(String(who.person), "present");
            say(fill(T.scan_present, { name: name }));
            return;
          }
          candidate = who;
          confirmText.textContent = fill(T.walk_in_confirm, { name: name + " (" + (who.worker_id || "—") + ", " + (who.factory || "—") + ")" });
          confirmBox.hidden = false;
          say("");
        }, function () { say(T.scan_offline); });
    }

    panel.querySelector("[data-att-confirm-yes]").addEventListener("click", function () {
      if (candidate) {
        register.addWalkIn(candidate);
        say(fill(T.scan_present, { name: (candidate.name_km + " " + candidate.name).trim() }));
        buzz();
      }
      candidate = null;
      confirmBox.hidden = true;
    });
    panel.querySelector("[data-att-confirm-no]").addEventListener("click", function () {
      candidate = null;
      confirmBox.hidden = true;
      say(T.scan_start);
    });
    panel.querySelector("[data-att-scan-stop]").addEventListener("click", stop);

    start.addEventListener("click", function () {
      panel.hidden = false;
      start.hidden = true;
      say(T.scan_start);
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { say(T.scan_no_camera); return; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (media) {
        stream = media;
        video.srcObject = media;
        var playing = video.play();
        if (playing && playing.catch) { playing.catch(function () { /* frames are read when it plays */ }); }
        return loadDecoder().then(function (reader) {
          decode = reader;
          tick();
        }, function () { say(T.scan_no_decoder); });
      }, function () { say(T.scan_no_camera); });
    });
  }

  // --- The service worker keeps the register and its files for opening without a connection.

  function keepForOffline(workerUrl, decoderUrl) {
    if (!workerUrl || !("serviceWorker" in navigator)) { return; }
    var files = [location.pathname];
    Array.prototype.forEach.call(document.querySelectorAll("link[rel=stylesheet][href], script[src]"), function (node) {
      files.push(node.getAttribute("href") || node.getAttribute("src"));
    });
    if (decoderUrl && !("BarcodeDetector" in window)) { files.push(decoderUrl); }
    navigator.serviceWorker.register(workerUrl).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (registration.active) { registration.active.postMessage({ keep: files }); }
    }).catch(function () { /* the register still works; it only will not open offline */ });
  }

  window.addEventListener("online", function () { wait = 0; stuck = {}; sendSoon(0); });
  window.addEventListener("offline", showBanner);
  window.addEventListener("storage", function (event) {
    if (event.key && event.key.indexOf(PREFIX) === 0) {
      if (register) { register.showAll(); } else { showBanner(); }
    }
  });
  showBanner();
  sendSoon(0);
})();
