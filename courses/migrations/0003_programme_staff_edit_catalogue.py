"""Formerly let programme staff edit the catalogue (page and collection permissions). The roles
and what each may do are declared in lms/access/roles.py now and written by its sync after every
`migrate`; this step is kept so that databases which ran it keep a consistent history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_audiences_and_locales"),
        ("people", "0003_programme_staff_factory_permissions"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailmedia", "0005_alter_media_options"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    # Roles are declared in lms/access/roles.py (synced after migrate, or by manage.py sync_roles).
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
