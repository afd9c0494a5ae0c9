"""Results of H5P exercises arrive as xAPI statements: recorded once, for enrolled learners only."""

from courses import services
from courses.factories import LessonPageFactory
from courses.models import Enrolment, LessonProgress, XapiStatement
from lms.people.choices import Role
from lms.people.factories import PersonFactory
from tests.conftest import QUIZ
from tests.courses.conftest import ANSWERED, exercise_address, package_block, post, statement


def test_lesson_page_renders_the_player_with_a_loading_message(client, learner, h5p_lesson):
    """The lesson shows the H5P block with its script, a progress message and a failure message."""
    client.force_login(learner)
    page = client.get("/catalogue/osh/fire-safety/practise/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "h5p-lesson.js" in page
    assert "Loading the exercise" in page and "could not be loaded" in page
    assert f'data-xapi-url="/learning/xapi/{h5p_lesson.pk}/"' in page
    assert "I have finished this lesson" not in page


def test_completed_statement_with_success_completes_the_lesson(client, learner, h5p_lesson):
    """A passing 'completed' statement is stored with its scores and completes the lesson."""
    client.force_login(learner)
    response = post(client, h5p_lesson, statement(h5p_lesson, scaled=1.0, success=True))
    assert response.status_code == 201 and response.json() == {
        "recorded": True,
        "score": 100,
        "completed": True,
        "passed": True,
        "course_completed": False,
    }
    record = XapiStatement.objects.get()
    assert (record.verb, record.raw, record.max, record.scaled, record.success, record.completion) == (
        "completed",
        1,
        1,
        1.0,
        True,
        True,
    )
    assert record.object_id == exercise_address(h5p_lesson)
    assert LessonProgress.objects.get(person=learner, lesson=h5p_lesson).completed_at is not None


def test_failed_attempt_is_recorded_but_does_not_complete(client, learner, h5p_lesson):
    """success=false keeps the lesson open; the learner sees their score."""
    client.force_login(learner)
    response = post(client, h5p_lesson, statement(h5p_lesson, verb=ANSWERED, scaled=0.0, success=False))
    assert response.status_code == 201 and response.json()["completed"] is False
    assert LessonProgress.objects.get(person=learner, lesson=h5p_lesson).completed_at is None


def test_lesson_pass_mark_overrides_the_package_success(client, learner, h5p_lesson):
    """With a pass mark of 80%, a 'successful' 60% does not complete; 90% does."""
    h5p_lesson.pass_mark = 80
    h5p_lesson.save_revision().publish()
    client.force_login(learner)
    assert post(client, h5p_lesson, statement(h5p_lesson, scaled=0.6, success=True)).json()["completed"] is False
    assert post(client, h5p_lesson, statement(h5p_lesson, scaled=0.9, success=False)).json()["completed"] is True


def test_same_statement_twice_is_recorded_once(client, learner, h5p_lesson):
    """A statement sent again (a retry on a bad connection) changes nothing the second time."""
    client.force_login(learner)
    body = statement(h5p_lesson)
    assert post(client, h5p_lesson, body).status_code == 201
    again = post(client, h5p_lesson, body)
    assert again.status_code == 200 and again.json()["recorded"] is False
    assert XapiStatement.objects.count() == 1
    assert LessonProgress.objects.get(person=learner, lesson=h5p_lesson).attempts == 1


def test_sub_question_statements_do_not_complete_the_lesson(client, learner, h5p_lesson):
    """A statement about one question inside the exercise is kept but does not complete the lesson."""
    client.force_login(learner)
    post(client, h5p_lesson, statement(h5p_lesson, object_id=exercise_address(h5p_lesson) + "?subContentId=abc"))
    assert XapiStatement.objects.count() == 1 and not LessonProgress.objects.filter(completed_at__isnull=False).exists()


def test_anonymous_posts_are_refused(client, h5p_lesson):
    """Without signing in, nothing is recorded."""
    assert post(client, h5p_lesson, statement(h5p_lesson)).status_code == 401
    assert not XapiStatement.objects.exists()


def test_learner_not_enrolled_is_refused(client, h5p_lesson):
    """A learner who is not enrolled in the course gets 403 and nothing is recorded."""
    client.force_login(PersonFactory())
    assert post(client, h5p_lesson, statement(h5p_lesson)).status_code == 403
    assert not XapiStatement.objects.exists()


def test_statement_for_a_lesson_without_h5p_is_refused(client, learner, catalogue):
    """Statements are accepted only for lessons that have an H5P exercise."""
    client.force_login(learner)
    body = statement(None, object_id=f"http://testserver/h5p/packages/{'a' * 32}")
    assert post(client, catalogue["reading"], body).status_code == 400


def test_another_learner_cannot_reuse_a_statement_id(client, learner, h5p_lesson, catalogue):
    """A statement id already used by someone else is refused, not attributed to the new sender."""
    other = PersonFactory(factory=learner.factory)
    services.enrolment_create(person=other, course=catalogue["course"], enrolled_by=other)
    body = statement(h5p_lesson)
    client.force_login(learner)
    post(client, h5p_lesson, body)
    client.force_login(other)
    assert post(client, h5p_lesson, body).status_code == 400
    assert not LessonProgress.objects.filter(person=other).exists()


def test_hr_sees_the_completion_of_an_h5p_course(client, learner, h5p_lesson, catalogue):
    """Once every lesson is done, including the H5P one, HR sees the course completed."""
    client.force_login(learner)
    services.lesson_progress_complete(person=learner, lesson=catalogue["reading"])
    lesson = catalogue["quiz"]
    ((quiz_id, _quiz),) = lesson.quizzes
    services.quiz_submit(
        person=learner, lesson=lesson, answers={f"quiz-{quiz_id}-0": ["1"], f"quiz-{quiz_id}-1": ["0", "1"]}
    )
    post(client, h5p_lesson, statement(h5p_lesson))
    assert Enrolment.objects.get(person=learner).completed_at is not None
    client.force_login(PersonFactory(factory=learner.factory, roles=[Role.FACTORY_HR]))
    page = client.get("/learning/factory/").content.decode()
    assert "Fire safety" in page and "✓" in page


def test_lesson_with_an_exercise_and_a_quiz_offers_both(client, learner, catalogue):
    """A lesson holding an H5P exercise and a quiz shows the player and the quiz's answer button."""
    LessonPageFactory(parent=catalogue["course"], slug="both", body=[package_block(), QUIZ])
    client.force_login(learner)
    page = client.get("/catalogue/osh/fire-safety/both/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "h5p-lesson.js" in page and "Check my answers" in page and "I have finished" not in page
