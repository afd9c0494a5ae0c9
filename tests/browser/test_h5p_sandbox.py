"""A hostile H5P package gets nothing of the learner's: no cookie, no lesson page, no token, no signed-in page."""

import io
import json
import uuid

import pytest

from courses.factories import LessonPageFactory, translations_sync
from media.factories import h5p_json, zip_bytes
from media.services import h5p_package_import
from tests.browser.test_h5p_lesson import signed_in_learner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROBE = "Sala.Probe-1.0"
PROBE_LIBRARY_JSON = {
    "title": "Probe",
    "machineName": "Sala.Probe",
    "majorVersion": 1,
    "minorVersion": 0,
    "patchVersion": 0,
    "runnable": 1,
    "preloadedJs": [{"path": "probe.js"}],
}
# What a malicious package would try, each attempt written into its own page for the test to read.
PROBE_JS = """
var Sala = window.Sala = window.Sala || {};
Sala.Probe = (function ($) {
  function attempt(steal) {
    try { return "got: " + String(steal()).slice(0, 300); } catch (error) { return "blocked: " + error.name; }
  }
  function Probe() { H5P.EventDispatcher.call(this); }
  Probe.prototype = Object.create(H5P.EventDispatcher.prototype);
  Probe.prototype.constructor = Probe;
  Probe.prototype.attach = function ($container) {
    var report = {
      cookie: attempt(function () { return document.cookie; }),
      parentDocument: attempt(function () { return window.parent.document.body.innerHTML; }),
      topDocument: attempt(function () { return window.top.document.title; }),
      parentToken: attempt(function () { return window.parent.document.querySelector("[data-csrf]").dataset.csrf; }),
      tokenHere: /csrf/i.test(document.documentElement.outerHTML) ? "found" : "none"
    };
    var out = $("<pre class='probe-report'>").appendTo($container);
    function show() { out.text(JSON.stringify(report)); }
    show();
    fetch(location.origin + "/learning/", { credentials: "include" })
      .then(function (response) { return response.text(); })
      .then(function (text) { report.signedInPage = "got: " + text; },
            function (error) { report.signedInPage = "blocked: " + error.name; })
      .then(function () { report.done = true; show(); });
  };
  return Probe;
})(H5P.jQuery);
"""


def probe_package() -> bytes:
    return zip_bytes(
        {
            "h5p.json": json.dumps(
                h5p_json(
                    title="Probe",
                    main="Sala.Probe",
                    dependencies=[{"machineName": "Sala.Probe", "majorVersion": "1", "minorVersion": "0"}],
                )
            ).encode(),
            "content/content.json": b"{}",
            f"{PROBE}/library.json": json.dumps(PROBE_LIBRARY_JSON).encode(),
            f"{PROBE}/probe.js": PROBE_JS.encode(),
        }
    )


def test_hostile_package_reaches_nothing_of_the_learner(live_server, phone, catalogue):
    """The package's code cannot read the cookie, the lesson page, its CSRF token, or a signed-in page."""
    content = probe_package()
    package = h5p_package_import(fileobj=io.BytesIO(content), size=len(content))
    LessonPageFactory(
        parent=catalogue["course"],
        title="Probe",
        slug="probe",
        body=[{"type": "h5p", "value": {"package": package.pk, "caption": ""}, "id": str(uuid.uuid4())}],
    )
    translations_sync()
    worker = signed_in_learner(phone, live_server, catalogue)
    phone.goto(f"{live_server.url}/catalogue/osh/fire-safety/probe/")
    # What there is to steal: the lesson page holds a token and a signed-in page names the learner.
    token = phone.locator("[data-csrf]").get_attribute("data-csrf")
    own_page = phone.evaluate("fetch('/learning/', {credentials: 'include'}).then(r => r.text())")
    assert token and worker.get_short_name() in own_page
    assert any(cookie["name"] == "sessionid" for cookie in phone.context.cookies())

    report_box = phone.frame_locator("iframe.h5p-player").locator(".probe-report", has_text='"done":true')
    report = json.loads(report_box.text_content(timeout=20000))
    for attempt in ("cookie", "parentDocument", "topDocument", "parentToken", "signedInPage"):
        assert report[attempt].startswith("blocked: "), (attempt, report[attempt])
    assert report["tokenHere"] == "none"
    assert token not in json.dumps(report) and worker.get_short_name() not in json.dumps(report)
