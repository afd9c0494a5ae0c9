"""Every malformed statement is refused with a 400 and a plain message, and changes nothing."""

import json

import pytest

from courses import xapi
from courses.models import LessonPartResult, LessonProgress, XapiStatement
from tests.courses.conftest import exercise_address, post, statement


def with_score(**score):
    return lambda lesson: {**statement(lesson), "result": {"score": score, "success": True}}


def replacing(key, value):
    return lambda lesson: {**statement(lesson), key: value}


def raw_text(text: str):
    """A statement whose score.raw is written as this JSON text (json.dumps cannot write it)."""
    return lambda lesson: json.dumps(statement(lesson)).replace('"raw": 1.0', f'"raw": {text}')


def object_id(value):
    return lambda lesson: {**statement(lesson), "object": {"id": value}}


MALFORMED = {
    "not JSON": lambda lesson: "{not json",
    "not UTF-8": lambda lesson: b'{"id": "\xff\xfe"}',
    "a list": lambda lesson: "[]",
    "a string": lambda lesson: '"statement"',
    "a number": lambda lesson: "1",
    "null": lambda lesson: "null",
    "NaN": raw_text("NaN"),
    "Infinity": raw_text("Infinity"),
    "-Infinity": raw_text("-Infinity"),
    "1e999": raw_text("1e999"),
    "5,000 digits": raw_text("9" * 5000),
    "20 digits": raw_text("1" + "0" * 19),
    "NaN in the context": lambda lesson: (
        json.dumps(statement(lesson))[:-1] + ', "context": {"extensions": {"x": NaN}}}'
    ),
    "5,000 digits in the context": lambda lesson: (
        json.dumps(statement(lesson))[:-1] + f', "context": {{"n": {"1" * 5000}}}}}'
    ),
    "deep nesting": lambda lesson: "[" * 100_000 + "]" * 100_000,
    "deep nesting inside": lambda lesson: (
        json.dumps(statement(lesson))[:-1] + ', "context": ' + "[" * 5000 + "]" * 5000 + "}"
    ),
    "larger than the limit": lambda lesson: {
        **statement(lesson),
        "result": {"success": True, "response": "x" * xapi.MAX_STATEMENT_BYTES},
    },
    "no id": lambda lesson: {key: value for key, value in statement(lesson).items() if key != "id"},
    "id not a UUID": replacing("id", "not-a-uuid"),
    "id a number": replacing("id", 12),
    "verb a string": replacing("verb", "http://adlnet.gov/expapi/verbs/completed"),
    "verb id a list": replacing("verb", {"id": ["http://adlnet.gov/expapi/verbs/completed"]}),
    "another verb": replacing("verb", {"id": "http://adlnet.gov/expapi/verbs/experienced"}),
    "no object": lambda lesson: {key: value for key, value in statement(lesson).items() if key != "object"},
    "object a string": replacing("object", "x"),
    "object id a number": object_id(5),
    "object id with NUL": lambda lesson: {**statement(lesson), "object": {"id": exercise_address(lesson) + "\x00"}},
    "object id with a lone surrogate": lambda lesson: json.dumps(statement(lesson)).replace(
        exercise_address(lesson), exercise_address(lesson) + "\\ud800"
    ),
    "object id too long": lambda lesson: {
        **statement(lesson),
        "object": {"id": exercise_address(lesson) + "?" + "a" * xapi.MAX_OBJECT_ID_LENGTH},
    },
    "object definition a list": lambda lesson: {
        **statement(lesson),
        "object": {"id": exercise_address(lesson), "definition": []},
    },
    "actor a string": replacing("actor", "learner"),
    "actor a list": replacing("actor", []),
    "context a list": replacing("context", [1]),
    "result a list": replacing("result", [1]),
    "result null": replacing("result", None),
    "score a string": lambda lesson: {**statement(lesson), "result": {"score": "100"}},
    "success a string": lambda lesson: {**statement(lesson), "result": {"success": "yes"}},
    "completion a number": lambda lesson: {**statement(lesson), "result": {"completion": 1}},
    "duration a number": lambda lesson: {**statement(lesson), "result": {"duration": 12}},
    "raw true": with_score(raw=True, max=1, scaled=1),
    "max true": with_score(raw=1, max=True, scaled=1),
    "scaled true": with_score(scaled=True),
    "raw a string": with_score(raw="1", max=1),
    "raw below 0": with_score(raw=-1, max=5),
    "raw above max": with_score(raw=6, max=5, scaled=1),
    "max 0": with_score(raw=0, max=0),
    "max below 0": with_score(raw=-1, max=-1),
    "max too large": with_score(raw=1, max=xapi.MAX_SCORE + 1),
    "raw without max": with_score(raw=1),
    "max without raw": with_score(max=1),
    "min not 0": with_score(min=1, raw=1, max=1, scaled=1),
    "scaled above 1": with_score(scaled=1.5),
    "scaled below 0": with_score(scaled=-0.1),
    "scaled against raw / max": with_score(raw=1, max=4, scaled=1),
}


@pytest.mark.parametrize("make_body", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_statement_is_refused_and_changes_nothing(client, learner, h5p_lesson, make_body):
    """A malformed statement gets a 400 with a plain message; nothing is recorded."""
    client.force_login(learner)
    response = post(client, h5p_lesson, make_body(h5p_lesson))
    assert response.status_code == 400 and response.json()["error"]
    assert not XapiStatement.objects.exists()
    assert not LessonProgress.objects.exists() and not LessonPartResult.objects.exists()


def test_a_body_declared_too_large_is_refused_before_it_is_read(client, learner, h5p_lesson):
    """A request announcing more than the limit is refused without reading it."""
    client.force_login(learner)
    response = client.generic(
        "POST",
        f"/learning/xapi/{h5p_lesson.pk}/",
        data=json.dumps(statement(h5p_lesson)),
        content_type="application/json",
        CONTENT_LENGTH=str(10 * 1024 * 1024),
    )
    assert response.status_code == 400 and "KB" in response.json()["error"]
    assert not XapiStatement.objects.exists()


def test_a_full_statement_from_h5p_is_recorded(client, learner, h5p_lesson):
    """A statement with everything H5P sends (actor, context, definition, duration, response) is accepted."""
    client.force_login(learner)
    body = statement(h5p_lesson)
    body["object"]["definition"] = {
        "extensions": {"http://h5p.org/x-api/h5p-local-content-id": 1},
        "name": {"en-US": "Where do you go?"},
        "interactionType": "choice",
        "choices": [{"id": "0", "description": {"en-US": "Back to my machine"}}],
    }
    body["context"] = {"contextActivities": {"category": [{"id": "http://h5p.org/libraries/Sala.TinyChoice-1.0"}]}}
    body["result"].update({"duration": "PT3.5S", "response": "1"})
    body["result"]["score"] = {"min": 0, "raw": 2, "max": 3, "scaled": 0.6667}
    response = post(client, h5p_lesson, body)
    assert response.status_code == 201 and response.json()["score"] == 67


@pytest.mark.parametrize(
    "address",
    [
        "/learning/xapi/99999999999999999999/",
        "/learning/xapi/" + "9" * 5000 + "/",
        "/learning/enrol/99999999999999999999/",
        "/learning/enrol/" + "9" * 5000 + "/",
    ],
)
def test_numbers_too_big_in_addresses_are_not_found(client, learner, address):
    """A lesson or course number too big for the database is simply not found."""
    client.force_login(learner)
    assert client.post(address, data="{}", content_type="application/json").status_code == 404
