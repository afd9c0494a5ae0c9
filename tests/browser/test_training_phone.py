"""The training screens on a 360 px phone asking for Khmer: a trainer schedules a two-day session
(the second day added with the button, no script needed) and publishes it, HR pastes worker IDs,
a worker registers and later rates the session with the big buttons; no page is wider than the
phone."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from seminars.choices import AttendanceStatus, RegistrationStatus
from seminars.factories import AttendanceFactory, RegistrationFactory, SessionFactory, classroom_course
from seminars.models import Evaluation, Registration, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE_WIDTH = 360
KHMER_TITLE = "សុវត្ថិភាពអគ្គិភ័យសម្រាប់អ្នកគ្រប់គ្រងផ្នែកផលិតកម្មនៅរោងចក្រកាត់ដេរ"


def signed_in(browser, live_server, person):
    """A 360 px phone in Khmer, signed in as `person` (a session of its own)."""
    client = Client()
    client.force_login(person)
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 740}, locale="km-KH", extra_http_headers={"Accept-Language": "km"}
    )
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context.new_page()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH


def day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_trainer_hr_and_worker_on_a_phone(live_server, browser):
    """Schedule with an added day, publish, nominate by pasted IDs, register: each page fits."""
    factory = FactoryFactory(code="PP-001", name_km="រោងចក្រកាត់ដេរ អង្គរ")
    trainer = StaffFactory(roles=[Role.TRAINER], given_name_km="ដារ៉ា", family_name_km="សុខ")
    hr = PersonFactory(factory=factory, roles=[Role.FACTORY_HR])
    workers = PersonFactory.create_batch(3, factory=factory)
    classroom_course(title=KHMER_TITLE)

    desk = signed_in(browser, live_server, trainer)
    desk.goto(f"{live_server.url}/training/new/")
    assert fits(desk)
    desk.select_option("#id_delivers", label=KHMER_TITLE)
    desk.fill("#id_factory", "PP-001")
    desk.fill("#id_room", "បន្ទប់ប្រជុំជាន់ទី២")
    desk.fill("#id_capacity", "2")
    desk.fill("#id_meetings-0-day", day(5))
    desk.fill("#id_meetings-0-starts", "07:30")
    desk.fill("#id_meetings-0-ends", "11:30")
    desk.click("button[value=add_day]")
    assert desk.input_value("#id_room") == "បន្ទប់ប្រជុំជាន់ទី២" and desk.locator(".errorlist").count() == 0
    desk.fill("#id_meetings-1-day", day(6))
    desk.fill("#id_meetings-1-starts", "07:30")
    desk.fill("#id_meetings-1-ends", "11:30")
    assert fits(desk)
    desk.click("button[value=publish]")
    session = Session.objects.get()
    assert desk.url.endswith(f"/training/{session.pk}/") and session.meetings.count() == 2
    assert session.published_at is not None and fits(desk)
    desk.goto(f"{live_server.url}/training/")
    assert fits(desk)

    office = signed_in(browser, live_server, hr)
    office.goto(f"{live_server.url}/training/?show=nominate")
    assert fits(office)
    office.goto(f"{live_server.url}/training/{session.pk}/nominate/")
    office.fill("#id_worker_ids", "\n".join(worker.worker_id for worker in workers[:3]))
    office.click("#ids button[type=submit]")
    assert "2" in office.inner_text(".nomination-counts") and fits(office)
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).count() == 1
    office.goto(f"{live_server.url}/training/{session.pk}/people/")
    assert fits(office)

    worker = PersonFactory(factory=factory)
    phone = signed_in(browser, live_server, worker)
    phone.goto(f"{live_server.url}/training/{session.pk}/")
    assert fits(phone)
    phone.click("form[action$='/register/'] button")
    assert Registration.objects.get(person=worker).status == RegistrationStatus.WAITLISTED
    assert fits(phone)
    phone.goto(f"{live_server.url}/learning/")
    assert fits(phone)
    desk.goto(f"{live_server.url}/training/{session.pk}/edit/")
    assert desk.input_value("#id_meetings-1-starts") == "07:30" and fits(desk)


def test_a_worker_rates_the_session_by_tapping_big_buttons(live_server, browser):
    """Each rating is one tap on a button at least 44 px high; the evaluation is recorded."""
    now = timezone.now()
    session = SessionFactory(meetings=[(now - datetime.timedelta(hours=3), now - datetime.timedelta(hours=1))])
    worker = PersonFactory()
    RegistrationFactory(session=session, person=worker)
    AttendanceFactory(meeting=session.meetings.get(), person=worker, status=AttendanceStatus.PRESENT)
    phone = signed_in(browser, live_server, worker)
    phone.goto(f"{live_server.url}/training/{session.pk}/evaluation/")
    assert fits(phone)
    button = phone.locator("label[for=id_overall_4]")
    assert button.bounding_box()["height"] >= 44
    button.click()
    phone.click("label[for=id_usefulness_3]")
    phone.click("label[for=id_trainer_4]")
    phone.click("button.block")
    evaluation = Evaluation.objects.get()
    assert (evaluation.overall, evaluation.usefulness, evaluation.trainer) == (5, 4, 5)
