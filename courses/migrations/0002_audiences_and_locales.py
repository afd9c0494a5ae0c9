"""The fixed list of audiences, and Khmer and Chinese content trees kept in step with English."""

from django.db import migrations

AUDIENCES = ["workers", "supervisors", "managers", "hr", "union", "trainers"]
TRANSLATED_LOCALES = ["km", "zh-hans"]


def forwards(apps, schema_editor):
    Audience = apps.get_model("courses", "Audience")
    for code in AUDIENCES:
        Audience.objects.get_or_create(code=code)
    Locale = apps.get_model("wagtailcore", "Locale")
    LocaleSynchronization = apps.get_model("wagtail_localize", "LocaleSynchronization")
    english, _created = Locale.objects.get_or_create(language_code="en")
    for code in TRANSLATED_LOCALES:
        locale, _created = Locale.objects.get_or_create(language_code=code)
        # Pages authored in English appear in this tree as aliases until they are translated.
        LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": english})


def backwards(apps, schema_editor):
    apps.get_model("courses", "Audience").objects.filter(code__in=AUDIENCES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_catalogue_and_records"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
