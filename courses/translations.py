"""Khmer and Chinese pages kept in step with their English source, and told apart in the editor.

Programme staff write a page in English and translate it with wagtail-localize's editor. Without
help, a translation keeps the English page's blocks as they were when it was translated: a new
exercise or picture on the English page reaches Khmer readers only when somebody finds "Sync
translated pages". Here every publication of an English page brings its translations up to date:
new and changed blocks arrive, text not translated yet reads in English, and the text translators
entered stays (wagtail-localize keeps translated strings by their source text and context).

Only translations made in wagtail-localize's editor are brought up to date this way. A page
converted from an alias and edited by hand has no record of its source text, so updating it would
replace what was typed with English; such a page is listed as out of date instead, as is a
translation with text still waiting to be translated (`translations_out_of_date`).

The translation editor names each string by the block it belongs to and by that block's first
part only, so every part of a quiz read "Questions". `segment_location_info` names the whole path
(Questions › Answers › Answer).
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.dispatch import receiver
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.signals import page_published
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import edit_translation

from .localization import default_locale_id

logger = logging.getLogger(__name__)

PATH_SEPARATOR = " › "


# --- Keeping translations in step -------------------------------------------------------------


def translations_update(*, page: Page, user=None) -> int:
    """Bring the translations of an English page made in the translation editor up to date with
    the page as published; returns how many were updated.

    A live translation is published again, a draft one gets a new draft. Text not translated yet
    falls back to English; translated text is kept.
    """
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None:
        return 0
    source.update_from_db()
    updated = 0
    translations = Translation.objects.filter(source=source, enabled=True).select_related("target_locale")
    for translation in translations:
        target = source.get_translated_instance(translation.target_locale)
        try:
            with transaction.atomic():
                translation.save_target(user=user, publish=bool(getattr(target, "live", True)))
        except (ValidationError, Page.DoesNotExist):
            logger.warning("Could not update the %s translation of page %s", translation.target_locale, page.pk)
            continue
        updated += 1
    return updated


@receiver(page_published)
def _english_page_published(sender, instance, revision=None, **kwargs):
    if instance.locale_id != default_locale_id():
        return
    user = getattr(revision, "user", None)
    page = instance
    transaction.on_commit(lambda: translations_update(page=Page.objects.get(pk=page.pk).specific, user=user))


# --- Which translations are out of date ---------------------------------------------------------


@dataclass(frozen=True)
class OutOfDate:
    page: Page  # the translation
    source: Page  # the English page
    english_changed: bool  # the English page was published after the translation
    untranslated: int  # strings still shown in English (translations made in the editor)
    english_published_at: datetime | None


def translations_out_of_date(*, limit: int = 200) -> list[OutOfDate]:
    """Translated pages (not aliases) whose English page changed since, or with text not translated
    yet, the most recently changed English pages first."""
    english = default_locale_id()
    english_pages = Page.objects.filter(translation_key=OuterRef("translation_key"), locale_id=english)
    translated = (
        Page.objects.exclude(locale_id=english)
        .filter(alias_of__isnull=True, depth__gt=1)
        .annotate(
            source_id=Subquery(english_pages.values("pk")[:1]),
            source_published_at=Subquery(english_pages.values("last_published_at")[:1]),
        )
        .filter(source_id__isnull=False)
        .select_related("locale")
        .order_by("-source_published_at", "pk")
    )
    progress = _untranslated_counts()
    rows = []
    for page in translated:
        published = page.source_published_at
        english_changed = published is not None and (
            page.last_published_at is None or published > page.last_published_at
        )
        untranslated = progress.get((page.translation_key, page.locale_id), 0)
        if english_changed or untranslated:
            rows.append(OutOfDate(page, None, english_changed, untranslated, published))
        if len(rows) >= limit:
            break
    sources = Page.objects.in_bulk([row.page.source_id for row in rows])
    return [
        OutOfDate(
            row.page, sources[row.page.source_id], row.english_changed, row.untranslated, row.english_published_at
        )
        for row in rows
    ]


def _untranslated_counts() -> dict[tuple, int]:
    """(translation key, locale id) → strings of the translation not translated yet."""
    counts = {}
    translations = Translation.objects.filter(enabled=True).select_related("source__object")
    for translation in translations:
        total, done = translation.get_progress()
        if total > done:
            counts[(translation.source.object.translation_key, translation.target_locale_id)] = total - done
    return counts


# --- Labels in the translation editor ----------------------------------------------------------


def block_path_label(stream_field: StreamField, field_path: str) -> str | None:
    """The labels of the parts a string sits in below its top block, e.g. "Questions › Answers ›
    Answer" for a quiz answer; None when the path does not lead anywhere known."""
    components = field_path.split(".")[1:]
    if not components or components[0] not in stream_field.stream_block.child_blocks:
        return None
    block = stream_field.stream_block.child_blocks[components[0]]
    labels = []
    for component in components[1:]:
        if isinstance(block, blocks.ListBlock):
            block = block.child_block
        elif isinstance(block, blocks.StructBlock | blocks.StreamBlock) and component in block.child_blocks:
            block = block.child_blocks[component]
            labels.append(str(block.label))
        else:
            break
    return PATH_SEPARATOR.join(labels) or None


_library_location_info = edit_translation.get_segment_location_info


def segment_location_info(source_instance, tab_helper, content_path, field_path, widget=False):
    """wagtail-localize's location of a string, with the full path of labels inside a block."""
    info = _library_location_info(source_instance, tab_helper, content_path, field_path, widget=widget)
    field = source_instance._meta.get_field(field_path.split(".")[0])
    if isinstance(field, StreamField):
        label = block_path_label(field, field_path)
        if label:
            info["subField"] = label
    return info


# wagtail-localize has no hook to name the parts of nested blocks; its view calls this function.
edit_translation.get_segment_location_info = segment_location_info
