"""The demo training: centres, seminar pages and sessions a trainer, HR and workers can try at once."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from courses.models import Completion
from lms.demo.accounts import demo_logins_lines
from lms.demo.training import demo_training_bulk_create, demo_training_create
from lms.people.models import Person
from seminars.choices import AttendanceStatus, RegistrationStatus, SessionState, VenueKind
from seminars.models import Attendance, Evaluation, Registration, SeminarIndexPage, SeminarPage, Session, TrainingCentre
from seminars.reports import training_days
from seminars.selectors import session_state_of

pytestmark = [pytest.mark.xdist_group("demo_training"), pytest.mark.django_db]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The small demo (catalogue, people, accounts, training), built once for the module and rolled
    back after its last test; each test runs in a savepoint inside it."""
    uploads = tmp_path_factory.mktemp("uploads")
    out = StringIO()
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=uploads), transaction.atomic():
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_seed_demo_says_what_training_it_scheduled(seeded):
    """seed_demo prints the centres, seminars, sessions, marks and evaluations it made."""
    assert "Training: 2 training centres, 2 seminars, 5 sessions" in seeded
    assert TrainingCentre.objects.count() == 2
    assert set(TrainingCentre.objects.values_list("province", flat=True)) == {"phnom_penh", "kandal"}


def test_two_seminar_series_in_english_and_khmer(seeded):
    """The seminars index holds two seminars, each translated into Khmer."""
    index = SeminarIndexPage.objects.get(locale__language_code="en")
    english = SeminarPage.objects.child_of(index)
    assert english.count() == 2
    for page in english:
        khmer = SeminarPage.objects.get(translation_key=page.translation_key, locale__language_code="km")
        assert khmer.alias_of_id is None and any("\u1780" <= ch <= "\u17ff" for ch in khmer.title)
    assert english.get(slug="industrial-relations").course.slug == "cba-process"


def test_classroom_session_next_week_at_pp001_trained_by_the_demo_trainer(seeded):
    """A two-day classroom course at PP-001 next week, trained by `trainer`, open with a few registered."""
    trainer = Person.objects.get(username="trainer")
    session = Session.objects.get(course__slug="bystanders")
    assert session.venue_kind == VenueKind.FACTORY and session.factory.code == "PP-001"
    assert list(session.trainers.all()) == [trainer]
    assert session.meetings.count() == 2
    days_ahead = (timezone.localdate(session.starts_at) - timezone.localdate()).days
    assert 1 <= days_ahead <= 9
    assert session_state_of(session) == SessionState.OPEN
    assert 3 <= session.registrations.filter(status=RegistrationStatus.REGISTERED).count() < session.capacity
    demo_people = Person.objects.filter(username__in=["programme", "trainer", "hr"]) | Person.objects.filter(
        phone__in=["+85512345678", "+85512345679"]
    )
    assert not Registration.objects.filter(person__in=demo_people).exists()  # they try it themselves


def test_multi_factory_seminar_holds_seats_for_each_factory(seeded):
    """The coming industrial-relations seminar at a centre holds seats for three factories, PP-001's partly taken."""
    session = Session.objects.get(seminar__slug="industrial-relations", closed_at__isnull=True)
    assert session.venue_kind == VenueKind.CENTRE
    assert {quota.factory.code: quota.seats for quota in session.quotas.all()} == {
        "PP-001": 6,
        "KD-001": 6,
        "KS-001": 6,
    }
    taken = session.registrations.filter(factory__code="PP-001", status=RegistrationStatus.REGISTERED).count()
    assert 0 < taken < 6


def test_past_session_is_closed_with_attendance_completions_and_evaluations(seeded):
    """Three weeks ago: marks at both meetings, closed, the course completed by those who came, evaluations given."""
    session = Session.objects.get(seminar__slug="industrial-relations", closed_at__isnull=False)
    assert session.ends_at < timezone.now() - datetime.timedelta(days=7)
    marks = Attendance.objects.filter(meeting__session=session)
    assert marks.count() == 2 * session.registrations.count()
    assert (
        marks.filter(status=AttendanceStatus.ABSENT).exists() and marks.filter(status=AttendanceStatus.PRESENT).exists()
    )
    absent = set(marks.filter(status=AttendanceStatus.ABSENT).values_list("person_id", flat=True))
    came = set(session.registrations.values_list("person_id", flat=True)) - absent
    completed = set(Completion.objects.filter(course=session.seminar.course).values_list("person_id", flat=True))
    assert came <= completed and not absent & set(
        Completion.objects.filter(course=session.seminar.course, source="seminar").values_list("person_id", flat=True)
    )
    assert Evaluation.objects.filter(session=session).count() >= 5


def test_trainer_opens_the_training_screens_and_sees_training_days(seeded, client):
    """The demo trainer signs in, opens /training/ and the training days of the past seminar."""
    assert client.login(username="trainer", password="sala-demo")
    assert client.get("/training/").status_code == 200
    page = client.get("/training/days/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Industrial relations: working together" in page


def test_demo_hr_reads_training_days_of_its_own_people(seeded):
    """The demo HR of PP-001 finds its supervisors' days at the past harassment seminar, and nobody else's."""
    hr = Person.objects.get(username="hr")
    table = training_days(hr, by="factory")
    assert [row.detail for row in table.rows] == ["PP-001"] and table.totals.total > 0


def test_demo_logins_send_the_trainer_to_the_training_screens(seeded):
    """demo_logins tells the trainer to go to /training/."""
    (trainer_line,) = [line for line in demo_logins_lines() if "Trainer " in line]
    assert "/training/" in trainer_line


def test_training_demo_is_made_once(seeded):
    """Running the training demo again adds nothing; seed_demo --if-empty does nothing at all."""
    before = (Session.objects.count(), Registration.objects.count(), TrainingCentre.objects.count())
    trainer, hr = Person.objects.get(username="trainer"), Person.objects.get(username="hr")
    assert demo_training_create(trainer=trainer, hr=hr)["sessions"] == 0
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert (Session.objects.count(), Registration.objects.count(), TrainingCentre.objects.count()) == before


def test_full_scale_year_of_sessions_keeps_the_rules(seeded):
    """The full scale's year of sessions: two meetings each, seats for everyone registered, the past
    ones closed with a mark for each person at each meeting, the coming ones open; the report counts them."""
    before = set(Session.objects.values_list("pk", flat=True))
    written = demo_training_bulk_create(seed=3, sessions=24)
    sessions = Session.objects.exclude(pk__in=before).prefetch_related("meetings")
    assert sessions.count() == written["sessions"] == 24
    now = timezone.now()
    for session in sessions:
        meetings = list(session.meetings.all())
        assert len(meetings) == 2 and session.trainers.count() == 1
        assert (session.starts_at, session.ends_at) == (meetings[0].starts_at, meetings[1].ends_at)
        registered = session.registrations.filter(status=RegistrationStatus.REGISTERED)
        assert 30 <= registered.count() <= session.capacity
        marks = Attendance.objects.filter(meeting__session=session)
        if session.ends_at < now:
            assert session_state_of(session) == SessionState.COMPLETED
            assert marks.count() == 2 * registered.count()
            assert not marks.exclude(person__in=registered.values("person")).exists()
        else:
            assert session.closed_at is None and not marks.exists()
    programme = Person.objects.get(username="programme")
    total = training_days(programme).totals.total
    assert total >= Decimal(written["marks"]) * Decimal("0.5")
    assert (
        Person.objects.filter(username__startswith="trainer", groups__name="Trainers").count()
        == 1 + written["trainers"]
    )
