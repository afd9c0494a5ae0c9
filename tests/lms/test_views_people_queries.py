"""The people screens cost the same few queries for a factory of 5 or of 50 people (or 6,000): nothing is
read again for each person shown, and the people a page shows are counted once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.people.choices import Role
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory, StaffFactory
from lms.people.services import person_join_factory, person_mark_left

# What a people page may cost, whoever asks and however many people there are.
LIST_BUDGET = 10
PERSON_PAGE_BUDGET = 12


@pytest.fixture
def plant(db):
    factory = FactoryFactory(code="PP-001")
    other = FactoryFactory(code="KD-002")
    PersonFactory(factory=other, worker_id="B1")
    return factory


@pytest.fixture
def hr(plant):
    return PersonFactory(factory=plant, worker_id="HR-1", roles=[Role.FACTORY_HR])


@pytest.fixture
def programme(db):
    return StaffFactory(roles=[Role.PROGRAMME_STAFF])


def add_workers(factory, count):
    """Workers as a real factory has them: departments, some with a PIN, a role, a phone, or gone."""
    sewing = DepartmentFactory(factory=factory, name="Sewing")
    cutting = DepartmentFactory(factory=factory, name="Cutting")
    start = factory.people.count()
    for n in range(start, start + count):
        person = PersonFactory(
            factory=factory,
            worker_id=f"W{n:05d}",
            department=sewing if n % 3 else cutting,
            phone=f"+8551200{n:04d}",
            # Every other worker is a Sok, so a search finds some of the first five and of the rest.
            **({"family_name_km": "សុខ", "last_name": "Sok"} if n % 2 else {}),
            pin="2580" if n % 2 else None,
            roles=[Role.UNION_CONTACT] if n % 7 == 0 else None,
        )
        if n % 5 == 0:
            person_mark_left(person=person)


def queries_of(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return captured


SCREENS = [
    pytest.param("hr", {}, id="HR, own factory"),
    pytest.param("hr", {"q": "sok"}, id="HR, a name"),
    pytest.param("hr", {"status": "left"}, id="HR, who left"),
    pytest.param("programme", {}, id="programme staff, every factory"),
    pytest.param("programme", {"factory": "PP-001"}, id="programme staff, one factory"),
    pytest.param("programme", {"q": "sok"}, id="programme staff, a name everywhere"),
    pytest.param("programme", {"q": "012 000 003"}, id="programme staff, a phone number"),
]


@pytest.mark.parametrize(("who", "params"), SCREENS)
def test_people_list_costs_the_same_for_5_or_50_people(
    client, plant, hr, programme, who, params, django_assert_max_num_queries
):
    """Listing or searching 50 people takes no more queries than 5, and a fixed few at that.

    (Five workers leave room on the first page for the staff, who have no factory and are read
    apart: that page may take one query more than a page of workers only.)
    """
    client.force_login(hr if who == "hr" else programme)
    add_workers(plant, 5)
    client.get("/people/", params)  # the session and the user's roles, as on any later visit
    few = len(queries_of(client, "/people/", params))
    add_workers(plant, 45)
    with django_assert_max_num_queries(LIST_BUDGET):
        many = queries_of(client, "/people/", params)
    assert len(many) <= few


@pytest.mark.parametrize(("who", "params"), SCREENS)
def test_people_list_counts_the_people_once(client, plant, hr, programme, who, params):
    """The number of people found is counted by one query, not again for the pages or the menus."""
    add_workers(plant, 12)
    client.force_login(hr if who == "hr" else programme)
    counts = [q["sql"] for q in queries_of(client, "/people/", params) if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "people_person" in counts[0]


def test_people_list_says_how_many_it_found(client, plant, hr):
    """HR reads how many of its people match, across all pages, next to the first page of them."""
    add_workers(plant, 60)
    client.force_login(hr)
    page = client.get("/people/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "61 people" in page and "Page 1 of 2" in page  # 60 workers and HR itself
    page = client.get("/people/", {"status": "left"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "12 people" in page and "Page 1 of" not in page


def test_person_page_costs_the_same_however_long_the_history(client, plant, hr, django_assert_max_num_queries):
    """A worker who changed factory five times costs as many queries to open as one who never did."""
    add_workers(plant, 2)
    client.force_login(hr)
    steady, mover = plant.people.filter(employment_status="active").exclude(pk=hr.pk)[:2]
    other = FactoryFactory(code="SR-003")
    for year in range(2019, 2024):
        start = datetime.date(year, 1, 1)
        person_join_factory(person=mover, factory=other, worker_id=f"X{year}", started_on=start)
        person_join_factory(person=mover, factory=plant, worker_id=mover.worker_id, started_on=start)
    person_join_factory(person=steady, factory=plant, worker_id=steady.worker_id)
    client.get(f"/people/{steady.pk}/")
    few = len(queries_of(client, f"/people/{steady.pk}/"))
    with django_assert_max_num_queries(PERSON_PAGE_BUDGET):
        many = queries_of(client, f"/people/{mover.pk}/")
    assert len(many) == few
