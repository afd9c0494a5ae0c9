"""English is the source language of the catalogue; learner records use the English pages.

Wagtail reads a locale from the database each time one is asked for (Locale.get_default,
Locale.get_active), and every learner page asks several times. Locales are a row per language
that nobody changes once the site runs, so their ids are kept in the cache until one changes.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

LOCALE_IDS_CACHE_KEY = "sala:locale-ids"


def _locale_ids() -> dict[str, int]:
    ids = cache.get(LOCALE_IDS_CACHE_KEY)
    if ids is None:
        ids = dict(Locale.objects.values_list("language_code", "pk"))
        cache.set(LOCALE_IDS_CACHE_KEY, ids, 3600)
    return ids


@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def _locales_changed(**kwargs):
    cache.delete(LOCALE_IDS_CACHE_KEY)


def default_locale_id() -> int:
    """The id of Locale.get_default(): English."""
    locale_id = _locale_ids().get(get_supported_content_language_variant(settings.LANGUAGE_CODE))
    return locale_id if locale_id is not None else Locale.get_default().pk


def active_locale_id() -> int:
    """The id of Locale.get_active(): the reader's language, or English where it has no locale."""
    try:
        locale_id = _locale_ids().get(get_supported_content_language_variant(translation.get_language()))
    except LookupError:
        locale_id = None
    return locale_id if locale_id is not None else default_locale_id()


def canonical(page: Page) -> Page:
    """The default-locale (English) version of a page, of the same specific class."""
    english = default_locale_id()
    if page.locale_id == english:
        return page
    return type(page).objects.get(translation_key=page.translation_key, locale_id=english)
