import pytest
from django.core.cache import cache

from courses.factories import (
    CatalogueIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ProgrammePageFactory,
    quiz_block,
    text_block,
    translations_sync,
)

QUIZ = quiz_block(
    [
        ("Where do you go when the fire alarm rings?", [("Back to my machine", False), ("To the assembly point", True)], "Always leave by the nearest exit."),
        ("Which are fire exits? (two answers)", [("Door A", True), ("Door B", True), ("Window", False)], ""),
    ],
    title="Check yourself",
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttling counters live in the cache (Redis in CI): start every test from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def catalogue(db):
    """An English catalogue: one programme, a fire-safety course with a reading lesson and a quiz lesson."""
    index = CatalogueIndexPageFactory()
    programme = ProgrammePageFactory(parent=index, title="Occupational safety and health", slug="osh")
    course = CoursePageFactory(parent=programme, title="Fire safety", slug="fire-safety", audiences=["workers"])
    reading = LessonPageFactory(parent=course, title="Know your exits", slug="exits", body=[text_block("<p>Exits are green.</p>")])
    quiz = LessonPageFactory(parent=course, title="Fire drill quiz", slug="quiz", body=[text_block("<p>Answer.</p>"), QUIZ], pass_mark=70)
    translations_sync()
    return {"index": index, "programme": programme, "course": course, "reading": reading, "quiz": quiz}
