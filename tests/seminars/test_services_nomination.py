"""HR nominates many people at once (a department, a pasted list of worker IDs): all or nothing."""

import pytest

from lms.messaging.models import Message
from lms.people.factories import PersonFactory
from seminars.choices import RegistrationSource, RegistrationStatus
from seminars.factories import RegistrationFactory
from seminars.models import Registration
from seminars.services import (
    NotAllowed,
    UnknownWorkerIds,
    people_from_worker_ids,
    registrations_nominate,
)


def test_hr_nominates_a_group_seated_in_order_then_waitlisted(session, hr_a, factory_a):
    """Nominating five people for three seats seats the first three and waitlists the last two, in order."""
    session.capacity = 3
    session.save()
    people = PersonFactory.create_batch(5, factory=factory_a, preferred_language="en")
    summary = registrations_nominate(session=session, people=people, by=hr_a)
    assert summary.registered == people[:3] and summary.waitlisted == people[3:] and not summary.already
    waiting = Registration.objects.filter(status=RegistrationStatus.WAITLISTED).order_by("queued_at", "pk")
    assert [r.person for r in waiting] == people[3:]
    assert {r.source for r in Registration.objects.all()} == {RegistrationSource.FACTORY_HR}
    assert Message.objects.filter(kind="session_invited").count() == 3
    waitlisted = Message.objects.filter(kind="session_waitlisted").order_by("person_id")
    assert [m.text.split("You are ")[1] for m in waitlisted] == [
        "number 1 on the waitlist.",
        "number 2 on the waitlist.",
    ]


def test_people_already_registered_are_listed_and_keep_their_place(session, hr_a, workers_a):
    """Nominating someone already registered lists them as already there and changes nothing for them."""
    existing = RegistrationFactory(session=session, person=workers_a[0])
    summary = registrations_nominate(session=session, people=workers_a, by=hr_a)
    assert summary.already == [workers_a[0]] and summary.registered == workers_a[1:]
    existing.refresh_from_db()
    assert existing.source == RegistrationSource.SELF


def test_hr_cannot_nominate_anyone_of_another_factory_and_nothing_changes(session, hr_a, workers_a, worker_b):
    """A list with one worker of factory B is refused whole, naming that worker; nobody is registered."""
    with pytest.raises(NotAllowed) as refused:
        registrations_nominate(session=session, people=[*workers_a, worker_b], by=hr_a)
    assert str(worker_b) in str(refused.value)
    assert not Registration.objects.exists() and not Message.objects.exists()


def test_pasted_worker_ids_in_any_layout_find_the_factory_people(factory_a):
    """IDs separated by spaces, commas, semicolons or lines, in any case, twice, give each person once."""
    people = [PersonFactory(factory=factory_a, worker_id=f"A-{n}") for n in range(1, 4)]
    found = people_from_worker_ids(factory=factory_a, text=" a-2,A-1;\n\nA-3  a-1 ;, ")
    assert found == [people[1], people[0], people[2]]


def test_unknown_worker_ids_are_all_listed_and_nothing_is_found(factory_a, factory_b):
    """Pasted IDs of another factory or nobody are each named in the error."""
    PersonFactory(factory=factory_a, worker_id="A-1")
    PersonFactory(factory=factory_b, worker_id="B-1")
    with pytest.raises(UnknownWorkerIds) as refused:
        people_from_worker_ids(factory=factory_a, text="A-1, B-1, Z-9")
    assert refused.value.worker_ids == ["B-1", "Z-9"]
    assert "B-1, Z-9" in str(refused.value)


def test_a_worker_who_left_is_not_found_by_id(factory_a):
    """Someone who has left the factory is not nominated from a pasted list."""
    PersonFactory(factory=factory_a, worker_id="A-7", employment_status="left")
    with pytest.raises(UnknownWorkerIds):
        people_from_worker_ids(factory=factory_a, text="A-7")
