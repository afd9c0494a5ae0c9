"""A course is taken again in a new cycle: each cycle completes once, and earlier cycles stay on record."""

import threading
from unittest import mock

import pytest
from django.db import connection, transaction
from django.utils import timezone

from courses import selectors, services
from courses.choices import CompletionSource, ProgressStatus
from courses.factories import CoursePageFactory
from courses.models import Completion, Enrolment, LessonProgress
from courses.signals import course_completed
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory

RIGHT = {"0": ["1"], "1": ["0", "1"]}  # the right answers of QUIZ, by question number


@pytest.fixture
def worker(db):
    return PersonFactory(factory=FactoryFactory(code="PP-001"))


def take_course(person, catalogue):
    """Read the reading lesson and pass the quiz: every required lesson of the course."""
    services.lesson_progress_complete(person=person, lesson=catalogue["reading"])
    ((quiz_id, _quiz),) = catalogue["quiz"].quizzes
    answers = {services.quiz_answer_field(quiz_id, int(n)): chosen for n, chosen in RIGHT.items()}
    return services.quiz_submit(person=person, lesson=catalogue["quiz"], answers=answers)


@pytest.fixture
def completed_once(worker, catalogue):
    """The worker enrolled in fire safety and completed it once."""
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    take_course(worker, catalogue)
    return Enrolment.objects.get(person=worker)


def test_a_second_cycle_completes_and_is_announced_with_a_new_completion(
    worker, catalogue, completed_once, django_capture_on_commit_callbacks
):
    """Taking a course again completes it again: a second completion, announced with its own id."""
    announced = mock.Mock()
    course_completed.connect(announced)
    try:
        second = services.enrolment_cycle_start(person=worker, course=catalogue["course"], started_by=worker)
        with django_capture_on_commit_callbacks(execute=True):
            take_course(worker, catalogue)
    finally:
        course_completed.disconnect(announced)
    second.refresh_from_db()
    assert second.cycle == 2 and second.completed_at is not None
    first_completion, second_completion = Completion.objects.order_by("enrolment__cycle")
    assert first_completion.enrolment == completed_once and second_completion.enrolment == second
    assert announced.call_count == 1
    assert announced.call_args.kwargs["completion_id"] == second_completion.pk != first_completion.pk


def test_a_new_cycle_starts_empty_and_the_first_cycle_keeps_its_progress(worker, catalogue, completed_once):
    """A new cycle shows no lesson done; the first cycle's progress and completion stay for HR."""
    first_completed_at = completed_once.completed_at
    services.enrolment_cycle_start(person=worker, course=catalogue["course"], started_by=worker)
    state = selectors.course_state_for(worker, catalogue["course"])
    assert state.enrolment.cycle == 2 and state.enrolment.completed_at is None
    assert all(progress is None for _lesson, progress in state.lessons)
    completed_once.refresh_from_db()
    assert completed_once.completed_at == first_completed_at and completed_once.completion.source == (
        CompletionSource.SELF_PACED
    )
    kept = LessonProgress.objects.filter(enrolment=completed_once, status=ProgressStatus.COMPLETED)
    assert kept.count() == 2


def test_lessons_done_in_an_earlier_cycle_do_not_count_for_the_new_one(worker, catalogue, completed_once):
    """In a new cycle, reading one lesson again does not complete the course: the quiz is to pass again."""
    second = services.enrolment_cycle_start(person=worker, course=catalogue["course"], started_by=worker)
    services.lesson_progress_complete(person=worker, lesson=catalogue["reading"])
    second.refresh_from_db()
    assert second.completed_at is None and Completion.objects.count() == 1


def test_starting_a_new_cycle_while_one_is_open_is_refused(worker, catalogue):
    """'Take this course again' before finishing the course says so plainly and starts nothing."""
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    with pytest.raises(services.CycleStillOpen) as refused:
        services.enrolment_cycle_start(person=worker, course=catalogue["course"], started_by=worker)
    assert refused.value.message == "You are still taking this course. Finish it before starting it again."
    assert Enrolment.objects.count() == 1


def test_a_new_cycle_needs_a_first_one(worker, catalogue):
    """Someone who never took the course is asked to enrol, not given a second cycle."""
    with pytest.raises(services.NotEnrolled):
        services.enrolment_cycle_start(person=worker, course=catalogue["course"], started_by=worker)
    assert not Enrolment.objects.exists()


def test_hr_of_another_factory_cannot_start_a_new_cycle(worker, catalogue, completed_once):
    """Only someone who may enrol the worker starts a new cycle for them."""
    other_hr = PersonFactory(factory=FactoryFactory(code="KD-002"), roles=[Role.FACTORY_HR])
    with pytest.raises(services.NotAllowed):
        services.enrolment_cycle_start(person=worker, course=catalogue["course"], started_by=other_hr)
    assert Enrolment.objects.count() == 1


def test_a_session_completes_the_current_cycle_once(worker, catalogue, completed_once):
    """Attending a session again completes nothing new until a new cycle is started; then it does."""
    assert services.completion_record(person=worker, course=catalogue["course"], source="seminar") is None
    services.enrolment_cycle_start(person=worker, course=catalogue["course"], started_by=worker)
    completion = services.completion_record(person=worker, course=catalogue["course"], source="seminar")
    assert completion.enrolment.cycle == 2 and Completion.objects.count() == 2


def test_my_learning_shows_the_course_taken_again_in_progress(worker, catalogue, completed_once):
    """After 'Take this course again', My learning lists the course in progress with no lesson done."""
    services.enrolment_cycle_start(person=worker, course=catalogue["course"], started_by=worker)
    in_progress, completed = selectors.my_learning(worker)
    assert not completed and len(in_progress) == 1
    assert in_progress[0].enrolment.cycle == 2 and in_progress[0].lessons_done == 0


def test_hr_records_keep_every_cycle(worker, catalogue, completed_once):
    """HR's training records list the first, completed cycle and the current one, each with its number."""
    services.enrolment_cycle_start(person=worker, course=catalogue["course"], started_by=worker)
    hr = PersonFactory(factory=worker.factory, roles=[Role.FACTORY_HR])
    rows = list(selectors.factory_enrolments(user=hr))
    assert [(row.cycle, row.completed_at is not None, row.is_current) for row in rows] == [
        (1, True, False),
        (2, False, True),
    ]


def test_a_prerequisite_completed_in_an_earlier_cycle_still_counts(worker, catalogue, completed_once):
    """Taking a course again does not close the courses it opened."""
    services.enrolment_cycle_start(person=worker, course=catalogue["course"], started_by=worker)
    assert selectors.missing_prerequisites(person=worker, course=catalogue["course"]) == []
    programme = catalogue["programme"]
    programme.sequential = True
    programme.save_revision().publish()
    second = CoursePageFactory(parent=programme, title="Chemical safety")
    assert selectors.missing_prerequisites(person=worker, course=second) == []


# serialized_rollback: a transactional test ends by emptying the database; this puts back what the
# migrations wrote (site, locales, roles) for the next one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections to PostgreSQL")
def test_the_same_cycle_completed_by_two_requests_at_once_is_recorded_once(worker, catalogue):
    """A quiz passed twice at the same moment (a double tap on a slow phone) records one completion."""
    enrolment, _created = services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    services.lesson_progress_complete(person=worker, lesson=catalogue["reading"])
    # The quiz lesson done too, without completing the course: that is left to the two requests.
    LessonProgress.objects.create(
        enrolment=enrolment,
        person=worker,
        course=catalogue["course"],
        lesson=catalogue["quiz"],
        status=ProgressStatus.COMPLETED,
        completed_at=timezone.now(),
    )
    started = threading.Barrier(2, timeout=30)
    outcomes = []

    def complete():
        try:
            with transaction.atomic():
                started.wait()
                outcomes.append(services.completion_record_if_earned(enrolment=enrolment, now=timezone.now()))
        finally:
            connection.close()

    threads = [threading.Thread(target=complete) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(outcomes) == 2 and sum(outcome is not None for outcome in outcomes) == 1
    assert Completion.objects.filter(enrolment=enrolment).count() == 1
