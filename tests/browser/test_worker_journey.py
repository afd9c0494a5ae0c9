"""On a 360 px phone in Khmer: sign in, find the fire-safety course, enrol, pass the quiz; HR sees it."""

import pytest
from django.contrib.auth.hashers import make_password

from courses.factories import page_translate
from courses.models import Enrolment
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_worker_completes_a_course_in_khmer_and_hr_sees_it(live_server, phone, catalogue, browser):
    """The whole learner journey works in a real browser, and the completion reaches HR, not other HR."""
    page_translate(catalogue["course"], "km", title="សុវត្ថិភាពអគ្គីភ័យ", summary="រៀនពីច្រកចេញ។")
    factory = FactoryFactory(code="PP-001")
    worker = PersonFactory(factory=factory, phone="+85512345678", pin="2580")
    PersonFactory(
        factory=factory, worker_id="HR", roles=[Role.FACTORY_HR], username="hr", password=make_password("sala-demo")
    )
    PersonFactory(
        factory=FactoryFactory(code="KD-002"),
        worker_id="HR",
        roles=[Role.FACTORY_HR],
        username="hr2",
        password=make_password("sala-demo"),
    )

    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_phone", "012 345 678")
    phone.fill("#id_pin", "2580")
    phone.click("button.block")
    phone.goto(f"{live_server.url}/catalogue/")
    phone.fill("#id_q", "អគ្គីភ័យ")
    phone.click("form[role=search] button")
    phone.click("text=សុវត្ថិភាពអគ្គីភ័យ")
    phone.click("form[action^='/learning/enrol/'] button")
    phone.click("text=Know your exits")
    phone.click("button[name=complete]")
    assert phone.url.endswith("/quiz/")
    phone.locator("input[type=radio]").nth(1).check()
    phone.locator("input[type=checkbox]").nth(0).check()
    phone.locator("input[type=checkbox]").nth(1).check()
    phone.click("button[name=quiz]")
    assert "100%" in phone.inner_text("#result")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    assert Enrolment.objects.get(person=worker).completed_at is not None

    for username, sees_it in (("hr", True), ("hr2", False)):
        context = browser.new_context()
        desk = context.new_page()
        desk.goto(f"{live_server.url}/accounts/login/?with=password")
        desk.fill("#id_username", username)
        desk.fill("#id_password", "sala-demo")
        desk.click("button.block")
        desk.goto(f"{live_server.url}/learning/factory/")
        records = desk.inner_text("tbody")  # the course by its name in HR's language
        assert ("Fire safety" in records or "សុវត្ថិភាពអគ្គីភ័យ" in records) is sees_it, username
        context.close()
