// "Select all on this page" on the people list ticks and unticks the rows' boxes, and unticks
// itself when a row is unticked, so what is sent is what is seen. Without this script the box
// still works: the server then takes every row of the page (listed in hidden fields).
// A static file rather than inline code, so the Content-Security-Policy can refuse every inline script.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form[data-people-choice]"), function (form) {
    var all = form.querySelector("[data-select-page]");
    if (!all) { return; }
    var rows = form.querySelectorAll('input[type=checkbox][name="person"]');
    var ticked = function () {
      return Array.prototype.filter.call(rows, function (box) { return box.checked; }).length;
    };
    all.addEventListener("change", function () {
      Array.prototype.forEach.call(rows, function (box) { box.checked = all.checked; });
    });
    Array.prototype.forEach.call(rows, function (box) {
      box.addEventListener("change", function () {
        all.checked = ticked() === rows.length;
      });
    });
    // A page opened again from the browser's history may come back with boxes ticked.
    all.checked = rows.length > 0 && ticked() === rows.length;
  });
})();
