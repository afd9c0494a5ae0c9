"""An H5P attempt that did not pass never looks like success, and the learner can try again."""

from courses import services
from tests.courses.conftest import ANSWERED, post, statement

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PRACTISE = "/catalogue/osh/fire-safety/practise/"


def test_failed_attempt_says_it_did_not_pass(client, learner, h5p_lesson):
    """A wrong answer is reported as not passed, so the page says so instead of 'saved'."""
    client.force_login(learner)
    answer = post(client, h5p_lesson, statement(h5p_lesson, verb=ANSWERED, scaled=0.0, success=False)).json()
    assert answer["passed"] is False and answer["completed"] is False and answer["course_completed"] is False


def test_passed_attempt_says_it_passed(client, learner, h5p_lesson):
    """A right answer is reported as passed and completes the exercise's lesson."""
    client.force_login(learner)
    answer = post(client, h5p_lesson, statement(h5p_lesson, verb=ANSWERED, scaled=1.0, success=True)).json()
    assert answer["passed"] is True and answer["completed"] is True


def test_statement_sent_again_is_no_new_attempt(client, learner, h5p_lesson):
    """A statement repeated on a bad connection neither passes nor fails anything a second time."""
    client.force_login(learner)
    body = statement(h5p_lesson, verb=ANSWERED, scaled=0.0, success=False)
    post(client, h5p_lesson, body)
    assert post(client, h5p_lesson, body).json()["passed"] is None


def test_exercise_that_finishes_the_course_says_so(client, learner, h5p_lesson, catalogue):
    """When the exercise is the last thing left, the answer says the course is complete."""
    client.force_login(learner)
    services.lesson_progress_complete(person=learner, lesson=catalogue["reading"])
    services.quiz_submit(
        person=learner,
        lesson=catalogue["quiz"],
        answers={
            f"quiz-{catalogue['quiz'].quizzes[0][0]}-0": ["1"],
            f"quiz-{catalogue['quiz'].quizzes[0][0]}-1": ["0", "1"],
        },
    )
    answer = post(client, h5p_lesson, statement(h5p_lesson, scaled=1.0, success=True)).json()
    assert answer["completed"] is True and answer["course_completed"] is True


def test_lesson_page_offers_try_again_and_plain_words_for_a_failed_attempt(client, learner, h5p_lesson):
    """The exercise's lesson carries a 'Try again' button and a 'Not passed' message, never a score
    that reads like success."""
    client.force_login(learner)
    page = client.get(PRACTISE, **EN).content.decode()
    assert 'class="block h5p-retry" hidden>Try again</button>' in page
    assert 'data-text-failed="Not passed this time.' in page
    assert "best score so far" not in page
