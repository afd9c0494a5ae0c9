"""Recording results H5P exercises report as xAPI statements. Checking a statement's shape is
`courses.xapi` (no database); this module decides what a checked statement counts for."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import xapi
from courses.models import LessonPage, XapiStatement
from lms.people.models import Person

from .errors import NotEnrolled, StatementRefused
from .progress import enrolment_for_lesson, exercise_part, lesson_part_result_record, lesson_parts


@dataclass(frozen=True)
class StatementOutcome:
    created: bool
    score: int | None  # the exercise's best score so far in the current cycle, out of 100
    completed: bool  # the lesson, in the current cycle
    # Whether this attempt at the whole exercise passed; None for a statement that is no attempt
    # (about one part of the exercise, or a repeat of one already recorded).
    passed: bool | None = None
    course_completed: bool = False  # the current cycle of the course, by this lesson or before


@transaction.atomic
def xapi_statement_record(*, person: Person, lesson: LessonPage, statement: xapi.Statement) -> StatementOutcome:
    """Record a learner's statement from an H5P exercise of this lesson once (by its id).

    A statement about the whole exercise counts as an attempt at that exercise, which is passed at
    the lesson's pass mark if it has one, otherwise when the exercise itself reports success. The
    lesson completes when all its scored parts are passed (see lesson_part_result_record): an
    exercise never stands in for the quiz. A statement about another package is refused.
    """
    english, enrolment = enrolment_for_lesson(person=person, lesson=lesson)
    if enrolment is None:
        raise NotEnrolled(_("Enrol in the course first."))
    if not lesson.has_h5p:
        raise StatementRefused("This lesson has no H5P exercise.")
    folder = statement.package_folder
    part = exercise_part(folder) if folder else None
    if part not in lesson_parts(lesson):
        raise StatementRefused("The statement is not about an exercise of this lesson.")
    try:
        with transaction.atomic():
            XapiStatement.objects.create(
                statement_id=statement.id,
                person=person,
                lesson=english,
                verb=statement.verb,
                object_id=statement.object_id,
                raw=statement.raw,
                max=statement.max,
                scaled=statement.scaled,
                success=statement.success,
                completion=statement.completion,
            )
    except IntegrityError:  # this id is recorded already, perhaps by a simultaneous request
        if XapiStatement.objects.filter(statement_id=statement.id).exclude(person=person).exists():
            raise StatementRefused("This statement id is already used.") from None
        return _exercise_outcome(enrolment=enrolment, lesson=english, part=part, created=False)
    score = statement.percent
    if statement.is_whole_exercise and (score is not None or statement.success is not None):
        passed = _exercise_passed(lesson, statement)
        progress, result = lesson_part_result_record(
            person=person, lesson=lesson, part=part, score=score, passed=passed, now=timezone.now()
        )
        return StatementOutcome(
            created=True,
            score=result.best_score,
            completed=progress.completed_at is not None,
            passed=passed,
            course_completed=progress.enrolment.completed_at is not None,
        )
    return _exercise_outcome(enrolment=enrolment, lesson=english, part=part, created=True)


def _exercise_passed(lesson: LessonPage, statement: xapi.Statement) -> bool:
    if lesson.pass_mark is None:
        return statement.success is True
    return statement.percent is not None and statement.percent >= lesson.pass_mark


def _exercise_outcome(*, enrolment, lesson, part, created) -> StatementOutcome:
    progress = enrolment.lesson_progress.filter(lesson=lesson).first()
    result = progress.parts.filter(part=part).first() if progress else None
    return StatementOutcome(
        created=created,
        score=result.best_score if result else None,
        completed=bool(progress and progress.completed_at),
        course_completed=enrolment.completed_at is not None,
    )
