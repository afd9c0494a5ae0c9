"""The admin's Training sessions: a filtered list, and a form whose save goes through the services."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lms.messaging.models import Message
from lms.people.choices import Province, Role
from lms.people.factories import FactoryFactory, StaffFactory
from seminars.choices import RegistrationStatus, VenueKind
from seminars.factories import (
    RegistrationFactory,
    SeminarPageFactory,
    SessionFactory,
    TrainingCentreFactory,
    classroom_course,
    morning,
)
from seminars.models import SeatQuota, Session, TrainingCentre

pytestmark = pytest.mark.django_db

LIST = "/admin/training_sessions/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def admin_time(moment: datetime.datetime) -> str:
    """A time as the admin's date-time field takes it, in Phnom Penh."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def listed(client, **filters) -> str:
    response = client.get(LIST, filters, **EN)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    # The list of sessions, not the keyboard shortcuts' table before it.
    start = html.find('<table class="listing')
    return html[start : html.index("</table>", start)] if start >= 0 else ""


def session_form(*, course=None, seminar=None, meetings, quotas=(), trainers=(), publish=False, **fields) -> dict:
    data = {
        "course": course.pk if course else "",
        "seminar": seminar.pk if seminar else "",
        "title": "",
        "venue_kind": VenueKind.CENTRE,
        "factory": "",
        "centre": "",
        "online_url": "",
        "room": "Room 2",
        "capacity": "20",
        "registration_deadline": "",
        "language": "km",
        "required_meetings": "",
        "self_registration": "on",
        "meetings": inline_formset(
            [
                {"id": meeting_id or "", "starts_at": admin_time(start), "ends_at": admin_time(end)}
                for meeting_id, start, end in meetings
            ],
            initial=sum(1 for meeting_id, _start, _end in meetings if meeting_id),
            min=1,
        ),
        "quotas": inline_formset(
            [{"id": quota_id or "", "factory": factory.pk, "seats": str(seats)} for quota_id, factory, seats in quotas],
            initial=sum(1 for quota_id, _factory, _seats in quotas if quota_id),
        ),
        **fields,
    }
    if publish:
        data["publish"] = "on"
    # A list of values is one field posted several times (nested_form_data would number them).
    return {**nested_form_data(data), "trainers": [trainer.pk for trainer in trainers]}


def edit_form(session, **changes) -> dict:
    """The edit form of an existing session as the admin shows it, with `changes`."""
    meetings = changes.pop("meetings", [(m.pk, m.starts_at, m.ends_at) for m in session.meetings.order_by("starts_at")])
    quotas = changes.pop("quotas", [(q.pk, q.factory, q.seats) for q in session.quotas.all()])
    fields = {
        "course": session.course,
        "seminar": session.seminar,
        "trainers": list(session.trainers.all()),
        "venue_kind": session.venue_kind,
        "centre": session.centre_id or "",
        "factory": session.factory_id or "",
        "capacity": str(session.capacity),
    }
    fields.update(changes)
    return session_form(meetings=meetings, quotas=quotas, **fields)


# --- Who sees it ----------------------------------------------------------------------------------------


def test_programme_staff_and_trainers_find_training_sessions_in_the_admin_menu(client, programme_staff, trainer):
    """The Training menu (sessions, training days) is in the admin of programme staff and trainers."""
    for person in (programme_staff, trainer):
        client.force_login(person)
        home = client.get("/admin/", **EN).content.decode()
        assert "Training sessions" in home and "Training days" in home
    client.force_login(programme_staff)
    assert "Training centres" in client.get("/admin/", **EN).content.decode()


def test_factory_hr_and_workers_do_not_open_the_sessions_admin(client, hr_a, worker_a):
    """HR and workers have no admin: the list sends them to sign in to the admin."""
    for person in (hr_a, worker_a):
        client.force_login(person)
        response = client.get(LIST)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_trainer_may_not_open_the_training_centres(client, trainer):
    """Training centres are kept by programme staff; a trainer is turned away."""
    client.force_login(trainer)
    response = client.get("/admin/training_centres/", **EN)
    assert response.status_code in (302, 403)


# --- The list ------------------------------------------------------------------------------------------


def test_list_shows_first_meeting_venue_trainers_seats_and_status(client, programme_staff, session, workers_a):
    """Each line: title, first meeting, venue, trainers, seats taken of capacity (and waiting), status."""
    RegistrationFactory(session=session, person=workers_a[0])
    RegistrationFactory(session=session, person=workers_a[1], status=RegistrationStatus.WAITLISTED)
    client.force_login(programme_staff)
    table = listed(client)
    assert session.display_title in table
    assert timezone.localtime(session.starts_at).strftime("%-d %b %Y, %H:%M") in table
    assert session.centre.name in table and "Dara" in table
    assert "1 / 10" in table and "(1 waiting)" in table
    assert "Open for registration" in table


def test_list_filters_by_status_computed_from_the_rules(client, programme_staff, trainer):
    """The status filter finds open, full, draft and cancelled sessions as the rules compute them."""
    open_one = SessionFactory(title="Open one", capacity=5)
    full = SessionFactory(title="Full one", capacity=1)
    RegistrationFactory(session=full)
    SessionFactory(title="A draft", published_at=None)
    SessionFactory(title="Called off", cancelled_at=timezone.now())
    client.force_login(programme_staff)
    assert "Full one" in listed(client, state="full") and "Open one" not in listed(client, state="full")
    assert "Open one" in listed(client, state="open") and "Full one" not in listed(client, state="open")
    assert "A draft" in listed(client, state="draft") and "Called off" in listed(client, state="cancelled")
    assert open_one.pk


def test_list_filters_by_trainer_factory_province_and_dates(client, programme_staff, trainer, factory_a, factory_b):
    """Trainer, factory code (held there or seats held for it), province of the venue and dates each narrow the list."""
    kandal = FactoryFactory(code="KD-777", province=Province.KANDAL)
    at_factory = SessionFactory(
        title="At the Kandal factory", venue_kind=VenueKind.FACTORY, centre=None, factory=kandal, meetings=[morning(10)]
    )
    with_quota = SessionFactory(
        title="Seats for Angkor", trainers=[trainer], quotas={factory_a: 5}, meetings=[morning(3)]
    )
    client.force_login(programme_staff)
    assert listed(client, trainer=trainer.pk).count("Seats for Angkor") == 1
    assert "At the Kandal factory" not in listed(client, trainer=trainer.pk)
    assert "Seats for Angkor" in listed(client, factory="pp-001") and "At the Kandal" not in listed(
        client, factory="PP-001"
    )
    assert "At the Kandal factory" in listed(client, factory="KD-777")
    assert "At the Kandal factory" in listed(client, province="kandal")
    assert "Seats for Angkor" not in listed(client, province="kandal")
    assert "Seats for Angkor" in listed(client, province="phnom_penh")  # its training centre is in Phnom Penh
    day = timezone.localdate(morning(10)[0]).isoformat()
    assert "At the Kandal factory" in listed(client, meets_from=day, meets_to=day)
    assert "Seats for Angkor" not in listed(client, meets_from=day, meets_to=day)
    assert at_factory.pk and with_quota.pk


def test_list_costs_the_same_queries_for_many_sessions(client, programme_staff, trainer, django_assert_max_num_queries):
    """Counts, venues and trainers of a page of sessions are read in a fixed number of queries."""
    SessionFactory(trainers=[trainer])
    client.force_login(programme_staff)
    client.get(LIST)
    with django_assert_max_num_queries(60) as one:
        client.get(LIST)
    for _ in range(10):
        session = SessionFactory(trainers=[trainer, StaffFactory(roles=[Role.TRAINER])])
        RegistrationFactory(session=session)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(LIST)


def test_trainer_sees_other_trainers_sessions_but_edits_only_their_own(client, trainer, session):
    """A trainer's list links their own session to its form; another trainer's session opens no form."""
    someone_elses = SessionFactory(title="Session of another trainer", trainers=[StaffFactory(roles=[Role.TRAINER])])
    client.force_login(trainer)
    table = listed(client)
    assert f"/admin/training_sessions/edit/{session.pk}/" in table
    assert "Session of another trainer" in table
    assert f"/admin/training_sessions/edit/{someone_elses.pk}/" not in table
    # Wagtail answers a refused admin page by going back to the dashboard with "no permission".
    response = client.get(f"/admin/training_sessions/edit/{someone_elses.pk}/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    response = client.post(
        f"/admin/training_sessions/edit/{someone_elses.pk}/", edit_form(someone_elses, capacity="99")
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    someone_elses.refresh_from_db()
    assert someone_elses.capacity == 20


# --- Creating and changing a session -----------------------------------------------------------------------


def test_create_schedules_the_session_through_the_service(client, programme_staff, trainer, factory_a):
    """Saving the new-session form makes a published session with its meetings, quotas, trainer and first/last times."""
    course = classroom_course(title="Safe chemicals")
    centre = TrainingCentreFactory()
    first, second = morning(5), morning(6)
    client.force_login(programme_staff)
    response = client.post(
        f"{LIST}new/",
        session_form(
            course=course,
            centre=centre.pk,
            trainers=[trainer],
            meetings=[(None, *first), (None, *second)],
            quotas=[(None, factory_a, 4)],
            publish=True,
        ),
        **EN,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session = Session.objects.get(course=course)
    assert session.published_at is not None and session.created_by == programme_staff
    assert (session.starts_at, session.ends_at) == (first[0], second[1])
    assert list(session.trainers.all()) == [trainer]
    assert SeatQuota.objects.get(session=session).seats == 4
    assert session.room == "Room 2" and session.centre == centre


def test_create_warns_when_the_trainer_is_booked_at_the_same_time(client, programme_staff, trainer, session):
    """Scheduling a trainer into a second session at the same time saves it and warns in plain words."""
    first = session.meetings.order_by("starts_at").first()
    client.force_login(programme_staff)
    response = client.post(
        f"{LIST}new/",
        session_form(
            course=classroom_course(),
            centre=TrainingCentreFactory().pk,
            trainers=[trainer],
            meetings=[(None, first.starts_at, first.ends_at)],
        ),
        follow=True,
        **EN,
    )
    assert Session.objects.count() == 2
    assert "also trains" in response.content.decode()


def test_form_says_plainly_what_is_missing_and_saves_nothing(client, programme_staff):
    """Both a course and a seminar, a meeting ending before it starts, or no centre: plain errors, nothing saved."""
    start, end = morning(5)
    client.force_login(programme_staff)
    both = session_form(
        course=classroom_course(), seminar=SeminarPageFactory(), centre="", meetings=[(None, start, end)]
    )
    html = client.post(f"{LIST}new/", both, **EN).content.decode()
    assert "Choose the course or the seminar this session delivers" in html
    assert "Choose the training centre where the session takes place." in html
    backwards = session_form(
        course=classroom_course(), centre=TrainingCentreFactory().pk, meetings=[(None, end, start)]
    )
    html = client.post(f"{LIST}new/", backwards, **EN).content.decode()
    assert "The meeting must end after it starts." in html
    assert Session.objects.count() == 0


def test_overlapping_meetings_are_refused_by_the_service_on_the_form(client, programme_staff):
    """Two meetings at the same time: the service's refusal shows on the form and nothing is saved."""
    start, end = morning(5)
    client.force_login(programme_staff)
    data = session_form(
        course=classroom_course(),
        centre=TrainingCentreFactory().pk,
        meetings=[(None, start, end), (None, start + datetime.timedelta(hours=1), end)],
    )
    html = client.post(f"{LIST}new/", data, **EN).content.decode()
    assert "Two meetings of the session overlap" in html
    assert Session.objects.count() == 0


def test_moving_a_meeting_tells_the_people_registered(client, programme_staff, session, worker_a):
    """Changing a meeting's time in the admin tells everyone registered, once, and keeps the mirrors right."""
    RegistrationFactory(session=session, person=worker_a)
    first, second = session.meetings.order_by("starts_at")
    later = (first.starts_at + datetime.timedelta(hours=1), first.ends_at + datetime.timedelta(hours=1))
    client.force_login(programme_staff)
    response = client.post(
        f"{LIST}edit/{session.pk}/",
        edit_form(session, meetings=[(first.pk, *later), (second.pk, second.starts_at, second.ends_at)]),
        **EN,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session.refresh_from_db()
    assert session.starts_at == later[0]
    first.refresh_from_db()
    assert first.starts_at == later[0]  # the same meeting row, so its attendance stays with it
    assert Message.objects.filter(person=worker_a, kind="session_changed").count() == 1


def test_editing_a_draft_can_publish_it(client, trainer):
    """A trainer publishes their draft from its form."""
    draft = SessionFactory(trainers=[trainer], published_at=None)
    client.force_login(trainer)
    response = client.post(f"{LIST}edit/{draft.pk}/", edit_form(draft, publish=True), **EN)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_at is not None


def test_cancelled_session_cannot_be_changed(client, programme_staff, session):
    """The form of a cancelled session refuses to save, saying why."""
    session.cancelled_at = timezone.now()
    session.save()
    client.force_login(programme_staff)
    html = client.post(f"{LIST}edit/{session.pk}/", edit_form(session, capacity="30"), **EN).content.decode()
    assert "This session is cancelled: it cannot be changed." in html
    session.refresh_from_db()
    assert session.capacity == 10


def test_raising_the_seats_in_the_admin_seats_the_waitlist(client, programme_staff, session, workers_a):
    """More seats saved in the admin move the first person waiting to a seat (the service's rule)."""
    session.capacity = 1
    session.save()
    RegistrationFactory(session=session, person=workers_a[0])
    waiting = RegistrationFactory(session=session, person=workers_a[1], status=RegistrationStatus.WAITLISTED)
    client.force_login(programme_staff)
    response = client.post(f"{LIST}edit/{session.pk}/", edit_form(session, capacity="2"), **EN)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED


def test_nobody_deletes_a_session_in_the_admin(client, programme_staff, session):
    """There is no delete: a session is cancelled on its training screen, so its people are told."""
    client.force_login(programme_staff)
    assert client.get(f"{LIST}delete/{session.pk}/").status_code in (302, 403)
    assert Session.objects.filter(pk=session.pk).exists()
    assert not re.search(rf"{LIST}delete/{session.pk}/", listed(client))


# --- Training centres --------------------------------------------------------------------------------


def test_programme_staff_add_a_training_centre(client, programme_staff):
    """Programme staff add a training centre with its Khmer name and province."""
    client.force_login(programme_staff)
    response = client.post(
        "/admin/training_centres/new/",
        {
            "name": "Kandal centre",
            "name_km": "មជ្ឈមណ្ឌលកណ្ដាល",
            "address": "National road 2",
            "province": "kandal",
            "is_active": "on",
        },
        **EN,
    )
    assert response.status_code == 302
    assert TrainingCentre.objects.get(name="Kandal centre").province == Province.KANDAL
