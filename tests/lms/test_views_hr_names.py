"""HR's screens on a phone in Khmer: rows that become cards with every column labelled, locked
accounts flagged, and departments, factories and courses named in Khmer where a Khmer name exists."""

import datetime

import pytest
from django.utils import timezone

from courses import services
from courses.choices import CompletionSource
from courses.models import CoursePage
from lms.people.choices import Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory

KHMER_TITLE = "សុវត្ថិភាពអគ្គិភ័យ"


@pytest.fixture
def plant(catalogue):
    factory = FactoryFactory(code="PP-001", name="Angkor Apparel", name_km="អង្គរ អាប៉ារ៉ែល")
    sewing = DepartmentFactory(factory=factory, name="Sewing", name_km="ផ្នែកដេរ")
    packing = DepartmentFactory(factory=factory, name="Packing", name_km="")
    sophea = PersonFactory(factory=factory, worker_id="W00123", department=sewing, first_name="Sophea", pin="x")
    dara = PersonFactory(factory=factory, worker_id="W00200", department=packing, first_name="Dara")
    course = catalogue["course"]
    CoursePage.objects.filter(translation_key=course.translation_key, locale__language_code="km").update(
        title=KHMER_TITLE
    )
    services.completion_record(person=sophea, course=course, source=CompletionSource.SEMINAR)
    services.enrolment_create(person=dara, course=course, enrolled_by=dara)
    hr = PersonFactory(factory=factory, worker_id="HR", roles=[Role.FACTORY_HR])
    return {"factory": factory, "sophea": sophea, "dara": dara, "hr": hr, "course": course}


def test_people_list_names_departments_and_factory_in_khmer(client, plant):
    """A Khmer reader sees ផ្នែកដេរ, not Sewing; a department with no Khmer name keeps its English one."""
    client.force_login(plant["hr"])
    page = client.get("/people/", HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "ផ្នែកដេរ" in page and ">Sewing<" not in page and "Packing" in page
    assert "អង្គរ អាប៉ារ៉ែល" in page
    english = client.get("/people/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sewing" in english and "ផ្នែកដេរ" not in english


def test_people_list_rows_become_labelled_cards(client, plant):
    """Every cell of the people list carries its column's name, so a phone shows the sign-in state as a labelled line."""
    client.force_login(plant["hr"])
    page = client.get("/people/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<table class="rows">' in page
    assert 'data-label="Sign-in"' in page and 'class="main" data-label="Name"' in page
    assert '<td class="pick"><label><input type="checkbox" name="person"' in page


def test_a_locked_account_is_flagged_in_the_list(client, plant):
    """Someone locked out by wrong PINs is flagged in the list until the lock runs out."""
    client.force_login(plant["hr"])
    plant["sophea"].locked_until = timezone.now() + datetime.timedelta(minutes=10)
    plant["sophea"].save(update_fields=["locked_until"])
    flag = '<span class="badge error">Locked'  # in a row; the sign-in filter's menu also names it
    assert flag in client.get("/people/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    plant["sophea"].locked_until = timezone.now() - datetime.timedelta(minutes=1)
    plant["sophea"].save(update_fields=["locked_until"])
    assert flag not in client.get("/people/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_person_page_names_department_and_factory_in_khmer(client, plant):
    """A person's page in Khmer names their department and factory in Khmer."""
    client.force_login(plant["hr"])
    page = client.get(f"/people/{plant['sophea'].pk}/", HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "ផ្នែកដេរ" in page and "អង្គរ អាប៉ារ៉ែល" in page


def test_training_records_name_course_and_department_in_khmer(client, plant):
    """Training records in Khmer show the Khmer course title and department, and the completed column on every row."""
    client.force_login(plant["hr"])
    page = client.get("/learning/factory/", HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert page.count(KHMER_TITLE) >= 3  # both rows and the course menu
    assert "ផ្នែកដេរ" in page and "Packing" in page
    assert page.count('data-label="') >= 10 and '<table class="rows">' in page
    english = client.get("/learning/factory/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert KHMER_TITLE not in english and "Fire safety" in english


def test_bulk_enrolment_menus_name_courses_and_departments_in_khmer(client, plant):
    """The enrolment form's menus offer the Khmer course title and department names."""
    client.force_login(plant["hr"])
    page = client.get("/learning/factory/enrol/", HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert KHMER_TITLE in page and "ផ្នែកដេរ" in page


def test_the_list_filters_by_sign_in(client, plant):
    """HR lists the people locked out now, or those with no PIN yet (who need a login card)."""
    client.force_login(plant["hr"])
    plant["sophea"].locked_until = timezone.now() + datetime.timedelta(minutes=10)
    plant["sophea"].save(update_fields=["locked_until"])

    def listed(sign_in):
        response = client.get("/people/", {"sign_in": sign_in}, HTTP_ACCEPT_LANGUAGE="en")
        return {person.worker_id for person in response.context["page"]}

    assert listed("locked") == {"W00123"}
    assert listed("no_pin") == {"W00200", "HR"}  # Sophea chose a PIN; HR here is a worker account too
    assert listed("") == {"W00123", "W00200", "HR"}
