"""The demo's worker courses are Khmer throughout: every lesson, quiz and the H5P exercise."""

import json

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import override_settings
from wagtail.models import Locale

from courses.choices import AudienceCode
from courses.models import CoursePage, LessonPage
from lms.demo.catalogue import demo_catalogue_create

pytestmark = pytest.mark.xdist_group("demo_catalogue")
KHMER_LETTERS = ("\u1780", "\u17ff")


def in_khmer(text: str) -> bool:
    return any(KHMER_LETTERS[0] <= ch <= KHMER_LETTERS[1] for ch in text)


@pytest.fixture(scope="module")
def demo_catalogue(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo catalogue, built once for the module and rolled back after it."""
    uploads = tmp_path_factory.mktemp("uploads")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=uploads), transaction.atomic():
        demo_catalogue_create()
        yield uploads
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_worker_course_has_its_lessons_in_khmer(demo_catalogue):
    """A worker reading Khmer meets no English lesson in any course for workers."""
    khmer = Locale.objects.get(language_code="km")
    worker_courses = CoursePage.objects.filter(locale__language_code="en", audiences__code=AudienceCode.WORKERS)
    assert worker_courses.count() >= 10
    for course in worker_courses:
        lessons = LessonPage.objects.child_of(course.get_translation(khmer)).live()
        assert lessons.exists(), course.title
        for lesson in lessons.specific():
            assert lesson.alias_of_id is None and in_khmer(lesson.title), (course.title, lesson.title)
            for _block_id, quiz in lesson.quizzes:
                for question in quiz["questions"]:
                    assert in_khmer(question["question"]), question["question"]
                    assert all(in_khmer(answer["text"]) for answer in question["answers"]), question["question"]


@pytest.mark.django_db
def test_only_courses_in_my_language_lists_every_worker_course(client, demo_catalogue):
    """Filtering the Khmer catalogue to courses in Khmer keeps every course for workers."""
    with override_settings(MEDIA_ROOT=demo_catalogue):
        page = client.get("/catalogue/", {"translated_only": "on"}, HTTP_ACCEPT_LANGUAGE="km").content.decode()
    khmer = Locale.objects.get(language_code="km")
    for course in CoursePage.objects.filter(locale__language_code="en", audiences__code=AudienceCode.WORKERS):
        assert course.get_translation(khmer).title in page, course.title
    assert 'lang="en">English</span>' not in page


@pytest.mark.django_db
def test_khmer_practice_plays_a_khmer_exercise(demo_catalogue):
    """The Khmer practice lesson plays an exercise whose question and answers are in Khmer."""
    english = LessonPage.objects.get(slug="practise", locale__language_code="en")
    khmer = english.get_translation(Locale.objects.get(language_code="km"))
    package = next(child.value["package"] for child in khmer.body if child.block_type == "h5p")
    assert package != next(child.value["package"] for child in english.body if child.block_type == "h5p")
    with override_settings(MEDIA_ROOT=demo_catalogue):
        with default_storage.open(f"{package.storage_path}/content/content.json") as stored:
            content = json.load(stored)
    assert in_khmer(content["question"]) and all(in_khmer(answer) for answer in content["answers"])
    assert content["right"] == 1
