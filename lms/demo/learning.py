"""Demo learning records: enrolments, lesson progress, part results and completions, as a real
programme's would look after three years.

`seed_demo` builds them with the population, person by person, once the catalogue exists. Every
worker of PP-001 (the demo HR's factory) takes three courses; elsewhere how many people take
courses depends on the factory (some are busy with training, some hardly start). Workers take
the worker courses, supervisors also the supervisors'; fire safety and the other courses required
of workers are the most taken. About six in ten enrolments are completed; a few completed
safety courses (whose certificates expire) are taken again in a second cycle.

The records keep every rule of `courses.services`: one open cycle per course at most, a cycle is
completed exactly when each of its required lessons is (self-paced courses, every scored part
of each of those lessons passed) or by attending a session (classroom and seminar courses), one
`Completion` per completed cycle, and a programme completion when every course of the programme
has one. The demo accounts themselves are left without records, for trying things out.
"""

import datetime
import itertools
import random
from dataclasses import dataclass, field

from wagtail.models import Locale

from courses.choices import CompletionSource, DeliveryMode, EnrolmentSource, ProgressStatus
from courses.models import (
    Completion,
    CoursePage,
    Enrolment,
    LessonPartResult,
    LessonProgress,
    ProgrammeCompletion,
    ProgrammePage,
)
from courses.services.progress import lesson_parts
from lms.people.choices import JobRole

from .bulk import RowWriter

COURSES_PER_DEMO_FACTORY_WORKER = 3  # PP-001, the demo HR's factory
# Elsewhere a person takes up to this many courses, each with a chance that depends on the factory.
MOST_COURSES = 3
FACTORY_TAKE_UP = (0.165, 0.495)  # lowest and highest chance, drawn per factory
SHARE_COMPLETED = {True: 0.6, False: 0.75}  # self-paced: many stop part way; sessions: most attend
SHARE_TAKEN_AGAIN = 0.14  # of completed courses whose certificate expires
SHARE_AGAIN_COMPLETED = 0.5
HISTORY_DAYS = 3 * 365
WEIGHT_REQUIRED, WEIGHT_SELF_PACED, WEIGHT_SESSION = 6.0, 2.0, 1.0

AUDIENCES_OF = {
    JobRole.WORKER: {"workers"},
    JobRole.SUPERVISOR: {"workers", "supervisors"},
    JobRole.MANAGER: {"supervisors", "managers"},
}


@dataclass(frozen=True)
class DemoLesson:
    id: int
    required: bool
    parts: tuple[str, ...]


@dataclass(frozen=True)
class DemoCourse:
    id: int
    programme_id: int
    self_paced: bool
    self_enrolment: bool
    expires: bool
    audiences: frozenset[str]
    weight: float
    lessons: tuple[DemoLesson, ...]


@dataclass(frozen=True)
class DemoProgramme:
    id: int
    sequential: bool
    course_ids: tuple[int, ...]  # in catalogue order


@dataclass
class DemoCatalogue:
    courses: dict[int, DemoCourse] = field(default_factory=dict)
    programmes: dict[int, DemoProgramme] = field(default_factory=dict)

    @classmethod
    def read(cls) -> "DemoCatalogue":
        """The English courses of the catalogue with what the records need of them (a few queries)."""
        catalogue = cls()
        default = Locale.get_default()
        for programme in ProgrammePage.objects.live().filter(locale=default).order_by("path"):
            courses = list(
                CoursePage.objects.live()
                .child_of(programme)
                .order_by("path")
                .prefetch_related("audiences", "required_for")
            )
            for course in courses:
                audiences = frozenset(audience.code for audience in course.audiences.all())
                required_for = {audience.code for audience in course.required_for.all()}
                self_paced = course.delivery_mode == DeliveryMode.SELF_PACED
                weight = WEIGHT_REQUIRED if required_for else WEIGHT_SELF_PACED if self_paced else WEIGHT_SESSION
                lessons = tuple(
                    DemoLesson(lesson.pk, lesson.required, tuple(sorted(lesson_parts(lesson))))
                    for lesson in course.lessons()
                )
                catalogue.courses[course.pk] = DemoCourse(
                    id=course.pk,
                    programme_id=programme.pk,
                    self_paced=self_paced,
                    self_enrolment=course.self_enrolment,
                    expires=course.certificate_validity_months is not None,
                    audiences=audiences,
                    weight=weight,
                    lessons=lessons,
                )
            catalogue.programmes[programme.pk] = DemoProgramme(
                programme.pk, programme.sequential, tuple(course.pk for course in courses)
            )
        return catalogue

    def for_job(self, job_role: str) -> list[DemoCourse]:
        wanted = AUDIENCES_OF.get(job_role, {"workers"})
        return [course for course in self.courses.values() if course.audiences & wanted]


class LearningRecords:
    """Chooses and buffers each person's records; `writers` are flushed by the caller."""

    def __init__(self, catalogue: DemoCatalogue, *, seed: int, now: datetime.datetime):
        self.catalogue = catalogue
        self.rng = random.Random(f"{seed}:learning")
        self.now = now
        self.take_up = 0.0
        self.exactly: int | None = None
        self.enrolments = RowWriter(
            Enrolment,
            ["id", "person_id", "course_id", "source", "cycle", "enrolled_at", "completed_at", "completion_source"],
        )
        self.completions = RowWriter(
            Completion, ["id", "person_id", "course_id", "enrolment_id", "completed_at", "source"]
        )
        self.progress = RowWriter(
            LessonProgress,
            [
                "id",
                "enrolment_id",
                "person_id",
                "lesson_id",
                "course_id",
                "status",
                "best_score",
                "attempts",
                "started_at",
                "completed_at",
            ],
        )
        self.parts = RowWriter(LessonPartResult, ["id", "progress_id", "part", "best_score", "attempts", "passed_at"])
        self.programme_completions = RowWriter(ProgrammeCompletion, ["id", "person_id", "programme_id", "completed_at"])
        self._choices: dict[str, tuple[list[DemoCourse], list[float]]] = {}
        self._needed_later: set[int] = set()  # courses of the person's that a later one needs completed

    @property
    def writers(self) -> list[RowWriter]:
        """In the order they must be written (each row's references first)."""
        return [self.enrolments, self.completions, self.progress, self.parts, self.programme_completions]

    def factory_start(self, *, demo_factory: bool) -> None:
        """The next people belong to a new factory: draw how keen it is on training."""
        self.exactly = COURSES_PER_DEMO_FACTORY_WORKER if demo_factory else None
        self.take_up = self.rng.uniform(*FACTORY_TAKE_UP)

    def person_add(self, *, person_id: int, job_role: str) -> None:
        rng = self.rng
        if self.exactly is not None:
            count = self.exactly
        else:
            count = sum(rng.random() < self.take_up for _ in range(MOST_COURSES))
        if not count:
            return
        chosen = self._courses_choose(job_role, count)
        completed_on: dict[int, datetime.datetime] = {}
        for course in chosen:
            done = self._course_take(person_id, course, must_complete=course.id in self._needed_later)
            if done is not None:
                completed_on[course.id] = done
        self._programmes_check(person_id, completed_on)

    # --- Choosing ---------------------------------------------------------------------------------

    def _courses_choose(self, job_role: str, count: int) -> list[DemoCourse]:
        if job_role not in self._choices:
            courses = self.catalogue.for_job(job_role)
            self._choices[job_role] = (courses, list(itertools.accumulate(course.weight for course in courses)))
        courses, cumulative = self._choices[job_role]
        chosen: dict[int, DemoCourse] = {}
        while len(chosen) < min(count, len(courses)):
            course = self.rng.choices(courses, cum_weights=cumulative)[0]
            chosen.setdefault(course.id, course)
        return self._in_sequence(list(chosen.values()))

    def _in_sequence(self, chosen: list[DemoCourse]) -> list[DemoCourse]:
        """In a programme taken in order, n courses chosen become its first n, all but the last
        completed (the next course opens only then)."""
        self._needed_later: set[int] = set()
        result = []
        by_programme: dict[int, int] = {}
        for course in chosen:
            programme = self.catalogue.programmes[course.programme_id]
            if programme.sequential:
                by_programme[programme.id] = by_programme.get(programme.id, 0) + 1
            else:
                result.append(course)
        for programme_id, count in by_programme.items():
            in_order = self.catalogue.programmes[programme_id].course_ids[:count]
            self._needed_later.update(in_order[:-1])
            result.extend(self.catalogue.courses[course_id] for course_id in in_order)
        return result

    # --- One course, one or two cycles ------------------------------------------------------------

    def _course_take(self, person_id: int, course: DemoCourse, *, must_complete: bool) -> datetime.datetime | None:
        """Write the cycles of one course; return when it was first completed, if it was."""
        rng = self.rng
        enrolled_at = self.now - datetime.timedelta(seconds=rng.uniform(86_400, HISTORY_DAYS * 86_400))
        completes = must_complete or rng.random() < SHARE_COMPLETED[course.self_paced]
        first_done = self._cycle_write(person_id, course, cycle=1, enrolled_at=enrolled_at, completes=completes)
        if first_done is not None and course.expires and rng.random() < SHARE_TAKEN_AGAIN:
            again_at = first_done + datetime.timedelta(days=rng.uniform(180, 720))
            if again_at < self.now:
                completes = rng.random() < SHARE_AGAIN_COMPLETED
                self._cycle_write(person_id, course, cycle=2, enrolled_at=again_at, completes=completes)
        return first_done

    def _cycle_write(
        self, person_id: int, course: DemoCourse, *, cycle: int, enrolled_at: datetime.datetime, completes: bool
    ) -> datetime.datetime | None:
        rng = self.rng
        if not course.self_paced:
            source = EnrolmentSource.TRAINER
        elif course.self_enrolment and rng.random() < 0.8:
            source = EnrolmentSource.SELF
        else:
            source = EnrolmentSource.FACTORY_HR
        enrolment_id = self.enrolments.next_id()
        completed_at = None
        if completes:
            completed_at = min(enrolled_at + datetime.timedelta(hours=rng.expovariate(1 / 240)), self.now)
        if course.self_paced:
            completed_at = self._lessons_write(person_id, course, enrolment_id, enrolled_at, completed_at)
        completion_source = ""
        if completed_at is not None:
            completion_source = CompletionSource.SELF_PACED if course.self_paced else CompletionSource.SEMINAR
        self.enrolments.add(
            enrolment_id, person_id, course.id, source, cycle, enrolled_at, completed_at, completion_source
        )
        if completed_at is not None:
            self.completions.add(
                self.completions.next_id(), person_id, course.id, enrolment_id, completed_at, completion_source
            )
        return completed_at

    def _lessons_write(
        self,
        person_id: int,
        course: DemoCourse,
        enrolment_id: int,
        enrolled_at: datetime.datetime,
        completed_at: datetime.datetime | None,
    ) -> datetime.datetime | None:
        """Progress in the course's lessons, in order. When the cycle completes, every required
        lesson is completed and the last one completes it; otherwise the learner stopped before
        one of the required lessons. Returns when the cycle completed (None if it did not)."""
        rng = self.rng
        required = [lesson for lesson in course.lessons if lesson.required]
        if not required:  # nothing can complete the course by its lessons
            completed_at = None
        if completed_at is None:
            stop_at = rng.randrange(len(required)) if required else 0  # the required lesson left unfinished
            finished = required[:stop_at]
            started = required[stop_at] if required and rng.random() < 0.6 else None
        else:
            finished, started = required, None
        end = completed_at or min(enrolled_at + datetime.timedelta(days=rng.uniform(0, 30)), self.now)
        span = (end - enrolled_at) / max(len(finished), 1)
        for number, lesson in enumerate(finished):
            lesson_done = completed_at if lesson is finished[-1] and completed_at else enrolled_at + span * (number + 1)
            self._lesson_write(person_id, course, enrolment_id, lesson, enrolled_at + span * number, lesson_done)
        if started is not None:
            self._lesson_write(person_id, course, enrolment_id, started, end, None)
        return completed_at

    def _lesson_write(
        self,
        person_id: int,
        course: DemoCourse,
        enrolment_id: int,
        lesson: DemoLesson,
        started_at: datetime.datetime,
        completed_at: datetime.datetime | None,
    ) -> None:
        rng = self.rng
        progress_id = self.progress.next_id()
        best_score = attempts = None
        if lesson.parts and completed_at is not None:
            attempts = 1 + (rng.random() < 0.3) + (rng.random() < 0.1)
            best_score = rng.choice((70, 80, 80, 90, 100, 100))
        elif lesson.parts and rng.random() < 0.5:  # tried the questions and did not pass yet
            attempts, best_score = 1, rng.choice((20, 40, 50, 60))
        status = ProgressStatus.COMPLETED if completed_at is not None else ProgressStatus.STARTED
        self.progress.add(
            progress_id,
            enrolment_id,
            person_id,
            lesson.id,
            course.id,
            status,
            best_score,
            attempts or 0,
            started_at,
            completed_at,
        )
        for part in lesson.parts:
            passed = completed_at is not None
            if passed or attempts:
                self.parts.add(self.parts.next_id(), progress_id, part, best_score, attempts, completed_at)

    def _programmes_check(self, person_id: int, completed_on: dict[int, datetime.datetime]) -> None:
        """A programme completes once, when every one of its courses has a completion."""
        for programme_id in {self.catalogue.courses[course_id].programme_id for course_id in completed_on}:
            programme = self.catalogue.programmes[programme_id]
            if programme.course_ids and all(course_id in completed_on for course_id in programme.course_ids):
                self.programme_completions.add(
                    self.programme_completions.next_id(),
                    person_id,
                    programme_id,
                    max(completed_on[course_id] for course_id in programme.course_ids),
                )
