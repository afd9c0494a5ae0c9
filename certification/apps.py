from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certificates")

    def ready(self):
        from wagtail.admin.panels import InlinePanel  # noqa: PLC0415

        from courses.models import CoursePage  # noqa: PLC0415

        from . import messages, receivers  # noqa: F401, PLC0415

        # A course names its certificate template and refresher course on its own page in the
        # admin. The row is this app's (courses sits below certificates and knows nothing of them),
        # so the panel is added here, before Wagtail first builds the page's edit form.
        CoursePage.content_panels = [
            *CoursePage.content_panels,
            InlinePanel(
                "certificate_settings",
                label=_("Certificate template and refresher course"),
                heading=_("Certificate"),
                max_num=1,
                help_text=_("Without one the course gives the default certificate and is taken again when it expires."),
            ),
        ]
