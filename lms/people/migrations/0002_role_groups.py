"""Formerly created the access-role groups. The roles and what each may do are declared in
lms/access/roles.py now and written by its sync after every `migrate`; this step is kept so that
databases which ran it keep a consistent history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    # Roles are declared in lms/access/roles.py (synced after migrate, or by manage.py sync_roles).
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
