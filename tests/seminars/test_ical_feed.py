"""A person's training calendar: a private feed address their phone subscribes to, which can be reset."""

import datetime

import icalendar
import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from courses.factories import page_translate, translations_sync
from lms.people.factories import PersonFactory
from seminars.choices import RegistrationStatus, VenueKind
from seminars.factories import RegistrationFactory, SessionFactory, TrainingCentreFactory, classroom_course, morning
from seminars.ical import calendar_feed_of
from seminars.models import CalendarFeed

pytestmark = pytest.mark.django_db


def feed(client, person) -> icalendar.Calendar:
    response = client.get(f"/training/calendar/{calendar_feed_of(person).token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events(calendar) -> list:
    return list(calendar.walk("VEVENT"))


def summaries(calendar) -> set[str]:
    return {str(event["SUMMARY"]) for event in events(calendar)}


def test_feed_has_one_event_per_meeting_of_a_session_the_person_holds_a_seat_in(client, worker_a, session):
    """Each meeting of a session the worker is registered for is an event, at its time in UTC, at its venue."""
    RegistrationFactory(session=session, person=worker_a)
    calendar = feed(client, worker_a)
    found = sorted(events(calendar), key=lambda event: event.decoded("DTSTART"))
    meetings = list(session.meetings.order_by("starts_at"))
    assert len(found) == 2
    for event, meeting in zip(found, meetings, strict=True):
        assert event.decoded("DTSTART") == meeting.starts_at
        assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
        assert event.decoded("DTEND") == meeting.ends_at
        assert str(event["SUMMARY"]) == session.display_title
        assert str(event["STATUS"]) == "CONFIRMED"
        assert session.centre.name_km in str(event["LOCATION"])  # the worker reads Khmer
    with translation.override("km"):  # the worker's language
        assert gettext("Meeting %(number)d of %(total)d.") % {"number": 1, "total": 2} in str(found[0]["DESCRIPTION"])


def test_waitlisted_and_cancelled_places_are_not_in_the_feed(client, worker_a, session):
    """Waiting for a seat, or a place given up, puts nothing in the calendar."""
    other = SessionFactory(title="Cancelled place")
    RegistrationFactory(session=session, person=worker_a, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(session=other, person=worker_a, status=RegistrationStatus.CANCELLED)
    assert events(feed(client, worker_a)) == []


def test_trainer_feed_holds_the_sessions_they_train_drafts_as_tentative(client, trainer, session):
    """A trainer's calendar has the sessions they train; a draft shows as tentative."""
    draft = SessionFactory(trainers=[trainer], published_at=None, title="Draft session")
    SessionFactory(title="Someone else's session")
    calendar = feed(client, trainer)
    assert summaries(calendar) == {session.display_title, "Draft session"}
    statuses = {str(event["SUMMARY"]): str(event["STATUS"]) for event in events(calendar)}
    assert statuses["Draft session"] == "TENTATIVE"
    assert draft.pk


def test_cancelled_session_stays_in_the_feed_marked_cancelled(client, worker_a, session):
    """When a session is cancelled its meetings stay in the calendar, marked cancelled, so the phone shows it."""
    RegistrationFactory(session=session, person=worker_a)
    session.cancelled_at, session.cancel_reason = timezone.now(), "The trainer is ill."
    session.save()
    found = events(feed(client, worker_a))
    assert len(found) == 2
    assert all(str(event["STATUS"]) == "CANCELLED" for event in found)
    assert "The trainer is ill." in str(found[0]["DESCRIPTION"])


def test_event_uids_stay_the_same_when_a_meeting_moves(client, worker_a, session):
    """A moved meeting keeps its UID, so the phone's calendar moves the event instead of adding another."""
    RegistrationFactory(session=session, person=worker_a)
    before = {str(event["UID"]) for event in events(feed(client, worker_a))}
    meeting = session.meetings.order_by("starts_at").first()
    meeting.starts_at += datetime.timedelta(hours=1)
    meeting.save()
    after = {str(event["UID"]): event.decoded("DTSTART") for event in events(feed(client, worker_a))}
    assert set(after) == before and len(before) == 2
    assert meeting.starts_at in after.values()


def test_feed_never_shows_other_peoples_sessions(client, worker_a, worker_b, session):
    """One person's feed shows only their own sessions, whoever else is registered."""
    other = SessionFactory(title="Worker B's session")
    RegistrationFactory(session=session, person=worker_a)
    RegistrationFactory(session=other, person=worker_b)
    assert summaries(feed(client, worker_a)) == {session.display_title}
    assert summaries(feed(client, worker_b)) == {"Worker B's session"}


def test_titles_are_in_the_persons_language(client, worker_a):
    """A Khmer reader's calendar names the session by the Khmer course title where it is translated."""
    course = classroom_course(title="Safe chemicals", slug="safe-chemicals")
    translations_sync()
    page_translate(course, "km", title="សារធាតុគីមីដោយសុវត្ថិភាព")
    RegistrationFactory(session=SessionFactory(course=course), person=worker_a)
    english = PersonFactory(preferred_language="en")
    RegistrationFactory(session=SessionFactory(course=course), person=english)
    assert summaries(feed(client, worker_a)) == {"សារធាតុគីមីដោយសុវត្ថិភាព"}
    assert summaries(feed(client, english)) == {"Safe chemicals"}


def test_feed_opens_without_signing_in_and_an_unknown_token_is_a_404(client, worker_a, session):
    """Calendar apps fetch the feed without a sign-in; any address not given out answers 404."""
    RegistrationFactory(session=session, person=worker_a)
    assert len(events(feed(client, worker_a))) == 2
    assert client.get("/training/calendar/not-a-real-token.ics").status_code == 404
    assert client.get("/training/calendar/.ics").status_code == 404


def test_resetting_the_address_stops_the_old_one(client, worker_a, session):
    """After "Get a new address", the old address answers 404 and the new one works."""
    RegistrationFactory(session=session, person=worker_a)
    old = calendar_feed_of(worker_a).token
    client.force_login(worker_a)
    response = client.post("/training/calendar/")
    assert response.status_code == 302
    new = CalendarFeed.objects.get(person=worker_a).token
    assert new != old
    client.logout()
    assert client.get(f"/training/calendar/{old}.ics").status_code == 404
    assert client.get(f"/training/calendar/{new}.ics").status_code == 200


def test_calendar_page_shows_the_persons_own_addresses(client, worker_a, worker_b):
    """The calendar page gives the person's own webcal and https addresses, never anyone else's."""
    client.force_login(worker_a)
    html = client.get("/training/calendar/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    token = CalendarFeed.objects.get(person=worker_a).token
    assert f"webcal://127.0.0.1:8000/training/calendar/{token}.ics" in html
    assert f"http://127.0.0.1:8000/training/calendar/{token}.ics" in html
    assert calendar_feed_of(worker_b).token not in html


def test_calendar_page_needs_a_sign_in(client):
    """The page with the address is for its owner: signed out, it asks to sign in."""
    response = client.get("/training/calendar/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_feed_of_a_person_whose_account_is_closed_is_gone(client, worker_a, session):
    """A deactivated account's feed answers 404."""
    token = calendar_feed_of(worker_a).token
    worker_a.is_active = False
    worker_a.save()
    assert client.get(f"/training/calendar/{token}.ics").status_code == 404


def test_online_session_gives_its_link_as_location(client, worker_a):
    """An online session's event gives the meeting link as its location."""
    online = SessionFactory(venue_kind=VenueKind.ONLINE, centre=None, online_url="https://meet.example.org/ir")
    RegistrationFactory(session=online, person=worker_a)
    (event,) = events(feed(client, worker_a))
    assert str(event["LOCATION"]) == "https://meet.example.org/ir"


def test_feed_costs_the_same_queries_for_many_sessions(client, worker_a, django_assert_max_num_queries):
    """Ten sessions in a calendar cost no more queries than one."""
    centre = TrainingCentreFactory()
    RegistrationFactory(session=SessionFactory(centre=centre), person=worker_a)
    token = calendar_feed_of(worker_a).token
    with django_assert_max_num_queries(20) as one:
        client.get(f"/training/calendar/{token}.ics")
    for days in range(2, 12):
        RegistrationFactory(session=SessionFactory(meetings=[morning(days), morning(days + 1)]), person=worker_a)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(f"/training/calendar/{token}.ics")
    assert len(events(icalendar.Calendar.from_ical(response.content))) == 21


def test_meetings_older_than_six_months_are_left_out(client, worker_a):
    """The calendar goes back six months; older meetings are left out."""
    RegistrationFactory(session=SessionFactory(title="Long ago", meetings=[morning(-200)]), person=worker_a)
    RegistrationFactory(session=SessionFactory(title="Last month", meetings=[morning(-30)]), person=worker_a)
    assert summaries(feed(client, worker_a)) == {"Last month"}


def test_my_learning_offers_the_calendar_to_people_with_a_seat_or_sessions_to_train(
    client, worker_a, worker_b, session
):
    """My learning links to the calendar for someone registered (or training), not for someone with no session."""
    RegistrationFactory(session=session, person=worker_a)
    client.force_login(worker_a)
    assert "/training/calendar/" in client.get("/learning/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.force_login(worker_b)
    assert "/training/calendar/" not in client.get("/learning/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
