"""The person QR a trainer scans at training: who someone is, never a way to sign in."""

import pytest

from lms.accounts.models import PersonCode
from lms.accounts.person_codes import ALPHABET, LENGTH, PREFIX, person_from_qr, person_qr_text, person_qr_texts
from lms.people.factories import FactoryFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_person_qr_names_the_person_it_was_made_for():
    """Scanning a card's person QR finds its holder, even read in small letters with spaces around."""
    worker = PersonFactory(factory=FactoryFactory())
    text = person_qr_text(worker)
    assert person_from_qr(text) == worker
    assert person_from_qr(f"  {text.lower()}\n") == worker


def test_person_qr_is_kept_once_made():
    """A card printed again carries the same person QR as the first one."""
    worker = PersonFactory()
    assert person_qr_text(worker) == person_qr_text(worker)
    assert PersonCode.objects.count() == 1


def test_person_codes_are_random_not_the_id():
    """Each code is 100 random bits, never the database id, so a neighbour's card tells nothing of yours."""
    people = PersonFactory.create_batch(3)
    texts = person_qr_texts(people)
    codes = [texts[person.pk].removeprefix(PREFIX) for person in people]
    assert len(set(codes)) == 3
    for person, code in zip(people, codes, strict=True):
        assert len(code) == LENGTH and set(code) <= set(ALPHABET)
        assert code.lstrip("0") != str(person.pk)


def test_many_person_codes_take_a_few_queries(django_assert_num_queries):
    """Printing a stack of cards reads and makes every person code at once, not one query per person."""
    people = PersonFactory.create_batch(5)
    person_qr_text(people[0])
    with django_assert_num_queries(5):  # read; make the missing ones (in a savepoint: 3); read again
        texts = person_qr_texts(people)
    assert len(texts) == 5


@pytest.mark.parametrize(
    "text", ["", "SALA-P:", "SALA-P:0000", "https://sala.example/accounts/activate/#code=ABCD2345"]
)
def test_anything_else_is_nobody(text):
    """Another QR code, a cut-off code or an activation address names nobody."""
    person_qr_text(PersonFactory())
    assert person_from_qr(text) is None


def test_an_unknown_code_is_nobody():
    """A well-formed code that was never issued names nobody."""
    person_qr_text(PersonFactory())
    assert person_from_qr(PREFIX + "0" * LENGTH) is None
