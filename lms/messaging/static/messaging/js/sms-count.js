// Counts the SMS parts of an announcement while it is typed, by the rule of lms/messaging/sms.py
// (sms_parts): GSM-7 text holds 160 characters in one SMS and 153 in each part of a longer one;
// anything else, Khmer always, is UCS-2: 70 UTF-16 units, then 67 a part. The alphabets come from
// the server (the page's "sms-alphabet" JSON), so both count the same way. Without this script the
// count is shown on the confirmation page only.
(function () {
  "use strict";
  var counter = document.querySelector("[data-sms-count]");
  var alphabet = document.getElementById("sms-alphabet");
  if (!counter || !alphabet) { return; }
  var field = document.getElementById(counter.getAttribute("data-sms-count"));
  if (!field) { return; }
  var sets = JSON.parse(alphabet.textContent);
  var before = counter.getAttribute("data-sms-before") || "";
  var after = counter.getAttribute("data-sms-after") || "";
  var characters = counter.querySelector("[data-sms-characters]");
  var parts = counter.querySelector("[data-sms-parts]");

  function size(text) {
    var septets = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (sets.basic.indexOf(c) >= 0) { septets += 1; }
      else if (sets.extension.indexOf(c) >= 0) { septets += 2; }
      else { septets = -1; break; }
    }
    if (septets >= 0) {
      return { characters: text.length, parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
    }
    // UCS-2: String.length counts UTF-16 code units, as the gateway does.
    return { characters: text.length, parts: text.length <= 70 ? 1 : Math.ceil(text.length / 67) };
  }

  function update() {
    var text = field.value.replace(/\r\n?/g, "\n").trim();
    var counted = size(before + text + after);
    characters.textContent = counted.characters;
    parts.textContent = counted.parts;
  }

  field.addEventListener("input", update);
  update();
  counter.hidden = false;
})();
