"""The scheduling form turns what a trainer types on a phone into the services' values: days in
Phnom Penh time, empty rows left out, half-filled rows and mistakes named in plain words."""

import datetime

import pytest
from django.utils import timezone

from courses.choices import DeliveryMode
from courses.factories import CoursePageFactory
from seminars.factories import SeminarPageFactory, SessionFactory, classroom_course
from seminars.forms import (
    EvaluationForm,
    MeetingForm,
    SessionSchedule,
    delivered_choices,
    meeting_formset,
    quota_formset,
)

PHNOM_PENH = datetime.timezone(datetime.timedelta(hours=7))


def rows(prefix: str, *values: dict) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(values)), f"{prefix}-INITIAL_FORMS": "0"}
    for number, row in enumerate(values):
        data.update({f"{prefix}-{number}-{name}": value for name, value in row.items()})
    return data


def test_a_day_row_is_read_in_phnom_penh_time():
    """7:30 on 1 March is 00:30 UTC: the trainer types local time, the record is exact."""
    form = MeetingForm({"day": "2030-03-01", "starts": "07:30", "ends": "11:00"})
    assert form.is_valid()
    starts, ends = form.interval
    assert starts == datetime.datetime(2030, 3, 1, 7, 30, tzinfo=PHNOM_PENH)
    assert starts.astimezone(datetime.UTC).hour == 0 and ends - starts == datetime.timedelta(hours=3, minutes=30)


def test_an_empty_row_is_no_day_and_no_error():
    """A row left empty is simply not a day."""
    form = MeetingForm({"day": "", "starts": "", "ends": ""})
    assert form.is_valid() and form.interval is None


@pytest.mark.parametrize(
    "row,message",
    [
        ({"day": "2030-03-01", "starts": "07:30", "ends": ""}, "Give the day, the start time and the end time."),
        ({"day": "", "starts": "07:30", "ends": "11:00"}, "Give the day, the start time and the end time."),
        ({"day": "2030-03-01", "starts": "11:00", "ends": "07:30"}, "The end must be after the start."),
        ({"day": "2030-03-01", "starts": "11:00", "ends": "11:00"}, "The end must be after the start."),
        ({"day": "yesterday", "starts": "07:30", "ends": "11:00"}, "Enter a valid date."),
    ],
)
def test_a_bad_row_says_what_is_wrong(row, message):
    """Each half-filled or impossible row is refused with a plain sentence."""
    form = MeetingForm(row)
    assert not form.is_valid()
    assert message in str(form.errors)


def test_days_come_out_in_time_order_and_overlaps_are_refused():
    """Days typed out of order are sorted; two that overlap are refused."""
    formset = meeting_formset(
        rows(
            "meetings",
            {"day": "2030-03-02", "starts": "07:30", "ends": "11:00"},
            {"day": "2030-03-01", "starts": "07:30", "ends": "11:00"},
            {"day": "", "starts": "", "ends": ""},
        )
    )
    assert formset.is_valid()
    assert [starts.day for starts, _ends in formset.intervals] == [1, 2]
    overlapping = meeting_formset(
        rows(
            "meetings",
            {"day": "2030-03-01", "starts": "07:30", "ends": "11:00"},
            {"day": "2030-03-01", "starts": "10:00", "ends": "12:00"},
        )
    )
    assert not overlapping.is_valid()
    assert "Two of the days overlap" in str(overlapping.non_form_errors())


def test_quotas_read_factory_codes_without_case_and_refuse_a_factory_twice(factory_a):
    """ "pp-001" finds PP-001; the same factory on two rows is named."""
    formset = quota_formset(rows("quotas", {"factory": "pp-001", "seats": "4"}, {"factory": "", "seats": ""}))
    assert formset.is_valid() and formset.quotas == {factory_a: 4}
    twice = quota_formset(rows("quotas", {"factory": "PP-001", "seats": "4"}, {"factory": "pp-001", "seats": "2"}))
    assert not twice.is_valid()
    assert "PP-001 is listed twice" in str(twice.non_form_errors())


def test_the_what_menu_puts_taught_courses_first_then_seminars(db):
    """Classroom, seminar and virtual courses come first, then seminars, then self-paced courses."""
    taught = classroom_course(title="Supervising safely")
    CoursePageFactory(parent=taught.get_parent(), title="Phone course", delivery_mode=DeliveryMode.SELF_PACED)
    SeminarPageFactory(title="Industry seminar on wages")
    labels = [str(label) for label, _options in delivered_choices()[1:]]
    assert labels == ["Classroom, seminar and virtual courses", "Seminars", "Other courses"]
    assert delivered_choices()[1][1] == [(f"course:{taught.pk}", "Supervising safely")]


def test_adding_a_day_keeps_everything_typed_and_checks_nothing(trainer, factory_a):
    """ "Add another day" gives an unsent page, with the typed values and one more empty row."""
    data = {
        "title": "Fire drill",
        "factory": "PP-001",
        "capacity": "",
        **rows("meetings", {"day": "2030-03-01", "starts": "07:30", "ends": "11:00"}),
        **rows("quotas", {"factory": "", "seats": ""}),
    }
    page = SessionSchedule(data, author=trainer).with_row("day")
    assert not page.form.is_bound and not page.meetings.is_bound
    assert len(page.meetings.forms) == 2 and len(page.quotas.forms) == 1
    assert page.form["title"].value() == "Fire drill"
    assert page.meetings.forms[0]["starts"].value() == "07:30"


def test_a_session_opens_with_its_days_in_local_time(trainer):
    """Changing a session shows its days as typed: local dates and times, then one empty row."""
    starts = timezone.make_aware(datetime.datetime(2030, 3, 1, 7, 30))
    session = SessionFactory(trainers=[trainer], meetings=[(starts, starts + datetime.timedelta(hours=4))])
    page = SessionSchedule(author=trainer, session=session)
    first = page.meetings.forms[0]
    assert str(first["day"].value()) == "2030-03-01" and first["starts"].value().strftime("%H:%M") == "07:30"
    assert len(page.meetings.forms) == 2


def test_ratings_are_numbers_from_one_to_five():
    """A rating outside 1–5 is refused; a tap gives a number."""
    form = EvaluationForm({"overall": "5", "usefulness": "1", "trainer": "3"})
    assert form.is_valid() and form.cleaned_data["overall"] == 5
    assert not EvaluationForm({"overall": "6", "usefulness": "1", "trainer": "3"}).is_valid()
