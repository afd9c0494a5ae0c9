"""Programme staff keep the list of factories and departments in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [f"{verb}_{model}" for model in ("factory", "department") for verb in ("add", "change", "view")]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    app_config = apps.get_app_config("people")
    app_config.models_module = True  # the historical app stub lacks it; create_permissions needs it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Programme staff")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="people", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Programme staff"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="people", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("people", "0002_role_groups"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, revoke)]
