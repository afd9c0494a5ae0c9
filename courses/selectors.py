"""Reads for the catalogue, a learner's own learning and a factory's training records.

A person takes a course in cycles (see courses.models.records): whatever a learner sees of a
course (enrolled, progress, completed) is the state of the current, latest cycle; a prerequisite
counts as met once any cycle of it is completed; HR's records list every cycle.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from wagtail.models import Locale, Page

from lms.people.models import Person
from lms.people.permissions import people_visible_filter

from .choices import ProgressStatus
from .localization import active_locale_id, canonical, default_locale_id
from .models import CoursePage, Enrolment, LessonPage, LessonProgress, ProgrammePage

# --- Enrolment and prerequisites -------------------------------------------------------------------


def current_enrolment(*, person, course: CoursePage) -> Enrolment | None:
    """The person's current (latest) cycle of an English course, or None if never enrolled."""
    return Enrolment.objects.filter(person=person, course=course).select_related("course").order_by("-cycle").first()


def current_enrolment_in(*, person, course: Page) -> Enrolment | None:
    """The person's current cycle of a course given in any language (as its page in the reader's
    tree, specific or not), in one query: enrolments point at the English course."""
    return (
        Enrolment.objects.filter(
            person=person, course__translation_key=course.translation_key, course__locale_id=default_locale_id()
        )
        .order_by("-cycle")
        .first()
    )


def course_allows_new_cycle(course: CoursePage) -> bool:
    """Whether a learner who completed the course may take it again. Every course may, for now:
    certificates expire and the worker takes the course again."""
    return True


def _required_first(course: CoursePage) -> QuerySet[CoursePage]:
    """The English courses to complete before an English course: its prerequisites (in whichever
    language an editor chose them) and, in a programme taken in order, the live course before it."""
    programme_in_order = ProgrammePage.objects.parent_of(course).filter(sequential=True)
    previous = (
        CoursePage.objects.sibling_of(course)
        .live()
        .filter(Exists(programme_in_order), path__lt=course.path)
        .order_by("-path")
        .values("pk")[:1]
    )
    return CoursePage.objects.filter(
        Q(
            locale_id=default_locale_id(),
            translation_key__in=course.prerequisites.values_list("translation_key", flat=True),
        )
        | Q(pk__in=previous)
    )


def required_first(course: CoursePage) -> dict[int, CoursePage]:
    """English course id → course, for every course to complete before this one."""
    return {page.pk: page for page in _required_first(canonical(course))}


def missing_prerequisites(*, person, course: CoursePage) -> list[CoursePage]:
    """Courses the person must complete (in any cycle) before this one, in catalogue order, in one
    query (two for a course given in another language)."""
    completed = Enrolment.objects.filter(person=person, course=OuterRef("pk"), completed_at__isnull=False)
    return list(_required_first(canonical(course)).exclude(Exists(completed)).order_by("path"))


def enrolled_course_keys(person) -> set:
    """Translation keys of the courses a person is enrolled in (any cycle): the catalogue marks them."""
    if not getattr(person, "is_authenticated", False):
        return set()
    return set(Enrolment.objects.filter(person=person).values_list("course__translation_key", flat=True))


# --- A course's and a lesson's page ----------------------------------------------------------------


@dataclass(frozen=True)
class CourseState:
    """What a person sees of a course on its page: their current cycle and its lessons."""

    enrolment: Enrolment | None = None  # the current cycle
    missing: list[CoursePage] = field(default_factory=list)  # prerequisites, when not enrolled
    # Each lesson of the page (in the reader's language) with the current cycle's progress in it.
    lessons: list[tuple[LessonPage, LessonProgress | None]] = field(default_factory=list)
    can_start_again: bool = False


def course_state_for(person, page: CoursePage) -> CourseState:
    """The course page's state for a person (anonymous or signed in), in a fixed number of queries:
    the lessons, then for a learner the current cycle and its progress (or what to complete first)."""
    lessons = list(LessonPage.objects.child_of(page).live().defer_streamfields().order_by("path"))
    if not getattr(person, "is_authenticated", False):
        return CourseState(lessons=[(lesson, None) for lesson in lessons])
    enrolment = current_enrolment_in(person=person, course=page)
    if enrolment is None:
        missing = missing_prerequisites(person=person, course=canonical(page))
        localized = _localized(missing, CoursePage)
        return CourseState(
            missing=[localized[course.pk] for course in missing], lessons=[(lesson, None) for lesson in lessons]
        )
    progress = {p.lesson_key: p for p in enrolment.lesson_progress.annotate(lesson_key=F("lesson__translation_key"))}
    return CourseState(
        enrolment=enrolment,
        lessons=[(lesson, progress.get(lesson.translation_key)) for lesson in lessons],
        can_start_again=enrolment.completed_at is not None and course_allows_new_cycle(page),
    )


def next_course_in_programme(*, person, course: Page) -> Page | None:
    """What a learner who completed a course takes next: the first live course of the same
    programme after it (else before it) that they have not completed in any cycle, in the
    reader's language. Two queries; None when the programme has nothing left for them."""
    english = canonical(course)
    completed = Enrolment.objects.filter(person=person, course=OuterRef("pk"), completed_at__isnull=False)
    left = list(
        CoursePage.objects.sibling_of(english, inclusive=False)
        .live()
        .public()
        .exclude(Exists(completed))
        .order_by("path")
    )
    following = [page for page in left if page.path > english.path] or left
    if not following:
        return None
    return _localized(following[:1], CoursePage)[following[0].pk]


@dataclass(frozen=True)
class LessonNavigation:
    course: Page  # in the reader's language: its title and address
    position: int  # from 1
    lesson_count: int
    next_lesson: LessonPage | None

    @property
    def after_url(self) -> str:
        """Where a learner goes on finishing the lesson: the next lesson, or back to the course."""
        return (self.next_lesson or self.course).url


def lesson_navigation(page: LessonPage) -> LessonNavigation:
    """The lesson's place among its course's lessons, as the reader's language tree has them: one
    query for the lessons, none for the course when the page came from routing (see courses.routing)."""
    siblings = list(LessonPage.objects.sibling_of(page).live().defer_streamfields().order_by("path"))
    position = next((i for i, lesson in enumerate(siblings) if lesson.pk == page.pk), 0)
    return LessonNavigation(
        course=page.get_parent(),
        position=position + 1,
        lesson_count=len(siblings),
        next_lesson=siblings[position + 1] if position + 1 < len(siblings) else None,
    )


def catalogue_courses(
    *,
    locale: Locale,
    q: str = "",
    audience: str = "",
    topic: str = "",
    delivery: str = "",
    translated_only: bool = False,
) -> list[CoursePage]:
    """Live courses as the learner's language tree shows them (translations, or English aliases)."""
    courses = CoursePage.objects.live().public().filter(locale=locale)
    if audience:
        courses = courses.filter(audiences__code=audience)
    if topic:
        courses = courses.filter(topic=topic)
    if delivery:
        courses = courses.filter(delivery_mode=delivery)
    courses = courses.annotate(has_lessons_in_english=Exists(_untranslated_lessons()))
    if translated_only:
        courses = courses.filter(alias_of__isnull=True, has_lessons_in_english=False)
    if q.strip():
        return _search(courses, locale=locale, q=q.strip())
    return list(courses.distinct().order_by("path"))


def _untranslated_lessons() -> QuerySet[LessonPage]:
    """The live lessons of the outer course that the reader's tree shows in English: aliases of
    the English lessons, not translations. A course counts as in the reader's language only when
    none of its lessons is one of these."""
    return LessonPage.objects.live().filter(
        path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1, alias_of__isnull=False
    )


def _search(courses: QuerySet[CoursePage], *, locale: Locale, q: str) -> list[CoursePage]:
    """Wagtail search first, then plain substring matches in the learner's language and in English.

    Khmer is written without spaces between words, so a word search cannot find "អគ្គីភ័យ" inside
    "សុវត្ថិភាពអគ្គីភ័យ"; a substring match can. Matching the English source as well lets a
    Khmer reader type "fire". The catalogue holds tens of courses, so this stays cheap.
    """
    ranked = [page.pk for page in CoursePage.objects.live().filter(locale=locale).search(q)]
    text = Q(title__icontains=q) | Q(summary__icontains=q)
    english_keys = (
        CoursePage.objects.filter(locale_id=default_locale_id())
        .filter(Q(title__icontains=q) | Q(summary__icontains=q))
        .values("translation_key")
    )
    found = courses.filter(Q(pk__in=ranked) | text | Q(translation_key__in=english_keys)).distinct()
    order = {pk: position for position, pk in enumerate(ranked)}
    return sorted(found, key=lambda c: (order.get(c.pk, len(order)), c.path))


@dataclass
class CourseProgress:
    enrolment: Enrolment
    course: CoursePage  # in the learner's language where translated
    lessons_done: int
    lessons_required: int
    next_lesson: LessonPage | None

    @property
    def percent(self) -> int:
        if self.enrolment.completed_at or not self.lessons_required:
            return 100 if self.enrolment.completed_at else 0
        return round(100 * self.lessons_done / self.lessons_required)


def my_learning(person) -> tuple[list[CourseProgress], list[CourseProgress]]:
    """(in progress, completed) for a learner, by the current cycle of each course, in a fixed
    number of queries. A course taken again is in progress until its new cycle completes."""
    current = {}
    for enrolment in Enrolment.objects.filter(person=person).select_related("course").order_by("course_id", "-cycle"):
        current.setdefault(enrolment.course_id, enrolment)
    enrolments = sorted(current.values(), key=lambda e: e.enrolled_at, reverse=True)
    if not enrolments:
        return [], []
    courses = [e.course for e in enrolments]
    lessons_by_course = defaultdict(list)
    paths = Q()
    for course in courses:
        paths |= Q(path__startswith=course.path, depth=course.depth + 1)
    for lesson in LessonPage.objects.live().filter(paths, required=True).order_by("path"):
        lessons_by_course[lesson.path[: -LessonPage.steplen]].append(lesson)
    done = set(
        LessonProgress.objects.filter(enrolment__in=enrolments, status=ProgressStatus.COMPLETED).values_list(
            "lesson_id", flat=True
        )
    )
    next_lessons = {
        e.course.pk: next((lesson for lesson in lessons_by_course[e.course.path] if lesson.pk not in done), None)
        for e in enrolments
    }
    localized_courses = _localized(courses, CoursePage)
    localized_lessons = _localized([lesson for lesson in next_lessons.values() if lesson], LessonPage)
    in_progress, completed = [], []
    for enrolment in enrolments:
        lessons = lessons_by_course[enrolment.course.path]
        next_lesson = next_lessons[enrolment.course.pk]
        item = CourseProgress(
            enrolment=enrolment,
            course=localized_courses[enrolment.course.pk],
            lessons_done=sum(lesson.pk in done for lesson in lessons),
            lessons_required=len(lessons),
            next_lesson=localized_lessons[next_lesson.pk] if next_lesson else None,
        )
        (completed if enrolment.completed_at else in_progress).append(item)
    return in_progress, completed


def _localized(pages, model) -> dict[int, Page]:
    """English page id → the same page in the active language (itself where not translated), in one query."""
    locale_id = active_locale_id()
    if not pages or locale_id == default_locale_id():
        return {page.pk: page for page in pages}
    found = {
        page.translation_key: page
        for page in model.objects.live().filter(
            locale_id=locale_id, translation_key__in=[p.translation_key for p in pages]
        )
    }
    return {page.pk: found.get(page.translation_key, page) for page in pages}


# --- A factory's training records ------------------------------------------------------------------

# Factory, then worker ID, then the course's place in the catalogue, then the cycle. This order is
# read from indexes (factories by code, the people of each factory by worker ID, their enrolments)
# and stops at the rows shown, instead of sorting every enrolment of the programme or the factory.
RECORD_ORDER = ("person__factory__code", "person__worker_id", "course__path", "cycle")
# Staff trying a course (people of no factory) are not anyone's factory records: a handful of people.
_NO_FACTORY = Person.objects.filter(factory__isnull=True).values("pk")


def factory_records(*, user, factory=None, department=None, gender: str = "", course=None) -> QuerySet[Enrolment]:
    """Enrolments (one row per cycle) of the factory people the user may see, with the filters of
    the training-records page, in the report's order. Plain rows: callers select the columns they
    show (values, values_list), so no page or person object is built per row.

    Only people of a factory are anyone's training records: staff trying a course are not.
    """
    visible = people_visible_filter(user, through="person")
    records = Enrolment.objects.filter(visible)
    if factory is not None:
        records = records.filter(person__factory=factory)
    elif visible:
        records = records.filter(person__factory__isnull=False)
    else:  # the whole programme: counted without joining each enrolment to its person
        records = records.exclude(person__in=_NO_FACTORY)
    if department is not None:
        records = records.filter(person__department=department)
    if gender:
        records = records.filter(person__gender=gender)
    if course is not None:
        records = records.filter(course=course)
    # One factory: its code is the same on every row, and without it the order is the one of the
    # people index (factory, worker ID), read from the first worker on.
    return records.order_by(*(RECORD_ORDER if factory is None else RECORD_ORDER[1:]))


def factory_records_summary(records: QuerySet[Enrolment]) -> tuple[int, int]:
    """(enrolments, completed) of the records, counted together in one query."""
    counts = records.aggregate(total=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False)))
    return counts["total"], counts["completed"]


@dataclass(frozen=True)
class RecordRow:
    """One line of the training-records page."""

    factory_code: str
    worker_id: str
    name: str
    department: str
    course_title: str
    cycle: int
    completed_at: datetime.datetime | None


# What the page shows of a person: what Person.display_name puts together, and the worker ID.
_NAME_FIELDS = ("pk", "username", "worker_id", "family_name_km", "given_name_km", "last_name", "first_name")


def factory_record_rows(records: QuerySet[Enrolment], *, limit: int) -> list[RecordRow]:
    """The first `limit` records as the page lists them, from one query of the shown columns."""
    columns = [f"person__{name}" for name in _NAME_FIELDS]
    columns += ["person__factory__code", "person__department__name", "course__title", "cycle", "completed_at"]
    rows = []
    # A filter on the person's factory makes every join to it an inner one, so PostgreSQL reads the
    # rows in the report's order from indexes (factories by code, their people, their enrolments)
    # and stops at `limit`, instead of sorting the programme's enrolments.
    for values in records.filter(person__factory__isnull=False).values_list(*columns)[:limit]:
        # Person.display_name read from the selected columns: the name as everywhere, no Person built.
        person = SimpleNamespace(**dict(zip(_NAME_FIELDS, values[: len(_NAME_FIELDS)], strict=True)))
        factory_code, department, course_title, cycle, completed_at = values[len(_NAME_FIELDS) :]
        rows.append(
            RecordRow(
                factory_code=factory_code,
                worker_id=person.worker_id,
                name=Person.display_name.fget(person),
                department=department or "",
                course_title=course_title,
                cycle=cycle,
                completed_at=completed_at,
            )
        )
    return rows


def courses_with_records(*, factories: QuerySet) -> QuerySet[CoursePage]:
    """The courses the people of these factories have records of, in catalogue order: what the
    course menu offers for a factory.

    From the factory's people to their courses (a factory has a few thousand enrolments, a course
    tens of thousands across the programme), read first as a list of ids: a menu iterates over
    its choices through a server-side cursor, for which PostgreSQL would plan the subquery for the
    first row and take several times longer for all of them."""
    taken_here = Enrolment.objects.filter(person__factory__in=factories).values_list("course_id", flat=True)
    # A menu shows titles: no page needs its other columns here.
    return CoursePage.objects.filter(pk__in=list(taken_here.distinct())).only("title", "path").order_by("path")


def factory_enrolments(*, user, **filters) -> QuerySet[Enrolment]:
    """factory_records as model objects, each with `is_current` (False once a later cycle of the
    course is started). For a handful of rows: the page and the exports select columns instead."""
    later = Enrolment.objects.filter(person=OuterRef("person"), course=OuterRef("course"), cycle__gt=OuterRef("cycle"))
    return (
        factory_records(user=user, **filters)
        .select_related("person", "person__factory", "person__department", "course")
        .annotate(is_current=~Exists(later))
    )
