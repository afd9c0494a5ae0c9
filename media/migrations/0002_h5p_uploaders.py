"""Uploading H5P packages is a right of its own (their JavaScript runs in learners' browsers):
the "H5P uploaders" group holds it; programme staff may choose packages for lessons and rename them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

UPLOADERS = "H5P uploaders"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("media")
    app_config.models_module = True  # the historical app stub lacks it; create_permissions needs it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    uploaders, _created = Group.objects.get_or_create(name=UPLOADERS)
    uploaders.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="media", codename__in=["add_h5ppackage", "change_h5ppackage", "view_h5ppackage"]
        ),
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    staff, _created = Group.objects.get_or_create(name="Programme staff")
    staff.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="media", codename__in=["change_h5ppackage", "view_h5ppackage"]
        )
    )


def revoke(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=UPLOADERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_h5p_packages"),
        ("people", "0002_role_groups"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
