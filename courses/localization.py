"""English is the source language of the catalogue; learner records use the English pages."""

from wagtail.models import Locale, Page


def canonical(page: Page) -> Page:
    """The default-locale (English) version of a page, of the same specific class."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return type(page).objects.get(translation_key=page.translation_key, locale=default)
