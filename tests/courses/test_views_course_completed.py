"""Completing a course is a moment: the learner is told so and shown what comes next."""

import re

import pytest
from django.utils import timezone

from certification.factories import CertificateFactory, completion_make
from courses import services
from courses.factories import CoursePageFactory, translations_sync
from courses.models import Completion, Enrolment
from lms.people.factories import FactoryFactory, PersonFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
QUIZ = "/catalogue/osh/fire-safety/quiz/"


@pytest.fixture
def learner(client, catalogue):
    """A worker enrolled in fire safety who has read its first lesson; the quiz is all that is left."""
    person = PersonFactory(factory=FactoryFactory(code="PP-001"), preferred_language="en")
    services.enrolment_create(person=person, course=catalogue["course"], enrolled_by=person)
    services.lesson_progress_complete(person=person, lesson=catalogue["reading"])
    client.force_login(person)
    return person


@pytest.fixture
def next_courses(catalogue):
    """Two more courses of the same programme, after fire safety."""
    electrical = CoursePageFactory(parent=catalogue["programme"], title="Electrical safety", slug="electrical")
    chemicals = CoursePageFactory(parent=catalogue["programme"], title="Chemical handling", slug="chemicals")
    translations_sync()
    return electrical, chemicals


def quiz_answers(client, right=True) -> dict:
    names = sorted(set(re.findall(r'name="(quiz-[^"]+)"', client.get(QUIZ, **EN).content.decode())))
    if right:
        return {"quiz": "1", names[0]: "1", names[1]: ["0", "1"]}
    return {"quiz": "1", names[0]: "0", names[1]: "2"}


def test_last_quiz_passed_says_the_course_is_complete_and_offers_the_next_course(client, learner, next_courses):
    """Passing the quiz that finishes the course says so and leads to the programme's next course."""
    page = client.post(QUIZ, quiz_answers(client), **EN).content.decode()
    assert Enrolment.objects.get(person=learner).completed_at is not None
    assert "Course complete" in page and "You completed Fire safety on" in page
    assert 'href="/catalogue/osh/electrical/">Go to the next course</a>' in page
    assert "Electrical safety" in page and "Chemical handling" not in page
    assert 'href="/learning/"' in page


def test_failed_quiz_is_no_moment(client, learner, next_courses):
    """A quiz that did not pass says what score is needed, and nothing about a completed course."""
    page = client.post(QUIZ, quiz_answers(client, right=False), **EN).content.decode()
    assert "Course complete" not in page and "Go to the next course" not in page
    assert "You need 70% to complete the lesson" in page


def test_next_course_skips_courses_already_completed(client, learner, next_courses):
    """A course of the programme the learner completed before is not offered again as next."""
    electrical, _chemicals = next_courses
    completion_make(person=learner, course=electrical)
    page = client.post(QUIZ, quiz_answers(client), **EN).content.decode()
    assert 'href="/catalogue/osh/chemicals/">Go to the next course</a>' in page


def test_nothing_left_in_the_programme_offers_my_learning_only(client, learner):
    """With no other course in the programme, the moment leads back to My learning."""
    page = client.post(QUIZ, quiz_answers(client), **EN).content.decode()
    assert "Course complete" in page and "Go to the next course" not in page and 'href="/learning/"' in page


def test_course_page_once_completed_shows_the_moment(client, learner, next_courses):
    """Coming back to a completed course, its page says it is complete and what comes next."""
    client.post(QUIZ, quiz_answers(client), **EN)
    page = client.get("/catalogue/osh/fire-safety/", **EN).content.decode()
    assert "Course complete" in page and 'href="/catalogue/osh/electrical/">Go to the next course</a>' in page


def test_course_page_in_progress_has_no_moment(client, learner, next_courses):
    """A course not completed yet shows no completion and no next course."""
    page = client.get("/catalogue/osh/fire-safety/", **EN).content.decode()
    assert "Course complete" not in page and "Go to the next course" not in page


def test_certificate_being_prepared_is_said(client, learner):
    """Right after completing, before the certificate is drawn, the learner reads that it is coming."""
    page = client.post(QUIZ, quiz_answers(client), **EN).content.decode()
    assert "Your certificate is being prepared" in page


def test_certificate_ready_is_offered_to_download(client, learner):
    """Once the certificate is drawn, the completed course offers its picture to download."""
    client.post(QUIZ, quiz_answers(client), **EN)
    certificate = CertificateFactory(
        completion=Completion.objects.get(person=learner), rendered_at=timezone.now(), png="certificates/x.png"
    )
    page = client.get("/catalogue/osh/fire-safety/", **EN).content.decode()
    assert "Your certificate is ready" in page and f"/certificates/{certificate.code}/certificate.png" in page
    assert "being prepared" not in page
