"""The waitlist: the first in line who fits gets a freed seat, and is told."""

import pytest

from lms.messaging.models import Message
from seminars.choices import RegistrationStatus
from seminars.factories import RegistrationFactory, SessionFactory
from seminars.models import Registration
from seminars.services import (
    NotAllowed,
    registration_cancel,
    registration_create,
    session_update,
)


def register_all(session, people):
    return [registration_create(session=session, person=p, by=p).registration for p in people]


def test_cancelling_a_seat_promotes_the_first_on_the_waitlist_and_tells_them(session, workers_a):
    """When a registered worker cancels, the first waiting worker gets the seat and a message."""
    session.capacity = 1
    session.save()
    seated, first_waiting, second_waiting = register_all(session, workers_a)
    promoted = registration_cancel(registration=seated, by=workers_a[0])
    assert promoted.pk == first_waiting.pk
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.REGISTERED
    assert second_waiting.status == RegistrationStatus.WAITLISTED
    assert Message.objects.filter(person=workers_a[1], kind="session_promoted").count() == 1


def test_someone_blocked_by_their_factory_quota_is_skipped_for_the_next_who_fits(
    trainer, factory_a, workers_a, workers_b
):
    """A freed seat goes past a waiting worker whose factory's quota is used up, to the next who fits."""
    session = SessionFactory(trainers=[trainer], capacity=2, quotas={factory_a: 1})
    seat_a, seat_b = register_all(session, [workers_a[0], workers_b[0]])
    waiting_a, waiting_b = register_all(session, [workers_a[1], workers_b[1]])
    assert waiting_a.status == waiting_b.status == RegistrationStatus.WAITLISTED
    promoted = registration_cancel(registration=seat_b, by=workers_b[0])
    assert promoted.pk == waiting_b.pk
    waiting_a.refresh_from_db()
    assert waiting_a.status == RegistrationStatus.WAITLISTED
    # When factory A's seat frees, its waiting worker is next.
    assert registration_cancel(registration=seat_a, by=workers_a[0]).pk == waiting_a.pk


def test_cancelling_a_place_on_the_waitlist_promotes_nobody(session, workers_a):
    """Leaving the waitlist frees no seat: nobody moves."""
    session.capacity = 1
    session.save()
    _seated, waiting, behind = register_all(session, workers_a)
    assert registration_cancel(registration=waiting, by=workers_a[1]) is None
    behind.refresh_from_db()
    assert behind.status == RegistrationStatus.WAITLISTED


def test_cancelling_twice_changes_nothing(session, workers_a):
    """A double tap on Cancel cancels once and promotes once."""
    session.capacity = 1
    session.save()
    seated, _first, _second = register_all(session, workers_a)
    assert registration_cancel(registration=seated, by=workers_a[0]) is not None
    assert registration_cancel(registration=seated, by=workers_a[0]) is None
    assert Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED).count() == 1


def test_more_seats_seat_people_from_the_waitlist_in_order(session, trainer, workers_a, workers_b):
    """Raising the seats from 1 to 3 seats the first two waiting, in the order they registered."""
    session.capacity = 1
    session.save()
    register_all(session, [workers_a[0], workers_b[0], workers_a[1], workers_b[1]])
    session_update(session=session, by=trainer, capacity=3)
    seated = Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED)
    assert set(seated.values_list("person_id", flat=True)) == {workers_a[0].pk, workers_b[0].pk, workers_a[1].pk}


def test_fewer_seats_take_no_seat_away(session, trainer, workers_a):
    """Lowering the seats below the people registered keeps everyone's place, with a warning."""
    register_all(session, workers_a)
    result = session_update(session=session, by=trainer, capacity=1)
    assert Registration.objects.filter(status=RegistrationStatus.REGISTERED).count() == 3
    assert result.warnings == ["3 people are registered for 1 seats: nobody loses their place."]


def test_hr_of_another_factory_cannot_cancel_a_place(session, hr_a, worker_b):
    """HR of factory A cannot cancel the place of a worker of factory B."""
    registration = RegistrationFactory(session=session, person=worker_b)
    with pytest.raises(NotAllowed):
        registration_cancel(registration=registration, by=hr_a)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_nobody_holds_two_places(session, worker_a, hr_a, trainer):
    """Whoever registers a person, however often, the person has one row in the session."""
    registration_create(session=session, person=worker_a, by=worker_a)
    for by in (hr_a, trainer, worker_a):
        with pytest.raises(Exception):  # noqa: B017 - already registered, whatever the message
            registration_create(session=session, person=worker_a, by=by)
    assert Registration.objects.filter(session=session, person=worker_a).count() == 1
