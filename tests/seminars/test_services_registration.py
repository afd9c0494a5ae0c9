"""Registering for a session: a seat when one is left, otherwise the waitlist, one place each."""

import pytest

from seminars.choices import RegistrationSource, RegistrationStatus
from seminars.models import Registration
from seminars.services import NotAllowed, RegistrationRefused, registration_create


def test_a_worker_registers_themselves_and_gets_a_seat(session, worker_a):
    """A worker taps Register on an open session and holds a seat."""
    outcome = registration_create(session=session, person=worker_a, by=worker_a)
    assert outcome.created and not outcome.waitlisted
    registration = outcome.registration
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.source == RegistrationSource.SELF and registration.factory == worker_a.factory


def test_registering_twice_is_refused_plainly(session, worker_a):
    """Tapping Register again says they are already registered and keeps one place."""
    registration_create(session=session, person=worker_a, by=worker_a)
    with pytest.raises(RegistrationRefused) as refused:
        registration_create(session=session, person=worker_a, by=worker_a)
    assert str(refused.value) == "You are already registered for this session."
    assert Registration.objects.filter(person=worker_a).count() == 1


def test_a_full_session_puts_the_worker_on_the_waitlist(session, workers_a):
    """Once every seat is taken, the next person waits on the waitlist."""
    session.capacity = 2
    session.save()
    outcomes = [registration_create(session=session, person=w, by=w) for w in workers_a]
    assert [o.waitlisted for o in outcomes] == [False, False, True]


def test_hr_registers_people_of_its_own_factory(session, hr_a, worker_a):
    """HR nominates a worker of its factory; the place says HR did it."""
    outcome = registration_create(session=session, person=worker_a, by=hr_a)
    assert outcome.registration.source == RegistrationSource.FACTORY_HR


def test_hr_cannot_register_a_worker_of_another_factory(session, hr_a, worker_b):
    """HR of factory A trying a worker of factory B is refused and nothing is written."""
    with pytest.raises(NotAllowed):
        registration_create(session=session, person=worker_b, by=hr_a)
    assert not Registration.objects.exists()
