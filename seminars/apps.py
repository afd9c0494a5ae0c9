from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeminarsConfig(AppConfig):
    name = "seminars"
    verbose_name = _("Training sessions and seminars")

    def ready(self):
        # The kinds of message a session sends and the "session" audience of announcements
        # register themselves when their modules are imported.
        from . import audiences, messages  # noqa: F401, PLC0415
