// The login card's QR code opens /accounts/activate/#code=ABCD2345. The fragment never reaches
// the server (so the code stays out of logs); copy it into the form, then drop it from the address.
(function () {
  var match = /(?:^#|&)code=([A-Za-z0-9-]{4,20})/.exec(window.location.hash);
  var field = document.getElementById("id_code");
  if (!match || !field) { return; }
  if (!field.value) { field.value = match[1].toUpperCase(); }
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  var first = document.getElementById("id_phone");
  if (first) { first.focus(); }
})();
