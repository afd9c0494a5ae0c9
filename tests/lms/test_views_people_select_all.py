"""HR chooses everyone a search finds (on every page) or every row of a page, then prints their login
cards or enrols them in a course; the choice never reaches another factory's people."""

import pytest

from courses.models import Enrolment
from lms.accounts import services
from lms.accounts.models import ActivationCode
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory
from lms.people.services import person_mark_left

CARDS = "/accounts/login-cards/"
ENROL = "/learning/factory/enrol/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def plant(db):
    return FactoryFactory(code="PP-001", name="Angkor Garments", name_km="រោងចក្រអង្គរ")


@pytest.fixture
def other(db):
    return FactoryFactory(code="KD-002")


@pytest.fixture
def hr(plant):
    # Not a Sok: the searches below find workers only.
    return PersonFactory(
        factory=plant,
        worker_id="HR1",
        roles=[Role.FACTORY_HR],
        last_name="Chan",
        first_name="Vanna",  # not a random given name such as Sokha, which a search for "sok" would find
        family_name_km="ចាន់",
    )


def soks(factory, count, *, prefix="S", **kwargs):
    """Workers whose family name is Sok, which the tests search for."""
    return [
        PersonFactory(factory=factory, worker_id=f"{prefix}{n:03d}", last_name="Sok", family_name_km="សុខ", **kwargs)
        for n in range(count)
    ]


def whole_search(**search):
    """What the people list posts for "All N people this search finds"."""
    return {"scope": "search", **{f"search_{name}": value for name, value in search.items()}}


def issued_to():
    return set(ActivationCode.objects.values_list("person_id", flat=True))


def test_people_list_offers_everyone_the_search_finds_and_says_how_many(client, plant, other, hr):
    """A search finding more than a page offers “All 55 people this search finds, on all 2 pages”."""
    soks(plant, 55)
    soks(other, 3)
    PersonFactory(factory=plant, worker_id="D1", last_name="Dara", first_name="Vanna")
    client.force_login(hr)
    page = client.get("/people/", {"q": "sok"}, **EN).content.decode()
    assert "All 55 people this search finds, on all 2 pages" in page
    assert 'name="search_q" value="sok"' in page and 'value="search"' in page
    assert "Select all 50 workers on this page" in page


def test_cards_for_everyone_a_search_finds_across_pages(client, plant, other, hr):
    """Choosing the whole search issues cards for exactly the factory's 55 Soks, not Dara, not another factory's."""
    found = soks(plant, 55)
    soks(other, 3)
    PersonFactory(factory=plant, worker_id="D1", last_name="Dara", first_name="Vanna")
    client.force_login(hr)
    response = client.post(CARDS, whole_search(q="sok", factory="", status=""))
    assert response.status_code == 302
    assert issued_to() == {person.pk for person in found}


def test_role_holders_a_search_finds_are_left_out_and_counted(client, plant, hr):
    """Two union members among the Soks get no card; the cards page says two people with a role were left out."""
    found = soks(plant, 4)
    union = soks(plant, 2, prefix="U", roles=[Role.UNION_CONTACT])
    client.force_login(hr)
    page = client.post(CARDS, whole_search(q="sok"), follow=True, **EN).content.decode()
    assert issued_to() == {person.pk for person in found}
    assert not ActivationCode.objects.filter(person__in=union).exists()
    assert "2 people with a role were left out" in page and "4 new codes were issued" in page


def test_a_search_of_role_holders_only_issues_nothing(client, plant, hr):
    """A search finding only union members is refused in plain words, with nothing issued."""
    soks(plant, 2, roles=[Role.UNION_CONTACT])
    client.force_login(hr)
    response = client.post(CARDS, whole_search(q="sok"), **EN)
    assert response.status_code == 403 and "programme staff" in response.content.decode()
    assert not ActivationCode.objects.exists()


def test_forged_ids_and_another_factorys_search_reach_nobody_there(client, plant, other, hr):
    """HR posting another factory's ids or code gets no card for anyone there, whatever the choice says."""
    own, theirs = soks(plant, 2), soks(other, 2)
    client.force_login(hr)
    # Their factory's code: the search cannot be read again as HR's, so nothing is issued.
    response = client.post(CARDS, whole_search(q="sok", factory="KD-002"))
    assert response.status_code == 400 and not ActivationCode.objects.exists()
    # Ids ticked beside a whole search do not add anyone: the search alone is read again.
    client.post(CARDS, {**whole_search(q="sok"), "person": [p.pk for p in theirs], "page_all": "on"})
    assert issued_to() == {person.pk for person in own}
    # Ticked ids of another factory: refused whole (the rows are not HR's to see).
    ActivationCode.objects.all().delete()
    response = client.post(CARDS, {"scope": "ticked", "page_all": "on", "page_person": [theirs[0].pk, own[0].pk]})
    assert response.status_code == 404 and not ActivationCode.objects.exists()


def test_select_all_on_a_page_works_without_a_script(client, plant, hr):
    """Ticking only “Select all on this page” issues cards for the page's rows listed with it."""
    workers = soks(plant, 3)
    client.force_login(hr)
    data = {"scope": "ticked", "page_all": "on", "page_person": [w.pk for w in workers[:2]]}
    assert client.post(CARDS, data).status_code == 302
    assert issued_to() == {workers[0].pk, workers[1].pk}
    ActivationCode.objects.all().delete()
    # The box left unticked: only what was ticked counts, not the page.
    client.post(CARDS, {**data, "page_all": "", "person": [workers[2].pk]})
    assert issued_to() == {workers[2].pk}


def test_a_search_larger_than_a_batch_asks_to_narrow_it(client, plant, hr, monkeypatch):
    """Above the batch size, nothing is issued and HR reads how many were found and to narrow the search."""
    monkeypatch.setattr(services, "MAX_CARDS", 5)
    soks(plant, 6)
    client.force_login(hr)
    response = client.post(CARDS, whole_search(q="sok"), **EN)
    page = response.content.decode()
    assert response.status_code == 400 and "6 people are chosen" in page and "at most 5" in page
    assert "Narrow the search" in page and not ActivationCode.objects.exists()


def test_cards_for_a_large_search_take_a_fixed_number_of_queries(client, plant, hr, django_assert_max_num_queries):
    """Issuing cards for 10 or 60 people a search finds costs the same few queries."""
    client.force_login(hr)
    soks(plant, 10)
    client.post(CARDS, whole_search(q="sok"))
    with django_assert_max_num_queries(30) as few:
        client.post(CARDS, whole_search(q="sok"))
    soks(plant, 50, prefix="T")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.post(CARDS, whole_search(q="sok"))
    assert response.status_code == 302 and ActivationCode.objects.filter(voided_at__isnull=True).count() == 60


def test_login_card_names_the_factory_in_khmer_for_a_khmer_reader(client, plant, hr):
    """A Khmer reader's card names the factory in Khmer; an English reader's in English."""
    worker = soks(plant, 1)[0]
    client.force_login(hr)
    page = client.post(CARDS, {"person": [worker.pk]}, follow=True, HTTP_ACCEPT_LANGUAGE="km").content.decode()
    assert "<dd>រោងចក្រអង្គរ · <strong>PP-001</strong></dd>" in page
    page = client.post(CARDS, {"person": [worker.pk]}, follow=True, **EN).content.decode()
    assert "<dd>Angkor Garments · <strong>PP-001</strong></dd>" in page


@pytest.fixture
def course(catalogue):
    return catalogue["course"]


def test_enrolling_a_search_shows_the_group_then_enrols_exactly_those(client, plant, other, hr, course):
    """From the People page, HR reads “55 people chosen on the People page”, picks the course, and those 55 are enrolled."""
    found = soks(plant, 55)
    soks(other, 2)
    dara = PersonFactory(factory=plant, worker_id="D1", last_name="Dara", first_name="Vanna")
    client.force_login(hr)
    arrived = client.post(ENROL, whole_search(q="sok"), **EN)
    page = arrived.content.decode()
    assert arrived.status_code == 200 and "55 people chosen on the People page" in page
    assert 'name="search_q" value="sok"' in page and not Enrolment.objects.exists()
    page = client.post(ENROL, {**whole_search(q="sok"), "course": course.pk}, **EN).content.decode()
    assert "Fire safety: 55 people chosen on the People page" in page and "55 enrolled now" in page
    assert set(Enrolment.objects.values_list("person_id", flat=True)) == {p.pk for p in found}
    assert not Enrolment.objects.filter(person=dara).exists()


def test_enrolling_ticked_people_ignores_another_factorys_forged_ids(client, plant, other, hr, course):
    """Ids of another factory's workers posted with HR's own enrol only HR's own."""
    own, theirs = soks(plant, 2), soks(other, 2)
    client.force_login(hr)
    data = {"scope": "ticked", "person": [p.pk for p in own + theirs], "course": course.pk}
    page = client.post(ENROL, data, **EN).content.decode()
    assert "Fire safety: 2 people chosen on the People page" in page
    assert set(Enrolment.objects.values_list("person_id", flat=True)) == {p.pk for p in own}


def test_a_chosen_person_who_has_left_enrols_nobody(client, plant, hr, course):
    """A search that includes someone who has left enrols nobody and names them, as a typed list does."""
    soks(plant, 3)
    person_mark_left(person=PersonFactory(factory=plant, worker_id="S900", last_name="Sok"))
    client.force_login(hr)
    page = client.post(ENROL, {**whole_search(q="sok"), "course": course.pk}, **EN).content.decode()
    assert "have left" in page and "S900" in page and "Nobody was enrolled" in page
    assert not Enrolment.objects.exists()
    # Searching for the people who work there now, the same choice enrols them.
    client.post(ENROL, {**whole_search(q="sok", status="active"), "course": course.pk})
    assert Enrolment.objects.count() == 3


def test_enrolling_a_large_choice_takes_a_fixed_number_of_queries(
    client, plant, hr, course, django_assert_max_num_queries
):
    """Enrolling 10 or 60 people chosen on the People page costs the same queries."""
    client.force_login(hr)
    soks(plant, 10)
    client.post(ENROL, whole_search(q="sok"))
    with django_assert_max_num_queries(40) as few:
        client.post(ENROL, {**whole_search(q="sok"), "course": course.pk})
    Enrolment.objects.all().delete()
    soks(plant, 50, prefix="T")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.post(ENROL, {**whole_search(q="sok"), "course": course.pk})
    assert Enrolment.objects.count() == 60
