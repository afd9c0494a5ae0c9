"""In a real browser: a script injected into a Sala page does not run, while the page's own scripts
(print button, language switcher, H5P exercise) and the Wagtail admin's page editor still work."""

import time

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from wagtail.admin.models import EditingSession

from courses import services
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from media.factories import tiny_package
from tests.browser.test_h5p_lesson import h5p_lesson

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Records every policy violation the page reports, before any of the page's own code runs.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""
INJECTED = (
    "<script>window.injectedScriptRan = true;</script>"
    '<img src="/static/lms/css/site.css" onerror="window.injectedHandlerRan = true">'
    '<a id="injected-link" href="javascript:window.injectedLinkRan = true">x</a>'
)


@pytest.fixture
def signed_in(browser, live_server):
    """A new browser tab signed in as `person` (through a session made by the test client)."""
    contexts = []

    def open_tab(person):
        client = Client()
        client.force_login(person)
        context = browser.new_context(viewport={"width": 360, "height": 740})
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
        context.add_init_script(RECORD_VIOLATIONS)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


def inject_into(tab, url_part: str) -> None:
    """Serve the page with attacker markup added to its body, keeping every header (and the policy)."""

    def handle(route):
        response = route.fetch()
        body = response.text().replace("</main>", INJECTED + "</main>", 1)
        route.fulfill(response=response, body=body)

    tab.route(f"**{url_part}", handle)


def test_injected_script_does_not_run_on_a_sala_page(signed_in, live_server, catalogue):
    """Markup slipped into a lesson page runs neither its <script>, nor its onerror, nor its javascript: link."""
    worker = PersonFactory(factory=FactoryFactory())
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    tab = signed_in(worker)
    inject_into(tab, "/catalogue/osh/fire-safety/exits/")
    response = tab.goto(f"{live_server.url}/catalogue/osh/fire-safety/exits/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert tab.locator("#injected-link").count() == 1  # the markup is there…
    tab.click("#injected-link")
    tab.wait_for_timeout(300)
    ran = tab.evaluate("[window.injectedScriptRan, window.injectedHandlerRan, window.injectedLinkRan]")
    assert ran == [None, None, None]  # …and none of it ran
    violations = tab.evaluate("window.cspViolations")
    assert any(v.startswith("script-src") for v in violations), violations


def test_own_scripts_still_work_under_the_policy(signed_in, live_server, catalogue):
    """The login cards' print button and the language switcher work, with no violation reported."""
    factory = FactoryFactory(code="PP-001")
    worker = PersonFactory(factory=factory, worker_id="W1")
    hr = PersonFactory(factory=factory, roles=[Role.FACTORY_HR])
    tab = signed_in(hr)
    tab.goto(f"{live_server.url}/people/{worker.pk}/")
    tab.add_init_script("window.print = function () { window.printed = true; };")
    tab.locator("form[action$='/accounts/login-cards/'] button").first.click()
    tab.wait_for_url("**/accounts/login-cards/*/")  # issuing redirects to the batch it made
    tab.click("button[data-print]")
    assert tab.evaluate("window.printed") is True
    assert tab.evaluate("window.cspViolations") == []
    tab.goto(f"{live_server.url}/learning/")
    tab.click(".language-switcher button[value=km]")
    tab.wait_for_load_state()
    assert tab.evaluate("document.documentElement.lang") == "km"
    assert tab.evaluate("window.cspViolations") == []


def test_h5p_exercise_plays_under_the_policy(signed_in, live_server, catalogue):
    """The lesson's H5P script frames the player, which loads the exercise, with no violation on the lesson page."""
    h5p_lesson(catalogue["course"], tiny_package(), "practise")
    worker = PersonFactory(factory=FactoryFactory())
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    tab = signed_in(worker)
    tab.goto(f"{live_server.url}/catalogue/osh/fire-safety/practise/")
    tab.frame_locator("iframe.h5p-player").locator(".tiny-answer").first.wait_for(timeout=20000)
    tab.locator(".h5p-loading").wait_for(state="hidden")
    assert tab.evaluate("window.cspViolations") == []


def test_admin_page_editor_works_under_its_policy(signed_in, live_server, catalogue):
    """Programme staff edit and save a lesson in the Wagtail admin, and the admin reports no violation."""
    admin = StaffFactory(is_superuser=True, password=make_password("x"))
    lesson = catalogue["reading"]
    tab = signed_in(admin)
    for url in (
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{catalogue['course'].pk}/",
        "/admin/images/",
        "/admin/users/",
    ):
        tab.goto(f"{live_server.url}{url}")
        tab.wait_for_load_state("networkidle")
        assert tab.evaluate("window.cspViolations") == [], url
    tab.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    tab.wait_for_load_state("networkidle")
    tab.fill("#id_title", "Know your exits well")
    tab.locator("button.action-save").first.click()
    tab.wait_for_load_state("networkidle")
    assert "Know your exits well" in tab.locator(".messages").inner_text()
    assert tab.evaluate("window.cspViolations") == []
    assert lesson.__class__.objects.get(pk=lesson.pk).get_latest_revision().content["title"] == "Know your exits well"
    # Leaving the editor sends Wagtail's "editing session released" beacon. Wait until the live
    # server has handled it: a request still reading the database while it is reset for the next
    # test fails that reset (SQLite in memory: "database table is locked").
    tab.goto("about:blank")
    deadline = time.monotonic() + 20
    while EditingSession.objects.filter(user=admin).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
