"""Reads for the catalogue, a learner's own learning and a factory's training records."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from wagtail.models import Locale, Page

from lms.people.permissions import people_visible_to

from .choices import ProgressStatus
from .models import CoursePage, Enrolment, LessonPage, LessonProgress


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
    if translated_only:
        courses = courses.filter(alias_of__isnull=True)
    if q.strip():
        return _search(courses, locale=locale, q=q.strip())
    return list(courses.distinct().order_by("path"))


def _search(courses: QuerySet[CoursePage], *, locale: Locale, q: str) -> list[CoursePage]:
    """Wagtail search first, then plain substring matches in the learner's language and in English.

    Khmer is written without spaces between words, so a word search cannot find "អគ្គីភ័យ" inside
    "សុវត្ថិភាពអគ្គីភ័យ"; a substring match can. Matching the English source as well lets a
    Khmer reader type "fire". The catalogue holds tens of courses, so this stays cheap.
    """
    ranked = [page.pk for page in CoursePage.objects.live().filter(locale=locale).search(q)]
    text = Q(title__icontains=q) | Q(summary__icontains=q)
    english_keys = (
        CoursePage.objects.filter(locale=Locale.get_default())
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
    """(in progress, completed) for a learner, in a fixed number of queries."""
    enrolments = list(Enrolment.objects.filter(person=person).select_related("course").order_by("-enrolled_at"))
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
        LessonProgress.objects.filter(person=person, status=ProgressStatus.COMPLETED, course__in=courses).values_list(
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
    locale = Locale.get_active()
    if not pages or locale.pk == Locale.get_default().pk:
        return {page.pk: page for page in pages}
    found = {
        page.translation_key: page
        for page in model.objects.live().filter(locale=locale, translation_key__in=[p.translation_key for p in pages])
    }
    return {page.pk: found.get(page.translation_key, page) for page in pages}


def factory_enrolments(*, user, factory=None, department=None, gender: str = "", course=None) -> QuerySet[Enrolment]:
    """Enrolments of the people the user may see, with the filters of the factory report."""
    people = people_visible_to(user)
    if factory is not None:
        people = people.filter(factory=factory)
    if department is not None:
        people = people.filter(department=department)
    if gender:
        people = people.filter(gender=gender)
    enrolments = Enrolment.objects.filter(person__in=people).select_related(
        "person", "person__factory", "person__department", "course"
    )
    if course is not None:
        enrolments = enrolments.filter(course=course)
    return enrolments.order_by("person__factory__code", "person__worker_id", "course__path")
