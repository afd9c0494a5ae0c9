"""Look-alike worker IDs and phone numbers are one person; names keep their Khmer; search ignores invisible characters."""

import pytest

from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from lms.people.models import Person
from lms.people.phone import InvalidPhoneNumber, normalise_phone
from lms.people.roster import roster_import
from lms.people.selectors import people_search

ZWSP, BOM, ZWNJ = "\u200b", "\ufeff", "\u200c"


@pytest.fixture
def factory(db):
    return FactoryFactory(code="PP-001")


def run(factory, text, **kwargs):
    return roster_import(factory=factory, content=text.encode("utf-8"), filename="roster.csv", **kwargs)


@pytest.mark.parametrize("look_alike", ["W-001" + ZWSP, BOM + "W-001", "Ｗ-００１", "W-0" + ZWNJ + "01", " W-001 "])
def test_look_alike_worker_id_updates_the_same_person(factory, look_alike):
    """A worker ID pasted with an invisible character or in full-width letters finds the existing worker."""
    run(factory, "worker_id,given_name\nW-001,Sophea\n")
    result = run(factory, f"worker_id,given_name\n{look_alike},Sophy\n")
    assert (result.created, result.updated) == (0, 1)
    assert list(Person.objects.filter(factory=factory).values_list("worker_id", "first_name")) == [("W-001", "Sophy")]


def test_look_alike_worker_ids_in_one_file_are_a_repeat(factory):
    """Two rows whose worker IDs differ only by an invisible character are reported as the same ID twice."""
    result = run(factory, f"worker_id\nW-001\nW-001{ZWSP}\n")
    assert [(e.line, e.column) for e in result.errors] == [(3, "worker_id")]
    assert not Person.objects.exists()


def test_khmer_digit_worker_id_is_stored_with_ascii_digits(factory):
    """A worker ID typed on a Khmer keyboard (០០១) is stored and found as 001."""
    run(factory, "worker_id\nW-០០១\n")
    assert Person.objects.get(factory=factory).worker_id == "W-001"


@pytest.mark.parametrize(
    "typed",
    [
        "០១២ ៣៤៥ ៦៧៨",
        "+៨៥៥ ១២ ៣៤៥ ៦៧៨",
        "０１２ ３４５ ６７８",
        "012" + ZWSP + "345678",
        BOM + "012-345-678",
        "＋855 12 345 678",
    ],
)
def test_phone_in_khmer_or_full_width_digits_is_stored_in_ascii(typed):
    """Khmer, full-width or invisible-laden phone numbers become +85512345678."""
    assert normalise_phone(typed) == "+85512345678"


@pytest.mark.parametrize("typed", ["०१२३४५६७८", "01234567²", "012 345 ６７x", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦"])
def test_phone_result_never_holds_non_ascii_digits(typed):
    """Whatever digits are typed, a stored number holds only 0-9, or the number is refused."""
    try:
        phone = normalise_phone(typed)
    except InvalidPhoneNumber:
        return
    assert phone.startswith("+855") and phone[1:].isascii() and phone[1:].isdigit()


def test_khmer_digit_phone_matches_the_same_number_of_another_person(factory):
    """A phone typed in Khmer digits that already belongs to someone else is refused like the ASCII one."""
    PersonFactory(factory=FactoryFactory(code="KD-002"), phone="+85512345678")
    result = run(factory, "worker_id,phone\nA1,០១២ ៣៤៥ ៦៧៨\n")
    assert [(e.line, e.column) for e in result.errors] == [(2, "phone")]


def test_names_keep_their_zero_width_characters(factory):
    """Khmer names are stored exactly as typed, invisible word breaks included."""
    name = "សុ" + ZWSP + "ភា"
    run(factory, f"worker_id,given_name_km\nA1,{name}\n")
    assert Person.objects.get(factory=factory).given_name_km == name


@pytest.fixture
def staff(db):
    # Names fixed, so that only the people a test makes can match its search.
    return StaffFactory(
        roles=[Role.PROGRAMME_STAFF], given_name_km="", family_name_km="", first_name="Programme", last_name="Staff"
    )


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("សុ" + ZWSP + "ភា", "សុភា"),
        ("សុភា", "សុ" + ZWSP + "ភា"),
        ("សុ" + ZWNJ + "ភា", "ភា" + BOM),
        ("So" + ZWSP + "phea", "sophea"),
    ],
)
def test_search_ignores_zero_width_characters_on_both_sides(staff, stored, query):
    """A name stored with an invisible character is found by a query without it, and the other way round."""
    person = PersonFactory(
        given_name_km=stored if not stored.isascii() else "",
        first_name=stored if stored.isascii() else "",
        family_name_km="",
        last_name="",
    )
    PersonFactory(given_name_km="ដារ៉ា", first_name="Dara", family_name_km="ចាន់", last_name="Chan")
    assert list(people_search(user=staff, q=query)) == [person]


def test_search_does_not_match_across_two_names(staff):
    """The end of the family name and the start of the given name together are not a match."""
    PersonFactory(last_name="Sok", first_name="Heng")
    assert not people_search(user=staff, q="okHe").exists()


def test_search_finds_a_worker_id_or_phone_typed_with_look_alikes(staff):
    """A worker ID with an invisible character and a phone in Khmer digits find the worker."""
    person = PersonFactory(worker_id="W-001", phone="+85512345678")
    assert list(people_search(user=staff, q="W-001" + ZWSP)) == [person]
    assert list(people_search(user=staff, q="០១២ ៣៤៥ ៦៧៨")) == [person]
