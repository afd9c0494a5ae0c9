"""Enrolling people in courses, one person or a department at once, and starting a new cycle."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from courses.choices import EnrolmentSource
from courses.localization import canonical
from courses.models import CoursePage, Enrolment
from courses.permissions import user_can_enrol
from courses.selectors import (
    course_allows_new_cycle,
    current_enrolment,
    missing_prerequisites,
    required_first,
)
from lms.people.models import Person
from lms.people.permissions import is_programme_wide

from .errors import CycleStillOpen, NotAllowed, NotEnrolled, PrerequisitesMissing


def _source_for(enrolled_by: Person | None, person: Person) -> str:
    # None is the programme's own rule (a certificate expired): recorded as the programme's enrolment.
    if enrolled_by is None:
        return EnrolmentSource.TRAINER
    if enrolled_by.pk == person.pk:
        return EnrolmentSource.SELF
    if is_programme_wide(enrolled_by):
        return EnrolmentSource.TRAINER
    return EnrolmentSource.FACTORY_HR


def enrolment_create(*, person: Person, course: CoursePage, enrolled_by: Person | None) -> tuple[Enrolment, bool]:
    """Enrol a person in a course; enrolling twice returns the current cycle's enrolment.

    Raises NotAllowed, or PrerequisitesMissing naming the courses to take first. Taking a course
    again after completing it is enrolment_cycle_start. `enrolled_by` None is the system (the
    refresher course of an expired certificate): nobody's permission to check.
    """
    course = canonical(course)
    existing = current_enrolment(person=person, course=course)
    if existing:
        return existing, False
    if enrolled_by is not None and not user_can_enrol(enrolled_by, person, course):
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
        return current_enrolment(person=person, course=course), False
    return enrolment, True


@dataclass
class EnrolmentSummary:
    created: list[Person] = field(default_factory=list)
    already: list[Person] = field(default_factory=list)
    blocked: list[tuple[Person, str]] = field(default_factory=list)


def enrolments_create_many(*, people, course: CoursePage, enrolled_by: Person) -> EnrolmentSummary:
    """Enrol several people (a department of thousands, a list) in a fixed number of queries.

    The same rules as enrolment_create, checked for everyone at once; each person who cannot be
    enrolled is reported with the reason, and the others are enrolled. Someone who has taken the
    course before, in any cycle, counts as already enrolled: a new cycle is started one person
    at a time (enrolment_cycle_start).
    """
    course = canonical(course)
    people = list(people)
    summary = EnrolmentSummary()
    already = set(Enrolment.objects.filter(course=course, person__in=people).values_list("person_id", flat=True))
    required = required_first(course)
    done = defaultdict(set)
    if required:
        completions = (
            Enrolment.objects.filter(person__in=people, course_id__in=required, completed_at__isnull=False)
            .values_list("person_id", "course_id")
            .distinct()
        )
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
    # ignore_conflicts: someone enrolled by a simultaneous request stays enrolled once (cycle 1).
    Enrolment.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
    return summary


def enrolment_cycle_start(*, person: Person, course: CoursePage, started_by: Person | None) -> Enrolment:
    """Start a new cycle of a course the person has completed (a certificate expires, the worker
    takes the course again). Progress starts empty; earlier cycles keep their progress and completion.

    Raises NotEnrolled if the person never took the course, CycleStillOpen while the current cycle
    is not completed, NotAllowed if the course cannot be taken again or started_by may not enrol
    the person. Prerequisites are not asked again: they were met for the first cycle. `started_by`
    None is the system (the certificate expired).
    """
    course = canonical(course)
    current = current_enrolment(person=person, course=course)
    if current is None:
        raise NotEnrolled(_("Enrol in the course first."))
    if current.completed_at is None:
        raise CycleStillOpen(_("You are still taking this course. Finish it before starting it again."))
    if not course_allows_new_cycle(course):
        raise NotAllowed(_("This course cannot be taken again."))
    # Taking a course again is the learner's own decision even where HR enrolled them first.
    if started_by is not None and started_by.pk != person.pk and not user_can_enrol(started_by, person, course):
        raise NotAllowed(_("You cannot enrol this person in this course."))
    try:
        with transaction.atomic():
            last = Enrolment.objects.filter(person=person, course=course).aggregate(last=Max("cycle"))["last"]
            return Enrolment.objects.create(
                person=person,
                course=course,
                cycle=last + 1,
                enrolled_by=started_by,
                source=_source_for(started_by, person),
            )
    except IntegrityError:  # a simultaneous request opened the new cycle first: one open cycle only
        raise CycleStillOpen(_("You are still taking this course. Finish it before starting it again.")) from None
