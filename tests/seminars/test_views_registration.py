"""Taking places on the phone: a worker registers or gives up their place and reads what happened
in plain words; HR nominates its own factory's people (one, a department, pasted worker IDs) and
never anyone of another factory; a trainer adds anyone; the session's people are listed and
exported with the same scope."""

import csv
import io

import pytest

from lms.people.choices import EmploymentStatus, Role
from lms.people.factories import DepartmentFactory, PersonFactory, StaffFactory
from seminars.choices import RegistrationSource, RegistrationStatus
from seminars.factories import RegistrationFactory, SessionFactory
from seminars.models import Registration

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def statuses(session) -> dict:
    """{person id: status} of every row of the session, cancelled ones included."""
    return dict(Registration.objects.filter(session=session).values_list("person_id", "status"))


def shown(response) -> str:
    return response.content.decode()


# A worker registers themselves.


def test_worker_registers_and_reads_that_they_are(client, worker_a, session):
    """Register takes a seat and the session's page says so."""
    client.force_login(worker_a)
    response = client.post(f"/training/{session.pk}/register/", follow=True, **EN)
    assert statuses(session) == {worker_a.pk: RegistrationStatus.REGISTERED}
    html = shown(response)
    assert "You are registered. A confirmation is in your messages." in html and "Cancel my place" in html


def test_a_full_session_says_the_waitlist_number(client, workers_a, workers_b, session):
    """On a full session a worker reads their number on the waitlist."""
    session.capacity = 1
    session.save()
    RegistrationFactory(session=session, person=workers_b[0])
    RegistrationFactory(session=session, person=workers_b[1], status=RegistrationStatus.WAITLISTED)
    client.force_login(workers_a[0])
    html = shown(client.post(f"/training/{session.pk}/register/", follow=True, **EN))
    assert "you are number 2 on the waitlist" in html
    assert "You are number 2 on the waitlist." in html


def test_a_refusal_is_said_in_plain_words_and_nothing_changes(client, worker_a):
    """Where only HR and trainers register people, the worker reads why and holds no place."""
    closed = SessionFactory(self_registration=False)
    client.force_login(worker_a)
    html = shown(client.post(f"/training/{closed.pk}/register/", follow=True, **EN))
    assert "People are registered for this session by their HR or a trainer." in html
    assert not Registration.objects.exists()


def test_registering_twice_says_already_registered(client, worker_a, session):
    """A second tap on Register (a slow phone) keeps one place and says so."""
    client.force_login(worker_a)
    client.post(f"/training/{session.pk}/register/", **EN)
    html = shown(client.post(f"/training/{session.pk}/register/", follow=True, **EN))
    assert "You are already registered for this session." in html
    assert Registration.objects.count() == 1


def test_a_draft_cannot_be_registered_for(client, worker_a):
    """Registering for a draft someone guessed the address of is a 404."""
    draft = SessionFactory(published_at=None)
    client.force_login(worker_a)
    assert client.post(f"/training/{draft.pk}/register/").status_code == 404
    assert not Registration.objects.exists()


def test_register_takes_a_post_only(client, worker_a, session):
    """A link followed (GET) registers nobody."""
    client.force_login(worker_a)
    assert client.get(f"/training/{session.pk}/register/").status_code == 405
    assert not Registration.objects.exists()


# Giving up a place.


def test_worker_cancels_their_place_after_confirming_and_the_first_waiting_moves_up(
    client, worker_a, workers_b, session
):
    """The worker is asked first; cancelling gives the seat to the first person waiting."""
    session.capacity = 1
    session.save()
    place = RegistrationFactory(session=session, person=worker_a)
    waiting = RegistrationFactory(session=session, person=workers_b[0], status=RegistrationStatus.WAITLISTED)
    client.force_login(worker_a)
    html = shown(client.get(f"/training/registrations/{place.pk}/cancel/", **EN))
    assert "Your seat goes to the first person waiting." in html
    assert statuses(session)[worker_a.pk] == RegistrationStatus.REGISTERED  # asking changes nothing
    html = shown(client.post(f"/training/registrations/{place.pk}/cancel/", follow=True, **EN))
    assert "Your place is cancelled." in html
    assert "The first person on the waitlist has the seat now" in html  # not named: another factory
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED


def test_nobody_cancels_another_workers_place(client, worker_a, workers_a, session):
    """Another worker's place is a 404 to a worker, and stays."""
    place = RegistrationFactory(session=session, person=workers_a[1])
    client.force_login(worker_a)
    assert client.get(f"/training/registrations/{place.pk}/cancel/").status_code == 404
    assert client.post(f"/training/registrations/{place.pk}/cancel/").status_code == 404
    place.refresh_from_db()
    assert place.status == RegistrationStatus.REGISTERED


def test_hr_cancels_its_own_people_only(client, hr_a, worker_a, worker_b, session):
    """HR of factory A cancels its worker's place; a worker of factory B is a 404 and stays."""
    own = RegistrationFactory(session=session, person=worker_a)
    other = RegistrationFactory(session=session, person=worker_b)
    client.force_login(hr_a)
    assert client.post(f"/training/registrations/{other.pk}/cancel/").status_code == 404
    response = client.post(f"/training/registrations/{own.pk}/cancel/", **EN)
    assert response.status_code == 302 and response["Location"] == f"/training/{session.pk}/people/"
    assert statuses(session) == {worker_a.pk: RegistrationStatus.CANCELLED, worker_b.pk: RegistrationStatus.REGISTERED}


# HR nominates.


@pytest.fixture
def sewing(factory_a, workers_a):
    """Sewing at factory A: two workers who work there now and one who has left."""
    department = DepartmentFactory(factory=factory_a, name="Sewing", name_km="ផ្នែកដេរ")
    for person in workers_a[:2]:
        person.department = department
        person.save()
    PersonFactory(factory=factory_a, department=department, employment_status=EmploymentStatus.LEFT)
    return department


def test_hr_finds_its_own_people_only(client, hr_a, worker_a, worker_b, session):
    """HR's search finds its worker by worker ID, and nobody of factory B even by exact worker ID."""
    client.force_login(hr_a)
    html = shown(client.get(f"/training/{session.pk}/nominate/", {"q": worker_a.worker_id}, **EN))
    assert worker_a.display_name in html and ">Nominate<" in html
    html = shown(client.get(f"/training/{session.pk}/nominate/", {"q": worker_b.worker_id}, **EN))
    assert worker_b.display_name not in html and "Nobody found" in html


def test_hr_nominates_one_person(client, hr_a, worker_a, session):
    """Nominating one person registers them, and the result page counts it."""
    client.force_login(hr_a)
    response = client.post(f"/training/{session.pk}/nominate/", {"mode": "person", "person": worker_a.pk}, **EN)
    assert "1 registered, 0 on the waitlist, 0 already registered." in shown(response)
    registration = Registration.objects.get()
    assert registration.person == worker_a and registration.source == RegistrationSource.FACTORY_HR


def test_hr_cannot_nominate_another_factorys_worker(client, hr_a, worker_b, session):
    """HR of factory A posting a worker of factory B gets a 404, and nobody is registered."""
    client.force_login(hr_a)
    response = client.post(f"/training/{session.pk}/nominate/", {"mode": "person", "person": worker_b.pk})
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_hr_nominates_a_department_and_reads_the_counts(client, hr_a, sewing, workers_a, session):
    """A department's current workers are registered (seats, then waitlist); already-registered ones counted."""
    session.capacity = 1
    session.save()
    RegistrationFactory(session=session, person=workers_a[0])
    newcomer = PersonFactory(factory=sewing.factory, department=sewing)
    client.force_login(hr_a)
    response = client.post(f"/training/{session.pk}/nominate/", {"mode": "department", "department": sewing.pk}, **EN)
    html = shown(response)
    assert "0 registered, 2 on the waitlist, 1 already registered." in html
    assert statuses(session) == {
        workers_a[0].pk: RegistrationStatus.REGISTERED,
        workers_a[1].pk: RegistrationStatus.WAITLISTED,
        newcomer.pk: RegistrationStatus.WAITLISTED,
    }


def test_hr_cannot_nominate_another_factorys_department(client, hr_a, factory_b, workers_b, session):
    """A department of factory B is not among HR's choices: refused, nobody registered."""
    theirs = DepartmentFactory(factory=factory_b, name="Cutting")
    for person in workers_b:
        person.department = theirs
        person.save()
    client.force_login(hr_a)
    response = client.post(f"/training/{session.pk}/nominate/", {"mode": "department", "department": theirs.pk}, **EN)
    assert response.status_code == 422 and "Choose one of the departments listed." in shown(response)
    assert not Registration.objects.exists()


def test_hr_department_menu_lists_its_own_departments(client, hr_a, sewing, factory_b, session):
    """HR's department menu holds its factory's departments only."""
    DepartmentFactory(factory=factory_b, name="Embroidery B")
    client.force_login(hr_a)
    html = shown(client.get(f"/training/{session.pk}/nominate/", **EN))
    assert "ផ្នែកដេរ (Sewing)" in html and "Embroidery B" not in html


def test_hr_pastes_worker_ids(client, hr_a, workers_a, session):
    """Pasted worker IDs (any case, commas and new lines) register those people."""
    client.force_login(hr_a)
    text = f"{workers_a[0].worker_id.lower()},\n{workers_a[1].worker_id} ; {workers_a[0].worker_id}"
    response = client.post(f"/training/{session.pk}/nominate/", {"mode": "ids", "worker_ids": text}, **EN)
    assert "2 registered, 0 on the waitlist, 0 already registered." in shown(response)
    assert set(statuses(session)) == {workers_a[0].pk, workers_a[1].pk}


def test_pasted_ids_with_bad_rows_change_nothing_and_name_every_unknown_id(client, hr_a, workers_a, worker_b, session):
    """One unknown ID (or one of another factory) and nobody is registered; each is named."""
    client.force_login(hr_a)
    text = f"{workers_a[0].worker_id}\nNOPE-1\n{worker_b.worker_id}\n{workers_a[1].worker_id}\nnope-2"
    response = client.post(f"/training/{session.pk}/nominate/", {"mode": "ids", "worker_ids": text}, **EN)
    html = shown(response)
    assert response.status_code == 422
    assert "NOPE-1" in html and worker_b.worker_id in html and "nope-2" in html
    assert "Nobody was registered" in html
    assert text.split("\n")[0] in html  # the list is kept to correct
    assert not Registration.objects.exists()


def test_an_empty_paste_asks_for_ids(client, hr_a, session):
    """Nothing pasted: the form asks for at least one worker ID."""
    client.force_login(hr_a)
    response = client.post(f"/training/{session.pk}/nominate/", {"mode": "ids", "worker_ids": " , \n"}, **EN)
    assert response.status_code == 422 and "at least one worker ID" in shown(response)


def test_only_hr_nominates(client, worker_a, trainer, session):
    """A worker or a trainer opening HR's nomination page gets a 403."""
    for person in (worker_a, trainer):
        client.force_login(person)
        assert client.get(f"/training/{session.pk}/nominate/").status_code == 403
        assert (
            client.post(f"/training/{session.pk}/nominate/", {"mode": "person", "person": worker_a.pk}).status_code
            == 403
        )
    assert not Registration.objects.exists()


def test_a_session_not_taking_nominations_says_so(client, hr_a, worker_a, session):
    """Once registration is closed, HR is sent back to the session with a plain sentence."""
    client.force_login(hr_a)
    client.post(f"/training/{session.pk}/close-registration/")  # HR cannot close it: nothing happens
    session.registration_closed_at = session.starts_at
    session.save()
    response = client.post(
        f"/training/{session.pk}/nominate/", {"mode": "person", "person": worker_a.pk}, follow=True, **EN
    )
    assert "This session does not take nominations now." in shown(response)
    assert not Registration.objects.exists()


# Trainers add anyone.


def test_trainer_finds_anyone_by_worker_id_or_phone(client, trainer, worker_b, session):
    """A trainer finds a worker of any factory by worker ID and by phone number."""
    worker_b.phone = "+85512345678"
    worker_b.save()
    client.force_login(trainer)
    for q in (worker_b.worker_id, "012 345 678"):
        html = shown(client.get(f"/training/{session.pk}/add/", {"q": q}, **EN))
        assert worker_b.display_name in html and ">Add<" in html


def test_trainer_adds_a_person_and_reads_the_outcome(client, trainer, worker_b, session):
    """Adding registers the person (source: trainer) and the page says so."""
    client.force_login(trainer)
    response = client.post(f"/training/{session.pk}/add/", {"person": worker_b.pk, "q": "W"}, follow=True, **EN)
    html = shown(response)
    assert f"{worker_b.display_name} is registered and gets a message." in html
    registration = Registration.objects.get()
    assert registration.person == worker_b and registration.source == RegistrationSource.TRAINER


def test_trainer_sees_who_is_in_already(client, trainer, worker_b, session):
    """A person registered already shows "Registered" instead of an Add button."""
    RegistrationFactory(session=session, person=worker_b)
    client.force_login(trainer)
    html = shown(client.get(f"/training/{session.pk}/add/", {"q": worker_b.worker_id}, **EN))
    assert "Registered" in html and ">Add<" not in html


def test_another_trainer_or_hr_cannot_add_people(client, hr_a, worker_a, session):
    """Only the session's trainers and programme staff add anyone: a 403 for others."""
    other_trainer = StaffFactory(roles=[Role.TRAINER])
    for person in (other_trainer, hr_a):
        client.force_login(person)
        assert client.get(f"/training/{session.pk}/add/").status_code == 403
        assert client.post(f"/training/{session.pk}/add/", {"person": worker_a.pk}).status_code == 403
    assert not Registration.objects.exists()


# The session's people.


@pytest.fixture
def filled(session, workers_a, workers_b):
    """Registered: a worker of B then one of A; waiting: one of A then one of B."""
    session.capacity = 2
    session.save()
    RegistrationFactory(session=session, person=workers_b[0])
    RegistrationFactory(session=session, person=workers_a[0])
    RegistrationFactory(session=session, person=workers_a[1], status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(session=session, person=workers_b[1], status=RegistrationStatus.WAITLISTED)
    return session


def test_trainer_reads_registered_then_waitlist_in_order(client, trainer, filled, workers_a, workers_b):
    """The trainer's list: seats in order of registering, then the waitlist numbered."""
    client.force_login(trainer)
    html = shown(client.get(f"/training/{filled.pk}/people/", **EN))
    order = [html.index(person.display_name) for person in (workers_b[0], workers_a[0], workers_a[1], workers_b[1])]
    assert order == sorted(order)
    assert "Waitlist number 1" in html and "Waitlist number 2" in html
    assert "2 registered (2 seats), 2 on the waitlist." in html


def test_hr_reads_its_own_factorys_people_only(client, hr_a, filled, workers_a, workers_b):
    """HR of factory A sees its two people (one waiting, as number 1), never factory B's."""
    client.force_login(hr_a)
    html = shown(client.get(f"/training/{filled.pk}/people/", **EN))
    assert workers_a[0].display_name in html and workers_a[1].display_name in html
    assert workers_b[0].display_name not in html and workers_b[1].display_name not in html
    assert "1 registered (2 seats), 1 on the waitlist." in html
    assert "Waitlist number 1" in html  # its place in the whole queue


def test_a_worker_cannot_read_the_people(client, worker_a, filled):
    """The list of people is not a worker's: a 403."""
    client.force_login(worker_a)
    assert client.get(f"/training/{filled.pk}/people/").status_code == 403
    assert client.get(f"/training/{filled.pk}/people.csv").status_code == 403


def rows(response) -> list[dict]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(content)))


def test_hr_exports_its_own_factorys_people_only(client, hr_a, filled, workers_a):
    """HR's CSV holds its own two people, with status and waitlist number, nobody of factory B."""
    client.force_login(hr_a)
    response = client.get(f"/training/{filled.pk}/people.csv", **EN)
    assert response["Content-Type"].startswith("text/csv") and response["Cache-Control"] == "private, no-store"
    exported = rows(response)
    assert {row["Worker ID"] for row in exported} == {workers_a[0].worker_id, workers_a[1].worker_id}
    assert {row["Factory"] for row in exported} == {"PP-001"}
    waiting = next(row for row in exported if row["Worker ID"] == workers_a[1].worker_id)
    assert waiting["Status"] == "On the waitlist" and waiting["Waitlist number"] == "1"
    assert waiting["Given name (Khmer)"] == workers_a[1].given_name_km


def test_trainer_exports_everyone(client, trainer, filled):
    """The trainer's CSV holds all four people."""
    client.force_login(trainer)
    assert len(rows(client.get(f"/training/{filled.pk}/people.csv"))) == 4


def test_the_people_list_costs_the_same_queries_for_4_or_40(client, trainer, filled, django_assert_max_num_queries):
    """The list of people reads a page in a fixed number of queries, waitlist numbers included."""
    client.force_login(trainer)
    with django_assert_max_num_queries(25) as few:
        client.get(f"/training/{filled.pk}/people/")
    for _n in range(36):
        RegistrationFactory(session=filled, status=RegistrationStatus.WAITLISTED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = shown(client.get(f"/training/{filled.pk}/people/", **EN))
    assert "Waitlist number 38" in html


def test_registering_again_after_cancelling_takes_a_seat_again(client, worker_a, session):
    """A worker who gave up their place and registers again reads that they are registered."""
    RegistrationFactory(session=session, person=worker_a, status=RegistrationStatus.CANCELLED)
    client.force_login(worker_a)
    html = shown(client.post(f"/training/{session.pk}/register/", follow=True, **EN))
    assert "You are registered." in html
    assert statuses(session) == {worker_a.pk: RegistrationStatus.REGISTERED}
