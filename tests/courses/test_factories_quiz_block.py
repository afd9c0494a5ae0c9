"""Quizzes built in code (tests, the demo) reach translators like quizzes built in the page editor."""

import pytest
from wagtail_localize.models import TranslationSource

from courses.factories import LessonPageFactory, quiz_block
from courses.models import LessonPage

pytestmark = pytest.mark.django_db


def source_strings(page) -> set[str]:
    source, _created = TranslationSource.get_or_create_from_instance(LessonPage.objects.get(pk=page.pk))
    return {segment.string.data for segment in source.stringsegment_set.select_related("string")}


def test_a_quiz_built_in_code_offers_every_part_to_the_translation_editor(catalogue):
    """A translator opening a demo lesson finds its quiz's title, question, answers and explanation to translate."""
    quiz = quiz_block(
        [("What do you do when the alarm rings?", [("Keep sewing", False), ("Walk out", True)], "Leave calmly.")],
        title="Check yourself",
    )
    lesson = LessonPageFactory(parent=catalogue["course"], title="Alarm", slug="alarm", body=[quiz])

    strings = source_strings(lesson)

    assert {
        "Check yourself",
        "What do you do when the alarm rings?",
        "Keep sewing",
        "Walk out",
        "Leave calmly.",
    } <= strings


def test_a_quiz_built_in_code_is_marked_and_shown_as_before(catalogue):
    """The quiz a learner reads keeps its questions, answers and which answers are right."""
    quiz = quiz_block([("Exits?", [("Door A", True), ("Window", False)], "")])
    lesson = LessonPageFactory(parent=catalogue["course"], title="Which exits", slug="which-exits", body=[quiz])

    ((_id, value),) = LessonPage.objects.get(pk=lesson.pk).quizzes

    assert [(q["question"], [(a["text"], a["correct"]) for a in q["answers"]]) for q in value["questions"]] == [
        ("Exits?", [("Door A", True), ("Window", False)])
    ]
