from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    """Messages to people: the in-app inbox, and delivery by SMS, Telegram and email."""

    name = "lms.messaging"
    label = "messaging"
    verbose_name = _("Messages")

    def ready(self):
        # Kinds and channels register themselves when their module is imported: the core kinds
        # ("welcome", "broadcast"), SMS and email. telegram.py registers its channel the same way,
        # and checks.py the deployment check of the SMS backend.
        from . import checks, emails, kinds, sms, telegram  # noqa: F401, PLC0415
