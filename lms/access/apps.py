from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    """The access roles (`roles.py`), written into the database after every `migrate`."""

    name = "lms.access"
    label = "access"
    verbose_name = _("Access roles")

    def ready(self):
        # Django's usual place to wire signals: handlers import models, which apps.py must not.
        from .signals import roles_sync_after_migrate  # noqa: PLC0415

        post_migrate.connect(roles_sync_after_migrate, sender=self)
