import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.db.models.signals import post_save
from django.utils import translation
from wagtail_localize.models import LocaleSynchronization, sync_trees_on_locale_sync_save

from courses.factories import (
    CatalogueIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ProgrammePageFactory,
    quiz_block,
    text_block,
    translations_sync,
)

# Browser tests restore the database from a serialized copy (serialized_rollback); wagtail-localize
# reacts to every saved LocaleSynchronization, even a raw one being restored, before the locales it
# points at are back. The tests synchronise trees themselves (translations_sync), so switch it off.
post_save.disconnect(sync_trees_on_locale_sync_save, sender=LocaleSynchronization)

QUIZ = quiz_block(
    [
        (
            "Where do you go when the fire alarm rings?",
            [("Back to my machine", False), ("To the assembly point", True)],
            "Always leave by the nearest exit.",
        ),
        ("Which are fire exits? (two answers)", [("Door A", True), ("Door B", True), ("Window", False)], ""),
    ],
    title="Check yourself",
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb):
    """A kept test database (--reuse-db) is left as the migrations wrote it.

    A transactional test ends by emptying the database (its serialized_rollback puts the data back
    only when the next one starts), so the last one of a run would leave the next run without the
    site, locales and roles that migrations create: put them back before keeping the database.
    """
    yield
    if not django_db_keepdb:
        return
    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request in Khmer leaves Khmer active in the test's thread; every test starts in English."""
    translation.activate("en")
    yield
    translation.deactivate()


def _cache_clear() -> None:
    """Empty this test process's part of the cache.

    In CI the cache is one Redis database shared by the parallel test processes: flushing it would
    wipe another process's counters in the middle of its test, so only keys under this process's
    prefix (lms/settings/test.py) go.
    """
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttling counters live in the cache (Redis in CI): start every test from zero."""
    _cache_clear()
    yield
    _cache_clear()


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def catalogue(db):
    """An English catalogue: one programme, a fire-safety course with a reading lesson and a quiz lesson."""
    index = CatalogueIndexPageFactory()
    programme = ProgrammePageFactory(parent=index, title="Occupational safety and health", slug="osh")
    course = CoursePageFactory(parent=programme, title="Fire safety", slug="fire-safety", audiences=["workers"])
    reading = LessonPageFactory(
        parent=course, title="Know your exits", slug="exits", body=[text_block("<p>Exits are green.</p>")]
    )
    quiz = LessonPageFactory(
        parent=course, title="Fire drill quiz", slug="quiz", body=[text_block("<p>Answer.</p>"), QUIZ], pass_mark=70
    )
    translations_sync()
    return {"index": index, "programme": programme, "course": course, "reading": reading, "quiz": quiz}
