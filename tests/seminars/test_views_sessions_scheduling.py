"""Scheduling on a phone: a trainer gives a session its course, days, venue and seats, adds days
without JavaScript, publishes, changes, closes registration, cancels with a reason and closes it."""

import datetime

import pytest
from django.utils import timezone

from courses.models import Enrolment
from lms.messaging.models import Message
from lms.people.choices import Role
from lms.people.factories import StaffFactory
from seminars.choices import AttendanceStatus, RegistrationStatus
from seminars.factories import (
    AttendanceFactory,
    RegistrationFactory,
    SessionFactory,
    TrainingCentreFactory,
    classroom_course,
    morning,
)
from seminars.models import Session

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def course(db):
    return classroom_course(title="Fire safety for supervisors")


def day(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def schedule_data(course, trainer, **overrides) -> dict:
    data = {
        "delivers": f"course:{course.pk}",
        "title": "",
        "language": "km",
        "venue_kind": "factory",
        "factory": "pp-001",
        "room": "Canteen",
        "trainers": [trainer.pk],
        "capacity": "25",
        "self_registration": "on",
        "meetings-TOTAL_FORMS": "3",
        "meetings-INITIAL_FORMS": "0",
        "meetings-0-day": day(5),
        "meetings-0-starts": "07:30",
        "meetings-0-ends": "11:30",
        "meetings-1-day": day(6),
        "meetings-1-starts": "07:30",
        "meetings-1-ends": "11:30",
        "meetings-2-day": "",
        "meetings-2-starts": "",
        "meetings-2-ends": "",
        "quotas-TOTAL_FORMS": "1",
        "quotas-INITIAL_FORMS": "0",
        "quotas-0-factory": "",
        "quotas-0-seats": "",
        "step": "publish",
    }
    data.update(overrides)
    return data


def test_trainer_schedules_a_two_day_session_in_phnom_penh_time(client, trainer, factory_a, course):
    """Two days at 7:30–11:30 Phnom Penh time, published at once, at PP-001 (typed in lower case)."""
    client.force_login(trainer)
    response = client.post("/training/new/", schedule_data(course, trainer), **EN)
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/training/{session.pk}/"
    meetings = list(session.meetings.all())
    assert len(meetings) == 2
    local = timezone.localtime(meetings[0].starts_at)
    assert (local.hour, local.minute) == (7, 30) and local.date().isoformat() == day(5)
    assert str(local.tzinfo) == "Asia/Phnom_Penh"
    assert session.factory == factory_a and session.published_at is not None
    assert list(session.trainers.all()) == [trainer]
    assert "Saved." in client.get(response["Location"], **EN).content.decode()


def test_scheduling_page_fits_a_phone_and_offers_the_trainer_first(client, trainer, course):
    """The page opens with the trainer ticked, classroom courses first and a row for a day."""
    client.force_login(trainer)
    html = client.get("/training/new/", **EN).content.decode()
    assert f'value="{trainer.pk}"' in html and "checked" in html
    assert html.index("Classroom, seminar and virtual courses") < html.index("Fire safety for supervisors")
    assert 'type="date"' in html and 'type="time"' in html and "Add another day" in html


def test_a_draft_is_saved_unpublished_with_quotas(client, trainer, factory_a, factory_b, course):
    """ "Save as a draft" keeps it unpublished; the factory rows become seat quotas."""
    client.force_login(trainer)
    data = schedule_data(
        course,
        trainer,
        step="draft",
        **{
            "quotas-TOTAL_FORMS": "2",
            "quotas-0-factory": "PP-001",
            "quotas-0-seats": "5",
            "quotas-1-factory": "kd-002",
            "quotas-1-seats": "3",
        },
    )
    client.post("/training/new/", data, **EN)
    session = Session.objects.get()
    assert session.published_at is None
    assert {quota.factory.code: quota.seats for quota in session.quotas.all()} == {"PP-001": 5, "KD-002": 3}


def test_end_before_start_is_a_plain_error_and_nothing_is_saved(client, trainer, factory_a, course):
    """A day ending before it starts is named on its row; no session is made."""
    client.force_login(trainer)
    data = schedule_data(course, trainer, **{"meetings-1-ends": "07:00"})
    response = client.post("/training/new/", data, **EN)
    assert response.status_code == 422
    assert "The end must be after the start." in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"factory": "XX-999"}, "No factory has the code XX-999."),
        ({"factory": ""}, "Type the code of the factory where it takes place."),
        ({"venue_kind": "online"}, "Give the link people open to join."),
        ({"meetings-0-day": "", "meetings-1-day": ""}, "Give the day, the start time and the end time."),
        (
            {"meetings-0-day": "", "meetings-0-starts": "", "meetings-0-ends": "", "meetings-1-day": ""},
            "Give the day, the start time and the end time.",
        ),
        ({"meetings-1-day": day(5), "meetings-1-starts": "09:00"}, "Two of the days overlap"),
        ({"required_meetings": "3"}, "The session has 2 days: nobody can attend more than that."),
        ({"delivers": ""}, "Choose the course or seminar it teaches."),
        ({"trainers": []}, "Choose at least one trainer."),
        ({"quotas-0-factory": "PP-001"}, "Give both the factory code and its number of seats, or neither."),
    ],
)
def test_bad_input_says_why_and_saves_nothing(client, trainer, factory_a, course, overrides, message):
    """Each mistake is said in plain words, and no session is made."""
    client.force_login(trainer)
    response = client.post("/training/new/", schedule_data(course, trainer, **overrides), **EN)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Session.objects.exists()


def test_no_day_at_all_is_refused(client, trainer, factory_a, course):
    """A session without a single day says so."""
    client.force_login(trainer)
    empty = {f"meetings-{n}-{name}": "" for n in range(3) for name in ("day", "starts", "ends")}
    response = client.post("/training/new/", schedule_data(course, trainer, **empty), **EN)
    assert "Give at least one day, with its start and end times." in response.content.decode()
    assert not Session.objects.exists()


def test_add_another_day_keeps_what_was_typed_and_shows_no_errors(client, trainer, factory_a, course):
    """ "Add another day" sends the page back with an extra empty row, what was typed kept, nothing saved."""
    client.force_login(trainer)
    data = schedule_data(course, trainer, step="add_day", capacity="", **{"meetings-2-day": day(7)})
    response = client.post("/training/new/", data, **EN)
    html = response.content.decode()
    assert response.status_code == 200 and not Session.objects.exists()
    assert 'name="meetings-TOTAL_FORMS" value="4"' in html
    assert f'value="{day(7)}"' in html and 'value="Canteen"' in html
    assert "errorlist" not in html


def test_overlapping_sessions_warn_the_trainer_after_saving(client, trainer, factory_a, course):
    """A trainer booked elsewhere at the same time is saved, and warned on the next page."""
    SessionFactory(title="Another session", trainers=[trainer], meetings=[morning(5)])
    client.force_login(trainer)
    data = schedule_data(course, trainer, **{"meetings-0-starts": "09:00", "meetings-0-ends": "10:00"})
    response = client.post("/training/new/", data, follow=True, **EN)
    html = response.content.decode()
    assert Session.objects.count() == 2
    assert "also trains Another session at the same time" in html


def test_a_worker_cannot_schedule(client, worker_a, course):
    """A worker gets a 403 on the scheduling page and cannot post it."""
    client.force_login(worker_a)
    assert client.get("/training/new/").status_code == 403
    assert client.post("/training/new/", schedule_data(course, worker_a)).status_code == 403
    assert not Session.objects.exists()


def test_trainer_changes_the_seats_and_a_day(client, trainer, session, worker_a):
    """The page opens filled in; saving new seats and a new time tells the people registered."""
    RegistrationFactory(session=session, person=worker_a)
    client.force_login(trainer)
    html = client.get(f"/training/{session.pk}/edit/", **EN).content.decode()
    assert 'value="10"' in html and 'value="08:00"' in html
    first, second = (timezone.localtime(meeting.starts_at).date().isoformat() for meeting in session.meetings.all())
    data = {
        "delivers": f"course:{session.course_id}",
        "language": "km",
        "venue_kind": "centre",
        "centre": session.centre_id,
        "room": "Room 2",
        "trainers": [trainer.pk],
        "capacity": "12",
        "meetings-TOTAL_FORMS": "2",
        "meetings-INITIAL_FORMS": "2",
        "meetings-0-day": first,
        "meetings-0-starts": "13:00",
        "meetings-0-ends": "16:00",
        "meetings-1-day": second,
        "meetings-1-starts": "08:00",
        "meetings-1-ends": "12:00",
        "quotas-TOTAL_FORMS": "0",
        "quotas-INITIAL_FORMS": "0",
        "step": "save",
    }
    response = client.post(f"/training/{session.pk}/edit/", data, **EN)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.capacity == 12 and session.room == "Room 2" and not session.self_registration
    assert timezone.localtime(session.starts_at).hour == 13
    assert Message.objects.filter(person=worker_a, kind="session_changed").exists()


def test_another_trainer_cannot_change_a_session(client, session, factory_a):
    """A trainer who does not train the session gets a 403 and the session stays as it was."""
    other = StaffFactory(roles=[Role.TRAINER])
    client.force_login(other)
    assert client.get(f"/training/{session.pk}/edit/").status_code == 403
    assert client.post(f"/training/{session.pk}/publish/").status_code == 403
    assert client.post(f"/training/{session.pk}/cancel/", {"reason": "No"}).status_code == 403
    session.refresh_from_db()
    assert session.cancelled_at is None


def test_trainer_publishes_a_draft(client, trainer):
    """Publish makes a draft visible and open for registration."""
    draft = SessionFactory(trainers=[trainer], published_at=None)
    client.force_login(trainer)
    response = client.post(f"/training/{draft.pk}/publish/", follow=True, **EN)
    draft.refresh_from_db()
    assert draft.published_at is not None
    assert "Published" in response.content.decode()


def test_trainer_closes_registration(client, trainer, session):
    """Close registration stops workers registering."""
    client.force_login(trainer)
    response = client.post(f"/training/{session.pk}/close-registration/", follow=True, **EN)
    session.refresh_from_db()
    assert session.registration_closed_at is not None
    assert "Closed for registration" in response.content.decode()


def test_cancelling_needs_a_reason_and_tells_the_people(client, trainer, session, worker_a):
    """Without a reason the page asks for one; with it, the session is cancelled and people are told."""
    RegistrationFactory(session=session, person=worker_a)
    client.force_login(trainer)
    html = client.get(f"/training/{session.pk}/cancel/", **EN).content.decode()
    assert "1 person is registered or waiting" in html
    response = client.post(f"/training/{session.pk}/cancel/", {"reason": ""}, **EN)
    assert "Say why" in response.content.decode()
    session.refresh_from_db()
    assert session.cancelled_at is None
    response = client.post(f"/training/{session.pk}/cancel/", {"reason": "The trainer is ill."}, follow=True, **EN)
    session.refresh_from_db()
    assert session.cancelled_at is not None and session.cancel_reason == "The trainer is ill."
    assert "The trainer is ill." in response.content.decode()
    assert Message.objects.filter(person=worker_a, kind="session_cancelled").exists()


def in_progress_session(trainer, people, *, required=None):
    """A session that started yesterday (two meetings, both past) with these people registered."""
    now = timezone.now()
    meetings = [
        (now - datetime.timedelta(days=1, hours=4), now - datetime.timedelta(days=1)),
        (now - datetime.timedelta(hours=4), now - datetime.timedelta(hours=1)),
    ]
    session = SessionFactory(trainers=[trainer], meetings=meetings, required_meetings=required)
    for person in people:
        RegistrationFactory(session=session, person=person)
    return session


def test_close_page_shows_who_met_the_attendance_rule(client, trainer, workers_a):
    """Before closing, the trainer reads who attended enough days and who did not."""
    came, late, absent = workers_a
    session = in_progress_session(trainer, workers_a)
    first, second = session.meetings.all()
    for meeting in (first, second):
        AttendanceFactory(meeting=meeting, person=came)
    AttendanceFactory(meeting=first, person=late, status=AttendanceStatus.LATE)
    AttendanceFactory(meeting=second, person=late, status=AttendanceStatus.LATE)
    AttendanceFactory(meeting=first, person=absent)
    AttendanceFactory(meeting=second, person=absent, status=AttendanceStatus.ABSENT)
    client.force_login(trainer)
    html = client.get(f"/training/{session.pk}/close/", **EN).content.decode()
    assert "2 people complete it" in html and "1 person does not" in html
    done, not_done = html.split("1 person does not")
    assert came.display_name in done and late.display_name in done
    assert absent.display_name in not_done and "attended 1 day" in not_done


def test_the_rule_counts_the_required_days_only(client, trainer, workers_a):
    """With "1 day to attend", one day present is enough."""
    session = in_progress_session(trainer, workers_a[:1], required=1)
    AttendanceFactory(meeting=session.meetings.first(), person=workers_a[0])
    client.force_login(trainer)
    html = client.get(f"/training/{session.pk}/close/", **EN).content.decode()
    assert "1 person completes it" in html and "0 people do not" in html


def test_a_worker_cannot_open_the_close_page(client, worker_a, trainer):
    """The close page is the trainers' and programme staff's: a 403 for anyone else."""
    session = in_progress_session(trainer, [worker_a])
    client.force_login(worker_a)
    assert client.get(f"/training/{session.pk}/close/").status_code == 403
    assert client.post(f"/training/{session.pk}/close/").status_code == 403
    session.refresh_from_db()
    assert session.closed_at is None


def test_the_waitlist_count_on_the_page_is_people_waiting(client, trainer, session, workers_a):
    """The session's People link shows for the trainer, with seats left after registrations."""
    RegistrationFactory(session=session, person=workers_a[0])
    RegistrationFactory(session=session, person=workers_a[1], status=RegistrationStatus.WAITLISTED)
    client.force_login(trainer)
    html = client.get(f"/training/{session.pk}/", **EN).content.decode()
    assert "9 of 10 left" in html and f"/training/{session.pk}/people/" in html


def test_a_centre_session_can_be_scheduled(client, trainer, course):
    """A session at a training centre takes the centre chosen from the menu."""
    centre = TrainingCentreFactory(name="Phnom Penh centre")
    client.force_login(trainer)
    data = schedule_data(course, trainer, venue_kind="centre", factory="", centre=centre.pk)
    assert client.post("/training/new/", data, **EN).status_code == 302
    assert Session.objects.get().centre == centre


def test_closing_completes_the_course_for_those_who_met_the_rule(client, trainer, workers_a):
    """Confirmed, closing says how many completed; the session shows as completed."""
    came, absent = workers_a[:2]
    session = in_progress_session(trainer, [came, absent], required=1)
    AttendanceFactory(meeting=session.meetings.first(), person=came)
    client.force_login(trainer)
    html = client.post(f"/training/{session.pk}/close/", **EN).content.decode()
    assert "1 person completed the course." in html and "1 person did not attend enough days." in html
    assert absent.display_name in html
    session.refresh_from_db()
    assert session.closed_at is not None and session.closed_by == trainer
    assert Enrolment.objects.filter(person=came, completed_at__isnull=False).exists()
    assert not Enrolment.objects.filter(person=absent, completed_at__isnull=False).exists()


def test_closing_before_the_start_is_refused_plainly(client, trainer, session):
    """A session that has not started cannot be closed; the trainer reads why."""
    client.force_login(trainer)
    html = client.get(f"/training/{session.pk}/close/", **EN).content.decode()
    assert "once its first day has started" in html
    response = client.post(f"/training/{session.pk}/close/", follow=True, **EN)
    assert "A session can be closed only after it has started." in response.content.decode()
    session.refresh_from_db()
    assert session.closed_at is None


def test_a_cancelled_session_cannot_be_changed(client, trainer, session):
    """Opening the change page of a cancelled session sends the trainer back with the reason."""
    session.cancelled_at = timezone.now()
    session.save()
    client.force_login(trainer)
    response = client.get(f"/training/{session.pk}/edit/", follow=True, **EN)
    assert "A session that is over or cancelled cannot be changed." in response.content.decode()
