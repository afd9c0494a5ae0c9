"""A participant's evaluation: after the session, only by someone who came, updated when sent again."""

import datetime

import pytest
from django.utils import timezone

from seminars.choices import AttendanceStatus
from seminars.factories import AttendanceFactory, RegistrationFactory, SessionFactory
from seminars.models import Evaluation
from seminars.services import EvaluationRefused, NotAllowed, evaluation_submit


@pytest.fixture
def attended(trainer, workers_a):
    """A session held yesterday; worker 0 came, worker 1 was absent."""
    now = timezone.now()
    session = SessionFactory(
        trainers=[trainer], meetings=[(now - datetime.timedelta(days=1), now - datetime.timedelta(hours=20))]
    )
    meeting = session.meetings.get()
    for worker, status in zip(workers_a[:2], (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT), strict=True):
        RegistrationFactory(session=session, person=worker)
        AttendanceFactory(meeting=meeting, person=worker, status=status)
    return session


def test_someone_who_came_evaluates_and_can_change_it(attended, workers_a):
    """Sending the evaluation again replaces the first one."""
    evaluation_submit(session=attended, person=workers_a[0], overall=3, usefulness=4, trainer=5)
    evaluation_submit(session=attended, person=workers_a[0], overall=5, usefulness=4, trainer=5, comment=" Good ")
    evaluation = Evaluation.objects.get()
    assert (evaluation.overall, evaluation.comment) == (5, "Good")


def test_someone_absent_cannot_evaluate(attended, workers_a):
    """Only people who came give an evaluation."""
    with pytest.raises(NotAllowed):
        evaluation_submit(session=attended, person=workers_a[1], overall=3, usefulness=3, trainer=3)


def test_ratings_are_from_1_to_5(attended, workers_a):
    """A rating of 0 or 6 is refused with a plain reason, and nothing is stored."""
    for wrong in (0, 6, "x"):
        with pytest.raises(EvaluationRefused):
            evaluation_submit(session=attended, person=workers_a[0], overall=wrong, usefulness=3, trainer=3)
    assert not Evaluation.objects.exists()


def test_no_evaluation_before_the_session(session, worker_a):
    """A session that has not started takes no evaluation."""
    with pytest.raises(EvaluationRefused):
        evaluation_submit(session=session, person=worker_a, overall=3, usefulness=3, trainer=3)
