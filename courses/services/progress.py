"""A learner's progress through the lessons of the current cycle, and the scored parts of a lesson."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.choices import ProgressStatus
from courses.localization import canonical, default_locale_id
from courses.models import Enrolment, LessonPage, LessonPartResult, LessonProgress
from courses.selectors import current_enrolment_in
from lms.people.models import Person

from .completion import completion_record_if_earned
from .errors import NotEnrolled, QuizRequired

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


def enrolment_for_lesson(*, person: Person, lesson: LessonPage) -> tuple[LessonPage, Enrolment | None]:
    """The English lesson and the person's current cycle of its course (or None)."""
    return canonical(lesson), current_enrolment_in(person=person, course=lesson.get_parent())


def lesson_progress_start(*, person: Person, lesson: LessonPage) -> LessonProgress | None:
    """Record that an enrolled learner opened a lesson, in the current cycle. Not enrolled: nothing
    is recorded and None is returned. The progress comes with its enrolment attached.

    Opening a lesson again reads the progress and writes nothing: a lesson page is read far more
    often than it is first opened, by many learners at once.
    """
    enrolment = current_enrolment_in(person=person, course=lesson.get_parent())
    if enrolment is None:
        return None
    same_lesson = (
        {"lesson": lesson}
        if lesson.locale_id == default_locale_id()
        else {"lesson__translation_key": lesson.translation_key, "lesson__locale_id": default_locale_id()}
    )
    progress = LessonProgress.objects.filter(enrolment=enrolment, **same_lesson).first()
    if progress is None:
        return _progress_create(enrolment=enrolment, lesson=canonical(lesson))
    progress.enrolment = enrolment
    return progress


def lesson_progress_complete(
    *, person: Person, lesson: LessonPage, now: datetime.datetime | None = None
) -> LessonProgress:
    """An enrolled learner finished reading a lesson with nothing to pass (no quiz, no exercise)."""
    if lesson_parts(lesson):
        raise QuizRequired(_("Answer the questions of this lesson to complete it."))
    return lesson_part_result_record(
        person=person, lesson=lesson, part=None, score=None, passed=True, now=now or timezone.now()
    )[0]


@transaction.atomic
def lesson_part_result_record(
    *, person: Person, lesson: LessonPage, part: str | None, score: int | None, passed: bool, now: datetime.datetime
) -> tuple[LessonProgress, LessonPartResult | None]:
    """Count an attempt at one scored part of a lesson (with its score), keep the part passed once
    it passes, and complete the lesson when every scored part of it is passed.

    `lesson` is the page the learner answered on; its scored parts are the ones to pass.
    Written as conditional updates under a lock on the learner's progress in the lesson: an
    exercise sends "answered" and "completed" at the same moment, and a quiz and an exercise may
    pass at the same moment; neither may undo the other, and the last one must see the first.
    """
    required = lesson_parts(lesson)
    english, enrolment = enrolment_for_lesson(person=person, lesson=lesson)
    if enrolment is None:
        raise NotEnrolled(_("Enrol in the course first."))
    progress = _progress_get_or_create(enrolment=enrolment, lesson=english)
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
        completion_record_if_earned(enrolment=enrolment, now=now)
    return progress, result


def _progress_get_or_create(*, enrolment: Enrolment, lesson: LessonPage) -> LessonProgress:
    """The progress in an English lesson in this cycle, read first and created only when missing."""
    progress = LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).first()
    if progress is None:
        return _progress_create(enrolment=enrolment, lesson=lesson)
    progress.enrolment = enrolment
    return progress


def _progress_create(*, enrolment: Enrolment, lesson: LessonPage) -> LessonProgress:
    try:
        with transaction.atomic():
            progress = LessonProgress.objects.create(
                enrolment=enrolment, lesson=lesson, person_id=enrolment.person_id, course_id=enrolment.course_id
            )
    except IntegrityError:  # created by a simultaneous request
        progress = LessonProgress.objects.get(enrolment=enrolment, lesson=lesson)
    progress.enrolment = enrolment
    return progress
