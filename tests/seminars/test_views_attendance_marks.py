"""Marks sent by the offline register in batches: each answered on its own, a batch sent twice
recorded once, bad input refused with a reason and nothing changed."""

import datetime
import json
import uuid

import pytest
from django.utils import timezone

from lms.people.choices import Role
from lms.people.factories import PersonFactory, StaffFactory
from seminars.choices import AttendanceStatus, RegistrationStatus
from seminars.factories import RegistrationFactory, SessionFactory, morning
from seminars.models import Attendance, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(trainer, workers_a):
    now = timezone.now()
    session = SessionFactory(
        trainers=[trainer],
        meetings=[(now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=3)), morning(1)],
    )
    for person in workers_a:
        RegistrationFactory(session=session, person=person)
    return session


@pytest.fixture
def today(running):
    return running.meetings.order_by("starts_at").first()


def a_mark(meeting, person, status="present", *, minutes_ago=5, **changes) -> dict:
    mark = {
        "mark_id": str(uuid.uuid4()),
        "meeting": meeting.pk,
        "person": person.pk,
        "status": status,
        "marked_at": (timezone.now() - datetime.timedelta(minutes=minutes_ago)).isoformat(),
    }
    mark.update(changes)
    return mark


def send(client, session, marks=None, *, body=None):
    data = body if body is not None else json.dumps({"marks": marks})
    return client.post(f"/training/{session.pk}/marks/", data=data, content_type="application/json")


def test_a_batch_sent_twice_is_recorded_once(client, trainer, running, today, workers_a):
    """The phone sends the same batch again (its answer was lost): one record per person, both times accepted."""
    marks = [a_mark(today, person) for person in workers_a]
    client.force_login(trainer)
    first = send(client, running, marks).json()["results"]
    again = send(client, running, marks).json()["results"]
    assert [r["accepted"] for r in first + again] == [True] * 6
    assert Attendance.objects.count() == 3
    assert {str(mark_id) for mark_id in Attendance.objects.values_list("mark_id", flat=True)} == {
        m["mark_id"] for m in marks
    }


def test_the_latest_tap_wins_whatever_order_marks_arrive(client, trainer, running, today, worker_a):
    """Present then absent on the phone, sent in the wrong order: absent, the later tap, stays."""
    earlier = a_mark(today, worker_a, "present", minutes_ago=10)
    later = a_mark(today, worker_a, "absent", minutes_ago=2)
    client.force_login(trainer)
    send(client, running, [later])
    answer = send(client, running, [earlier]).json()["results"][0]
    assert answer["accepted"] and answer["status"] == AttendanceStatus.ABSENT
    assert Attendance.objects.get().status == AttendanceStatus.ABSENT


def test_bad_marks_are_refused_with_reasons_and_good_ones_kept(client, trainer, running, today, workers_a, factory_a):
    """In one batch: good marks are recorded; each bad one comes back refused with a plain reason."""
    other_meeting = SessionFactory(trainers=[trainer]).meetings.get()
    stranger = PersonFactory(factory=factory_a)
    good = [a_mark(today, workers_a[0]), a_mark(today, workers_a[1], "late")]
    bad = [
        a_mark(today, workers_a[2], "asleep"),
        a_mark(other_meeting, workers_a[2]),
        a_mark(today, stranger, "absent"),
        {"mark_id": "not-a-uuid", "meeting": today.pk, "person": workers_a[2].pk, "status": "present"},
        {"mark_id": str(uuid.uuid4())},
    ]
    client.force_login(trainer)
    response = send(client, running, [good[0], *bad, good[1]])
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["accepted"] for r in results] == [True, False, False, False, False, False, True]
    assert all(r["reason"] for r in results[1:6])
    assert "present, late or absent" in results[1]["reason"]
    assert "not part of the session" in results[2]["reason"]
    assert "not registered" in results[3]["reason"]
    assert dict(Attendance.objects.values_list("person", "status")) == {
        workers_a[0].pk: AttendanceStatus.PRESENT,
        workers_a[1].pk: AttendanceStatus.LATE,
    }


@pytest.mark.parametrize(
    "body", ["{not json", "[1, 2]", '{"marks": "present"}', '{"marks": [1]}', '{"nothing": []}', "\xff"]
)
def test_a_batch_that_cannot_be_read_is_a_400_and_changes_nothing(client, trainer, running, body):
    """Broken JSON, or JSON of another shape, is answered 400 with a plain message; nothing is recorded."""
    client.force_login(trainer)
    response = send(client, running, body=body)
    assert response.status_code == 400
    assert response.json() == {"error": "The marks could not be read. Nothing was recorded."}
    assert not Attendance.objects.exists()


def test_a_walk_in_sent_from_the_phone_gets_a_place(client, trainer, running, today, factory_a):
    """Someone marked present who was not registered is registered as a walk-in, even beyond the seats."""
    running.capacity = 3
    running.save(update_fields=["capacity"])
    walk_in = PersonFactory(factory=factory_a)
    client.force_login(trainer)
    assert send(client, running, [a_mark(today, walk_in)]).json()["results"][0]["accepted"]
    assert Registration.objects.get(session=running, person=walk_in).status == RegistrationStatus.REGISTERED


@pytest.mark.parametrize("who", ["worker", "hr", "other_trainer"])
def test_only_the_sessions_trainers_and_staff_send_marks(client, who, running, today, worker_a, hr_a):
    """A worker, HR, or another session's trainer gets 403 with a plain message; nothing is recorded."""
    other_trainer = StaffFactory(roles=[Role.TRAINER])
    client.force_login({"worker": worker_a, "hr": hr_a, "other_trainer": other_trainer}[who])
    response = send(client, running, [a_mark(today, worker_a)])
    assert response.status_code == 403 and response.json()["error"]
    assert not Attendance.objects.exists()


def test_signed_out_phone_is_told_to_sign_in_again(client, running, today, worker_a):
    """A phone whose sign-in expired gets 403 in JSON (not the sign-in page), so it keeps its marks."""
    response = send(client, running, [a_mark(today, worker_a)])
    assert response.status_code == 403
    assert response.json() == {"error": "Sign in again to send the marks saved on this phone."}


def test_closed_session_refuses_the_batch_whole(client, trainer, running, today, worker_a):
    """After closing, the phone's remaining marks are refused together with the reason (409)."""
    running.closed_at = timezone.now()
    running.save(update_fields=["closed_at"])
    client.force_login(trainer)
    response = send(client, running, [a_mark(today, worker_a)])
    assert response.status_code == 409 and "closed" in response.json()["error"]
    assert not Attendance.objects.exists()


def test_a_batch_too_large_is_refused_whole(client, trainer, running, today, worker_a):
    """More marks than any phone could hold is refused with a message; nothing is recorded."""
    client.force_login(trainer)
    response = send(client, running, [a_mark(today, worker_a)] * 501)
    assert response.status_code == 400 and not Attendance.objects.exists()


def test_marks_need_a_post(client, trainer, running):
    """Reading the marks address does nothing."""
    client.force_login(trainer)
    assert client.get(f"/training/{running.pk}/marks/").status_code == 405
