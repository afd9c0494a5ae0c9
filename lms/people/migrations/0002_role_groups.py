"""Create the access-role groups; programme staff and trainers may open the Wagtail admin."""

from django.db import migrations

ROLE_GROUPS = ["Trainers", "Factory HR", "Union contact group", "Programme staff"]
ADMIN_GROUPS = ["Trainers", "Programme staff"]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    for name in ROLE_GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        if access_admin and name in ADMIN_GROUPS:
            group.permissions.add(access_admin)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
