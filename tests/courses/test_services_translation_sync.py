"""Khmer pages translated in the translation editor follow their English page when it is published."""

import html
import json
import re
import uuid

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from courses.factories import key_point_block, page_translate, text_block
from courses.models import LessonPage
from courses.translations import translations_out_of_date
from lms.people.choices import Role
from lms.people.factories import StaffFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def translate_in_editor(page, language_code="km", strings=None):
    """Translate `page` as the translation editor does, with these English → Khmer strings."""
    locale = Locale.objects.get(language_code=language_code)
    page = LessonPage.objects.get(pk=page.pk)
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=locale)
    for segment in source.stringsegment_set.select_related("string", "context"):
        if segment.string.data in (strings or {}):
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                data=strings[segment.string.data],
            )
    translation.save_target(publish=True)
    return LessonPage.objects.get(translation_key=page.translation_key, locale=locale)


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page with these body blocks, as the admin does (the transaction commits)."""

    def publish(page, body):
        page = LessonPage.objects.get(pk=page.pk)
        page.body = body
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()

    return publish


def as_saved_by_the_admin(raw_blocks):
    """Blocks as the page editor saves them: every list item with an id of its own."""

    def items(value):
        if isinstance(value, list):
            return [
                {**item, "value": items(item["value"])}
                if isinstance(item, dict) and item.get("type") == "item"
                else {"type": "item", "value": items(item), "id": str(uuid.uuid4())}
                for item in value
            ]
        if isinstance(value, dict):
            return {name: items(part) for name, part in value.items()}
        return value

    return [{**block, "value": items(block["value"])} for block in raw_blocks]


def with_new_block(page, block):
    return [*list(LessonPage.objects.get(pk=page.pk).body.raw_data), block]


@pytest.fixture
def khmer_reading(catalogue):
    return translate_in_editor(catalogue["reading"], strings={"Exits are green.": "ច្រកចេញមានពណ៌បៃតង។"})


def khmer_text(page) -> str:
    return json.dumps(list(LessonPage.objects.get(pk=page.pk).body.raw_data), ensure_ascii=False)


def test_a_block_added_to_the_english_page_reaches_the_khmer_page_on_publishing(catalogue, khmer_reading, publish):
    """An editor adds a key point to an English lesson and publishes: the Khmer lesson shows it too,
    in English until it is translated, and keeps its Khmer text."""
    publish(catalogue["reading"], with_new_block(catalogue["reading"], key_point_block("Never lock a fire exit.")))

    text = khmer_text(khmer_reading)
    assert "Never lock a fire exit." in text
    assert "ច្រកចេញមានពណ៌បៃតង។" in text
    khmer = LessonPage.objects.get(pk=khmer_reading.pk)
    assert khmer.live and not khmer.has_unpublished_changes


def test_changing_an_english_text_keeps_the_other_khmer_texts(catalogue, publish):
    """Rewording one English paragraph leaves the Khmer translation of another paragraph as it was."""
    reading = catalogue["reading"]
    exits, clear = text_block("<p>Exits are green.</p>"), text_block("<p>Keep them clear.</p>")
    publish(reading, [exits, clear])
    khmer = translate_in_editor(
        reading, strings={"Exits are green.": "ច្រកចេញមានពណ៌បៃតង។", "Keep them clear.": "ទុកវាឱ្យទំនេរ។"}
    )

    publish(reading, [exits, {**clear, "value": "<p>Keep every exit clear.</p>"}])

    text = khmer_text(khmer)
    assert "ច្រកចេញមានពណ៌បៃតង។" in text
    assert "Keep every exit clear." in text and "ទុកវាឱ្យទំនេរ។" not in text


def test_a_hand_written_translation_is_listed_as_out_of_date_and_left_alone(catalogue, publish):
    """A Khmer page typed by hand is not overwritten with English when the English page changes;
    it is listed as out of date instead."""
    khmer = page_translate(catalogue["reading"], "km", title="ស្គាល់ច្រកចេញ", body=[text_block("<p>ខ្មែរ</p>")])
    assert not [row for row in translations_out_of_date() if row.page.pk == khmer.pk]

    publish(catalogue["reading"], with_new_block(catalogue["reading"], key_point_block("Never lock a fire exit.")))

    assert "Never lock a fire exit." not in khmer_text(khmer)
    rows = [row for row in translations_out_of_date() if row.page.pk == khmer.pk]
    assert rows and rows[0].english_changed and rows[0].source.pk == catalogue["reading"].pk


def test_text_waiting_for_translation_is_counted(catalogue, khmer_reading, publish):
    """After a new English block arrives, the Khmer page is listed with one text still in English."""

    def waiting():
        return [row.untranslated for row in translations_out_of_date() if row.page.pk == khmer_reading.pk]

    before = waiting()
    publish(catalogue["reading"], with_new_block(catalogue["reading"], key_point_block("Never lock a fire exit.")))

    assert [count - 1 for count in waiting()] == (before or [0])
    assert not [row for row in translations_out_of_date() if row.page.pk == khmer_reading.pk][0].english_changed


def test_the_translation_editor_names_each_part_of_a_quiz(client, catalogue, publish):
    """In the translation editor, a quiz's question, answers and explanation each carry their own name."""
    quiz = catalogue["quiz"]
    publish(quiz, as_saved_by_the_admin(LessonPage.objects.get(pk=quiz.pk).body.raw_data))
    khmer = translate_in_editor(quiz)
    client.force_login(StaffFactory(username="editor", roles=[Role.PROGRAMME_STAFF]))

    page = client.get(f"/admin/pages/{khmer.pk}/edit/", **EN).content.decode()
    props = json.loads(html.unescape(re.search(r'data-props="([^"]*)"', page).group(1)))
    labels = {
        segment["source"]: segment["location"]["subField"] for segment in props["segments"] if "source" in segment
    }

    assert labels["Where do you go when the fire alarm rings?"] == "Questions › Question"
    assert labels["To the assembly point"] == "Questions › Answers › Answer"
    assert labels["Always leave by the nearest exit."] == "Questions › Explanation shown after answering"
