"""The site's home page: Wagtail's "Welcome to your new Wagtail site!" page, in every language, becomes
a home page editors manage, keeping its place at the root of the tree (and its children, the
catalogue and the toolkits, under it)."""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"


def welcome_pages_to_home_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    HomePage = apps.get_model("courses", "HomePage")
    plain_page = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    if plain_page is None:
        return
    home_page, _created = ContentType.objects.get_or_create(app_label="courses", model="homepage")
    root_keys = Page.objects.filter(depth=2, content_type=plain_page).values("translation_key")
    for page in Page.objects.filter(depth=2, content_type=plain_page, translation_key__in=root_keys):
        HomePage(page_ptr_id=page.pk, intro="", links="[]").save_base(raw=True)
        title = "Sala" if page.title == WAGTAIL_WELCOME_TITLE else page.title
        draft_title = "Sala" if page.draft_title == WAGTAIL_WELCOME_TITLE else page.draft_title
        Page.objects.filter(pk=page.pk).update(content_type=home_page, title=title, draft_title=draft_title)
        for revision in Revision.objects.filter(object_id=str(page.pk), base_content_type=page.content_type_id):
            content = dict(revision.content, content_type=home_page.pk, title=title, intro="", links="[]")
            Revision.objects.filter(pk=revision.pk).update(content_type=home_page, content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0008_progress_once_per_cycle"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="HomePage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("intro", wagtail.fields.RichTextField(blank=True, verbose_name="introduction")),
                (
                    "links",
                    wagtail.fields.StreamField(
                        [("link", 3)],
                        blank=True,
                        block_lookup={
                            0: ("wagtail.blocks.CharBlock", (), {"label": "Link text"}),
                            1: (
                                "wagtail.blocks.PageChooserBlock",
                                (),
                                {"label": "Page on this site", "required": False},
                            ),
                            2: ("wagtail.blocks.URLBlock", (), {"label": "Or an address elsewhere", "required": False}),
                            3: ("wagtail.blocks.StructBlock", [[("text", 0), ("page", 1), ("url", 2)]], {}),
                        },
                        verbose_name="links",
                    ),
                ),
            ],
            options={
                "verbose_name": "home page",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.RunPython(welcome_pages_to_home_pages, migrations.RunPython.noop),
    ]
