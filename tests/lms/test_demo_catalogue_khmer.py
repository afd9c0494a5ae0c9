"""The demo's worker courses are Khmer throughout: every lesson, quiz and the H5P exercise; and the
union contact group reads the toolkits in Khmer, each with a Khmer checklist of its own."""

import ctypes
import json

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from wagtail.models import Locale

from courses.choices import AudienceCode
from courses.models import CoursePage, LessonPage, ToolkitIndexPage, ToolkitPage
from courses.toolkits import TOOLKIT_COLLECTION
from lms.demo.catalogue import demo_catalogue_create
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory

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


def checklist_of(toolkit: ToolkitPage):
    """The document of a toolkit's checklist block, with the block's label."""
    block = next(child for child in toolkit.body if child.block_type == "document")
    return block.value["document"], block.value["label"]


def pdf_text_and_fonts(data: bytes) -> tuple[str, set[str]]:
    """The text of a PDF's first page and the names of the fonts its letters are drawn with."""
    page = pypdfium2.PdfDocument(data)[0]
    text_page = page.get_textpage()
    fonts = set()
    for index in range(text_page.count_chars()):
        size = pdfium_c.FPDFText_GetFontInfo(text_page, index, None, 0, None)
        name = ctypes.create_string_buffer(size)
        pdfium_c.FPDFText_GetFontInfo(text_page, index, name, size, None)
        fonts.add(name.value.decode())
    return text_page.get_text_range(), fonts


@pytest.mark.django_db
def test_union_members_find_the_toolkits_in_khmer_with_khmer_checklists(demo_catalogue):
    """The Khmer toolkits have Khmer titles and summaries, and each links to a Khmer checklist of its own,
    kept private with the others and drawn in a Khmer font."""
    khmer = Locale.objects.get(language_code="km")
    index = ToolkitIndexPage.objects.get(locale=khmer)
    with translation.override("km"):
        assert index.alias_of_id is None and index.title == translation.gettext("Toolkits")  # as the menu says
    assert in_khmer(index.intro)
    english_toolkits = ToolkitPage.objects.filter(locale__language_code="en")
    assert english_toolkits.count() == 3
    for english in english_toolkits:
        toolkit = english.get_translation(khmer)
        assert toolkit.alias_of_id is None and in_khmer(toolkit.title) and in_khmer(toolkit.summary), english.title
        document, label = checklist_of(toolkit)
        assert document != checklist_of(english)[0] and in_khmer(document.title) and in_khmer(label), english.title
        assert document.collection.name == TOOLKIT_COLLECTION
        with override_settings(MEDIA_ROOT=demo_catalogue), document.file.open() as stored:
            text, fonts = pdf_text_and_fonts(stored.read())
        assert in_khmer(text) and any("Khmer-OS" in font for font in fonts), (english.title, fonts)


@pytest.mark.django_db
def test_khmer_checklist_is_refused_to_people_without_toolkit_access(client, demo_catalogue):
    """The Khmer checklist's address answers 404 to visitors, 403 to a worker, and the PDF to a union member."""
    toolkit = ToolkitPage.objects.get(slug="gbvh-prevention", locale__language_code="km")
    document, _label = checklist_of(toolkit)
    factory = FactoryFactory()
    with override_settings(MEDIA_ROOT=demo_catalogue):
        assert client.get(document.url).status_code == 404
        client.force_login(PersonFactory(factory=factory))
        assert client.get(document.url).status_code == 403
        client.force_login(PersonFactory(factory=factory, roles=[Role.UNION_CONTACT]))
        response = client.get(document.url)
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "km"])
def test_toolkit_page_says_how_to_use_its_checklist_instead_of_repeating_its_summary(client, demo_catalogue, language):
    """A toolkit page shows its summary once, then how to use the checklist, in each language."""
    toolkit = ToolkitPage.objects.get(slug="osh-observation", locale__language_code=language)
    client.force_login(PersonFactory(factory=FactoryFactory(), roles=[Role.UNION_CONTACT]))
    page = client.get("/toolkits/osh-observation/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert toolkit.title in page and page.count(toolkit.summary) == 1
    assert checklist_of(toolkit)[1] in page
