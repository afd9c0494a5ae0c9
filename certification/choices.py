"""Fixed vocabularies for certificates."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CertificateState(models.TextChoices):
    """Where a certificate stands; computed by `certification.states.certificate_state`, never stored."""

    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class CertificateLayout(models.TextChoices):
    """The page layouts written in code (certification/templates/certification/layouts/)."""

    LANDSCAPE_A4 = "landscape_a4", _("Landscape A4")


class CertificateAction(models.TextChoices):
    """What the audit trail records."""

    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")
    REISSUED = "reissued", _("Issued again (new files, same code and dates)")


class RegenerationStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", pgettext_lazy("drawing certificates again", "In progress")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Stopped by an error")


# Renewal reminders go this many days before a certificate expires, each once.
REMINDER_DAYS = (60, 30, 7)
# HR's register calls a valid certificate "expiring" within this many days of its expiry.
EXPIRING_WITHIN_DAYS = 60
