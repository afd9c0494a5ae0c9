"""A lesson completes only when each of its scored parts (its quiz, each H5P exercise) is passed."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from courses import services, xapi
from courses.factories import LessonPageFactory, translations_sync
from courses.models import LessonPartResult, LessonProgress, XapiStatement
from tests.conftest import QUIZ
from tests.courses.conftest import exercise_address, package_block, statement

RIGHT = {0: ["1"], 1: ["0", "1"]}  # the right answers of QUIZ
WRONG = {0: ["0"], 1: []}


@pytest.fixture
def quiz_and_exercise(catalogue):
    """A lesson with an H5P exercise and a quiz."""
    lesson = LessonPageFactory(parent=catalogue["course"], slug="both", body=[package_block(), QUIZ])
    translations_sync()
    return lesson


@pytest.fixture
def two_exercises(catalogue):
    lesson = LessonPageFactory(parent=catalogue["course"], slug="two", body=[package_block(), package_block()])
    translations_sync()
    return lesson


def answer_quiz(learner, lesson, picks):
    ((quiz_id, _quiz),) = lesson.quizzes
    answers = {services.quiz_answer_field(quiz_id, number): chosen for number, chosen in picks.items()}
    return services.quiz_submit(person=learner, lesson=lesson, answers=answers)


def send(learner, lesson, **kwargs):
    return services.xapi_statement_record(
        person=learner, lesson=lesson, statement=xapi.statement_check(statement(lesson, **kwargs))
    )


def completed(learner, lesson) -> bool:
    return LessonProgress.objects.filter(person=learner, lesson=lesson, completed_at__isnull=False).exists()


def test_a_passed_exercise_does_not_complete_a_lesson_whose_quiz_is_not_passed(learner, quiz_and_exercise):
    """Reporting the exercise as passed (even forged, at 100%) leaves the lesson open until the quiz is passed."""
    outcome = send(learner, quiz_and_exercise, scaled=1.0, success=True)
    assert outcome.created and outcome.score == 100 and not outcome.completed
    assert not completed(learner, quiz_and_exercise)


def test_exercise_then_quiz_completes_the_lesson(learner, quiz_and_exercise):
    """Passing the exercise and then the quiz completes the lesson."""
    send(learner, quiz_and_exercise)
    result = answer_quiz(learner, quiz_and_exercise, RIGHT)
    assert result.passed and result.progress.completed_at is not None


def test_quiz_then_exercise_completes_the_lesson(learner, quiz_and_exercise):
    """Passing the quiz alone leaves the lesson open; the exercise passed afterwards completes it."""
    result = answer_quiz(learner, quiz_and_exercise, RIGHT)
    assert result.passed and result.progress.completed_at is None
    assert send(learner, quiz_and_exercise).completed
    assert completed(learner, quiz_and_exercise)


def test_a_failed_quiz_with_a_passed_exercise_keeps_the_lesson_open(learner, quiz_and_exercise):
    """The exercise passed and the quiz failed: the lesson is not complete."""
    send(learner, quiz_and_exercise)
    assert not answer_quiz(learner, quiz_and_exercise, WRONG).passed
    assert not completed(learner, quiz_and_exercise)


def test_each_part_keeps_its_own_result(learner, quiz_and_exercise):
    """The quiz and the exercise each keep their best score and whether they are passed."""
    answer_quiz(learner, quiz_and_exercise, WRONG)
    send(learner, quiz_and_exercise, scaled=1.0)
    parts = {r.part: r for r in LessonPartResult.objects.filter(progress__person=learner)}
    exercise = services.exercise_part(quiz_and_exercise.body[0].value["package"].folder)
    assert set(parts) == {services.QUIZ_PART, exercise}
    assert (parts[services.QUIZ_PART].best_score, parts[services.QUIZ_PART].passed_at) == (0, None)
    assert parts[exercise].best_score == 100 and parts[exercise].passed_at is not None


def test_a_lesson_with_two_exercises_needs_both(learner, two_exercises):
    """Passing one exercise twice does not complete a lesson with two; passing the second does."""
    send(learner, two_exercises)
    send(learner, two_exercises)
    assert not completed(learner, two_exercises)
    assert send(learner, two_exercises, object_id=exercise_address(two_exercises, 1)).completed


def test_a_statement_about_a_package_of_another_lesson_is_refused(learner, h5p_lesson, quiz_and_exercise):
    """A result for the exercise of another lesson neither counts here nor is recorded."""
    answer_quiz(learner, quiz_and_exercise, RIGHT)
    with pytest.raises(services.StatementRefused):
        send(learner, quiz_and_exercise, object_id=exercise_address(h5p_lesson))
    assert not XapiStatement.objects.exists() and not completed(learner, quiz_and_exercise)


def test_a_question_inside_the_exercise_does_not_pass_it(learner, h5p_lesson):
    """A passed sub-question (subContentId) is recorded but the exercise is not passed by it."""
    outcome = send(learner, h5p_lesson, object_id=exercise_address(h5p_lesson) + "?subContentId=4f1c")
    assert outcome.created and not outcome.completed
    assert not LessonPartResult.objects.filter(passed_at__isnull=False).exists()


def test_i_have_finished_cannot_complete_a_lesson_with_an_exercise(learner, h5p_lesson):
    """'I have finished this lesson' is refused on a lesson whose exercise is not passed."""
    with pytest.raises(services.QuizRequired):
        services.lesson_progress_complete(person=learner, lesson=h5p_lesson)
    assert not completed(learner, h5p_lesson)


def test_the_quiz_page_says_the_exercise_is_still_to_do(client, learner, quiz_and_exercise):
    """After passing the quiz of a lesson whose exercise is not done, the page says so instead of 'complete'."""
    client.force_login(learner)
    ((quiz_id, _quiz),) = quiz_and_exercise.quizzes
    data = {"quiz": "1", **{services.quiz_answer_field(quiz_id, n): chosen for n, chosen in RIGHT.items()}}
    page = client.post("/catalogue/osh/fire-safety/both/", data).content.decode()
    result = page[page.index('id="result"') :].split("</div>", 1)[0]
    assert "Finish the exercise on this page too" in result and "this lesson is complete" not in result


# serialized_rollback: a transactional test ends by emptying the database; this puts back what the
# migrations wrote (site, locales, roles) for the next one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two real connections to PostgreSQL")
def test_quiz_and_exercise_passed_at_the_same_moment_complete_the_lesson(learner, quiz_and_exercise):
    """The quiz and the exercise passed by two simultaneous requests: the lesson still completes."""
    finished = threading.Event()

    def exercise_request():
        try:  # without a score: nothing but the lock makes this request wait for the other
            body = {**statement(quiz_and_exercise), "result": {"success": True, "completion": True}}
            services.xapi_statement_record(
                person=learner, lesson=quiz_and_exercise, statement=xapi.statement_check(body)
            )
        finally:
            connection.close()
            finished.set()

    services.lesson_progress_start(person=learner, lesson=quiz_and_exercise)
    with transaction.atomic():
        services.lesson_part_result_record(
            person=learner,
            lesson=quiz_and_exercise,
            part=services.QUIZ_PART,
            score=100,
            passed=True,
            now=timezone.now(),
        )
        other = threading.Thread(target=exercise_request)
        other.start()
        time.sleep(1)  # the other request runs now, while this one has not committed
    other.join(timeout=30)
    assert finished.is_set() and completed(learner, quiz_and_exercise)
