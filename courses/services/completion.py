"""Completing a cycle of a course (by its lessons, or by attending a session), and programmes.

A cycle completes exactly once: only one request can move its `completed_at` from empty to a
date, and that request records the cycle's Completion (one per enrolment, a unique key) in the
same transaction. `courses.signals.course_completed` announces it after the commit.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from courses.choices import CompletionSource, EnrolmentSource, ProgressStatus
from courses.localization import canonical
from courses.models import Completion, CoursePage, Enrolment, LessonProgress, ProgrammeCompletion, ProgrammePage
from courses.selectors import current_enrolment
from courses.signals import course_completed, programme_completed
from lms.people.models import Person


def completion_record_if_earned(
    *, enrolment: Enrolment, now: datetime.datetime, source: str = CompletionSource.SELF_PACED
) -> Completion | None:
    """Complete the cycle when every required lesson is complete in it. The Completion the first
    time; None before then and afterwards. Optional lessons are never needed."""
    course = enrolment.course
    required = set(course.lessons().filter(required=True).values_list("pk", flat=True))
    if not required:
        return None
    done = LessonProgress.objects.filter(
        enrolment=enrolment, lesson_id__in=required, status=ProgressStatus.COMPLETED
    ).count()
    if done < len(required):
        return None
    return _cycle_complete(enrolment=enrolment, now=now, source=source)


@transaction.atomic
def completion_record(
    *, person: Person, course: CoursePage, source: str, now: datetime.datetime | None = None
) -> Completion | None:
    """Complete the current cycle of a course by another route (attending a session), enrolling in
    a first cycle if needed. The Completion the first time; None if the current cycle is completed
    already (to count a session again, start a new cycle first: enrolment_cycle_start)."""
    course = canonical(course)
    now = now or timezone.now()
    enrolment = current_enrolment(person=person, course=course)
    if enrolment is None:
        # Attending enrolled them: a session closed days after it ended completes the course when
        # it ended, so the enrolment is dated then too, never after its completion.
        enrolment, _created = Enrolment.objects.get_or_create(
            person=person, course=course, cycle=1, defaults={"source": EnrolmentSource.TRAINER, "enrolled_at": now}
        )
    return _cycle_complete(enrolment=enrolment, now=now, source=source)


@transaction.atomic
def _cycle_complete(*, enrolment: Enrolment, now: datetime.datetime, source: str) -> Completion | None:
    # Only one request can move completed_at from empty to a date: the cycle completes once.
    won = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
        completed_at=now, completion_source=source
    )
    if not won:
        return None
    enrolment.completed_at, enrolment.completion_source = now, source
    completion = Completion.objects.create(
        person_id=enrolment.person_id,
        course_id=enrolment.course_id,
        enrolment=enrolment,
        completed_at=now,
        source=source,
    )
    transaction.on_commit(
        lambda: course_completed.send(sender=Completion, completion_id=completion.pk, enrolment_id=enrolment.pk)
    )
    programme = enrolment.course.get_parent().specific
    if isinstance(programme, ProgrammePage):
        _programme_completion_check(person_id=enrolment.person_id, programme=programme, now=now)
    return completion


def _programme_completion_check(*, person_id: int, programme: ProgrammePage, now: datetime.datetime) -> None:
    """Record the programme completed the first time every course of it has a completion, in any
    cycle: a programme is not taken in cycles, so a course taken again changes nothing here."""
    course_ids = [c.pk for c in programme.courses()]
    if not course_ids:
        return
    done = Completion.objects.filter(person_id=person_id, course_id__in=course_ids).values("course_id").distinct()
    if done.count() < len(course_ids):
        return
    completion, created = ProgrammeCompletion.objects.get_or_create(
        person_id=person_id, programme=programme, defaults={"completed_at": now}
    )
    if created:
        transaction.on_commit(
            lambda: programme_completed.send(sender=ProgrammeCompletion, programme_completion_id=completion.pk)
        )
