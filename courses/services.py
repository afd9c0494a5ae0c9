"""Enrolment, progress, quiz scoring and completion. Views, seminars and imports call these."""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.people.models import Person
from lms.people.permissions import is_programme_wide

from .choices import CompletionSource, EnrolmentSource, ProgressStatus
from .localization import canonical
from .models import CoursePage, Enrolment, LessonPage, LessonProgress, ProgrammeCompletion, ProgrammePage, XapiStatement
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
        elif missing := [c for pk, c in sorted(required.items(), key=lambda item: item[1].path) if pk not in done[person.pk]]:
            summary.blocked.append((person, PrerequisitesMissing(missing).message))
        else:
            to_create.append(Enrolment(person=person, course=course, enrolled_by=enrolled_by, source=_source_for(enrolled_by, person)))
            summary.created.append(person)
    # ignore_conflicts: someone enrolled by a simultaneous request stays enrolled once.
    Enrolment.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
    return summary


# --- Progress ------------------------------------------------------------------------------------


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
    """An enrolled learner finished reading a lesson without a quiz."""
    if lesson.has_quiz or lesson.has_h5p:
        raise QuizRequired(_("Answer the questions of this lesson to complete it."))
    return _lesson_record_completion(person=person, lesson=lesson, score=None, passed=True, now=now or timezone.now())


@transaction.atomic
def _lesson_record_completion(*, person, lesson, score, passed: bool, now) -> LessonProgress:
    """Count an attempt (with its score) and complete the lesson if passed.

    Written as conditional updates, not read-modify-write: an exercise sends "answered" and
    "completed" at the same moment, and neither may undo the other.
    """
    lesson, course, enrolment = _enrolment_for(person, lesson)
    if enrolment is None:
        raise NotEnrolled(_("Enrol in the course first."))
    progress = _progress_get_or_create(person=person, lesson=lesson, course=course)
    rows = LessonProgress.objects.filter(pk=progress.pk)
    if score is not None:
        rows.update(attempts=F("attempts") + 1, best_score=Greatest(Coalesce("best_score", 0), score))
    if passed:
        rows.filter(completed_at__isnull=True).update(status=ProgressStatus.COMPLETED, completed_at=now)
    progress.refresh_from_db()
    if passed:
        course_completion_check(person=person, course=course, now=now)
    return progress


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
    QueryDict. A question counts as right when exactly the right answers are chosen. The lesson
    completes when the score reaches its pass mark; the best score is kept.
    """
    quizzes = lesson.quizzes
    if not quizzes:
        raise CourseError(_("This lesson has no quiz."))
    results = []
    for quiz_id, quiz in quizzes:
        for number, question in enumerate(quiz["questions"]):
            right_answers = frozenset(i for i, answer in enumerate(question["answers"]) if answer["correct"])
            chosen = frozenset(_answer_numbers(answers, quiz_answer_field(quiz_id, number), len(question["answers"])))
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
    progress = _lesson_record_completion(
        person=person, lesson=lesson, score=score, passed=passed, now=now or timezone.now()
    )
    return QuizResult(questions=results, score=score, passed=passed, pass_mark=lesson.quiz_pass_mark, progress=progress)


def _answer_numbers(answers, name: str, count: int) -> list[int]:
    values = answers.getlist(name) if hasattr(answers, "getlist") else answers.get(name, [])
    return [int(v) for v in values if str(v).isdigit() and int(v) < count]


# --- xAPI statements from H5P exercises --------------------------------------------------------

XAPI_VERBS = {
    "http://adlnet.gov/expapi/verbs/answered": "answered",
    "http://adlnet.gov/expapi/verbs/completed": "completed",
}


class InvalidStatement(CourseError):
    pass


@dataclass(frozen=True)
class StatementResult:
    raw: float | None
    max: float | None
    scaled: float | None
    success: bool | None
    completion: bool | None


def _statement_parse(statement) -> tuple[uuid.UUID, str, StatementResult, bool]:
    """(id, verb, result, is about the whole exercise) or InvalidStatement."""
    if not isinstance(statement, dict):
        raise InvalidStatement("A statement is a JSON object.")
    try:
        statement_id = uuid.UUID(str(statement.get("id")))
    except ValueError as error:
        raise InvalidStatement("The statement needs an id (a UUID).") from error
    verb = XAPI_VERBS.get(((statement.get("verb") or {}).get("id")) if isinstance(statement.get("verb"), dict) else None)
    if verb is None:
        raise InvalidStatement("Only answered and completed statements are recorded.")
    target = statement.get("object")
    if not isinstance(target, dict) or not isinstance(target.get("id"), str):
        raise InvalidStatement("The statement has no object.")
    result = statement.get("result") or {}
    score = result.get("score") or {} if isinstance(result, dict) else None
    if not isinstance(result, dict) or not isinstance(score, dict):
        raise InvalidStatement("The result is not an object.")
    values = {}
    for key in ("raw", "max", "scaled"):
        value = score.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise InvalidStatement(f"score.{key} is not a number.")
        values[key] = value
    if values["scaled"] is not None and not -1 <= values["scaled"] <= 1:
        raise InvalidStatement("score.scaled is outside -1..1.")
    for key in ("success", "completion"):
        if result.get(key) is not None and not isinstance(result[key], bool):
            raise InvalidStatement(f"result.{key} is not true or false.")
    whole = "subContentId=" not in target["id"]
    return statement_id, verb, StatementResult(success=result.get("success"), completion=result.get("completion"), **values), whole


def xapi_statement_record(*, person: Person, lesson: LessonPage, statement) -> tuple[XapiStatement, bool]:
    """Record a learner's statement from an H5P exercise once (by its id) and complete the lesson
    when the exercise as a whole is passed: at the lesson's pass mark if it has one, otherwise
    when the exercise itself reports success. Returns (record, created)."""
    statement_id, verb, result, whole = _statement_parse(statement)
    english, course, enrolment = _enrolment_for(person, lesson)
    if enrolment is None:
        raise NotEnrolled(_("Enrol in the course first."))
    if not lesson.has_h5p:
        raise InvalidStatement("This lesson has no H5P exercise.")
    existing = XapiStatement.objects.filter(statement_id=statement_id).first()
    if existing:
        if existing.person_id != person.pk:
            raise InvalidStatement("This statement id is already used.")
        return existing, False
    try:
        with transaction.atomic():
            record = XapiStatement.objects.create(
                statement_id=statement_id, person=person, lesson=english, verb=verb, raw=result.raw, max=result.max,
                scaled=result.scaled, success=result.success, completion=result.completion, statement=statement,
            )
    except IntegrityError:  # the same statement sent twice at once
        return XapiStatement.objects.get(statement_id=statement_id), False
    if whole and (result.scaled is not None or result.success is not None):
        score = round(100 * result.scaled) if result.scaled is not None else None
        passed = (score or 0) >= lesson.pass_mark if lesson.pass_mark is not None else result.success is True
        _lesson_record_completion(person=person, lesson=lesson, score=score, passed=passed, now=timezone.now())
    return record, True


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
def course_complete(
    *, person: Person, course: CoursePage, source: str, now: datetime.datetime | None = None
) -> bool:
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
