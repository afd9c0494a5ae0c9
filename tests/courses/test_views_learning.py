"""A worker finds a course in Khmer on a phone, enrols, takes the lessons and sees it completed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from courses.choices import CompletionSource
from courses.factories import CoursePageFactory, LessonPageFactory, page_translate, translations_sync
from courses.models import Enrolment, LessonProgress
from lms.people.factories import FactoryFactory, PersonFactory

KM = {"HTTP_ACCEPT_LANGUAGE": "km"}


@pytest.fixture
def worker(db):
    return PersonFactory(factory=FactoryFactory(code="PP-001"), preferred_language="km")


def test_catalogue_in_khmer_with_english_fallback(client, khmer_fire_course):
    """A Khmer reader sees the Khmer course title; an untranslated course appears in English, marked so."""
    CoursePageFactory(parent=khmer_fire_course["programme"], title="Heat stress", summary="Keep cool.")
    translations_sync()
    page = client.get("/catalogue/", **KM).content.decode()
    assert "សុវត្ថិភាពអគ្គីភ័យ" in page and "Heat stress" in page and "Fire safety" not in page
    page_translate(khmer_fire_course["quiz"], "km", title="សំណួរហ្វឹកហាត់អគ្គីភ័យ")  # every lesson in Khmer
    page = client.get("/catalogue/", {"translated_only": "on"}, **KM).content.decode()
    assert "សុវត្ថិភាពអគ្គីភ័យ" in page and "Heat stress" not in page
    english = client.get("/catalogue/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Fire safety" in english and "សុវត្ថិភាពអគ្គីភ័យ" not in english


def test_catalogue_search_and_filters(client, catalogue):
    """Searching a word of the title finds the course; a topic filter that does not match hides it."""
    assert "Fire safety" in client.get("/catalogue/", {"q": "fire"}).content.decode()
    assert "Fire safety" not in client.get("/catalogue/", {"q": "wages"}).content.decode()
    assert "Fire safety" in client.get("/catalogue/", {"audience": "workers", "topic": "osh"}).content.decode()
    assert "Fire safety" not in client.get("/catalogue/", {"audience": "trainers"}).content.decode()


def test_untranslated_lesson_falls_back_to_english(client, khmer_fire_course):
    """The quiz lesson, not yet in Khmer, shows its English text at the same address."""
    response = client.get("/catalogue/osh/fire-safety/quiz/", **KM)
    page = response.content.decode()
    assert response.status_code == 200 and "Fire drill quiz" in page and 'lang="km"' in page


def test_worker_enrols_takes_lessons_and_completes_the_course(client, worker, khmer_fire_course):
    """Enrol from the Khmer page, finish the reading, pass the quiz: 'My learning' shows it completed."""
    client.force_login(worker)
    course = client.get("/catalogue/osh/fire-safety/", **KM)
    assert "សុវត្ថិភាពអគ្គីភ័យ" in course.content.decode()
    khmer_course_id = re.search(r'action="/learning/enrol/(\d+)/"', course.content.decode())[1]
    assert client.post(f"/learning/enrol/{khmer_course_id}/", **KM).status_code == 302
    assert Enrolment.objects.get(person=worker).course == khmer_fire_course["course"]

    response = client.post("/catalogue/osh/fire-safety/exits/", {"complete": "1"}, **KM)
    assert response.status_code == 302 and response["Location"].endswith("/quiz/")

    lesson_page = client.get("/catalogue/osh/fire-safety/quiz/", **KM).content.decode()
    assert "correct" not in lesson_page  # right answers never reach the browser
    names = sorted(set(re.findall(r'name="(quiz-[^"]+)"', lesson_page)))
    wrong = client.post("/catalogue/osh/fire-safety/quiz/", {"quiz": "1", names[0]: "0", names[1]: "2"}, **KM)
    assert wrong.status_code == 200 and Enrolment.objects.get().completed_at is None
    right = client.post("/catalogue/osh/fire-safety/quiz/", {"quiz": "1", names[0]: "1", names[1]: ["0", "1"]}, **KM)
    assert "100%" in right.content.decode()
    assert Enrolment.objects.get().completed_at is not None

    learning = client.get("/learning/", **KM).content.decode()
    assert "សុវត្ថិភាពអគ្គីភ័យ" in learning and "✓" in learning


def test_my_learning_shows_the_next_lesson(client, worker, catalogue):
    """After enrolling, 'My learning' offers the first lesson to continue with."""
    client.force_login(worker)
    client.post(f"/learning/enrol/{catalogue['course'].pk}/")
    page = client.get("/learning/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Know your exits" in page and "0 of 2 lessons done" in page


def test_prerequisite_message_on_the_course_page(client, worker, catalogue):
    """A course with an unmet prerequisite shows what to take first instead of an enrol button."""
    advanced = CoursePageFactory(parent=catalogue["programme"], title="Evacuation leader", slug="leader")
    advanced.prerequisites.add(catalogue["course"])
    advanced.save_revision().publish()
    client.force_login(worker)
    page = client.get("/catalogue/osh/leader/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Complete these courses first" in page and "Fire safety" in page and "/learning/enrol/" not in page
    response = client.post(f"/learning/enrol/{advanced.pk}/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Complete these courses first: Fire safety." in response.content.decode()
    assert not Enrolment.objects.exists()


def test_anonymous_reader_is_asked_to_sign_in_to_keep_progress(client, catalogue):
    """Lessons are readable without an account, but answering needs signing in."""
    assert client.get("/catalogue/osh/fire-safety/exits/").status_code == 200
    response = client.post("/catalogue/osh/fire-safety/quiz/", {"quiz": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not LessonProgress.objects.exists()


def test_khmer_search_finds_part_of_a_title_and_english_words_still_work(client, khmer_fire_course):
    """Typing 'អគ្គីភ័យ' finds 'សុវត្ថិភាពអគ្គីភ័យ'; a Khmer reader typing 'fire' finds it too."""
    for word in ("អគ្គីភ័យ", "fire", "ច្រកចេញ"):
        page = client.get("/catalogue/", {"q": word}, **KM).content.decode()
        assert "សុវត្ថិភាពអគ្គីភ័យ" in page, word
    assert "សុវត្ថិភាពអគ្គីភ័យ" not in client.get("/catalogue/", {"q": "ប្រាក់ឈ្នួល"}, **KM).content.decode()


def test_my_learning_queries_do_not_grow_with_enrolments(client, worker, khmer_fire_course):
    """'My learning' costs the same number of queries for one course or six (cheap phones, slow links)."""
    client.force_login(worker)
    client.post(f"/learning/enrol/{khmer_fire_course['course'].pk}/")
    with CaptureQueriesContext(connection) as one:
        client.get("/learning/", **KM)
    for number in range(5):
        course = CoursePageFactory(parent=khmer_fire_course["programme"], title=f"Extra {number}")
        LessonPageFactory(parent=course)
        client.post(f"/learning/enrol/{course.pk}/")
    translations_sync()
    with CaptureQueriesContext(connection) as six:
        page = client.get("/learning/", **KM).content.decode()
    assert "Extra 4" in page and "សុវត្ថិភាពអគ្គីភ័យ" in page
    assert len(six) == len(one)


def test_completed_course_offers_to_take_it_again(client, worker, catalogue):
    """Once the course is completed its page offers 'Take this course again', which starts with no lesson done."""
    services.enrolment_create(person=worker, course=catalogue["course"], enrolled_by=worker)
    services.lesson_progress_complete(person=worker, lesson=catalogue["reading"])
    services.completion_record(person=worker, course=catalogue["course"], source=CompletionSource.SEMINAR)
    client.force_login(worker)
    page = client.get("/catalogue/osh/fire-safety/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Course complete" in page and "Take this course again" in page and "Done" in page
    response = client.post(f"/learning/enrol/{catalogue['course'].pk}/", {"again": "1"}, follow=True)
    page = response.content.decode()
    assert "You are taking this course again" in page and "You are enrolled in this course." in page
    assert "Take this course again" not in page and "Done" not in page
    assert list(Enrolment.objects.values_list("cycle", flat=True).order_by("cycle")) == [1, 2]


def test_taking_a_course_again_before_finishing_it_says_so(client, worker, catalogue):
    """Asking to start again while the course is still open shows a plain message and changes nothing."""
    client.force_login(worker)
    client.post(f"/learning/enrol/{catalogue['course'].pk}/")
    page = client.get("/catalogue/osh/fire-safety/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Take this course again" not in page
    response = client.post(f"/learning/enrol/{catalogue['course'].pk}/", {"again": "1"}, follow=True)
    assert "Finish it before starting it again." in response.content.decode()
    assert Enrolment.objects.count() == 1
