from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    """The top layer: start page, language switcher, health, public uploads, site-wide middleware
    and the screens that read every app (HR's training records, bulk enrolment, My learning)."""

    name = "lms.shell"
    # No models, migrations or content types ever used the former label "dashboards", so the label
    # follows the folder name.
    label = "shell"
    verbose_name = _("Project shell")

    def ready(self):
        # Django's usual place to wire signals: handlers import models, which apps.py must not.
        from .signals import schedules_sync_after_migrate  # noqa: PLC0415

        # The periodic tasks of lms/celery.py, written once django-celery-beat's tables are migrated.
        post_migrate.connect(schedules_sync_after_migrate, sender=apps.get_app_config("django_celery_beat"))
