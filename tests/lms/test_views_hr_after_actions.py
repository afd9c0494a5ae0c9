"""After an import or a bulk enrolment HR reads what happened once, and knows where to go next."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.models import CoursePage, Enrolment
from lms.people.choices import Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory
from lms.people.models import Person

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
    """The import's result shows on its page with a link to the factory's people who have no PIN yet (the
    new ones among them), ready for their login cards; the next page repeats nothing."""
    Person.objects.filter(worker_id="W1").update(pin="a PIN's hash")  # W1 chose a PIN already
    Person.objects.filter(worker_id="HR").update(username="hr")  # and HR signs in with a password
    client.force_login(plant["hr"])
    upload = SimpleUploadedFile("roster.csv", ROSTER.encode("utf-8"))
    page = client.post(
        "/people/roster/import/", {"factory": plant["factory"].pk, "file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert page.count("2 new") == 1
    link = re.search(r'href="([^"]+)">See the people and print their login cards', page).group(1)
    listed = client.get(html.unescape(link), HTTP_ACCEPT_LANGUAGE="en")
    shown = {person.worker_id for person in listed.context["page"]}
    assert shown == {"A001", "A002"} and "2 new" not in listed.content.decode()


def test_everyone_without_a_pin_is_one_choice_for_their_login_cards(client, plant):
    """Choosing "everyone this search finds" with the sign-in filter prints cards for exactly the
    people without a PIN, not for those who chose one."""
    Person.objects.filter(worker_id="W1").update(pin="a PIN's hash")
    fresh = [PersonFactory(factory=plant["factory"], worker_id=f"N{n}") for n in range(3)]
    client.force_login(plant["hr"])
    search = {"search_q": "", "search_factory": "PP-001", "search_status": "", "search_sign_in": "no_pin"}
    response = client.post("/accounts/login-cards/", {"scope": "search", **search})
    assert response.status_code == 302
    cards = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert all(f">{person.worker_id}<" in cards for person in fresh) and ">W1<" not in cards


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
