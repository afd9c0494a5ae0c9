"""Closing a session: its attendance is final, and whoever met the attendance rule completes the
course the session delivers (or the course its seminar completes), through the courses app, so
certificates follow exactly as they do for a course taken on a phone.

The rule: present or late at `required_meetings` meetings or more (every meeting when empty).
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.choices import CompletionSource
from courses.models import CoursePage
from courses.services.completion import completion_record
from lms.people.models import Person

from ..choices import AttendanceStatus, RegistrationStatus
from ..models import Attendance, Registration, Session
from ..permissions import user_can_manage_session
from .errors import InvalidSchedule, NotAllowed
from .registration import locked_session


@dataclass
class CloseSummary:
    completed: list[Person] = field(default_factory=list)
    not_met: list[Person] = field(default_factory=list)


def meetings_required(session: Session, *, meetings: int | None = None) -> int:
    """How many meetings someone attends to complete the session."""
    meetings = session.meetings.count() if meetings is None else meetings
    if session.required_meetings is None:
        return meetings
    return min(session.required_meetings, meetings)


def meetings_attended(session: Session) -> dict[int, int]:
    """Person id → meetings of the session at which they were marked present or late (one query)."""
    attended = (
        Attendance.objects.filter(
            meeting__session=session, status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE)
        )
        .order_by()
        .values_list("person_id")
        .annotate(n=Count("meeting_id", distinct=True))
    )
    return dict(attended)


def course_completed_by(session: Session) -> CoursePage | None:
    """The course attending this session completes: its own, or its seminar's (if the seminar has one)."""
    if session.course_id:
        return session.course
    return session.seminar.course if session.seminar_id else None


@transaction.atomic
def session_close(*, session: Session, by: Person, now: datetime.datetime | None = None) -> CloseSummary:
    """Close a session once it has started: record a completion of its course for every registered
    person who met the attendance rule, and list who did not. Closing again records nothing new
    and returns the same lists. Raises NotAllowed or InvalidSchedule (cancelled, not started).
    """
    if not user_can_manage_session(by, session):
        raise NotAllowed(_("Only the session's trainers and programme staff close it."))
    session = locked_session(session)
    now = now or timezone.now()
    if session.cancelled_at is not None:
        raise InvalidSchedule(_("This session is cancelled."))
    if session.starts_at is None or now < session.starts_at:
        raise InvalidSchedule(_("A session can be closed only after it has started."))
    required = meetings_required(session)
    attended = meetings_attended(session)
    registered = (
        Registration.objects.filter(session=session, status=RegistrationStatus.REGISTERED)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person_id")
    )
    summary = CloseSummary()
    for registration in registered:
        met = attended.get(registration.person_id, 0) >= required
        (summary.completed if met else summary.not_met).append(registration.person)
    if session.closed_at is not None:
        return summary  # closed already: the completions were recorded then
    course = course_completed_by(session)
    if course is not None:
        # Completed when the session ended (or now, when it is closed before its last meeting).
        completed_at = min(session.ends_at, now)
        for person in summary.completed:
            completion_record(person=person, course=course, source=CompletionSource.SEMINAR, now=completed_at)
    session.closed_at, session.closed_by = now, by
    session.save(update_fields=["closed_at", "closed_by", "updated_at"])
    return summary
