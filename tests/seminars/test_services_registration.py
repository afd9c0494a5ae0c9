"""Registering for a session: a seat when one is left, otherwise the waitlist, one place each."""

import datetime

import pytest
from django.utils import timezone

from lms.people.choices import Role
from lms.people.factories import StaffFactory
from seminars.choices import RegistrationSource, RegistrationStatus
from seminars.factories import SessionFactory, morning
from seminars.models import Registration, Session
from seminars.selectors import waitlist
from seminars.services import NotAllowed, RegistrationRefused, registration_cancel, registration_create

HOUR = datetime.timedelta(hours=1)


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


def test_a_factory_quota_caps_its_people_while_others_still_get_seats(trainer, workers_a, workers_b, factory_a):
    """With 1 seat held for factory A, its second worker waits while factory B's workers get seats."""
    session = SessionFactory(trainers=[trainer], capacity=3, quotas={factory_a: 1})
    first_a = registration_create(session=session, person=workers_a[0], by=workers_a[0])
    second_a = registration_create(session=session, person=workers_a[1], by=workers_a[1])
    first_b = registration_create(session=session, person=workers_b[0], by=workers_b[0])
    assert (first_a.waitlisted, second_a.waitlisted, first_b.waitlisted) == (False, True, False)


def test_the_capacity_caps_the_session_whatever_the_quotas(trainer, workers_a, factory_a):
    """A quota larger than the seats left does not seat anyone beyond the capacity."""
    session = SessionFactory(trainers=[trainer], capacity=2, quotas={factory_a: 5})
    outcomes = [registration_create(session=session, person=w, by=w) for w in workers_a]
    assert [o.waitlisted for o in outcomes] == [False, False, True]


def test_registering_again_after_cancelling_reuses_the_place_at_the_back_of_the_queue(session, workers_a):
    """Someone who cancels and registers again has one row, behind those who waited meanwhile."""
    session.capacity = 1
    session.save()
    first = registration_create(session=session, person=workers_a[0], by=workers_a[0]).registration
    registration_create(session=session, person=workers_a[1], by=workers_a[1])  # waits
    registration_cancel(registration=first, by=workers_a[0])  # workers_a[1] moves up
    registration_create(session=session, person=workers_a[2], by=workers_a[2])  # waits
    again = registration_create(session=session, person=workers_a[0], by=workers_a[0])
    assert not again.created and again.registration.pk == first.pk and again.waitlisted
    assert [r.person for r in waitlist(session)] == [workers_a[2], workers_a[0]]
    assert Registration.objects.filter(session=session, person=workers_a[0]).count() == 1


def test_self_registration_off_leaves_it_to_hr_and_trainers(session, worker_a, hr_a):
    """Where workers may not register themselves, the worker is told who registers them; HR can."""
    session.self_registration = False
    session.save()
    with pytest.raises(RegistrationRefused) as refused:
        registration_create(session=session, person=worker_a, by=worker_a)
    assert "HR or a trainer" in str(refused.value)
    assert not registration_create(session=session, person=worker_a, by=hr_a).waitlisted


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({"published_at": None}, "This session is not open for registration yet."),
        ({"registration_closed_at": timezone.now()}, "Registration for this session is closed."),
        ({"cancelled_at": timezone.now()}, "This session is cancelled."),
        ({"closed_at": timezone.now()}, "This session is over."),
    ],
)
def test_a_session_not_taking_registrations_says_why(session, worker_a, hr_a, flags, message):
    """Workers and HR get a plain reason when a session does not take registrations; nothing is written."""
    Session.objects.filter(pk=session.pk).update(**flags)
    session.refresh_from_db()
    for by in (worker_a, hr_a):
        with pytest.raises(RegistrationRefused) as refused:
            registration_create(session=session, person=worker_a, by=by)
        assert str(refused.value) == message
    assert not Registration.objects.exists()


def test_a_started_session_refuses_workers_but_the_trainer_adds_a_late_comer(trainer, worker_a):
    """Once the session has started, a worker cannot register, and the trainer still can add them."""
    started = SessionFactory(trainers=[trainer], meetings=[(timezone.now() - HOUR, timezone.now() + HOUR)])
    with pytest.raises(RegistrationRefused):
        registration_create(session=started, person=worker_a, by=worker_a)
    outcome = registration_create(session=started, person=worker_a, by=trainer)
    assert outcome.registration.source == RegistrationSource.TRAINER


def test_trainer_of_another_session_cannot_add_people_here(session, worker_a):
    """Being a trainer is not enough: a trainer adds people to the sessions they train."""
    colleague = StaffFactory(roles=[Role.TRAINER])
    with pytest.raises(NotAllowed):
        registration_create(session=session, person=worker_a, by=colleague)


def test_a_person_booked_at_the_same_time_is_warned_not_refused(session, trainer, worker_a):
    """Registering someone already booked on an overlapping session registers them, with a warning."""
    start, end = morning(1)
    other = SessionFactory(trainers=[trainer], meetings=[(start + HOUR, end + HOUR)], title="First aid")
    registration_create(session=other, person=worker_a, by=worker_a)
    outcome = registration_create(session=session, person=worker_a, by=worker_a)
    assert not outcome.waitlisted
    assert len(outcome.warnings) == 1 and "You are also booked on First aid" in outcome.warnings[0]
    assert not registration_create(session=session, person=StaffFactory(), by=trainer).warnings
