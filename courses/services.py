"""Enrolment, progress, quiz scoring and completion. Views, seminars and imports call these."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.people.models import Person
from lms.people.permissions import is_programme_wide

from . import xapi
from .choices import CompletionSource, EnrolmentSource, ProgressStatus
from .localization import canonical
from .models import (
    CoursePage,
    Enrolment,
    LessonPage,
    LessonPartResult,
    LessonProgress,
    ProgrammeCompletion,
    ProgrammePage,
    XapiStatement,
)
from .permissions import user_can_enrol
from .signals import course_completed, programme_completed


class CourseError(Exception):
    """A learning action that cannot be done; `message` is safe to show."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class NotAllowed(CourseError):
    pass


class PrerequisitesMissing(CourseError):
    def __init__(self, courses: list[CoursePage]):
        self.courses = courses
        names = ", ".join(str(course.localized.title) for course in courses)
        super().__init__(_("Complete these courses first: %(courses)s.") % {"courses": names})


class NotEnrolled(CourseError):
    pass


class QuizRequired(CourseError):
    pass


# --- Enrolment -----------------------------------------------------------------------------------


def required_first(course: CoursePage) -> dict[int, CoursePage]:
    """English course id → course, for every course to complete before this one."""
    course = canonical(course)
    required = {page.pk: page for page in (canonical(c) for c in course.prerequisites.all())}
    programme = course.get_parent().specific
    if isinstance(programme, ProgrammePage) and programme.sequential:
        previous = [c for c in programme.courses() if c.path < course.path]
        if previous:
            required.setdefault(previous[-1].pk, previous[-1])
    return required


def missing_prerequisites(*, person: Person, course: CoursePage) -> list[CoursePage]:
    """Courses the person must complete before this one, in catalogue order."""
    required = required_first(course)
    if not required:
        return []
    done = set(
        Enrolment.objects.filter(person=person, course_id__in=required, completed_at__isnull=False).values_list(
            "course_id", flat=True
        )
    )
    return sorted((c for pk, c in required.items() if pk not in done), key=lambda c: c.path)


def _source_for(enrolled_by: Person, person: Person) -> str:
    if enrolled_by.pk == person.pk:
        return EnrolmentSource.SELF
    if is_programme_wide(enrolled_by):
        return EnrolmentSource.TRAINER
    return EnrolmentSource.FACTORY_HR


def enrolment_create(*, person: Person, course: CoursePage, enrolled_by: Person) -> tuple[Enrolment, bool]:
    """Enrol a person in a course; enrolling twice returns the existing enrolment.

    Raises NotAllowed, or PrerequisitesMissing naming the courses to take first.
    """
    course = canonical(course)
    existing = Enrolment.objects.filter(person=person, course=course).first()
    if existing:
        return existing, False
    if not user_can_enrol(enrolled_by, person, course):
        raise NotAllowed(_("You cannot enrol this person in this course."))
    missing = missing_prerequisites(person=person, course=course)
    if missing:
        raise PrerequisitesMissing(missing)
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                person=person, course=course, enrolled_by=enrolled_by, source=_source_for(enrolled_by, person)
            )
    except IntegrityError:  # the same enrolment made by a simultaneous request
        return Enrolment.objects.get(person=person, course=course), False
    return enrolment, True


@dataclass
class EnrolmentSummary:
    created: list[Person] = field(default_factory=list)
    already: list[Person] = field(default_factory=list)
    blocked: list[tuple[Person, str]] = field(default_factory=list)


def enrolments_create_many(*, people, course: CoursePage, enrolled_by: Person) -> EnrolmentSummary:
    """Enrol several people (a department of thousands, a list) in a fixed number of queries.

    The same rules as enrolment_create, checked for everyone at once; each person who cannot be
    enrolled is reported with the reason, and the others are enrolled.
    """
    course = canonical(course)
    people = list(people)
    summary = EnrolmentSummary()
    already = set(Enrolment.objects.filter(course=course, person__in=people).values_list("person_id", flat=True))
    required = required_first(course)
    done = defaultdict(set)
    if required:
        completions = Enrolment.objects.filter(
            person__in=people, course_id__in=required, completed_at__isnull=False
        ).values_list("person_id", "course_id")
        for person_id, course_id in completions:
            done[person_id].add(course_id)
    to_create = []
    for person in people:
        if person.pk in already:
            summary.already.append(person)
        elif not user_can_enrol(enrolled_by, person, course):
            summary.blocked.append((person, _("You cannot enrol this person in this course.")))
        elif missing := [
            c for pk, c in sorted(required.items(), key=lambda item: item[1].path) if pk not in done[person.pk]
        ]:
            summary.blocked.append((person, PrerequisitesMissing(missing).message))
        else:
            to_create.append(
                Enrolment(
                    person=person, course=course, enrolled_by=enrolled_by, source=_source_for(enrolled_by, person)
                )
            )
            summary.created.append(person)
    # ignore_conflicts: someone enrolled by a simultaneous request stays enrolled once.
    Enrolment.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
    return summary


# --- Progress ------------------------------------------------------------------------------------

QUIZ_PART = "quiz"
# Attempts are small integers in the database: a script posting results forever stops counting there.
MAX_ATTEMPTS = 32767


def exercise_part(package_folder: str) -> str:
    """The part key of one H5P exercise: the folder of its package (see courses.xapi)."""
    return f"h5p:{package_folder}"


def lesson_parts(lesson: LessonPage) -> set[str]:
    """The scored parts of a lesson, each of which must be passed for the lesson to complete.

    The quiz blocks of a lesson are answered and scored together, as one part; each H5P package
    is a part of its own (the same package twice on a page is the same exercise).
    """
    parts = {QUIZ_PART} if lesson.has_quiz else set()
    for child in lesson.body:
        # A block whose package was deleted shows nothing, so it cannot be asked for.
        if child.block_type == "h5p" and child.value["package"] is not None:
            parts.add(exercise_part(child.value["package"].folder))
    return parts


def _enrolment_for(person: Person, lesson: LessonPage) -> tuple[LessonPage, CoursePage, Enrolment | None]:
    lesson = canonical(lesson)
    course = lesson.get_parent().specific
    return lesson, course, Enrolment.objects.filter(person=person, course=course).first()


def lesson_start(*, person: Person, lesson: LessonPage) -> LessonProgress | None:
    """Record that an enrolled learner opened a lesson. Not enrolled: nothing is recorded."""
    lesson, course, enrolment = _enrolment_for(person, lesson)
    if enrolment is None:
        return None
    return _progress_get_or_create(person=person, lesson=lesson, course=course)


def lesson_complete(*, person: Person, lesson: LessonPage, now: datetime.datetime | None = None) -> LessonProgress:
    """An enrolled learner finished reading a lesson with nothing to pass (no quiz, no exercise)."""
    if lesson_parts(lesson):
        raise QuizRequired(_("Answer the questions of this lesson to complete it."))
    return _lesson_result_record(
        person=person, lesson=lesson, part=None, score=None, passed=True, now=now or timezone.now()
    )[0]


@transaction.atomic
def _lesson_result_record(
    *, person, lesson: LessonPage, part: str | None, score: int | None, passed: bool, now
) -> tuple[LessonProgress, LessonPartResult | None]:
    """Count an attempt at one scored part of a lesson (with its score), keep the part passed once
    it passes, and complete the lesson when every scored part of it is passed.

    `lesson` is the page the learner answered on; its scored parts are the ones to pass.
    Written as conditional updates under a lock on the learner's progress in the lesson: an
    exercise sends "answered" and "completed" at the same moment, and a quiz and an exercise may
    pass at the same moment; neither may undo the other, and the last one must see the first.
    """
    required = lesson_parts(lesson)
    english, course, enrolment = _enrolment_for(person, lesson)
    if enrolment is None:
        raise NotEnrolled(_("Enrol in the course first."))
    progress = _progress_get_or_create(person=person, lesson=english, course=course)
    rows = LessonProgress.objects.filter(pk=progress.pk)
    rows.select_for_update().values_list("pk", flat=True).get()
    counted = {}
    if score is not None:
        counted = {
            "attempts": Least(F("attempts") + 1, MAX_ATTEMPTS),
            "best_score": Greatest(Coalesce("best_score", 0), score),
        }
    result = None
    if part is not None:
        result = LessonPartResult.objects.get_or_create(progress=progress, part=part)[0]
        results = LessonPartResult.objects.filter(pk=result.pk)
        if counted:
            results.update(**counted)
        if passed:
            results.filter(passed_at__isnull=True).update(passed_at=now)
        result.refresh_from_db()
    if counted:
        rows.update(**counted)
    passed_parts = set(progress.parts.filter(passed_at__isnull=False).values_list("part", flat=True))
    done = required <= passed_parts
    if done:
        rows.filter(completed_at__isnull=True).update(status=ProgressStatus.COMPLETED, completed_at=now)
    progress.refresh_from_db()
    if done:
        course_completion_check(person=person, course=course, now=now)
    return progress, result


def _progress_get_or_create(*, person, lesson, course) -> LessonProgress:
    try:
        with transaction.atomic():
            return LessonProgress.objects.get_or_create(person=person, lesson=lesson, defaults={"course": course})[0]
    except IntegrityError:  # created by a simultaneous request
        return LessonProgress.objects.get(person=person, lesson=lesson)


# --- Quizzes -------------------------------------------------------------------------------------


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
    any, are passed too; the best score is kept.
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
    progress, _result = _lesson_result_record(
        person=person, lesson=lesson, part=QUIZ_PART, score=score, passed=passed, now=now or timezone.now()
    )
    return QuizResult(questions=results, score=score, passed=passed, pass_mark=lesson.quiz_pass_mark, progress=progress)


# An answer is the number of a choice as the form writes it: plain ASCII digits, a few of them.
# Anything else ("²", "٣", "-1", "1.0", thousands of digits) is no choice at all.
_ANSWER_NUMBER = re.compile(r"[0-9]{1,3}")


def _answer_numbers(answers, name: str, count: int) -> frozenset[int]:
    values = answers.getlist(name) if hasattr(answers, "getlist") else answers.get(name, [])
    return frozenset(int(v) for v in map(str, values) if _ANSWER_NUMBER.fullmatch(v) and int(v) < count)


# --- xAPI statements from H5P exercises --------------------------------------------------------


class StatementRefused(CourseError):
    """A well-formed statement this lesson does not take."""


@dataclass(frozen=True)
class StatementOutcome:
    created: bool
    score: int | None  # the exercise's best score so far, out of 100
    completed: bool  # the lesson


@transaction.atomic
def xapi_statement_record(*, person: Person, lesson: LessonPage, statement: xapi.Statement) -> StatementOutcome:
    """Record a learner's statement from an H5P exercise of this lesson once (by its id).

    A statement about the whole exercise counts as an attempt at that exercise, which is passed at
    the lesson's pass mark if it has one, otherwise when the exercise itself reports success. The
    lesson completes when all its scored parts are passed (see _lesson_result_record): an exercise
    never stands in for the quiz. A statement about another package is refused.
    """
    english, _course, enrolment = _enrolment_for(person, lesson)
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
        return _exercise_outcome(person=person, lesson=english, part=part, created=False)
    score = statement.percent
    if statement.is_whole_exercise and (score is not None or statement.success is not None):
        progress, result = _lesson_result_record(
            person=person,
            lesson=lesson,
            part=part,
            score=score,
            passed=_exercise_passed(lesson, statement),
            now=timezone.now(),
        )
        return StatementOutcome(created=True, score=result.best_score, completed=progress.completed_at is not None)
    return _exercise_outcome(person=person, lesson=english, part=part, created=True)


def _exercise_passed(lesson: LessonPage, statement: xapi.Statement) -> bool:
    if lesson.pass_mark is None:
        return statement.success is True
    return statement.percent is not None and statement.percent >= lesson.pass_mark


def _exercise_outcome(*, person, lesson, part, created) -> StatementOutcome:
    progress = LessonProgress.objects.filter(person=person, lesson=lesson).first()
    result = progress.parts.filter(part=part).first() if progress else None
    return StatementOutcome(
        created=created,
        score=result.best_score if result else None,
        completed=bool(progress and progress.completed_at),
    )


# --- Completion ----------------------------------------------------------------------------------


def course_completion_check(
    *, person: Person, course: CoursePage, now: datetime.datetime, source: str = CompletionSource.SELF_PACED
) -> bool:
    """Complete the enrolment when every required lesson is complete. True only the first time."""
    course = canonical(course)
    required = set(course.lessons().filter(required=True).values_list("pk", flat=True))
    if not required:
        return False
    done = LessonProgress.objects.filter(person=person, lesson_id__in=required, status=ProgressStatus.COMPLETED).count()
    if done < len(required):
        return False
    return _enrolment_mark_completed(person=person, course=course, now=now, source=source)


@transaction.atomic
def course_complete(*, person: Person, course: CoursePage, source: str, now: datetime.datetime | None = None) -> bool:
    """Complete a course by another route (attending a session): enrols if needed. True the first time."""
    course = canonical(course)
    Enrolment.objects.get_or_create(person=person, course=course, defaults={"source": EnrolmentSource.TRAINER})
    return _enrolment_mark_completed(person=person, course=course, now=now or timezone.now(), source=source)


def _enrolment_mark_completed(*, person, course, now, source) -> bool:
    # Only one request can move completed_at from empty to a date: completion is recorded once.
    won = Enrolment.objects.filter(person=person, course=course, completed_at__isnull=True).update(
        completed_at=now, completion_source=source
    )
    if not won:
        return False
    enrolment_id = Enrolment.objects.filter(person=person, course=course).values_list("pk", flat=True).get()
    transaction.on_commit(lambda: course_completed.send(sender=Enrolment, enrolment_id=enrolment_id))
    programme = course.get_parent().specific
    if isinstance(programme, ProgrammePage):
        _programme_completion_check(person=person, programme=programme, now=now)
    return True


def _programme_completion_check(*, person, programme: ProgrammePage, now) -> None:
    course_ids = [c.pk for c in programme.courses()]
    done = Enrolment.objects.filter(person=person, course_id__in=course_ids, completed_at__isnull=False).count()
    if not course_ids or done < len(course_ids):
        return
    completion, created = ProgrammeCompletion.objects.get_or_create(
        person=person, programme=programme, defaults={"completed_at": now}
    )
    if created:
        transaction.on_commit(
            lambda: programme_completed.send(sender=ProgrammeCompletion, programme_completion_id=completion.pk)
        )
