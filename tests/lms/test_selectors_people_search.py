"""Search finds people by the names they have now, however the names were written: a form, a roster
import's bulk statements or the demo data's bulk inserts."""

import pytest
from django.core.paginator import Paginator

from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from lms.people.models import Person
from lms.people.roster import roster_import
from lms.people.selectors import people_list, people_search

ZWSP = "\u200b"


@pytest.fixture
def staff(db):
    # Names no test searches for, so that only the people a test makes can match.
    return StaffFactory(
        roles=[Role.PROGRAMME_STAFF], given_name_km="", family_name_km="", first_name="Programme", last_name="Staff"
    )


@pytest.fixture
def factory(db):
    return FactoryFactory(code="PP-001")


def worker(factory, worker_id, **names):
    blank = {"given_name_km": "", "family_name_km": "", "first_name": "", "last_name": ""}
    return PersonFactory(factory=factory, worker_id=worker_id, **(blank | names))


def found(staff, q):
    return list(people_search(user=staff, q=q))


def test_a_renamed_person_is_found_by_the_new_name_only(staff, factory):
    """After a name is corrected and saved, search finds the new name and no longer the old one."""
    person = worker(factory, "A1", given_name_km="សុភា", first_name="Sophea")
    person.given_name_km, person.first_name = "ស្រីពៅ", "Sreypov"
    person.save()
    assert found(staff, "ស្រីពៅ") == [person] and found(staff, "sreypov") == [person]
    assert found(staff, "សុភា") == [] and found(staff, "Sophea") == []


def test_a_name_changed_by_a_roster_import_is_found(staff, factory):
    """A roster that renames a worker (written by one bulk statement) makes search find the new name."""
    person = worker(factory, "A1", given_name_km="សុភា")
    content = f"worker_id,given_name_km,given_name\nA1,ស្រី{ZWSP}ពៅ,Sreypov\nA2,ដារ៉ា,Dara\n".encode()
    result = roster_import(factory=factory, content=content, filename="roster.csv")
    assert result.ok and result.updated == 1 and result.created == 1
    assert found(staff, "ស្រីពៅ") == [person] and found(staff, "សុភា") == []
    assert [p.worker_id for p in found(staff, "dara")] == ["A2"]


def test_people_written_in_bulk_are_found(staff, factory):
    """People inserted and renamed in bulk, as the demo data and mass updates do, are found by name."""
    Person.objects.bulk_create(
        [Person(factory=factory, worker_id=f"B{n}", given_name_km="ចន្ថា", first_name="Chantha") for n in range(3)]
    )
    assert len(found(staff, "chantha")) == 3
    Person.objects.filter(worker_id="B1").update(first_name="Bopha")
    assert [p.worker_id for p in found(staff, "bopha")] == ["B1"] and len(found(staff, "chantha")) == 2


def test_latin_names_are_found_in_any_case(staff, factory):
    """SOPHEA, sophea and Sophea find the same worker."""
    person = worker(factory, "A1", first_name="Sophea", last_name="Sok")
    assert found(staff, "SOPHEA") == found(staff, "sophea") == found(staff, "Sok") == [person]


def test_percent_and_underscore_are_plain_characters(staff, factory):
    """A query with % or _ looks for those characters; it is never a wildcard that matches everyone."""
    worker(factory, "A1", first_name="Sophea")
    assert found(staff, "So_hea") == [] and found(staff, "%") == [] and found(staff, "_") == []


def test_hr_search_stays_in_its_own_factory(factory):
    """HR searching a name that people of another factory share finds only its own workers."""
    other = FactoryFactory(code="KD-002")
    mine = worker(factory, "A1", first_name="Dara")
    worker(other, "B1", first_name="Dara")
    hr = PersonFactory(factory=factory, worker_id="HR", first_name="Hr", last_name="Officer", roles=[Role.FACTORY_HR])
    assert list(people_search(user=hr, q="dara")) == [mine]
    assert list(people_search(user=hr, q="B1")) == []


def test_pages_of_the_list_follow_factory_then_worker_id_with_staff_last(staff, factory):
    """Paging through everyone shows each person once, by factory code and worker ID, then the staff,
    whatever the size of a page and wherever it starts and ends."""
    later = FactoryFactory(code="ZZ-009")
    for n in (3, 1, 2):
        worker(later, f"Z{n}", first_name=f"Later {n}")
        worker(factory, f"A{n}", first_name=f"Plant {n}")
    trainer = StaffFactory(roles=[Role.TRAINER])
    everyone = list(people_search(user=staff))
    assert [p.worker_id for p in everyone[:6]] == ["A1", "A2", "A3", "Z1", "Z2", "Z3"]
    assert set(everyone[6:]) == {staff, trainer}
    for size in range(1, 10):
        pages = Paginator(people_list(user=staff), size)
        assert [person for number in pages.page_range for person in pages.page(number)] == everyone
        assert pages.count == 8


def test_family_and_given_name_typed_together_find_the_person(staff, factory):
    """ "Sok Sophea" or "សុខ សុភា", in either order, finds Sok Sophea and not another Sok or Sophea."""
    person = worker(factory, "A1", last_name="Sok", first_name="Sophea", family_name_km="សុខ", given_name_km="សុភា")
    worker(factory, "A2", last_name="Sok", first_name="Dara", family_name_km="សុខ", given_name_km="ដារ៉ា")
    worker(factory, "A3", last_name="Chan", first_name="Sophea", family_name_km="ចាន់", given_name_km="សុភា")
    for query in ("Sok Sophea", "sophea  sok", "សុខ សុភា", "សុភា" + ZWSP + " សុខ"):
        assert found(staff, query) == [person], query
    assert len(found(staff, "Sok")) == 2 and found(staff, "Sok Vichet") == []
