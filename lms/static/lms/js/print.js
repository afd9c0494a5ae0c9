// Buttons marked data-print open the browser's print dialog. A static file rather than an
// onclick attribute, so the Content-Security-Policy can refuse every inline script. The button
// is hidden until this script shows it: without the script it would do nothing.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
    button.addEventListener("click", function () { window.print(); });
    button.hidden = false;
  });
})();
