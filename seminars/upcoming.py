"""What the seminar pages and the course pages show of the sessions coming up.

A reader opens a seminar or a classroom course in their own language and sees its next sessions:
the dates of each meeting, where, the seats left and whether they can still register. Sessions
point at the English page; `seminars.selectors.upcoming_sessions` finds them from the page in any
language by its translation key, so a session scheduled once shows in English, Khmer and Chinese.

The list is read in a fixed number of queries (the sessions with their counts and venue, then
their meetings), whatever its length: a catalogue page has a budget of queries.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, OuterRef, Prefetch, Subquery
from django.utils import timezone

from courses.choices import DeliveryMode
from courses.models import CoursePage

from .choices import SessionState
from .models import Meeting, SeminarPage, Session
from .selectors import session_facts, upcoming_sessions
from .states import session_state

# Courses given in a room or a call have dated sessions; self-paced ones never do.
TAUGHT_DELIVERIES = frozenset({DeliveryMode.CLASSROOM, DeliveryMode.SEMINAR, DeliveryMode.VIRTUAL})
SESSIONS_SHOWN = 10


@dataclass(frozen=True)
class UpcomingSession:
    session: Session
    meetings: list[Meeting]
    state: SessionState
    seats_left: int

    @property
    def takes_registrations(self) -> bool:
        return self.state in (SessionState.OPEN, SessionState.FULL)


def sessions_shown(
    *, course: CoursePage | None = None, seminar: SeminarPage | None = None, now: datetime.datetime | None = None
) -> list[UpcomingSession]:
    """The next sessions of a course or seminar (a page in any language), soonest first."""
    now = now or timezone.now()
    sessions = upcoming_sessions(course=course, seminar=seminar, now=now).prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.order_by("starts_at", "pk"))
    )[:SESSIONS_SHOWN]
    shown = []
    for session in sessions:
        state = session_state(session_facts(session, registered=session.registered_count), now=now)
        shown.append(
            UpcomingSession(
                session=session,
                meetings=list(session.meetings.all()),
                state=state,
                seats_left=max(session.capacity - session.registered_count, 0),
            )
        )
    return shown


def course_has_sessions(course: CoursePage) -> bool:
    """Whether a course is given in dated sessions (classroom, seminar or virtual)."""
    return course.delivery_mode in TAUGHT_DELIVERIES


def seminars_with_next_session(index, *, now: datetime.datetime | None = None) -> list[tuple]:
    """(seminar page, first upcoming start or None, number of upcoming sessions) for each live
    seminar under a seminars index, in any language, from one query."""
    now = now or timezone.now()
    upcoming = Session.objects.filter(
        seminar__translation_key=OuterRef("translation_key"),
        published_at__isnull=False,
        cancelled_at__isnull=True,
        closed_at__isnull=True,
        starts_at__gt=now,
    ).order_by()
    seminars = SeminarPage.objects.child_of(index).live().order_by("path")
    annotated = seminars.annotate(
        next_starts_at=Subquery(
            upcoming.values("seminar__translation_key").annotate(first=Min("starts_at")).values("first")
        ),
        upcoming_count=Subquery(upcoming.values("seminar__translation_key").annotate(n=Count("pk")).values("n")),
    )
    return [(page, page.next_starts_at, page.upcoming_count or 0) for page in annotated]
