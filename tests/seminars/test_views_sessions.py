"""The training screen and a session's page: each person sees their own part (a trainer's agenda,
HR's sessions and people, a worker's open sessions and places) and the buttons their role allows."""

import datetime

import pytest
from django.utils import timezone

from lms.people.choices import Role
from lms.people.factories import PersonFactory
from seminars.choices import RegistrationStatus
from seminars.factories import RegistrationFactory, SessionFactory, morning

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def page(client, url, **params):
    response = client.get(url, params, **EN)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_trainer_agenda_lists_own_sessions_with_drafts_seats_and_waitlist(client, trainer, session, workers_a):
    """A trainer sees their sessions, drafts too, with seats taken and people waiting; not others'."""
    draft = SessionFactory(trainers=[trainer], published_at=None, title="Draft of fire safety")
    someone_elses = SessionFactory(title="Another trainer's session")
    RegistrationFactory(session=session, person=workers_a[0])
    RegistrationFactory(session=session, person=workers_a[1], status=RegistrationStatus.WAITLISTED)
    client.force_login(trainer)
    html = page(client, "/training/")
    assert session.display_title in html and draft.display_title in html
    assert someone_elses.display_title not in html
    assert "1 of 10 seats taken" in html and "1 waiting" in html
    assert "Draft" in html and "Schedule a session" in html


def test_worker_sees_sessions_open_to_them_not_drafts_or_hr_only(client, worker_a, session):
    """A worker is offered open sessions; drafts and sessions only HR fills are not listed."""
    SessionFactory(title="Not yet published", published_at=None)
    SessionFactory(title="HR nominates only", self_registration=False)
    client.force_login(worker_a)
    html = page(client, "/training/")
    assert session.display_title in html
    assert "Not yet published" not in html and "HR nominates only" not in html
    assert "Schedule a session" not in html


def test_worker_sees_own_places_with_waitlist_number(client, worker_a, workers_b, session):
    """Under "My places" a worker reads "Registered" or their number on the waitlist."""
    full = SessionFactory(title="Full session", capacity=1)
    RegistrationFactory(session=full, person=workers_b[0])
    RegistrationFactory(session=full, person=workers_b[1], status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(session=full, person=worker_a, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(session=session, person=worker_a)
    client.force_login(worker_a)
    html = page(client, "/training/", show="mine")
    assert "Full session" in html and "Waitlist number 2" in html
    assert session.display_title in html and "Registered" in html


def test_hr_sees_seats_left_for_its_factory(client, hr_a, factory_a, workers_a):
    """HR reads the seats left to its factory: its quota less the seats its people hold."""
    quota_session = SessionFactory(title="With a quota", capacity=10, quotas={factory_a: 2})
    RegistrationFactory(session=quota_session, person=workers_a[0])
    client.force_login(hr_a)
    html = page(client, "/training/", show="nominate")
    assert "With a quota" in html
    assert "1 seat left for your factory" in html
    assert "your people: 1 registered, 0 waiting" in html


def test_hr_sees_its_own_factorys_people_only(client, hr_a, worker_a, worker_b, session):
    """HR's "My factory's people" lists its workers' places, never another factory's."""
    RegistrationFactory(session=session, person=worker_a)
    RegistrationFactory(session=session, person=worker_b)
    client.force_login(hr_a)
    html = page(client, "/training/", show="factory")
    assert worker_a.display_name in html
    assert worker_b.display_name not in html


def test_an_unknown_tab_shows_the_first_one(client, worker_a, session):
    """A tab the person does not have (a worker asking for HR's) shows their own first tab."""
    client.force_login(worker_a)
    html = page(client, "/training/", show="factory")
    assert session.display_title in html


@pytest.mark.parametrize("user_fixture,tab", [("trainer", "agenda"), ("hr_a", "nominate"), ("worker_a", "open")])
def test_the_list_costs_the_same_queries_for_3_or_15_sessions(
    client, request, django_assert_max_num_queries, trainer, factory_a, workers_a, user_fixture, tab
):
    """The training screen reads a page of sessions in a fixed number of queries."""
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)

    def add_sessions(count):
        for _n in range(count):
            one = SessionFactory(trainers=[trainer], quotas={factory_a: 3}, meetings=[morning(3), morning(4)])
            RegistrationFactory(session=one, person=workers_a[1])

    add_sessions(3)
    with django_assert_max_num_queries(20) as few:
        page(client, "/training/", show=tab)
    add_sessions(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(client, "/training/", show=tab)
    assert html.count('class="session-head"') == 15


def test_my_places_list_costs_the_same_queries_for_3_or_15_places(client, worker_a, django_assert_max_num_queries):
    """A worker's own places are read in a fixed number of queries, waitlist numbers included."""
    client.force_login(worker_a)

    def add_places(count):
        for _n in range(count):
            one = SessionFactory(capacity=1)
            RegistrationFactory(session=one)
            RegistrationFactory(session=one, person=worker_a, status=RegistrationStatus.WAITLISTED)

    add_places(3)
    with django_assert_max_num_queries(20) as few:
        page(client, "/training/", show="mine")
    add_places(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(client, "/training/", show="mine")
    assert html.count("Waitlist number 1") == 15


def test_session_page_says_what_when_where_and_seats(client, worker_a, session):
    """A worker reads the course, each day with its times, the venue, the trainer and seats left."""
    client.force_login(worker_a)
    html = page(client, f"/training/{session.pk}/")
    first = timezone.localtime(morning(1)[0])
    assert session.course.title in html
    assert first.strftime("%-d") in html and "08:00–12:00" in html
    assert session.centre.name_km in html and "Room 1" in html
    assert "Dara" in html and "10 of 10 left" in html
    assert "Open for registration" in html and ">Register<" in html


def test_a_draft_is_unknown_to_workers(client, worker_a, trainer):
    """A draft session is a 404 for anyone but its trainers and programme staff."""
    draft = SessionFactory(trainers=[trainer], published_at=None)
    client.force_login(worker_a)
    assert client.get(f"/training/{draft.pk}/").status_code == 404
    client.force_login(trainer)
    assert client.get(f"/training/{draft.pk}/").status_code == 200


def test_session_page_buttons_follow_the_role(client, trainer, hr_a, worker_a, session):
    """HR gets Nominate, the trainer People, Add a person and Change, a worker neither."""
    client.force_login(hr_a)
    html = page(client, f"/training/{session.pk}/")
    assert "Nominate people" in html and "Add a person" not in html
    client.force_login(trainer)
    html = page(client, f"/training/{session.pk}/")
    assert "Add a person" in html and "Change" in html and "Nominate people" not in html
    assert "Cancel the session" in html and "Close registration" in html
    client.force_login(worker_a)
    html = page(client, f"/training/{session.pk}/")
    assert "Nominate people" not in html and "Add a person" not in html and "Cancel the session" not in html


def test_registered_worker_sees_their_place_and_the_online_link(client, worker_a, worker_b):
    """Someone with a place reads "You are registered" and the link to join; others do not get the link."""
    online = SessionFactory(venue_kind="online", centre=None, online_url="https://meet.example.org/fire")
    RegistrationFactory(session=online, person=worker_a)
    client.force_login(worker_a)
    html = page(client, f"/training/{online.pk}/")
    assert "You are registered." in html and "https://meet.example.org/fire" in html and "Cancel my place" in html
    client.force_login(worker_b)
    html = page(client, f"/training/{online.pk}/")
    assert "https://meet.example.org/fire" not in html and "shown to the people registered" in html


def test_home_and_my_learning_show_the_training_panels(client, worker_a, session):
    """The start page links to training; My learning lists the person's coming sessions."""
    RegistrationFactory(session=session, person=worker_a, status=RegistrationStatus.WAITLISTED)
    client.force_login(worker_a)
    html = page(client, "/")
    assert "Training sessions" in html and 'href="/training/"' in html
    html = page(client, "/learning/")
    assert "My sessions" in html and session.display_title in html and "Waitlist number 1" in html


def test_my_learning_without_sessions_offers_to_find_one(client, worker_a):
    """With no place in a session, My learning says so and links to the open sessions."""
    client.force_login(worker_a)
    html = page(client, "/learning/")
    assert "no place in a training session" in html and "/training/?show=open" in html


def test_programme_staff_see_every_session_coming(client, programme_staff, session):
    """Programme staff's first tab lists every session still to come, whoever trains it."""
    client.force_login(programme_staff)
    html = page(client, "/training/")
    assert "All sessions" in html and session.display_title in html


def test_a_session_that_ended_long_ago_leaves_my_places(client, worker_a):
    """A place in a session that ended more than a week ago no longer shows under My places."""
    old = SessionFactory(
        title="Old session",
        meetings=[(timezone.now() - datetime.timedelta(days=30), timezone.now() - datetime.timedelta(days=29))],
    )
    RegistrationFactory(session=old, person=worker_a)
    client.force_login(worker_a)
    assert "Old session" not in page(client, "/training/", show="mine")


def test_a_worker_who_is_also_trainer_has_both_tabs(client, factory_a, session):
    """A trainer also sees the sessions open to them and their own places."""
    person = PersonFactory(factory=factory_a, roles=[Role.TRAINER])
    client.force_login(person)
    html = page(client, "/training/")
    assert "My agenda" in html and "Open to me" in html and "My places" in html


def test_a_place_in_a_draft_shows_once_it_is_published(client, worker_a, trainer):
    """A place a trainer gave in a draft is not listed (its page would be a 404) until published."""
    draft = SessionFactory(title="Still a draft", trainers=[trainer], published_at=None)
    RegistrationFactory(session=draft, person=worker_a)
    client.force_login(worker_a)
    assert "Still a draft" not in page(client, "/training/", show="mine")
    draft.published_at = timezone.now()
    draft.save()
    assert "Still a draft" in page(client, "/training/", show="mine")
