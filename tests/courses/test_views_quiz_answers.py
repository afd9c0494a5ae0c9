"""Quiz answers in odd forms count as no answer: the learner gets a normal score, never an error page."""

import re

import pytest

from courses.models import LessonPartResult

ODD_VALUES = ["²", "¹", "٣", "១", "1" * 5000, "-1", "1.0", "NaN", " 1", "1\n", "+1", "0x1", "", "1" + "\u200b"]


@pytest.fixture
def quiz_fields(client, learner, catalogue):
    """The field names of the quiz lesson's two questions, as the learner's page shows them."""
    client.force_login(learner)
    page = client.get("/catalogue/osh/fire-safety/quiz/").content.decode()
    return sorted(set(re.findall(r'name="(quiz-[^"]+)"', page)))


@pytest.mark.parametrize("value", ODD_VALUES, ids=[repr(v[:8]) for v in ODD_VALUES])
def test_an_odd_answer_counts_as_not_chosen(client, quiz_fields, value):
    """An answer that is not a plain choice number scores that question as wrong; the other still counts."""
    first, second = quiz_fields
    response = client.post("/catalogue/osh/fire-safety/quiz/", {"quiz": "1", first: value, second: ["0", "1"]})
    assert response.status_code == 200 and "Your score: 50%" in response.content.decode()
    assert LessonPartResult.objects.get().best_score == 50


def test_thousands_of_values_for_one_question_are_not_a_right_answer(client, quiz_fields):
    """Sending every number at once for a question does not make it right, and the page still answers."""
    first, second = quiz_fields
    flood = [str(n) for n in range(3000)] + ["1"] * 1000  # two of these stay under the field limit
    response = client.post("/catalogue/osh/fire-safety/quiz/", {"quiz": "1", first: flood, second: flood})
    assert response.status_code == 200 and "Your score: 0%" in response.content.decode()


def test_more_fields_than_a_form_may_hold_is_a_bad_request(client, quiz_fields, settings):
    """A form with more fields than the site accepts is refused with a 400 and records nothing."""
    fields = {f"quiz-x-{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post("/catalogue/osh/fire-safety/quiz/", {"quiz": "1", **fields})
    assert response.status_code == 400 and not LessonPartResult.objects.exists()


def test_each_answer_row_is_one_tap_target(client, learner, catalogue):
    """Each answer's whole row (its text as well as its circle or box) chooses it: the input sits
    inside a label of the shared answer-row class, with the answer's text."""
    client.force_login(learner)
    page = client.get("/catalogue/osh/fire-safety/quiz/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rows = re.findall(
        r'<label class="choice"><input [^>]*type="(radio|checkbox)"[^>]*> <span>([^<]+)</span></label>', page
    )
    assert rows == [
        ("radio", "Back to my machine"),
        ("radio", "To the assembly point"),
        ("checkbox", "Door A"),
        ("checkbox", "Door B"),
        ("checkbox", "Window"),
    ]
