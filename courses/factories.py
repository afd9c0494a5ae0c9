"""wagtail-factories for the catalogue, and helpers for translated trees: shared by tests and seed_demo."""

import uuid

import factory as factory_boy
import wagtail_factories
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

from .choices import DeliveryMode, Topic
from .models import Audience, CatalogueIndexPage, CoursePage, LessonPage, ProgrammePage, ToolkitIndexPage, ToolkitPage


def site_root() -> Page:
    return Site.objects.get(is_default_site=True).root_page


class CatalogueIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CatalogueIndexPage

    title = "Courses"
    slug = "catalogue"
    parent = factory_boy.LazyFunction(site_root)


class ProgrammePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProgrammePage

    title = factory_boy.Sequence(lambda n: f"Programme {n + 1}")
    summary = "A programme of courses."
    parent = factory_boy.SubFactory(CatalogueIndexPageFactory)


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage
        skip_postgeneration_save = True

    title = factory_boy.Sequence(lambda n: f"Course {n + 1}")
    summary = "What this course teaches."
    topic = Topic.OSH
    delivery_mode = DeliveryMode.SELF_PACED
    parent = factory_boy.SubFactory(ProgrammePageFactory)

    @factory_boy.post_generation
    def audiences(obj, create, extracted, **kwargs):
        """CoursePageFactory(audiences=["workers"])"""
        if create and extracted:
            obj.audiences.set(Audience.objects.filter(code__in=extracted))
            obj.save_revision().publish()


def text_block(html: str) -> dict:
    return {"type": "text", "value": html, "id": str(uuid.uuid4())}


def key_point_block(text: str, heading: str = "") -> dict:
    return {"type": "key_point", "value": {"heading": heading, "text": text}, "id": str(uuid.uuid4())}


def list_item(value) -> dict:
    """A ListBlock item as the page editor stores it, with an id of its own: wagtail-localize offers
    the text of list items for translation only in this form."""
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def quiz_block(questions: list[tuple[str, list[tuple[str, bool]], str]], title: str = "") -> dict:
    """questions: (question, [(answer, is_right), ...], explanation)."""
    return {
        "type": "quiz",
        "id": str(uuid.uuid4()),
        "value": {
            "title": title,
            "questions": [
                list_item(
                    {
                        "question": question,
                        "answers": [list_item({"text": text, "correct": right}) for text, right in answers],
                        "explanation": explanation,
                    }
                )
                for question, answers, explanation in questions
            ],
        },
    }


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory_boy.Sequence(lambda n: f"Lesson {n + 1}")
    body = factory_boy.LazyFunction(lambda: [text_block("<p>Read this.</p>")])
    parent = factory_boy.SubFactory(CoursePageFactory)


class ToolkitIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ToolkitIndexPage

    title = "Toolkits"
    slug = "toolkits"
    parent = factory_boy.LazyFunction(site_root)


class ToolkitPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ToolkitPage

    title = factory_boy.Sequence(lambda n: f"Toolkit {n + 1}")
    parent = factory_boy.SubFactory(ToolkitIndexPageFactory)


def translations_sync() -> None:
    """Give every page authored in English its place in the Khmer and Chinese trees (as an alias).

    The admin does this as pages are created; scripts and tests that create pages in code call it.
    """
    for sync in LocaleSynchronization.objects.select_related("sync_from", "locale"):
        synchronize_tree(sync.sync_from, sync.locale)


def page_translate(page: Page, language_code: str, **fields) -> Page:
    """Turn the alias of `page` in another language into a translation with these field values."""
    locale = Locale.objects.get(language_code=language_code)
    target = type(page).objects.get(translation_key=page.translation_key, locale=locale)
    if target.alias_of_id:
        ConvertAliasPageAction(target).execute(skip_permission_checks=True)
        target = type(page).objects.get(pk=target.pk)
    for name, value in fields.items():
        setattr(target, name, value)
    target.save_revision().publish()
    return type(page).objects.get(pk=target.pk)
