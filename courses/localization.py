"""English is the source language of the catalogue; learner records use the English pages."""

from wagtail.models import Locale, Page


def canonical(page: Page) -> Page:
    """The default-locale (English) version of a page, of the same specific class."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return type(page).objects.get(translation_key=page.translation_key, locale=default)


def canonical_ids(pages) -> list[int]:
    default = Locale.get_default()
    keys = [page.translation_key for page in pages]
    return list(Page.objects.filter(translation_key__in=keys, locale=default).values_list("pk", flat=True))
