"""After `migrate`, the database holds the roles as `roles.py` declares them."""

from django.apps import apps
from django.contrib.auth.management import create_permissions

from .services import roles_sync


def roles_sync_after_migrate(sender, using, **kwargs):
    """Runs when `migrate` (or `flush`) is done with this app, so a fresh test database has the roles too."""
    # Django creates each app's permissions in that app's own post_migrate call, in INSTALLED_APPS
    # order: the apps listed after this one (Wagtail, wagtail-localize) have none yet.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles_sync()
