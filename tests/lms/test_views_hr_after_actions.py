"""After an import or a bulk enrolment HR reads what happened once, and knows where to go next."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.models import CoursePage, Enrolment
from lms.people.choices import Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory

ROSTER = "worker_id,family_name_km,given_name_km\nA001,សុខ,សុភា\nA002,ចាន់,ដារ៉ា\n"


@pytest.fixture
def plant(catalogue):
    factory = FactoryFactory(code="PP-001")
    sewing = DepartmentFactory(factory=factory, name="Sewing", name_km="ផ្នែកដេរ")
    PersonFactory(factory=factory, worker_id="W1", department=sewing)
    course = catalogue["course"]
    CoursePage.objects.filter(translation_key=course.translation_key, locale__language_code="km").update(
        title="សុវត្ថិភាពអគ្គិភ័យ"
    )
    hr = PersonFactory(factory=factory, worker_id="HR", roles=[Role.FACTORY_HR])
    return {"factory": factory, "sewing": sewing, "course": course, "hr": hr}


def test_an_import_says_what_changed_once_and_links_to_the_people(client, plant):
    """The import's result shows on its page with a link to the factory's people; the next page repeats nothing."""
    client.force_login(plant["hr"])
    upload = SimpleUploadedFile("roster.csv", ROSTER.encode("utf-8"))
    page = client.post(
        "/people/roster/import/", {"factory": plant["factory"].pk, "file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert page.count("2 new") == 1
    assert 'href="/people/?factory=PP-001"' in page and "print their login cards" in page
    assert "2 new" not in client.get("/people/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_bulk_enrolment_names_course_and_department_and_clears_the_form(client, plant):
    """After enrolling a department HR reads the course and department by name, and the form is blank again."""
    client.force_login(plant["hr"])
    data = {"course": plant["course"].pk, "factory": plant["factory"].pk, "department": plant["sewing"].pk}
    response = client.post("/learning/factory/enrol/", data, HTTP_ACCEPT_LANGUAGE="km")
    page = response.content.decode()
    title = page.split('class="card-title">', 1)[1].split("<", 1)[0]
    assert "សុវត្ថិភាពអគ្គិភ័យ" in title and "ផ្នែកដេរ" in title
    assert not response.context["form"].is_bound
    assert Enrolment.objects.filter(person__worker_id="W1").exists()
