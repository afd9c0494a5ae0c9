from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # Connects the receivers that empty the cached sites and locales when one changes, and the
        # one that brings translations up to date when an English page is published.
        from . import localization, routing, translations  # noqa: F401
