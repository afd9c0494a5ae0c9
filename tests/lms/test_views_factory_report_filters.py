"""The training-records page offers only what the factory in view has, and costs the same few queries
however many records it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from courses.choices import CompletionSource
from courses.factories import CoursePageFactory
from lms.people.choices import Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory, StaffFactory


@pytest.fixture
def records(catalogue):
    a, b = FactoryFactory(code="PP-001"), FactoryFactory(code="KD-002")
    sewing, cutting = DepartmentFactory(factory=a, name="Sewing"), DepartmentFactory(factory=a, name="Cutting")
    packing = DepartmentFactory(factory=b, name="Packing")
    chemicals = CoursePageFactory(parent=catalogue["programme"], title="Chemical safety", slug="chemicals")
    fire = catalogue["course"]
    sophea = PersonFactory(factory=a, worker_id="A1", department=sewing, first_name="Sophea")
    bopha = PersonFactory(factory=b, worker_id="B1", department=packing, first_name="Bopha")
    services.completion_record(person=sophea, course=fire, source=CompletionSource.SEMINAR)
    services.enrolment_create(person=bopha, course=chemicals, enrolled_by=bopha)
    return {
        "a": a,
        "b": b,
        "sewing": sewing,
        "cutting": cutting,
        "packing": packing,
        "fire": fire,
        "chemicals": chemicals,
        "hr_a": PersonFactory(factory=a, worker_id="HR", roles=[Role.FACTORY_HR]),
        "programme": StaffFactory(roles=[Role.PROGRAMME_STAFF]),
    }


def _choices(response, field):
    return [label for value, label in response.context["form"].fields[field].choices if value != ""]


def test_programme_staff_choose_a_factory_before_a_department(client, records):
    """Across all factories there is no department menu, only a hint; choosing a factory shows its departments only."""
    client.force_login(records["programme"])
    response = client.get("/learning/factory/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert 'name="department"' not in page and "Choose a factory to filter by department." in page
    response = client.get("/learning/factory/", {"factory": "KD-002"}, HTTP_ACCEPT_LANGUAGE="en")
    assert 'name="department"' in response.content.decode()
    assert _choices(response, "department") == ["Packing"]


def test_hr_department_and_course_menus_hold_its_own_factory_only(client, records):
    """HR's menus list its factory's departments and the courses its workers have records of, nothing of another factory."""
    client.force_login(records["hr_a"])
    response = client.get("/learning/factory/")
    assert _choices(response, "department") == ["Cutting", "Sewing"]
    assert _choices(response, "course") == ["Fire safety"]


def test_a_department_without_its_factory_shows_no_records(client, records):
    """Programme staff sending a department but no factory see no records rather than every factory's."""
    client.force_login(records["programme"])
    response = client.get("/learning/factory/", {"department": records["packing"].pk}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "Bopha" not in page and "Sophea" not in page and "0 enrolments" in page


def test_programme_staff_see_the_factory_of_each_record(client, records):
    """Across all factories each line names its factory, as worker IDs repeat from one factory to the next."""
    client.force_login(records["programme"])
    page = client.get("/learning/factory/").content.decode()
    assert ">PP-001</td>" in page and ">KD-002</td>" in page
    page = client.get("/learning/factory/", {"factory": "KD-002"}).content.decode()
    assert ">KD-002</td>" not in page and "Bopha" in page


def test_staff_trying_a_course_are_not_factory_records(client, records):
    """Someone of no factory (a trainer trying a course) is counted in no factory's records."""
    trainer = StaffFactory(roles=[Role.TRAINER], first_name="Trainer")
    services.enrolment_create(person=trainer, course=records["fire"], enrolled_by=trainer)
    client.force_login(records["programme"])
    page = client.get("/learning/factory/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Trainer" not in page and "2 enrolments, 1 completed" in page
    csv_text = client.get("/learning/factory/export/", {"format": "csv"}).getvalue().decode("utf-8-sig")
    assert len(csv_text.splitlines()) == 3


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", ["/learning/factory/", "/learning/factory/export/"])
def test_the_page_and_export_cost_the_same_queries_for_many_records(client, records, url):
    """Ten times the workers, departments and courses add no query to the page or the export."""
    client.force_login(records["hr_a"])
    params = {"format": "xlsx"} if "export" in url else {}
    _queries(client, url, params)  # session and roles read once
    few = _queries(client, url, params)
    for n in range(20):
        department = DepartmentFactory(factory=records["a"], name=f"Line {n}")
        person = PersonFactory(factory=records["a"], worker_id=f"X{n}", department=department)
        services.enrolment_create(person=person, course=records["fire" if n % 2 else "chemicals"], enrolled_by=person)
    assert _queries(client, url, params) == few
