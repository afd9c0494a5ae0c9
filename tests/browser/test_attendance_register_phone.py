"""The attendance register on a 360 px phone in Khmer, with a connection that drops: a mark made
online is sent at once; two made offline are kept on the phone (the banner says so); the page
reloaded without a connection comes back from the register's service worker with those marks
still waiting; the network returns and the server has every mark exactly once."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from seminars.choices import AttendanceStatus
from seminars.factories import RegistrationFactory, SessionFactory, morning
from seminars.models import Attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Waits in the page until the service worker controls it and keeps a copy of the register.
REGISTER_KEPT = """async () => {
  for (let i = 0; i < 100; i++) {
    if (navigator.serviceWorker.controller) {
      const kept = await caches.open("sala-attendance-v1").then((cache) => cache.match(location.href));
      if (kept) { return true; }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""


@pytest.fixture
def trainer(db):
    return StaffFactory(username="trainer", roles=[Role.TRAINER])


@pytest.fixture
def register(live_server, trainer):
    """A session taking place now, four workers registered, and the register of today's meeting."""
    now = timezone.now()
    session = SessionFactory(
        trainers=[trainer],
        meetings=[(now - datetime.timedelta(minutes=30), now + datetime.timedelta(hours=3)), morning(1)],
    )
    people = PersonFactory.create_batch(4, factory=FactoryFactory(code="PP-001"))
    for person in people:
        RegistrationFactory(session=session, person=person)
    meeting = session.meetings.order_by("starts_at").first()
    return {"url": f"{live_server.url}/training/meetings/{meeting.pk}/register/", "meeting": meeting, "people": people}


@pytest.fixture
def trainer_phone(browser, live_server, trainer):
    """The trainer's phone: 360 × 740, Khmer, signed in."""
    client = Client()
    client.force_login(trainer)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="km-KH", extra_http_headers={"Accept-Language": "km"}
    )
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, errors
    context.set_offline(False)
    page.goto("about:blank")
    context.close()


def tap(page, person, status: str) -> None:
    page.click(f"#person-{person.pk} button[value={status}]")


def pressed(page, person) -> str:
    return page.get_attribute(f"#person-{person.pk} button[aria-pressed=true]", "value")


def test_marks_made_offline_survive_a_reload_and_are_recorded_once(trainer_phone, register):
    """One mark online, two offline, a reload offline, the network back: three marks, each recorded once."""
    page, errors = trainer_phone
    first, second, third, _fourth = register["people"]
    page.goto(register["url"])
    assert page.evaluate(REGISTER_KEPT), "the service worker did not keep the register"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    tap(page, first, "present")
    page.wait_for_selector("[data-att-banner].ok")  # "All marks sent", in Khmer
    assert Attendance.objects.filter(person=first, status=AttendanceStatus.PRESENT).count() == 1

    page.context.set_offline(True)
    tap(page, second, "present")
    tap(page, third, "late")
    banner = page.inner_text("[data-att-banner]")
    assert "2" in banner and page.get_attribute("[data-att-banner]", "class").endswith("warning")
    assert page.inner_text(f"#person-{second.pk} [data-att-note]")  # waiting to send
    assert Attendance.objects.count() == 1

    response = page.reload()  # no connection: the service worker hands back its copy
    assert response is not None and response.from_service_worker
    # The copy kept before the first mark: the server's state in it is older than the phone's.
    assert page.get_attribute(f"#person-{first.pk}", "data-status") == ""
    assert [pressed(page, person) for person in (first, second, third)] == ["present", "present", "late"]
    assert "2" in page.inner_text("[data-att-banner]")
    assert page.evaluate("navigator.onLine") is False
    assert Attendance.objects.count() == 1

    page.context.set_offline(False)
    page.wait_for_selector("[data-att-banner].ok", timeout=15000)
    marks = dict(Attendance.objects.filter(meeting=register["meeting"]).values_list("person", "status"))
    assert marks == {first.pk: "present", second.pk: "present", third.pk: "late"}
    assert Attendance.objects.count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Failed loads while offline, and the favicon the site does not have, are not the page's errors.
    assert not [error for error in errors if "Failed to load resource" not in error], errors
