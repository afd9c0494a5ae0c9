"""Seminar pages and classroom course pages show the sessions coming up, in every language."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.choices import DeliveryMode
from courses.factories import CoursePageFactory, page_translate, translations_sync
from seminars.choices import VenueKind
from seminars.factories import (
    RegistrationFactory,
    SeminarPageFactory,
    SessionFactory,
    TrainingCentreFactory,
    classroom_course,
    morning,
    seminar_index,
)

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
KM = {"HTTP_ACCEPT_LANGUAGE": "km"}


@pytest.fixture
def seminar(db):
    page = SeminarPageFactory(title="Industrial relations at work", slug="industrial-relations", language="km")
    translations_sync()
    return page


@pytest.fixture
def centre(db):
    return TrainingCentreFactory(name="Phnom Penh training centre", name_km="មជ្ឈមណ្ឌលភ្នំពេញ", address="Street 271")


def html(client, address, language=EN) -> str:
    response = client.get(address, **language)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_seminar_page_lists_its_next_sessions_with_dates_venue_seats_and_a_way_to_register(client, seminar, centre):
    """A seminar's page shows each coming session: its meetings' dates, the centre, the seats left and Register."""
    session = SessionFactory(course=None, seminar=seminar, centre=centre, capacity=3, meetings=[morning(3), morning(4)])
    RegistrationFactory(session=session)
    page = html(client, "/seminars/industrial-relations/")
    day = timezone.localtime(morning(3)[0])
    assert day.strftime("%-d %b %Y") in page and "08:00–12:00" in page
    assert "Phnom Penh training centre" in page and "Street 271" in page
    assert "2 seats left" in page
    assert f'href="/training/{session.pk}/"' in page and "Register" in page


def test_seminar_page_leaves_out_drafts_cancelled_past_and_other_seminars_sessions(client, seminar, centre):
    """Only published sessions still to come of this seminar are listed."""
    other = SeminarPageFactory(title="Another seminar")
    SessionFactory(course=None, seminar=seminar, centre=centre, title="Draft", published_at=None)
    SessionFactory(course=None, seminar=seminar, centre=centre, title="Called off", cancelled_at=timezone.now())
    SessionFactory(course=None, seminar=seminar, centre=centre, title="Last week", meetings=[morning(-7)])
    SessionFactory(course=None, seminar=other, centre=centre, title="Not this one")
    page = html(client, "/seminars/industrial-relations/")
    for title in ("Draft", "Called off", "Last week", "Not this one"):
        assert title not in page
    assert "No session is scheduled yet" in page


def test_full_session_offers_the_waitlist_and_hr_only_session_says_who_registers(client, seminar, centre):
    """A full session offers to join the waitlist; one closed to self-registration says HR or a trainer registers."""
    full = SessionFactory(course=None, seminar=seminar, centre=centre, capacity=1, title="Full one")
    RegistrationFactory(session=full)
    SessionFactory(course=None, seminar=seminar, centre=centre, title="Nominated", self_registration=False)
    page = html(client, "/seminars/industrial-relations/")
    assert "Full" in page and "Join the waitlist" in page
    assert "HR office or a trainer registers people" in page


def test_khmer_seminar_page_shows_the_sessions_scheduled_on_the_english_page(client, seminar, centre):
    """Sessions point at the English page, and the Khmer translation lists them too, with the Khmer venue name."""
    page_translate(seminar, "km", title="ទំនាក់ទំនងវិជ្ជាជីវៈ", summary="សិក្ខាសាលា")
    session = SessionFactory(course=None, seminar=seminar, centre=centre)
    page = html(client, "/seminars/industrial-relations/", KM)
    assert "ទំនាក់ទំនងវិជ្ជាជីវៈ" in page
    assert "មជ្ឈមណ្ឌលភ្នំពេញ" in page and f"/training/{session.pk}/" in page


def test_untranslated_seminar_in_khmer_says_so_and_still_lists_sessions(client, seminar, centre):
    """A seminar not translated yet shows in English to a Khmer reader, marked so, with its sessions."""
    session = SessionFactory(course=None, seminar=seminar, centre=centre)
    page = html(client, "/seminars/industrial-relations/", KM)
    assert "Industrial relations at work" in page and f"/training/{session.pk}/" in page
    assert 'class="message warning"' in page


def test_seminars_index_lists_each_seminar_with_its_next_session(client, seminar, centre):
    """The seminars index shows each seminar, the date of its next session and how many are coming."""
    SeminarPageFactory(title="Preventing harassment", slug="gbvh")
    SessionFactory(course=None, seminar=seminar, centre=centre, meetings=[morning(5)])
    SessionFactory(course=None, seminar=seminar, centre=centre, meetings=[morning(9)])
    translations_sync()
    page = html(client, "/seminars/")
    assert "Industrial relations at work" in page and "Preventing harassment" in page
    assert "Next session: " + timezone.localtime(morning(5)[0]).strftime("%A %-d %b %Y") in page
    assert "2 sessions coming" in page
    assert "No session is scheduled yet." in page  # the harassment seminar


def test_seminars_index_in_khmer_lists_the_seminars_with_their_sessions(client, seminar, centre):
    """In Khmer the index lists the seminars (translated or not) and finds their sessions through the English page."""
    page_translate(seminar_index(), "km", title="សិក្ខាសាលា")
    page_translate(seminar, "km", title="ទំនាក់ទំនងវិជ្ជាជីវៈ", summary="សិក្ខាសាលា")
    SessionFactory(course=None, seminar=seminar, centre=centre, meetings=[morning(5)])
    page = html(client, "/seminars/", KM)
    assert "ទំនាក់ទំនងវិជ្ជាជីវៈ" in page and "No session is scheduled yet." not in page


def test_classroom_course_page_shows_its_next_sessions(client, centre):
    """A classroom course's page lists its coming sessions with a way to register."""
    course = classroom_course(title="Safe chemicals", slug="safe-chemicals")
    session = SessionFactory(course=course, centre=centre, meetings=[morning(2), morning(3)])
    translations_sync()
    page = html(client, course.url)
    assert "Next sessions" in page and f"/training/{session.pk}/" in page


def test_classroom_course_without_a_session_says_none_is_scheduled(client):
    """A classroom course with no session coming says so instead of an empty list."""
    course = classroom_course(title="Safe chemicals", slug="safe-chemicals")
    translations_sync()
    assert "No session is scheduled yet" in html(client, course.url)


def test_self_paced_course_page_has_no_sessions_part(client):
    """A self-paced course's page has no sessions part, even if a session was scheduled for it."""
    course = classroom_course(title="Read at home", slug="read-at-home")
    course.delivery_mode = DeliveryMode.SELF_PACED
    course.save_revision().publish()
    SessionFactory(course=course)
    translations_sync()
    assert "Next sessions" not in html(client, course.url)


def test_khmer_classroom_course_page_lists_sessions_of_the_english_page(client, centre):
    """The Khmer translation of a classroom course shows the sessions scheduled on the English page."""
    course = classroom_course(title="Safe chemicals", slug="safe-chemicals")
    session = SessionFactory(course=course, centre=centre)
    translations_sync()
    page_translate(course, "km", title="សារធាតុគីមីដោយសុវត្ថិភាព")
    page = html(client, course.url, KM)
    assert "សារធាតុគីមីដោយសុវត្ថិភាព" in page and f"/training/{session.pk}/" in page


def test_course_page_with_many_sessions_costs_the_same_queries_as_with_one(
    client, centre, django_assert_max_num_queries
):
    """Listing ten sessions of a classroom course costs no more queries than listing one."""
    course = classroom_course(title="Safe chemicals", slug="safe-chemicals")
    SessionFactory(course=course, centre=centre)
    translations_sync()
    client.get(course.url, **KM)
    with django_assert_max_num_queries(50) as one:
        client.get(course.url, **KM)
    for days in range(2, 11):
        SessionFactory(
            course=course,
            venue_kind=VenueKind.FACTORY,
            centre=None,
            factory=RegistrationFactory().person.factory,
            meetings=[morning(days), morning(days + 1)],
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(course.url, **KM).content.decode()
    assert page.count("/training/") >= 10


def test_online_session_shows_as_online(client, seminar):
    """An online session says Online instead of a place."""
    SessionFactory(
        course=None, seminar=seminar, venue_kind=VenueKind.ONLINE, centre=None, online_url="https://meet.example.org/x"
    )
    page = html(client, "/seminars/industrial-relations/")
    assert "Online" in page and "meet.example.org" not in page  # the link is for the people registered


def test_meeting_that_runs_past_midnight_shows_its_end_date(client, seminar, centre):
    """A meeting ending on another day shows the day it ends."""
    start = morning(3)[0].replace(hour=20)
    SessionFactory(course=None, seminar=seminar, centre=centre, meetings=[(start, start + datetime.timedelta(hours=6))])
    page = html(client, "/seminars/industrial-relations/")
    assert timezone.localtime(start + datetime.timedelta(hours=6)).strftime("%-d %b %Y, 02:00") in page


def test_self_paced_course_page_asks_nothing_of_sessions(client):
    """The sessions panel asks the database nothing for a self-paced course (its page keeps its budget)."""
    course = CoursePageFactory(parent=classroom_course().get_parent(), delivery_mode=DeliveryMode.SELF_PACED)
    translations_sync()
    client.get(course.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(course.url)
    assert not any("seminars_session" in query["sql"] for query in queries.captured_queries)
