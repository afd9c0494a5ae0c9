"""The attendance register on the trainer's phone: who may open it, what it lists, marking without
the page's script, walk-ins, and the meetings to choose from."""

import datetime

import pytest
from django.utils import timezone

from lms.accounts.person_codes import person_qr_text
from lms.people.choices import Role
from lms.people.factories import PersonFactory, StaffFactory
from seminars.choices import AttendanceStatus, RegistrationSource, RegistrationStatus
from seminars.factories import AttendanceFactory, RegistrationFactory, SessionFactory, morning, tomorrow_at
from seminars.models import Attendance, Registration

pytestmark = pytest.mark.django_db


def now_meeting() -> tuple[datetime.datetime, datetime.datetime]:
    """A meeting that started an hour ago and ends in three."""
    now = timezone.now().replace(microsecond=0)
    return now - datetime.timedelta(hours=1), now + datetime.timedelta(hours=3)


@pytest.fixture
def running(trainer, workers_a, worker_b):
    """A session taking place now (a meeting today, one tomorrow), with three workers of factory A
    and one of factory B registered."""
    session = SessionFactory(trainers=[trainer], capacity=10, meetings=[now_meeting(), morning(1)])
    for person in [*workers_a, worker_b]:
        RegistrationFactory(session=session, person=person)
    return session


@pytest.fixture
def today(running):
    return running.meetings.order_by("starts_at").first()


def register_url(meeting) -> str:
    return f"/training/meetings/{meeting.pk}/register/"


def test_trainer_sees_everyone_registered_with_names_ids_and_factories(
    client, trainer, running, today, workers_a, worker_b
):
    """The register lists each registered person: Khmer and Latin name, worker ID, factory, and the count."""
    client.force_login(trainer)
    page = client.get(register_url(today)).content.decode()
    for person in [*workers_a, worker_b]:
        assert person.family_name_km in page and person.last_name in page and person.worker_id in page
    assert worker_b.factory.name in page
    assert "0 present of 4" in page
    assert "Scan a card" in page


def test_register_shows_marks_already_recorded(client, trainer, today, worker_a):
    """A person marked present shows with the Present button pressed, and counts."""
    AttendanceFactory(meeting=today, person=worker_a, status=AttendanceStatus.PRESENT)
    client.force_login(trainer)
    page = client.get(register_url(today)).content.decode()
    assert "1 present of 4" in page
    assert f'data-person="{worker_a.pk}"' in page
    row = page.split(f'id="person-{worker_a.pk}"')[1].split("</li>")[0]
    assert 'value="present" class="att-present" aria-pressed="true"' in row


def test_register_carries_the_person_qr_of_people_with_a_card(client, trainer, today, worker_a, worker_b):
    """The scanner matches cards against the list: a printed card's person QR is on its row."""
    text = person_qr_text(worker_a)
    client.force_login(trainer)
    page = client.get(register_url(today)).content.decode()
    assert f'data-code="{text}"' in page


def test_register_reads_a_constant_number_of_queries(
    client, trainer, running, today, factory_a, django_assert_max_num_queries
):
    """Forty more people on the register cost no more queries."""
    client.force_login(trainer)
    with django_assert_max_num_queries(30) as small:
        client.get(register_url(today))
    for person in PersonFactory.create_batch(40, factory=factory_a):
        RegistrationFactory(session=running, person=person)
        person_qr_text(person)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(register_url(today))
    assert "0 present of 44" in response.content.decode()


@pytest.mark.parametrize("who", ["worker", "hr", "other_trainer"])
def test_only_the_sessions_trainers_and_staff_open_the_register(client, who, today, worker_a, hr_a):
    """A worker, factory HR, or the trainer of another session gets 403 on every attendance page."""
    other_trainer = StaffFactory(roles=[Role.TRAINER])
    SessionFactory(trainers=[other_trainer])
    client.force_login({"worker": worker_a, "hr": hr_a, "other_trainer": other_trainer}[who])
    session_pk = today.session_id
    for url in (
        register_url(today),
        f"/training/{session_pk}/attendance/",
        f"/training/meetings/{today.pk}/people/?code=x",
        f"/training/{session_pk}/sign-in-sheet.pdf",
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(register_url(today), {"person": worker_a.pk, "status": "present"})
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_programme_staff_open_any_register(client, programme_staff, today):
    """Programme staff take attendance in any session."""
    client.force_login(programme_staff)
    assert client.get(register_url(today)).status_code == 200


def test_a_tap_without_the_script_records_the_mark(client, trainer, today, worker_a):
    """Without the page's script, a button posts one mark and the register comes back with it."""
    client.force_login(trainer)
    response = client.post(register_url(today), {"person": worker_a.pk, "status": "late"})
    assert response.status_code == 302 and response["Location"].endswith(f"#person-{worker_a.pk}")
    mark = Attendance.objects.get()
    assert (mark.person, mark.status, mark.marked_by) == (worker_a, AttendanceStatus.LATE, trainer)


def test_a_refused_tap_says_why_and_records_nothing(client, trainer, today, factory_a):
    """Marking absent someone who is not registered is refused with the reason."""
    stranger = PersonFactory(factory=factory_a)
    client.force_login(trainer)
    response = client.post(register_url(today), {"person": stranger.pk, "status": "absent"}, follow=True)
    assert "is not registered for this session" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_walk_in_is_found_by_worker_id_and_added_present(client, trainer, running, today, factory_a):
    """Someone not on the list is found by worker ID, added as a walk-in and marked present."""
    walk_in = PersonFactory(factory=factory_a, worker_id="W-777")
    client.force_login(trainer)
    page = client.get(register_url(today), {"find": "w-777"}).content.decode()
    assert "Add as a walk-in: present" in page and walk_in.family_name_km in page
    client.post(register_url(today), {"person": walk_in.pk, "status": "present"})
    registration = Registration.objects.get(session=running, person=walk_in)
    assert (registration.status, registration.source) == (RegistrationStatus.REGISTERED, RegistrationSource.TRAINER)
    assert Attendance.objects.get(person=walk_in).status == AttendanceStatus.PRESENT


def test_a_walk_in_is_found_by_phone_number(client, trainer, today, factory_a):
    """A phone number typed the Cambodian way finds the person too."""
    walk_in = PersonFactory(factory=factory_a, phone="+85512345678")
    client.force_login(trainer)
    page = client.get(register_url(today), {"find": "012 345 678"}).content.decode()
    assert f'data-person="{walk_in.pk}"' in page


def test_nobody_found_says_so(client, trainer, today):
    """A worker ID nobody has is said plainly."""
    client.force_login(trainer)
    page = client.get(register_url(today), {"find": "NOPE-1"}).content.decode()
    assert "Nobody has the worker ID or phone number" in page


def test_scanned_card_of_a_walk_in_is_looked_up(client, trainer, today, factory_a, worker_a):
    """A scanned card not on the list names its holder, who is not registered yet."""
    walk_in = PersonFactory(factory=factory_a)
    client.force_login(trainer)
    answer = client.get(f"/training/meetings/{today.pk}/people/", {"code": person_qr_text(walk_in)}).json()
    assert answer["people"] == [
        {
            "person": walk_in.pk,
            "name_km": f"{walk_in.family_name_km} {walk_in.given_name_km}",
            "name": f"{walk_in.last_name} {walk_in.first_name}",
            "worker_id": walk_in.worker_id,
            "factory": factory_a.name,
            "registered": False,
        }
    ]
    registered = client.get(f"/training/meetings/{today.pk}/people/", {"code": person_qr_text(worker_a)}).json()
    assert registered["people"][0]["registered"] is True


def test_an_unknown_card_names_nobody(client, trainer, today):
    """A code that is no person's card, or the sign-in QR, finds nobody."""
    client.force_login(trainer)
    for code in ("SALA-P:00000000000000000000", "http://testserver/accounts/activate/#code=ABCD2345"):
        assert client.get(f"/training/meetings/{today.pk}/people/", {"code": code}).json() == {"people": []}


def test_past_meeting_register_invites_typing_in_the_paper_marks(client, trainer, worker_a):
    """A meeting that is over still takes marks until the session is closed, and says so."""
    yesterday = (tomorrow_at(8, days=-1), tomorrow_at(12, days=-1))
    session = SessionFactory(trainers=[trainer], meetings=[yesterday, morning(1)])
    RegistrationFactory(session=session, person=worker_a)
    meeting = session.meetings.order_by("starts_at").first()
    client.force_login(trainer)
    page = client.get(register_url(meeting)).content.decode()
    assert "Typing in marks from a paper sheet" in page
    client.post(register_url(meeting), {"person": worker_a.pk, "status": "present"})
    assert Attendance.objects.get().meeting == meeting


def test_closed_session_register_is_read_only(client, trainer, running, today, worker_a):
    """Once the session is closed, the register shows the marks but its buttons are off, and says why."""
    running.closed_at = timezone.now()
    running.save(update_fields=["closed_at"])
    client.force_login(trainer)
    page = client.get(register_url(today)).content.decode()
    assert "This session is closed" in page and "disabled" in page and "Scan a card" not in page
    client.post(register_url(today), {"person": worker_a.pk, "status": "present"})
    assert not Attendance.objects.exists()


def test_meeting_far_ahead_is_not_open_yet(client, trainer, running):
    """Tomorrow's register shows the people but says attendance opens an hour before the start."""
    tomorrow = running.meetings.order_by("starts_at").last()
    client.force_login(trainer)
    page = client.get(register_url(tomorrow)).content.decode()
    assert "Attendance is taken from one hour before the meeting starts." in page


def test_meetings_list_puts_today_first(client, trainer, worker_a):
    """The meetings page lists today's meeting first, then the others in order, each with its count."""
    yesterday = (tomorrow_at(8, days=-1), tomorrow_at(12, days=-1))
    session = SessionFactory(trainers=[trainer], meetings=[yesterday, now_meeting(), morning(1)])
    RegistrationFactory(session=session, person=worker_a)
    first, second, third = session.meetings.order_by("starts_at")
    AttendanceFactory(meeting=first, person=worker_a)
    client.force_login(trainer)
    page = client.get(f"/training/{session.pk}/attendance/").content.decode()
    positions = [page.index(register_url(meeting)) for meeting in (second, first, third)]
    assert positions == sorted(positions)
    assert "Today" in page and "1 present of 1" in page and "Sign-in sheet (PDF)" in page


def test_register_page_runs_only_its_own_files(client, trainer, today):
    """The register's script and styles are Sala's own static files; no inline script, no outside address."""
    client.force_login(trainer)
    page = client.get(register_url(today)).content.decode()
    assert '<script src="/static/seminars/attendance.js" defer></script>' in page
    assert "<script>" not in page and "https://" not in page
    assert 'data-decoder-url="/static/jsqr/jsQR.js"' in page


def test_service_worker_is_served_under_training(client):
    """The register's service worker is a script served from /training/, so it may keep the registers."""
    response = client.get("/training/attendance-worker.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert "\\/training\\/meetings\\/" in response.content.decode()
