"""The demo catalogue: the programme's curricula, Khmer for worker courses, private toolkits."""

import pytest
from django.db import transaction
from django.test import override_settings
from wagtail.models import Locale

from courses.choices import AudienceCode
from courses.models import CatalogueIndexPage, CoursePage, LessonPage, ProgrammePage, ToolkitPage
from courses.toolkits import TOOLKIT_COLLECTION
from lms.demo.catalogue import demo_catalogue_create

# In parallel runs (make test, --dist loadgroup) this asks for one process for these tests; a process
# that runs any of them builds the catalogue once (the module-scoped fixture below).
pytestmark = pytest.mark.xdist_group("demo_catalogue")


@pytest.fixture(scope="module")
def demo_catalogue(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo catalogue, built once for the module (it takes several seconds).

    It stays in a transaction that is rolled back after the module's last test; each test runs in a
    savepoint inside it (pytest-django's `django_db`), so what one test changes is gone before the next.
    """
    uploads = tmp_path_factory.mktemp("uploads")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=uploads), transaction.atomic():
        yield demo_catalogue_create()
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_catalogue_has_the_curricula_with_khmer_worker_courses(demo_catalogue):
    """The programme's curricula are there, and every self-paced worker course has a Khmer title and summary."""
    titles = set(ProgrammePage.objects.filter(locale__language_code="en").values_list("title", flat=True))
    for word in (
        "safety",
        "Supervisory",
        "Industrial relations",
        "Gender equality",
        "C190",
        "communication",
        "Child-labour",
        "wages",
    ):
        assert any(word in title for title in titles), word
    english = CoursePage.objects.filter(locale__language_code="en")
    assert english.filter(title__icontains="collective bargaining").exists()
    assert english.filter(title__icontains="heat").exists() and english.filter(title__icontains="electrical").exists()
    assert demo_catalogue["courses"] == english.count() >= 20
    # Every self-paced course for workers is translated into Khmer (not an English alias).
    khmer = Locale.objects.get(language_code="km")
    worker_courses = CoursePage.objects.filter(
        locale__language_code="en", audiences__code=AudienceCode.WORKERS, delivery_mode="self_paced"
    )
    assert worker_courses.exists()
    for course in worker_courses:
        translation = course.get_translation(khmer)
        assert translation.alias_of_id is None and translation.title != course.title, course.title
        assert any("\u1780" <= ch <= "\u17ff" for ch in translation.summary), course.title


@pytest.mark.django_db
def test_fire_safety_lessons_and_quiz_are_in_khmer(demo_catalogue):
    """The fire-safety course is Khmer throughout, its quiz keeping the English right answers."""
    khmer = Locale.objects.get(language_code="km")
    course = CoursePage.objects.get(slug="fire-safety", locale__language_code="en")
    for lesson in course.lessons():
        translated = lesson.get_translation(khmer)
        assert translated.alias_of_id is None and translated.title != lesson.title
    quiz_lesson = LessonPage.objects.get(slug="assembly-point", locale=khmer)
    ((_id, quiz),) = quiz_lesson.quizzes
    ((_id, english_quiz),) = LessonPage.objects.get(slug="assembly-point", locale__language_code="en").quizzes
    assert [[a["correct"] for a in q["answers"]] for q in quiz["questions"]] == [
        [a["correct"] for a in q["answers"]] for q in english_quiz["questions"]
    ]
    assert quiz["questions"][0]["question"] != english_quiz["questions"][0]["question"]


@pytest.mark.django_db
def test_demo_toolkits_keep_their_documents_private(client, demo_catalogue):
    """The three toolkits' documents are private, and building the catalogue again adds nothing."""
    toolkits = ToolkitPage.objects.filter(locale__language_code="en")
    assert toolkits.count() == 3
    for toolkit in toolkits:
        documents = [block.value["document"] for block in toolkit.body if block.block_type == "document"]
        assert documents and all(d.collection.name == TOOLKIT_COLLECTION for d in documents)
        assert client.get(documents[0].url).status_code == 404
    # Building again on a database that has a catalogue adds nothing.
    before = CoursePage.objects.count()
    assert demo_catalogue_create()["courses"] == 0
    assert (
        CoursePage.objects.count() == before
        and CatalogueIndexPage.objects.filter(locale__language_code="en").count() == 1
    )
