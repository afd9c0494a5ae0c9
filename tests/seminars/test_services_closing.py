"""Closing a session completes the course for those who attended enough, once."""

import datetime

import pytest
from django.utils import timezone

from courses.choices import CompletionSource
from courses.models import Completion, Enrolment
from courses.selectors import my_learning
from seminars.choices import AttendanceStatus
from seminars.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SeminarPageFactory,
    SessionFactory,
    classroom_course,
)
from seminars.services import InvalidSchedule, NotAllowed, session_close

DAY = datetime.timedelta(days=1)
PRESENT, LATE, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT


def two_days_ago_and_yesterday():
    now = timezone.now()
    return [
        (now - 2 * DAY, now - 2 * DAY + datetime.timedelta(hours=4)),
        (now - DAY, now - DAY + datetime.timedelta(hours=4)),
    ]


@pytest.fixture
def held(trainer, workers_a):
    """A two-meeting session held over the last two days; worker 0 came to both, worker 1 was late
    to one and absent from the other, worker 2 never came."""
    session = SessionFactory(trainers=[trainer], meetings=two_days_ago_and_yesterday())
    first, second = session.meetings.order_by("starts_at")
    marks = {0: (PRESENT, PRESENT), 1: (LATE, ABSENT), 2: (ABSENT, ABSENT)}
    for number, (at_first, at_second) in marks.items():
        RegistrationFactory(session=session, person=workers_a[number])
        AttendanceFactory(meeting=first, person=workers_a[number], status=at_first)
        AttendanceFactory(meeting=second, person=workers_a[number], status=at_second)
    return session


def test_closing_completes_the_course_for_those_at_every_meeting(held, trainer, workers_a):
    """By default every meeting counts: the worker at both meetings sees the course completed in My learning."""
    summary = session_close(session=held, by=trainer)
    assert summary.completed == [workers_a[0]] and set(summary.not_met) == {workers_a[1], workers_a[2]}
    completion = Completion.objects.get()
    assert completion.person == workers_a[0] and completion.source == CompletionSource.SEMINAR
    enrolment = Enrolment.objects.get(person=workers_a[0], course=held.course)
    assert enrolment.completed_at == held.ends_at
    _in_progress, completed = my_learning(workers_a[0])
    assert [item.course.pk for item in completed] == [held.course.pk]


def test_late_counts_and_required_meetings_lowers_the_bar(held, trainer, workers_a):
    """With one meeting of two required, being late to one is enough; never coming is not."""
    held.required_meetings = 1
    held.save()
    summary = session_close(session=held, by=trainer)
    assert set(summary.completed) == {workers_a[0], workers_a[1]} and summary.not_met == [workers_a[2]]
    assert Completion.objects.count() == 2


def test_closing_again_records_nothing_new(held, trainer, workers_a):
    """A second tap on Close gives the same lists and no second completion."""
    first = session_close(session=held, by=trainer)
    held.refresh_from_db()
    closed_at = held.closed_at
    again = session_close(session=held, by=trainer)
    assert again.completed == first.completed and Completion.objects.count() == 1
    held.refresh_from_db()
    assert held.closed_at == closed_at


def test_a_seminar_session_completes_the_seminars_course(trainer, worker_a):
    """A seminar that completes a course records that course for those who attended."""
    course = classroom_course(title="Workplace cooperation")
    seminar = SeminarPageFactory(course=course)
    session = SessionFactory(
        course=None, seminar=seminar, trainers=[trainer], meetings=two_days_ago_and_yesterday()[:1]
    )
    RegistrationFactory(session=session, person=worker_a)
    AttendanceFactory(meeting=session.meetings.get(), person=worker_a, status=PRESENT)
    session_close(session=session, by=trainer)
    assert Completion.objects.get().course.pk == course.pk


def test_a_session_is_closed_only_once_it_has_started(session, trainer):
    """Closing a session that has not started is refused with a plain reason."""
    with pytest.raises(InvalidSchedule) as refused:
        session_close(session=session, by=trainer)
    assert str(refused.value) == "A session can be closed only after it has started."
    session.refresh_from_db()
    assert session.closed_at is None


def test_only_the_trainers_and_staff_close(held, hr_a):
    """HR cannot close a session."""
    with pytest.raises(NotAllowed):
        session_close(session=held, by=hr_a)
    assert not Completion.objects.exists()
