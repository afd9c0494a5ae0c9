"""Fixed vocabularies for messages and their deliveries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    TELEGRAM = "telegram", _("Telegram")
    EMAIL = "email", _("Email")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    HELD = "held", _("Held until morning")
    SENDING = "sending", _("Handed to the gateway")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sent")


class Audience(models.TextChoices):
    FACTORY = "factory", _("Factory")
    DEPARTMENT = "department", _("Department")
    UNION = "union", _("Union contact group")
    SESSION = "session", _("Training session")
