"""Names shown in the reader's language, with English as the fallback.

Factories and departments keep a Khmer name next to the English one (`name_km`); course pages are
translated in Wagtail (one page per language, sharing a `translation_key`). A Khmer reader sees the
Khmer name wherever one exists, everyone else (and a Khmer reader where none exists) the English one.
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

KHMER = "km"


def reads_khmer() -> bool:
    return (translation.get_language() or "").split("-")[0] == KHMER


def local_name(name: str, name_km: str = "") -> str:
    """The Khmer name for a Khmer reader when there is one, else the English name."""
    return name_km if name_km and reads_khmer() else name


def local_name_of(thing) -> str:
    """A factory's or department's name in the reader's language; "" for nothing."""
    if thing is None:
        return ""
    return local_name(thing.name, getattr(thing, "name_km", ""))


def translated_titles(translation_keys: Iterable[str]) -> dict[str, str]:
    """{translation key: the live page's title in the reader's language} for the pages translated
    into it (the caller keeps the English title for the others): one query for all of them, and
    none for an English reader or an empty list.

    The one place that looks a translated title up; `page_titles` and the certificate lists use it."""
    keys = set(translation_keys)
    if not keys:
        return {}
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return {}
    if language == get_supported_content_language_variant(settings.LANGUAGE_CODE):
        return {}
    return dict(
        Page.objects.live()
        .filter(locale__language_code=language, translation_key__in=keys)
        .values_list("translation_key", "title")
    )


def page_titles(pages: Iterable[tuple[int, str, str]]) -> dict[int, str]:
    """English page id → its title in the reader's language, from (id, translation key, English
    title) of the English pages: one query for all of them, and none for an English reader.
    A page not translated (or whose translation is not live) keeps its English title."""
    pages = list(pages)
    translated = translated_titles(key for _pk, key, _title in pages)
    return {pk: translated.get(key, title) for pk, key, title in pages}
