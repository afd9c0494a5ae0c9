from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    """The top layer: start page, language switcher, health, public uploads, site-wide middleware
    and the screens that read every app (HR's training records, bulk enrolment, My learning)."""

    name = "lms.shell"
    # No models, migrations or content types ever used the former label "dashboards", so the label
    # follows the folder name.
    label = "shell"
    verbose_name = _("Project shell")
