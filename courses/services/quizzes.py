"""Scoring a lesson's quiz on the server: the right answers never reach the browser."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import LessonPage, LessonProgress
from lms.people.models import Person

from .errors import CourseError
from .progress import QUIZ_PART, lesson_part_result_record


@dataclass(frozen=True)
class QuestionResult:
    quiz_id: str
    number: int
    chosen: frozenset[int]
    right: bool
    explanation: str


@dataclass(frozen=True)
class QuizResult:
    questions: list[QuestionResult]
    score: int  # percent
    passed: bool
    pass_mark: int
    progress: LessonProgress

    def for_quiz(self, quiz_id: str) -> dict[int, QuestionResult]:
        return {q.number: q for q in self.questions if q.quiz_id == quiz_id}


def quiz_answer_field(quiz_id: str, number: int) -> str:
    """The form field name of one question: the same in the template and here."""
    return f"quiz-{quiz_id}-{number}"


def quiz_submit(*, person: Person, lesson: LessonPage, answers, now: datetime.datetime | None = None) -> QuizResult:
    """Score the learner's answers on the server against the published lesson.

    `answers` maps field names (see quiz_answer_field) to lists of chosen answer numbers, like a
    QueryDict. A question counts as right when exactly the right answers are chosen. The quiz is
    passed when the score reaches the pass mark, and the lesson completes once its exercises, if
    any, are passed too; the best score of the current cycle is kept.
    """
    quizzes = lesson.quizzes
    if not quizzes:
        raise CourseError(_("This lesson has no quiz."))
    results = []
    for quiz_id, quiz in quizzes:
        for number, question in enumerate(quiz["questions"]):
            right_answers = frozenset(i for i, answer in enumerate(question["answers"]) if answer["correct"])
            chosen = _answer_numbers(answers, quiz_answer_field(quiz_id, number), len(question["answers"]))
            results.append(
                QuestionResult(
                    quiz_id=quiz_id,
                    number=number,
                    chosen=chosen,
                    right=chosen == right_answers,
                    explanation=question["explanation"],
                )
            )
    score = round(100 * sum(r.right for r in results) / len(results))
    passed = score >= lesson.quiz_pass_mark
    progress, _result = lesson_part_result_record(
        person=person, lesson=lesson, part=QUIZ_PART, score=score, passed=passed, now=now or timezone.now()
    )
    return QuizResult(questions=results, score=score, passed=passed, pass_mark=lesson.quiz_pass_mark, progress=progress)


# An answer is the number of a choice as the form writes it: plain ASCII digits, a few of them.
# Anything else ("²", "٣", "-1", "1.0", thousands of digits) is no choice at all.
_ANSWER_NUMBER = re.compile(r"[0-9]{1,3}")


def _answer_numbers(answers, name: str, count: int) -> frozenset[int]:
    values = answers.getlist(name) if hasattr(answers, "getlist") else answers.get(name, [])
    return frozenset(int(v) for v in map(str, values) if _ANSWER_NUMBER.fullmatch(v) and int(v) < count)
