"""Small H5P packages built in memory: a tiny library of our own and helpers to break packages in
every way the validation refuses. Shared by the tests and the demo data (a fresh clone has no
sample packages)."""

import io
import json
import stat
import zipfile

TINY_LIBRARY = "Sala.TinyChoice-1.0"
TINY_LIBRARY_JSON = {
    "title": "Tiny choice",
    "machineName": "Sala.TinyChoice",
    "majorVersion": 1,
    "minorVersion": 0,
    "patchVersion": 0,
    "runnable": 1,
    "preloadedJs": [{"path": "tiny-choice.js"}],
    "preloadedCss": [{"path": "tiny-choice.css"}],
}
# One question, one button per answer; a click reports "answered" and "completed" through H5P's
# own xAPI events, like every real content type.
TINY_LIBRARY_JS = """
var Sala = window.Sala = window.Sala || {};
Sala.TinyChoice = (function ($) {
  function TinyChoice(params, contentId) {
    H5P.EventDispatcher.call(this);
    this.params = params;
    this.contentId = contentId;
  }
  TinyChoice.prototype = Object.create(H5P.EventDispatcher.prototype);
  TinyChoice.prototype.constructor = TinyChoice;
  TinyChoice.prototype.attach = function ($container) {
    var self = this;
    $container.addClass("tiny-choice").empty();
    $("<p class='tiny-question'>").text(self.params.question).appendTo($container);
    self.params.answers.forEach(function (text, index) {
      $("<button type='button' class='tiny-answer'>").text(text).on("click", function () {
        var right = index === self.params.right;
        ["answered", "completed"].forEach(function (verb) {
          var event = self.createXAPIEventTemplate(verb);
          event.setScoredResult(right ? 1 : 0, 1, self, true, right);
          self.trigger(event);
        });
        $container.find(".tiny-answer").prop("disabled", true);
      }).appendTo($container);
    });
  };
  return TinyChoice;
})(H5P.jQuery);
"""
TINY_LIBRARY_CSS = ".tiny-choice .tiny-answer { display: block; width: 100%; margin: .5rem 0; padding: .75rem; }"


def h5p_json(title="Tiny choice", main="Sala.TinyChoice", dependencies=None) -> dict:
    return {
        "title": title,
        "language": "en",
        "mainLibrary": main,
        "embedTypes": ["div"],
        "license": "U",
        "preloadedDependencies": dependencies
        if dependencies is not None
        else [{"machineName": "Sala.TinyChoice", "majorVersion": "1", "minorVersion": "0"}],
    }


def tiny_package_files(
    question="Where do you go when the fire alarm rings?",
    answers=("Back to my machine", "To the assembly point"),
    right=1,
) -> dict:
    """name → bytes of a valid package using the tiny library."""
    return {
        "h5p.json": json.dumps(h5p_json()).encode(),
        "content/content.json": json.dumps({"question": question, "answers": list(answers), "right": right}).encode(),
        f"{TINY_LIBRARY}/library.json": json.dumps(TINY_LIBRARY_JSON).encode(),
        f"{TINY_LIBRARY}/tiny-choice.js": TINY_LIBRARY_JS.encode(),
        f"{TINY_LIBRARY}/tiny-choice.css": TINY_LIBRARY_CSS.encode(),
    }


def zip_bytes(files: dict, symlinks: dict | None = None) -> bytes:
    """A zip of these files (name → bytes); `symlinks` adds entries marked as symbolic links."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def tiny_package(**kwargs) -> bytes:
    return zip_bytes(tiny_package_files(**kwargs))
