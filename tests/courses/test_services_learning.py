"""Enrolment, prerequisites, quiz scoring on the server, and completion recorded exactly once."""

from unittest import mock

import pytest
from django.http import QueryDict
from wagtail.models import Locale

from courses import services
from courses.choices import CompletionSource, EnrolmentSource, ProgressStatus
from courses.factories import CoursePageFactory, LessonPageFactory
from courses.models import Enrolment, LessonProgress, ProgrammeCompletion
from courses.signals import course_completed, programme_completed
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory, StaffFactory


@pytest.fixture
def worker(db):
    return PersonFactory(factory=FactoryFactory(code="PP-001"))


def quiz_answers(lesson, picks: list[list[int]]) -> QueryDict:
    """Answers as the lesson form posts them: one list of chosen answer numbers per question."""
    ((quiz_id, quiz),) = lesson.quizzes
    data = QueryDict(mutable=True)
    for number, chosen in enumerate(picks):
        data.setlist(services.quiz_answer_field(quiz_id, number), [str(i) for i in chosen])
    return data


def test_enrolling_twice_is_a_no_op(worker, catalogue):
    """A second enrolment returns the first one and creates nothing."""
    first, created = services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    again, created_again = services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    assert created and not created_again and first == again
    assert Enrolment.objects.count() == 1 and first.source == EnrolmentSource.SELF


def test_prerequisite_blocks_enrolment_and_names_the_course(worker, catalogue):
    """A course with a prerequisite says which course to complete first, and enrols nobody."""
    advanced = CoursePageFactory(parent=catalogue["programme"], title="Evacuation leader")
    advanced.prerequisites.add(catalogue["course"])
    advanced.save_revision().publish()
    with pytest.raises(services.PrerequisitesMissing) as missing:
        services.enrolment_create(person=worker, course=advanced, enrolled_by=worker)
    assert "Fire safety" in missing.value.message
    assert not Enrolment.objects.filter(course=advanced).exists()


def test_sequential_programme_needs_the_previous_course(worker, catalogue):
    """In a programme taken in order, the second course opens once the first is completed."""
    programme = catalogue["programme"]
    programme.sequential = True
    programme.save_revision().publish()
    second = CoursePageFactory(parent=programme, title="Chemical safety")
    with pytest.raises(services.PrerequisitesMissing):
        services.enrolment_create(person=worker, course=second, enrolled_by=worker)
    services.completion_record(person=worker, course=catalogue["course"], source=CompletionSource.SEMINAR)
    _enrolment, created = services.enrolment_create(person=worker, course=second, enrolled_by=worker)
    assert created


def test_hr_enrols_only_its_own_factory(worker, catalogue):
    """HR of the worker's factory enrols them; HR of another factory cannot."""
    own_hr = PersonFactory(factory=worker.factory, roles=[Role.FACTORY_HR])
    other_hr = PersonFactory(factory=FactoryFactory(code="KD-002"), roles=[Role.FACTORY_HR])
    with pytest.raises(services.NotAllowed):
        services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=other_hr)
    enrolment, _created = services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=own_hr)
    assert enrolment.source == EnrolmentSource.FACTORY_HR


def test_learner_cannot_self_enrol_in_a_closed_course(worker, catalogue):
    """A course closed to self-enrolment needs HR or a trainer; a trainer can enrol anyone."""
    course = catalogue["course"]
    course.self_enrolment = False
    course.save_revision().publish()
    with pytest.raises(services.NotAllowed):
        services.enrolment_create(person=worker, course=course, enrolled_by=worker)
    trainer = StaffFactory(roles=[Role.TRAINER])
    enrolment, _created = services.enrolment_create(person=worker, course=course, enrolled_by=trainer)
    assert enrolment.source == EnrolmentSource.TRAINER


def test_quiz_is_scored_on_the_server(worker, catalogue):
    """One right and one wrong answer give 50%: below the 70% pass mark, the lesson stays open."""
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    lesson = catalogue["quiz"]
    result = services.quiz_submit(person=worker, lesson=lesson, answers=quiz_answers(lesson, [[1], [0]]))
    assert result.score == 50 and not result.passed
    assert [q.right for q in result.questions] == [True, False]
    progress = LessonProgress.objects.get(person=worker, lesson=lesson)
    assert progress.status == ProgressStatus.STARTED and progress.best_score == 50 and progress.attempts == 1


def test_quiz_at_pass_mark_completes_the_lesson_and_keeps_the_best_score(worker, catalogue):
    """All right completes the lesson; a worse second try does not lower the best score."""
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    lesson = catalogue["quiz"]
    assert services.quiz_submit(person=worker, lesson=lesson, answers=quiz_answers(lesson, [[1], [0, 1]])).passed
    services.quiz_submit(person=worker, lesson=lesson, answers=quiz_answers(lesson, [[0], []]))
    progress = LessonProgress.objects.get(person=worker, lesson=lesson)
    assert progress.status == ProgressStatus.COMPLETED and progress.best_score == 100 and progress.attempts == 2


def test_forged_answer_numbers_score_nothing(worker, catalogue):
    """Answer numbers that do not exist, or are not numbers, count as no answer."""
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    lesson = catalogue["quiz"]
    result = services.quiz_submit(person=worker, lesson=lesson, answers=quiz_answers(lesson, [[7], []]))
    assert result.score == 0


def test_lesson_with_quiz_cannot_be_marked_done_without_it(worker, catalogue):
    """'I have finished' does not complete a lesson that has a quiz."""
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    with pytest.raises(services.QuizRequired):
        services.lesson_progress_complete(person=worker, lesson=catalogue["quiz"])


def test_progress_needs_an_enrolment(worker, catalogue):
    """Completing a lesson of a course one is not enrolled in is refused."""
    with pytest.raises(services.NotEnrolled):
        services.lesson_progress_complete(person=worker, lesson=catalogue["reading"])
    assert not LessonProgress.objects.exists()


def test_course_completes_once_when_all_required_lessons_are_done(
    worker, catalogue, django_capture_on_commit_callbacks
):
    """The course completes with the last required lesson, is announced once, and stays completed."""
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    announced = mock.Mock()
    course_completed.connect(announced)
    try:
        with pytest.raises(services.QuizRequired):
            services.lesson_progress_complete(person=worker, lesson=catalogue["quiz"])
        services.lesson_progress_complete(person=worker, lesson=catalogue["reading"])
        assert Enrolment.objects.get().completed_at is None
        lesson = catalogue["quiz"]
        with django_capture_on_commit_callbacks(execute=True):
            services.quiz_submit(person=worker, lesson=lesson, answers=quiz_answers(lesson, [[1], [0, 1]]))
        first = Enrolment.objects.get().completed_at
        with django_capture_on_commit_callbacks(execute=True):
            services.quiz_submit(person=worker, lesson=lesson, answers=quiz_answers(lesson, [[1], [0, 1]]))
            services.lesson_progress_complete(person=worker, lesson=catalogue["reading"])
    finally:
        course_completed.disconnect(announced)
    enrolment = Enrolment.objects.get()
    assert enrolment.completed_at == first and enrolment.completion_source == CompletionSource.SELF_PACED
    assert announced.call_count == 1 and announced.call_args.kwargs["completion_id"] == enrolment.completion.pk


def test_optional_lesson_is_not_needed_for_completion(worker, catalogue):
    """An optional lesson left unread does not hold back the course."""
    LessonPageFactory(parent=catalogue["course"], title="More reading", required=False)
    services.completion_record(person=worker, course=catalogue["course"], source=CompletionSource.SEMINAR)
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    assert Enrolment.objects.get().completed_at is not None


def test_programme_completes_when_all_its_courses_do(worker, catalogue, django_capture_on_commit_callbacks):
    """Completing the programme's last course records the programme completion once."""
    announced = mock.Mock()
    programme_completed.connect(announced)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.completion_record(person=worker, course=catalogue["course"], source=CompletionSource.SEMINAR)
            services.completion_record(person=worker, course=catalogue["course"], source=CompletionSource.SEMINAR)
    finally:
        programme_completed.disconnect(announced)
    assert ProgrammeCompletion.objects.filter(person=worker, programme=catalogue["programme"]).count() == 1
    assert announced.call_count == 1


def test_optional_lesson_left_unread_does_not_hold_back_completion_by_lessons(worker, catalogue):
    """A course with a required and an optional lesson completes when the required one is done."""
    course = CoursePageFactory(parent=catalogue["programme"], title="First aid", slug="first-aid")
    required = LessonPageFactory(parent=course, title="Call for help", required=True)
    LessonPageFactory(parent=course, title="Further reading", required=False)
    services.enrolment_create(person=worker, course=course, enrolled_by=worker)
    services.lesson_progress_complete(person=worker, lesson=required)
    assert Enrolment.objects.get(course=course).completed_at is not None


def test_required_lesson_left_unread_holds_back_completion(worker, catalogue):
    """Reading only the optional lesson of a course does not complete it: the required one is still to do."""
    course = CoursePageFactory(parent=catalogue["programme"], title="First aid", slug="first-aid")
    LessonPageFactory(parent=course, title="Call for help", required=True)
    optional = LessonPageFactory(parent=course, title="Further reading", required=False)
    services.enrolment_create(person=worker, course=course, enrolled_by=worker)
    services.lesson_progress_complete(person=worker, lesson=optional)
    assert Enrolment.objects.get(course=course).completed_at is None


def test_progress_made_in_khmer_counts_for_the_english_course(worker, catalogue):
    """A learner reading the Khmer version records progress on the same course."""
    khmer_reading = catalogue["reading"].get_translation(Locale.objects.get(language_code="km"))
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    progress = services.lesson_progress_complete(person=worker, lesson=khmer_reading)
    assert progress.lesson_id == catalogue["reading"].pk and progress.course_id == catalogue["course"].pk


def test_enrolling_a_large_department_takes_a_fixed_number_of_queries(worker, catalogue, django_assert_max_num_queries):
    """HR enrolling 200 workers at once costs the same few queries as enrolling 2."""
    hr = PersonFactory(factory=worker.factory, roles=[Role.FACTORY_HR])
    people = PersonFactory.create_batch(200, factory=worker.factory)
    services.enrolment_create(person=people[0], course=catalogue["course"], enrolled_by=hr)
    with django_assert_max_num_queries(25):
        summary = services.enrolments_create_many(people=people, course=catalogue["course"], enrolled_by=hr)
    assert len(summary.created) == 199 and len(summary.already) == 1 and not summary.blocked
    assert Enrolment.objects.filter(course=catalogue["course"]).count() == 200


def test_bulk_enrolment_reports_who_misses_a_prerequisite(worker, catalogue):
    """In a bulk enrolment, a worker without the prerequisite is reported and the others enrolled."""
    advanced = CoursePageFactory(parent=catalogue["programme"], title="Evacuation leader")
    advanced.prerequisites.add(catalogue["course"])
    advanced.save_revision().publish()
    ready = PersonFactory(factory=worker.factory)
    services.completion_record(person=ready, course=catalogue["course"], source=CompletionSource.SEMINAR)
    hr = PersonFactory(factory=worker.factory, roles=[Role.FACTORY_HR])
    summary = services.enrolments_create_many(people=[ready, worker], course=advanced, enrolled_by=hr)
    assert summary.created == [ready]
    assert summary.blocked[0][0] == worker and "Fire safety" in summary.blocked[0][1]
