"""Scheduling sessions: what a trainer gives, what is refused, and who is told of a change."""

import datetime

import pytest
from django.utils import timezone

from lms.messaging.models import Message
from lms.people.choices import Role
from lms.people.factories import StaffFactory
from seminars.choices import AttendanceStatus, VenueKind
from seminars.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SessionFactory,
    TrainingCentreFactory,
    classroom_course,
    morning,
)
from seminars.models import Meeting, Session
from seminars.selectors import session_state_of
from seminars.services import (
    InvalidSchedule,
    NotAllowed,
    session_cancel,
    session_create,
    session_publish,
    session_update,
)

HOUR = datetime.timedelta(hours=1)


def schedule(by, **changes):
    values = {
        "by": by,
        "course": classroom_course(),
        "venue_kind": VenueKind.CENTRE,
        "centre": TrainingCentreFactory(),
        "capacity": 12,
        "meetings": [morning(3), morning(4)],
    }
    return session_create(**{**values, **changes})


def test_a_trainer_schedules_a_two_day_draft_they_train(trainer):
    """A trainer's new session is a draft, trained by them, from the first meeting's start to the last's end."""
    result = schedule(trainer)
    session = result.session
    assert list(session.trainers.all()) == [trainer] and not result.warnings
    assert session_state_of(session) == "draft"
    assert (session.starts_at, session.ends_at) == (morning(3)[0], morning(4)[1])
    session_publish(session=session, by=trainer)
    assert session_state_of(session) == "open"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"meetings": []}, "Give the session at least one meeting."),
        ({"meetings": [(morning(3)[1], morning(3)[0])]}, "A meeting must end after it starts."),
        (
            {"meetings": [morning(3), (morning(3)[0] + HOUR, morning(3)[1] + HOUR)]},
            "Two meetings of the session overlap. Give each its own time.",
        ),
        ({"centre": None}, "Choose the training centre where the session takes place."),
        ({"venue_kind": VenueKind.ONLINE}, "Give the link of the online session."),
        ({"capacity": 0}, "A session needs at least one seat."),
        (
            {"required_meetings": 3},
            "Meetings to attend must be between 1 and 2, the number of meetings.",
        ),
    ],
)
def test_a_session_that_cannot_take_place_is_refused_and_nothing_is_written(trainer, changes, message):
    """Each mistake gets a plain reason and no session is created."""
    with pytest.raises(InvalidSchedule) as refused:
        schedule(trainer, **changes)
    assert str(refused.value) == message
    assert not Session.objects.exists()


def test_hr_and_workers_cannot_schedule(hr_a, worker_a):
    """Only trainers and programme staff schedule sessions."""
    for someone in (hr_a, worker_a):
        with pytest.raises(NotAllowed):
            schedule(someone)


def test_a_trainer_booked_at_the_same_time_is_warned_not_refused(trainer, programme_staff):
    """Scheduling a trainer into two overlapping sessions creates the second with a warning naming the first."""
    schedule(trainer, title="Fire drill")
    start, end = morning(3)
    result = schedule(programme_staff, trainers=[trainer], meetings=[(start + HOUR, end + HOUR)])
    assert Session.objects.count() == 2
    assert result.warnings == [
        f"{trainer} also trains Fire drill at the same time ({timezone.localtime(start):%-d %b %Y %-H:%M})."
    ]


def test_a_change_of_time_is_told_to_everyone_once(session, trainer, workers_a):
    """Moving a session tells the registered and the waitlisted, once per change."""
    RegistrationFactory(session=session, person=workers_a[0])
    RegistrationFactory(session=session, person=workers_a[1], status="waitlisted")
    RegistrationFactory(session=session, person=workers_a[2], status="cancelled")
    later = [morning(5), morning(6)]
    session_update(session=session, by=trainer, meetings=later)
    session_update(session=session, by=trainer, meetings=later)  # the same again: nothing new
    session_update(session=session, by=trainer, title="Fire safety, part 1")  # not a time or venue
    told = Message.objects.filter(kind="session_changed")
    assert sorted(told.values_list("person_id", flat=True)) == [workers_a[0].pk, workers_a[1].pk]
    session_update(session=session, by=trainer, room="Hall B")
    assert Message.objects.filter(kind="session_changed").count() == 4


def test_moving_meetings_keeps_their_attendance(trainer, worker_a):
    """Moving a session's meetings keeps the marks already taken; removing a marked meeting is refused."""
    now = timezone.now()
    session = SessionFactory(trainers=[trainer], meetings=[(now - HOUR, now + HOUR), morning(2)])
    first = session.meetings.order_by("starts_at").first()
    AttendanceFactory(meeting=first, person=worker_a, status=AttendanceStatus.PRESENT)
    session_update(session=session, by=trainer, meetings=[(now - HOUR, now + 2 * HOUR), morning(3)])
    assert first.attendances.count() == 1 and Meeting.objects.filter(session=session).count() == 2
    second = session.meetings.order_by("starts_at").last()
    AttendanceFactory(meeting=second, person=worker_a, status=AttendanceStatus.LATE)
    with pytest.raises(InvalidSchedule):
        session_update(session=session, by=trainer, meetings=[(now - HOUR, now + 2 * HOUR)])
    assert second.attendances.count() == 1 and Meeting.objects.filter(session=session).count() == 2


def test_cancelling_tells_everyone_once_and_keeps_the_list(session, trainer, workers_a):
    """A cancelled session tells each registered or waiting person once; their places stay on record."""
    for worker in workers_a:
        RegistrationFactory(session=session, person=worker)
    session_cancel(session=session, by=trainer, reason="Flood")
    session_cancel(session=session, by=trainer, reason="Flood")
    assert Message.objects.filter(kind="session_cancelled").count() == 3
    session.refresh_from_db()
    assert session_state_of(session) == "cancelled" and session.cancel_reason == "Flood"
    assert session.registrations.filter(status="registered").count() == 3


def test_a_cancelled_session_cannot_be_changed(session, trainer):
    """Changing a cancelled session says why."""
    session_cancel(session=session, by=trainer)
    with pytest.raises(InvalidSchedule):
        session_update(session=session, by=trainer, capacity=30)


def test_another_trainer_cannot_change_the_session(session):
    """Only its own trainers and programme staff change a session."""
    with pytest.raises(NotAllowed):
        session_update(session=session, by=StaffFactory(roles=[Role.TRAINER]), capacity=30)
