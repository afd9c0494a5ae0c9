"""Lesson and course pages cost a small, fixed number of queries and a repeat visit writes nothing.

Workers open lessons on cheap phones over slow links, thousands at a time: every query and every
write on a page they open again and again counts. The budgets are queries, not seconds.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from courses import services
from courses.choices import CompletionSource
from courses.factories import CoursePageFactory, LessonPageFactory, translations_sync
from courses.models import LessonProgress
from lms.people.factories import FactoryFactory, PersonFactory

KM = {"HTTP_ACCEPT_LANGUAGE": "km"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LESSON_BUDGET = 10  # the session, the learner, the page and its privacy, the cycle, its progress, the lessons…
COURSE_BUDGET = 11  # …and the header's check of the reader's roles, for the links it offers
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@pytest.fixture
def learner(client, khmer_fire_course):
    person = PersonFactory(factory=FactoryFactory(code="PP-001"), preferred_language="km")
    services.enrolment_create(person=person, course=khmer_fire_course["course"], enrolled_by=person)
    client.force_login(person)
    return person


def writes(queries) -> list[str]:
    return [query["sql"] for query in queries.captured_queries if WRITES.match(query["sql"])]


@pytest.mark.parametrize(
    ("address", "language", "title"),
    [
        ("/catalogue/osh/fire-safety/exits/", KM, "ស្គាល់ច្រកចេញ"),
        ("/catalogue/osh/fire-safety/quiz/", KM, "Fire drill quiz"),
        ("/catalogue/osh/fire-safety/exits/", EN, "Know your exits"),
    ],
)
def test_lesson_page_opened_again_costs_ten_queries_at_most(
    client, learner, address, language, title, django_assert_max_num_queries
):
    """A lesson opened again (translated, untranslated, in English) takes at most 10 queries and shows its title."""
    client.get(address, **language)
    with django_assert_max_num_queries(LESSON_BUDGET):
        response = client.get(address, **language)
    page = response.content.decode()
    assert response.status_code == 200 and title in page
    assert "សុវត្ថិភាពអគ្គីភ័យ" in page if language is KM else "Fire safety" in page  # the way back to the course


def test_lesson_page_opened_first_costs_few_queries_more(client, learner, django_assert_max_num_queries):
    """Opening a lesson for the first time adds only the writing of its progress to the budget."""
    client.get("/catalogue/osh/fire-safety/quiz/", **KM)  # the caches Wagtail and Sala fill once for everyone
    with django_assert_max_num_queries(LESSON_BUDGET + 4):
        client.get("/catalogue/osh/fire-safety/exits/", **KM)
    assert LessonProgress.objects.filter(person=learner, lesson=learner.enrolments.get().course.lessons()[0]).exists()


@pytest.mark.parametrize(("language", "lesson_title"), [(KM, "ស្គាល់ច្រកចេញ"), (EN, "Know your exits")])
def test_course_page_costs_eleven_queries_at_most(
    client, learner, language, lesson_title, django_assert_max_num_queries
):
    """The course page with the learner's progress in each lesson takes at most 11 queries."""
    client.get("/catalogue/osh/fire-safety/exits/", **language)
    client.get("/catalogue/osh/fire-safety/", **language)
    with django_assert_max_num_queries(COURSE_BUDGET):
        page = client.get("/catalogue/osh/fire-safety/", **language).content.decode()
    lessons = page[page.index('class="lesson-list"') :]
    started, not_started = lessons.split("Fire drill quiz")
    assert lesson_title in started and 'class="badge"' in started  # the lesson opened is marked started
    # The quiz lesson, untranslated, carries only the badge saying it is in English.
    assert not_started.split("</li>")[0].count('class="badge') == (1 if language is KM else 0)


def test_course_page_of_a_course_with_a_prerequisite_costs_eleven_queries_at_most(
    client, khmer_fire_course, django_assert_max_num_queries
):
    """A learner not enrolled sees what to complete first, in their language, within the same budget."""
    course = khmer_fire_course["course"]
    leader = CoursePageFactory(parent=khmer_fire_course["programme"], title="Evacuation leader", slug="leader")
    leader.prerequisites.add(course)
    leader.save_revision().publish()
    translations_sync()
    client.force_login(PersonFactory())
    client.get("/catalogue/osh/leader/", **KM)
    with django_assert_max_num_queries(COURSE_BUDGET):
        page = client.get("/catalogue/osh/leader/", **KM).content.decode()
    assert "សុវត្ថិភាពអគ្គីភ័យ" in page and "/learning/enrol/" not in page


def test_opening_a_lesson_again_writes_nothing(client, learner):
    """The first visit records that the lesson was started; later visits only read it."""
    with CaptureQueriesContext(connection) as first:
        client.get("/catalogue/osh/fire-safety/exits/", **KM)
    assert writes(first) and LessonProgress.objects.filter(person=learner).count() == 1
    for language in (KM, EN, KM):
        with CaptureQueriesContext(connection) as again:
            response = client.get("/catalogue/osh/fire-safety/exits/", **language)
        assert response.status_code == 200 and writes(again) == []
    assert LessonProgress.objects.filter(person=learner).count() == 1


def test_a_new_cycle_starts_its_own_progress_when_a_lesson_is_opened(client, learner, khmer_fire_course):
    """After taking the course again, opening a lesson starts it in the new cycle, not the finished one."""
    services.lesson_progress_complete(person=learner, lesson=khmer_fire_course["reading"])
    services.completion_record(person=learner, course=khmer_fire_course["course"], source=CompletionSource.SEMINAR)
    second = services.enrolment_cycle_start(person=learner, course=khmer_fire_course["course"], started_by=learner)
    page = client.get("/catalogue/osh/fire-safety/exits/", **KM).content.decode()
    progress = LessonProgress.objects.get(enrolment=second)
    assert progress.completed_at is None and progress.lesson == khmer_fire_course["reading"]
    assert 'name="complete"' in page  # not shown as completed: the new cycle has it only started
    assert LessonProgress.objects.filter(person=learner).count() == 2


def test_renamed_and_unpublished_pages_are_found_where_they_are_now(client, khmer_fire_course):
    """A renamed lesson answers at its new address only; an unpublished one and a made-up address are not found."""
    reading = khmer_fire_course["reading"]
    assert client.get("/catalogue/osh/fire-safety/exits/", **EN).status_code == 200
    reading.slug = "exits-and-alarms"
    reading.save_revision().publish()
    assert client.get("/catalogue/osh/fire-safety/exits/", **EN).status_code == 404
    assert client.get("/catalogue/osh/fire-safety/exits-and-alarms/", **EN).status_code == 200
    khmer_fire_course["quiz"].unpublish()
    assert client.get("/catalogue/osh/fire-safety/quiz/", **EN).status_code == 404
    assert client.get("/catalogue/osh/no-such-course/quiz/", **KM).status_code == 404


def test_a_private_course_stays_private_on_its_lessons(client, khmer_fire_course):
    """A course an editor made private sends a visitor to sign in, for its page and lessons, in English and
    where Khmer readers see it untranslated; its Khmer translation has a privacy setting of its own."""
    heat = CoursePageFactory(parent=khmer_fire_course["programme"], title="Heat stress", slug="heat")
    LessonPageFactory(parent=heat, title="Drink water", slug="water")
    translations_sync()
    for course in (heat, khmer_fire_course["course"]):
        PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.LOGIN)
    for address, language in [
        ("/catalogue/osh/heat/", KM),
        ("/catalogue/osh/heat/water/", KM),
        ("/catalogue/osh/heat/water/", EN),
        ("/catalogue/osh/fire-safety/", EN),
        ("/catalogue/osh/fire-safety/exits/", EN),
    ]:
        response = client.get(address, **language)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], address
    assert client.get("/catalogue/osh/fire-safety/", **KM).status_code == 200
    client.force_login(PersonFactory())
    assert client.get("/catalogue/osh/heat/water/", **KM).status_code == 200


def test_a_new_site_for_an_address_is_served_at_once(client, catalogue):
    """Sites are kept in the cache, yet a site added for an address serves its own pages there at once."""
    assert client.get("/catalogue/osh/", HTTP_HOST="127.0.0.1", **EN).status_code == 200
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=catalogue["index"], site_name="Courses")
    assert client.get("/osh/", HTTP_HOST="127.0.0.1", **EN).status_code == 200
    assert client.get("/catalogue/osh/", HTTP_HOST="127.0.0.1", **EN).status_code == 404
    assert client.get("/catalogue/osh/", HTTP_HOST="localhost", **EN).status_code == 200
