"""Filtering sessions by state in the database agrees with the state each session shows."""

import datetime
import itertools

from django.utils import timezone

from lms.people.factories import PersonFactory
from seminars.choices import RegistrationSource, RegistrationStatus, SessionState, VenueKind
from seminars.factories import TrainingCentreFactory, classroom_course
from seminars.models import Registration, Session
from seminars.selectors import session_state_of, sessions_in_state, sessions_with_counts

HOUR = datetime.timedelta(hours=1)


def _matrix(now):
    """A session for each combination of the facts the state depends on (capacity 1: one
    registration fills it)."""
    course, centre = classroom_course(), TrainingCentreFactory()
    starts = {"none": None, "past": now - 2 * HOUR, "now": now, "soon": now + 5 * HOUR, "later": now + 50 * HOUR}
    deadlines = [None, now - HOUR, now, now + HOUR, now + 100 * HOUR]
    sessions, filled = [], []
    for published, cancelled, closed, by_hand, start, deadline, full in itertools.product(
        [True, False], [True, False], [True, False], [True, False], starts, deadlines, [True, False]
    ):
        starts_at = starts[start]
        session = Session(
            course=course,
            venue_kind=VenueKind.CENTRE,
            centre=centre,
            capacity=1,
            published_at=now - 10 * HOUR if published else None,
            cancelled_at=now - HOUR if cancelled else None,
            closed_at=now - HOUR if closed else None,
            registration_closed_at=now - HOUR if by_hand else None,
            registration_deadline=deadline,
            starts_at=starts_at,
            ends_at=starts_at + 4 * HOUR if starts_at else None,
        )
        sessions.append(session)
        filled.append(full)
    Session.objects.bulk_create(sessions)
    person = PersonFactory()
    Registration.objects.bulk_create(
        Registration(session=s, person=person, status=RegistrationStatus.REGISTERED, source=RegistrationSource.SELF)
        for s, full in zip(sessions, filled, strict=True)
        if full
    )
    return sessions


def test_each_state_filter_finds_exactly_the_sessions_in_that_state(db):
    """Whatever mix of flags, dates and seats, a list filtered by state shows the sessions that
    show that state, and every session falls in exactly one state."""
    now = timezone.now()
    _matrix(now)
    computed = {s.pk: session_state_of(s, now=now) for s in sessions_with_counts(Session.objects.all())}
    assert set(computed.values()) == set(SessionState)  # the matrix reaches every state
    found = {}
    for state in SessionState:
        for pk in sessions_in_state(Session.objects.all(), state, now=now).values_list("pk", flat=True):
            assert pk not in found, f"session {pk} is both {found[pk]} and {state}"
            found[pk] = state
    assert found == computed


def test_several_states_at_once(db):
    """Asking for open or full sessions gives both, and nothing else."""
    now = timezone.now()
    _matrix(now)
    both = set(sessions_in_state(Session.objects.all(), [SessionState.OPEN, SessionState.FULL], now=now))
    assert both and all(session_state_of(s, now=now) in (SessionState.OPEN, SessionState.FULL) for s in both)
