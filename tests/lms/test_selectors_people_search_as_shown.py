"""HR finds a worker by what it has at hand: part of a worker ID, or the name copied as the list shows it."""

import pytest

from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from lms.people.selectors import people_search


@pytest.fixture
def staff(db):
    return StaffFactory(
        roles=[Role.PROGRAMME_STAFF], given_name_km="", family_name_km="", first_name="Programme", last_name="Staff"
    )


@pytest.fixture
def sophea(db):
    factory = FactoryFactory(code="PP-001")
    PersonFactory(
        factory=factory,
        worker_id="W00999",
        family_name_km="ហេង",
        given_name_km="ដារ៉ា",
        first_name="Dara",
        last_name="Heng",
    )
    return PersonFactory(
        factory=factory,
        worker_id="W00123",
        family_name_km="សុខ",
        given_name_km="សុភា",
        first_name="Sophea",
        last_name="Sok",
    )


def found(staff, q):
    return list(people_search(user=staff, q=q))


def test_part_of_a_worker_id_finds_the_worker(staff, sophea):
    """Typing 0012, w0012 or Khmer digits ០០១២ finds W00123 and nobody else."""
    assert found(staff, "0012") == found(staff, "w0012") == found(staff, "០០១២") == [sophea]


def test_the_name_as_the_list_shows_it_finds_the_worker(staff, sophea):
    """The name copied whole from the list, brackets and all, finds that worker and nobody else."""
    assert sophea.display_name == "សុខ សុភា (Sok Sophea)"
    assert found(staff, sophea.display_name) == [sophea]


def test_khmer_and_latin_names_as_shown_find_the_worker(staff, sophea):
    """Family name, a space, given name finds the worker, in Khmer and in Latin letters."""
    assert found(staff, "សុខ សុភា") == found(staff, "Sok Sophea") == found(staff, "(Sok") == [sophea]


def test_brackets_alone_find_nobody(staff, sophea):
    """A search of only brackets is not an empty search that lists everybody."""
    assert found(staff, "( )") == []
