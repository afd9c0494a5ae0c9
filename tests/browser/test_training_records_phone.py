"""The training records, and the pages of an export prepared in the background, on a 360 px phone in
Khmer: HR filters the records, asks for an export too large to make while waiting, confirms it and
follows it to its download, and nothing on the way is wider than the phone."""

import pytest
from django.contrib.auth.hashers import make_password

from courses import services
from lms.people.choices import Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_hr_reads_and_exports_training_records_on_a_phone(live_server, phone, catalogue, settings):
    settings.SALA_EXPORT_ROWS_IN_REQUEST = 1
    settings.CELERY_TASK_ALWAYS_EAGER = True
    factory = FactoryFactory(code="PP-001")
    sewing = DepartmentFactory(factory=factory, name="Sewing and finishing department")
    for number in range(3):
        worker = PersonFactory(factory=factory, worker_id=f"A{number}", department=sewing, given_name_km="សុភា")
        services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    PersonFactory(
        factory=factory, worker_id="HR", roles=[Role.FACTORY_HR], username="hr", password=make_password("sala-demo")
    )

    phone.goto(f"{live_server.url}/accounts/login/?with=password")
    phone.fill("#id_username", "hr")
    phone.fill("#id_password", "sala-demo")
    phone.click("button.block")
    phone.goto(f"{live_server.url}/learning/factory/")
    assert phone.locator("tbody tr").count() == 3
    assert _fits(phone), "training records"

    phone.click("a[href*='format=csv']")
    assert phone.locator("form[action$='/exports/'] button").count() == 1
    assert _fits(phone), "export confirm"

    phone.click("form[action$='/exports/'] button")
    phone.wait_for_selector("a[href$='/download/']")
    assert _fits(phone), "export progress"
