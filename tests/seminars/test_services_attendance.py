"""Attendance marks from the trainer's phone: recorded once, the newest wins, a batch never half-fails."""

import datetime
import uuid

import pytest
from django.utils import timezone

from lms.people.choices import Role
from lms.people.factories import StaffFactory
from seminars.choices import AttendanceStatus, RegistrationSource, RegistrationStatus
from seminars.factories import RegistrationFactory, SessionFactory
from seminars.models import Attendance, Registration
from seminars.services import AttendanceRefused, NotAllowed, attendance_mark, attendance_marks_record

HOUR = datetime.timedelta(hours=1)
PRESENT, LATE, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT


@pytest.fixture
def today(trainer, workers_a):
    """A session meeting now, the workers of factory A registered."""
    now = timezone.now()
    session = SessionFactory(trainers=[trainer], capacity=3, meetings=[(now - HOUR, now + 3 * HOUR)])
    for worker in workers_a:
        RegistrationFactory(session=session, person=worker)
    return session


def test_the_same_mark_sent_twice_is_recorded_once(today, trainer, worker_a):
    """A mark the phone sends again after a lost connection leaves one record."""
    meeting, mark_id = today.meetings.get(), uuid.uuid4()
    first = attendance_mark(meeting=meeting, person=worker_a, status=PRESENT, by=trainer, mark_id=mark_id)
    again = attendance_mark(meeting=meeting, person=worker_a, status=PRESENT, by=trainer, mark_id=mark_id)
    assert first.pk == again.pk and Attendance.objects.count() == 1
    assert Attendance.objects.get().recorded_at == first.recorded_at  # the resend wrote nothing


def test_an_older_mark_arriving_late_does_not_overwrite_a_newer_one(today, trainer, worker_a):
    """A mark made offline at 8:00 and sent after one made at 8:10 leaves the 8:10 mark."""
    meeting, now = today.meetings.get(), timezone.now()
    attendance_mark(
        meeting=meeting, person=worker_a, status=LATE, by=trainer, marked_at=now - datetime.timedelta(minutes=5)
    )
    attendance_mark(meeting=meeting, person=worker_a, status=ABSENT, by=trainer, marked_at=now - HOUR)
    recorded = Attendance.objects.get()
    assert recorded.status == LATE


def test_a_newer_mark_replaces_the_recorded_one(today, trainer, worker_a):
    """Correcting a mark (absent, then late) keeps the correction."""
    meeting, now = today.meetings.get(), timezone.now()
    attendance_mark(meeting=meeting, person=worker_a, status=ABSENT, by=trainer, marked_at=now - HOUR)
    attendance_mark(meeting=meeting, person=worker_a, status=LATE, by=trainer, marked_at=now)
    assert Attendance.objects.get().status == LATE


def test_a_phone_clock_running_ahead_does_not_win_forever(today, trainer, worker_a):
    """A mark dated tomorrow by a wrong phone clock counts as made now; a later correction wins."""
    meeting = today.meetings.get()
    attendance_mark(meeting=meeting, person=worker_a, status=ABSENT, by=trainer, marked_at=timezone.now() + 24 * HOUR)
    attendance_mark(meeting=meeting, person=worker_a, status=PRESENT, by=trainer)
    assert Attendance.objects.get().status == PRESENT


def test_a_walk_in_marked_present_is_registered_beyond_the_seats(today, trainer, worker_b):
    """Someone who came without a place is marked present and gets a place, though the seats are taken."""
    attendance_mark(meeting=today.meetings.get(), person=worker_b, status=PRESENT, by=trainer)
    registration = Registration.objects.get(session=today, person=worker_b)
    assert registration.status == RegistrationStatus.REGISTERED and registration.source == RegistrationSource.TRAINER
    assert Registration.objects.filter(session=today, status=RegistrationStatus.REGISTERED).count() == 4


def test_someone_without_a_place_is_not_marked_absent(today, trainer, worker_b):
    """Marking absent someone who was never registered is refused and registers nobody."""
    with pytest.raises(AttendanceRefused):
        attendance_mark(meeting=today.meetings.get(), person=worker_b, status=ABSENT, by=trainer)
    assert not Registration.objects.filter(person=worker_b).exists()


def test_only_the_sessions_trainers_and_staff_take_attendance(today, worker_a, hr_a, programme_staff):
    """HR, a worker or another trainer cannot mark; programme staff can."""
    meeting = today.meetings.get()
    for someone in (hr_a, worker_a, StaffFactory(roles=[Role.TRAINER])):
        with pytest.raises(NotAllowed):
            attendance_mark(meeting=meeting, person=worker_a, status=PRESENT, by=someone)
    assert attendance_mark(meeting=meeting, person=worker_a, status=PRESENT, by=programme_staff)


def test_the_register_opens_an_hour_before_the_meeting(session, trainer, worker_a):
    """Marks for tomorrow's meeting are refused today with a plain reason."""
    RegistrationFactory(session=session, person=worker_a)
    with pytest.raises(AttendanceRefused) as refused:
        attendance_mark(meeting=session.meetings.first(), person=worker_a, status=PRESENT, by=trainer)
    assert str(refused.value) == "Attendance is taken from one hour before the meeting starts."


def test_closed_and_cancelled_sessions_refuse_marks(today, trainer, worker_a):
    """Once closed or cancelled, attendance no longer changes."""
    meeting = today.meetings.get()
    for flag in ("closed_at", "cancelled_at"):
        type(today).objects.filter(pk=today.pk).update(**{flag: timezone.now()})
        with pytest.raises(AttendanceRefused):
            attendance_mark(meeting=meeting, person=worker_a, status=PRESENT, by=trainer)
        type(today).objects.filter(pk=today.pk).update(**{flag: None})
    assert not Attendance.objects.exists()


def test_a_batch_with_one_bad_mark_records_the_others(today, trainer, workers_a):
    """The offline register sends five marks; the bad ones are refused with a reason, the rest recorded."""
    meeting = today.meetings.get()
    good = [
        {"mark_id": str(uuid.uuid4()), "meeting": meeting.pk, "person": w.pk, "status": PRESENT, "marked_at": None}
        for w in workers_a
    ]
    bad = [
        {"mark_id": str(uuid.uuid4()), "meeting": meeting.pk, "person": workers_a[0].pk, "status": "asleep"},
        {"mark_id": "not-a-uuid", "meeting": meeting.pk, "person": workers_a[1].pk, "status": PRESENT},
        {"mark_id": str(uuid.uuid4()), "meeting": 999999, "person": workers_a[1].pk, "status": PRESENT},
    ]
    results = attendance_marks_record(session=today, marks=[good[0], *bad, *good[1:]], by=trainer)
    assert [r.accepted for r in results] == [True, False, False, False, True, True]
    assert all(r.reason for r in results if not r.accepted)
    assert Attendance.objects.filter(status=PRESENT).count() == 3


def test_a_batch_sent_twice_changes_nothing_the_second_time(today, trainer, workers_a):
    """The register sends the same batch again after a timeout: accepted, still one mark each."""
    meeting = today.meetings.get()
    marks = [
        {
            "mark_id": str(uuid.uuid4()),
            "meeting": meeting.pk,
            "person": w.pk,
            "status": LATE,
            "marked_at": timezone.now().isoformat(),
        }
        for w in workers_a
    ]
    attendance_marks_record(session=today, marks=marks, by=trainer)
    results = attendance_marks_record(session=today, marks=marks, by=trainer)
    assert all(r.accepted for r in results) and Attendance.objects.count() == 3
