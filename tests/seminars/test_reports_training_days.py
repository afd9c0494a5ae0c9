"""Training days: person-days of attendance per session, trainer, factory and month, split by gender."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.people.choices import Gender, JobRole, Province, Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory
from seminars.choices import AttendanceStatus, VenueKind
from seminars.factories import AttendanceFactory, RegistrationFactory, SessionFactory, morning
from seminars.reports import training_days

pytestmark = pytest.mark.django_db

PRESENT, LATE, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def attend(session, person, *statuses):
    """Register the person (from their factory) and mark them at the session's meetings in order."""
    RegistrationFactory(session=session, person=person)
    for meeting, status in zip(session.meetings.order_by("starts_at"), statuses, strict=False):
        AttendanceFactory(meeting=meeting, person=person, status=status)


@pytest.fixture
def marked(session, factory_a, factory_b, trainer):
    """The two-day session: a woman of A present twice, a man of A present then late, a woman of B
    late then absent, someone of B of no stated gender present once: 2 + 1.5 + 0.5 + 1 = 5 days."""
    people = {
        "woman_a": PersonFactory(factory=factory_a, gender=Gender.FEMALE),
        "man_a": PersonFactory(factory=factory_a, gender=Gender.MALE),
        "woman_b": PersonFactory(factory=factory_b, gender=Gender.FEMALE),
        "unstated_b": PersonFactory(factory=factory_b, gender=Gender.NOT_STATED),
    }
    attend(session, people["woman_a"], PRESENT, PRESENT)
    attend(session, people["man_a"], PRESENT, LATE)
    attend(session, people["woman_b"], LATE, ABSENT)
    attend(session, people["unstated_b"], PRESENT)
    return people


def numbers(row) -> tuple:
    return (row.women, row.men, row.other, row.total, row.people)


def test_present_counts_one_day_late_half_and_absent_nothing_split_by_gender(marked, session, programme_staff):
    """Per session: women 2.5, men 1.5, other 1, total 5 person-days, by 4 people."""
    table = training_days(programme_staff, by="session")
    (row,) = table.rows
    assert row.label == session.display_title
    assert numbers(row) == (Decimal("2.5"), Decimal("1.5"), Decimal("1"), Decimal("5"), 4)
    assert numbers(table.totals) == numbers(row)


def test_per_factory_counts_the_factory_people_registered_from(marked, programme_staff, factory_a, factory_b):
    """Per factory: A has 3.5 days, B 1.5; a worker who moved since still counts for the factory that sent them."""
    mover = marked["man_a"]
    mover.factory = FactoryFactory(code="KD-099")
    mover.save()
    rows = {row.detail: row for row in training_days(programme_staff, by="factory").rows}
    assert set(rows) == {"PP-001", "KD-002"}
    assert numbers(rows["PP-001"]) == (Decimal("2"), Decimal("1.5"), Decimal("0"), Decimal("3.5"), 2)
    assert numbers(rows["KD-002"]) == (Decimal("0.5"), Decimal("0"), Decimal("1"), Decimal("1.5"), 2)


def test_per_trainer_counts_a_shared_session_for_each_trainer(marked, session, trainer, programme_staff):
    """Per trainer: a session with two trainers counts for each; the total counts it once."""
    second = StaffFactory(first_name="Sophal", last_name="Co-trainer", roles=[Role.TRAINER])
    session.trainers.add(second)
    table = training_days(programme_staff, by="trainer")
    assert {row.label: row.total for row in table.rows} == {str(trainer): Decimal("5"), str(second): Decimal("5")}
    assert table.totals.total == Decimal("5")


def test_per_month_uses_the_month_of_each_meeting_in_phnom_penh(programme_staff, trainer, worker_a):
    """Per month: a meeting at 6:00 on the 1st in Phnom Penh (23:00 UTC the day before) counts in its own month."""
    first = timezone.make_aware(datetime.datetime(2026, 3, 1, 6, 0))
    session = SessionFactory(
        trainers=[trainer], meetings=[(first, first + datetime.timedelta(hours=4)), morning(-400)], capacity=5
    )
    attend(session, worker_a, PRESENT, PRESENT)
    labels = {row.label: row.total for row in training_days(programme_staff, by="month").rows}
    assert labels["March 2026"] == Decimal("1")
    assert "February 2026" not in labels


def test_hr_reads_only_its_own_factory_people(client, marked, hr_a):
    """HR of factory A sees the days of A's people only: 3.5 days, 2 people, never B's."""
    table = training_days(hr_a, by="factory")
    assert [row.detail for row in table.rows] == ["PP-001"]
    assert table.totals.total == Decimal("3.5") and table.totals.people == 2
    client.force_login(hr_a)
    page = client.get("/training/days/", {"by": "factory"}, **EN).content.decode()
    assert "Angkor Apparel" in page and "Mekong Garments" not in page


def test_trainer_reads_only_the_sessions_they_train(marked, session, programme_staff):
    """Another trainer sees nothing of a session they do not train; the session's trainer sees it."""
    other_trainer = StaffFactory(roles=[Role.TRAINER])
    other_session = SessionFactory(trainers=[other_trainer], title="Other trainer's session")
    attend(other_session, PersonFactory(), PRESENT)
    assert [row.label for row in training_days(other_trainer).rows] == ["Other trainer's session"]
    assert {row.label for row in training_days(programme_staff).rows} == {
        session.display_title,
        "Other trainer's session",
    }


def test_workers_do_not_get_the_report(client, worker_a):
    """A worker opening the report gets 404, and the CSV too."""
    client.force_login(worker_a)
    assert client.get("/training/days/").status_code == 404
    assert client.get("/training/days.csv").status_code == 404


def test_date_range_counts_meetings_between_the_days_given(marked, session, programme_staff):
    """From and until select the meetings by their day in Phnom Penh: only the first day gives 3.5 days."""
    first_day = timezone.localdate(session.meetings.order_by("starts_at").first().starts_at)
    table = training_days(programme_staff, date_from=first_day, date_to=first_day)
    assert table.totals.total == Decimal("3.5")
    assert training_days(programme_staff, date_from=first_day + datetime.timedelta(days=2)).rows == []


def test_province_filter_uses_where_the_session_met(marked, session, programme_staff, factory_a, trainer, worker_b):
    """The province filter counts sessions held in it: a training centre's or a factory's province."""
    at_factory = SessionFactory(
        trainers=[trainer], venue_kind=VenueKind.FACTORY, centre=None, factory=FactoryFactory(province=Province.KANDAL)
    )
    attend(at_factory, worker_b, PRESENT)
    kandal = training_days(programme_staff, province=Province.KANDAL)
    assert [row.label for row in kandal.rows] == [at_factory.display_title]
    phnom_penh = training_days(programme_staff, province=Province.PHNOM_PENH)
    assert [row.label for row in phnom_penh.rows] == [session.display_title]


def test_page_shows_the_table_with_its_help_and_the_csv_has_the_same_numbers(client, marked, programme_staff):
    """The page explains person-days and the CSV export holds the same lines and total."""
    client.force_login(programme_staff)
    page = client.get("/training/days/", {"by": "factory"}, **EN).content.decode()
    assert "Present counts 1 day, late or part of the time ½ day" in page
    assert "3.5" in page and "Angkor Apparel" in page
    response = client.get("/training/days.csv", {"by": "factory"}, **EN)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Factory", "Factory code", "Women", "Men", "Another gender or not stated", "Total", "People"]
    assert ["Angkor Apparel", "PP-001", "2.0", "1.5", "0.0", "3.5", "2"] in rows
    assert rows[-1][0] == "Total" and rows[-1][-2:] == ["5.0", "4"]


def test_report_queries_do_not_grow_with_sessions_and_marks(
    client, programme_staff, trainer, django_assert_max_num_queries
):
    """The report is added up by the database: ten times the sessions and marks cost no more queries."""
    client.force_login(programme_staff)

    def add_sessions(count):
        for _ in range(count):
            session = SessionFactory(trainers=[trainer], meetings=[morning(-3), morning(-2)])
            for person in PersonFactory.create_batch(3, factory=FactoryFactory()):
                attend(session, person, PRESENT, LATE)

    add_sessions(1)
    budgets = {}
    for by in ("session", "trainer", "factory", "month"):
        with django_assert_max_num_queries(30) as queries:
            client.get("/training/days/", {"by": by})
        budgets[by] = len(queries.captured_queries)
    add_sessions(10)
    for by, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            response = client.get("/training/days/", {"by": by})
        assert response.status_code == 200


def test_end_date_before_start_date_is_refused_plainly(client, programme_staff):
    """Dates the wrong way round say so and show no table."""
    client.force_login(programme_staff)
    page = client.get("/training/days/", {"date_from": "2026-03-10", "date_to": "2026-03-01"}, **EN).content.decode()
    assert "The end date is before the start date." in page and "<table" not in page


def test_hr_who_also_manages_gets_only_its_factory(marked, factory_b):
    """HR of factory B (a manager there) reads B's 1.5 days."""
    hr_b = PersonFactory(factory=factory_b, job_role=JobRole.MANAGER, roles=[Role.FACTORY_HR])
    assert training_days(hr_b).totals.total == Decimal("1.5")


def test_start_page_leads_trainers_and_hr_to_training_days_not_workers(client, trainer, hr_a, worker_a):
    """Trainers and HR find Training days on their start page; a worker does not."""
    for person, shown in ((trainer, True), (hr_a, True), (worker_a, False)):
        client.force_login(person)
        assert ("/training/days/" in client.get("/", **EN).content.decode()) is shown
