"""The short evaluation after a session: attendees rate it with big buttons on their phone and can
change their answer; its trainers and programme staff read averages, counts and comments without
names; nobody else reads or writes them."""

import datetime
import re

import pytest
from django.utils import timezone

from lms.people.choices import Role
from lms.people.factories import StaffFactory
from seminars.choices import AttendanceStatus
from seminars.factories import AttendanceFactory, RegistrationFactory, SessionFactory
from seminars.models import Evaluation

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def started(trainer, workers_a):
    """A session that met this morning; the first two workers came (one late), the third was absent."""
    now = timezone.now()
    session = SessionFactory(
        trainers=[trainer], meetings=[(now - datetime.timedelta(hours=4), now - datetime.timedelta(hours=1))]
    )
    meeting = session.meetings.get()
    for person, status in zip(
        workers_a, (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT), strict=True
    ):
        RegistrationFactory(session=session, person=person)
        AttendanceFactory(meeting=meeting, person=person, status=status)
    return session


def rate(client, session, overall="5", usefulness="4", trainer="3", comment=""):
    data = {"overall": overall, "usefulness": usefulness, "trainer": trainer, "comment": comment}
    return client.post(f"/training/{session.pk}/evaluation/", data, **EN)


def test_an_attendee_rates_the_session_with_big_buttons(client, started, workers_a):
    """The page shows five buttons per question; sending records the ratings and thanks them."""
    client.force_login(workers_a[0])
    html = client.get(f"/training/{started.pk}/evaluation/", **EN).content.decode()
    assert html.count('type="radio"') == 15 and 'class="rating-choices"' in html
    response = rate(client, started, comment="Clear and useful.")
    assert response.status_code == 302 and response["Location"] == f"/training/{started.pk}/"
    evaluation = Evaluation.objects.get()
    assert (evaluation.overall, evaluation.usefulness, evaluation.trainer) == (5, 4, 3)
    assert evaluation.comment == "Clear and useful." and evaluation.person == workers_a[0]


def test_sending_again_changes_the_evaluation(client, started, workers_a):
    """A second answer replaces the first; the form opens with the first answer ticked."""
    client.force_login(workers_a[1])
    rate(client, started, overall="2")
    html = client.get(f"/training/{started.pk}/evaluation/", **EN).content.decode()
    assert re.search(r'name="overall" value="2"[^>]*checked', html)
    assert "Change my evaluation" in html
    rate(client, started, overall="4")
    assert Evaluation.objects.get().overall == 4


def test_a_missing_rating_says_tap_a_number(client, started, workers_a):
    """Leaving a question out says what to do, and records nothing."""
    client.force_login(workers_a[0])
    response = rate(client, started, trainer="")
    assert response.status_code == 422 and "Tap a number from 1 to 5." in response.content.decode()
    assert not Evaluation.objects.exists()


def test_someone_absent_cannot_evaluate(client, started, workers_a):
    """A person marked absent reads that only attendees evaluate (403), and cannot post."""
    client.force_login(workers_a[2])
    response = client.get(f"/training/{started.pk}/evaluation/", **EN)
    assert response.status_code == 403 and "Only the people who attended" in response.content.decode()
    assert rate(client, started).status_code == 403
    assert not Evaluation.objects.exists()


def test_before_the_session_starts_nobody_evaluates(client, session, worker_a):
    """Before its first day, the evaluation says it opens once the session has started."""
    RegistrationFactory(session=session, person=worker_a)
    client.force_login(worker_a)
    response = client.get(f"/training/{session.pk}/evaluation/", **EN)
    assert response.status_code == 403 and "once it has started" in response.content.decode()


def test_the_session_page_offers_the_evaluation_to_attendees_only(client, started, workers_a):
    """An attendee finds "Evaluate this session" on the session's page; someone absent does not."""
    client.force_login(workers_a[0])
    assert "Evaluate this session" in client.get(f"/training/{started.pk}/", **EN).content.decode()
    client.force_login(workers_a[2])
    assert "Evaluate this session" not in client.get(f"/training/{started.pk}/", **EN).content.decode()


def test_the_trainer_reads_averages_counts_and_comments_without_names(client, started, trainer, workers_a):
    """Two evaluations: averages, how many gave each value, the comments, and no names."""
    for person, overall, comment in ((workers_a[0], "5", "Very clear."), (workers_a[1], "4", "")):
        client.force_login(person)
        rate(client, started, overall=overall, comment=comment)
    client.force_login(trainer)
    html = client.get(f"/training/{started.pk}/evaluations/", **EN).content.decode()
    assert "2 evaluations from 2 people who attended." in html
    assert "Average: <strong>4.5</strong> of 5" in html
    assert 'value="50"' in html  # half gave 5, half gave 4
    assert "Very clear." in html
    assert workers_a[0].display_name not in html and workers_a[1].display_name not in html


def test_evaluations_are_for_the_trainers_and_programme_staff(client, started, workers_a, hr_a):
    """A participant, HR or another trainer gets a 403; programme staff read them."""
    for person in (workers_a[0], hr_a, StaffFactory(roles=[Role.TRAINER])):
        client.force_login(person)
        assert client.get(f"/training/{started.pk}/evaluations/").status_code == 403
    client.force_login(StaffFactory(roles=[Role.PROGRAMME_STAFF]))
    assert client.get(f"/training/{started.pk}/evaluations/").status_code == 200


def test_results_without_evaluations_say_so(client, started, trainer):
    """No evaluation yet: the page says where attendees find it."""
    client.force_login(trainer)
    html = client.get(f"/training/{started.pk}/evaluations/", **EN).content.decode()
    assert "Nobody has evaluated the session yet." in html
