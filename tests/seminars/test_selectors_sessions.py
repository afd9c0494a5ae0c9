"""The lists of sessions and places: seats left, what is coming, what a worker may join."""

import datetime

from django.utils import timezone

from seminars.factories import RegistrationFactory, SessionFactory, classroom_course, morning
from seminars.selectors import (
    person_registrations,
    seats_left,
    sessions_open_to,
    trainer_sessions,
    upcoming_sessions,
    waitlist_position,
)


def test_seats_left_in_all_and_within_a_factorys_quota(trainer, factory_a, factory_b, workers_a, workers_b):
    """Ten seats, three held for factory A: after two of A and one of B, 7 are left, 1 of them for A."""
    session = SessionFactory(trainers=[trainer], capacity=10, quotas={factory_a: 3})
    for worker in [*workers_a[:2], workers_b[0]]:
        RegistrationFactory(session=session, person=worker)
    RegistrationFactory(session=session, person=workers_a[2], status="waitlisted")
    assert seats_left(session) == 7
    assert seats_left(session, factory=factory_a) == 1
    assert seats_left(session, factory=factory_b) == 7


def test_upcoming_sessions_of_a_course_in_date_order(trainer):
    """A course page lists its published sessions to come, soonest first; drafts, past and cancelled ones not."""
    course = classroom_course()
    later = SessionFactory(course=course, meetings=[morning(5)])
    sooner = SessionFactory(course=course, meetings=[morning(2)])
    SessionFactory(course=course, published_at=None)
    SessionFactory(course=course, cancelled_at=timezone.now())
    SessionFactory(
        course=course,
        meetings=[(timezone.now() - datetime.timedelta(days=2), timezone.now() - datetime.timedelta(days=1))],
    )
    SessionFactory()  # another course
    assert list(upcoming_sessions(course=course)) == [sooner, later]
    assert upcoming_sessions(course=course)[0].registered_count == 0


def test_sessions_open_to_a_worker_are_those_taking_self_registration(worker_a):
    """A worker sees open and full sessions they may register for; not drafts, closed ones, or HR-only ones."""
    open_session = SessionFactory(capacity=5)
    full = SessionFactory(capacity=1)
    RegistrationFactory(session=full)
    SessionFactory(self_registration=False)
    SessionFactory(published_at=None)
    SessionFactory(registration_closed_at=timezone.now())
    assert set(sessions_open_to(worker_a)) == {open_session, full}


def test_a_workers_places_leave_out_cancelled_ones(session, worker_a):
    """My sessions list the places held or waited for, not those given up."""
    RegistrationFactory(session=session, person=worker_a)
    RegistrationFactory(session=SessionFactory(), person=worker_a, status="cancelled")
    assert [r.session for r in person_registrations(worker_a)] == [session]


def test_waitlist_position_counts_from_one(session, workers_a):
    """The first person waiting is number 1."""
    places = [RegistrationFactory(session=session, person=w, status="waitlisted") for w in workers_a]
    assert [waitlist_position(p) for p in places] == [1, 2, 3]


def test_a_trainers_agenda_lists_their_sessions_only(session, trainer):
    """A trainer's agenda shows the sessions they train."""
    SessionFactory()
    assert list(trainer_sessions(trainer)) == [session]
