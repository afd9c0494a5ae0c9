from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data: factories, people, one account per role and the catalogue (`manage.py seed_demo`)."""

    name = "lms.demo"
    label = "demo"
    verbose_name = _("Demo data")
