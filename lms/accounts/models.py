"""One-time activation codes that let a worker without a PIN choose one.

Factory HR issues a code per worker and prints it on a login card (with a QR code). The code is
a secret: it is stored hashed, is useful only together with the worker's own phone number or
factory code and worker ID, works once, expires, and issuing a new one voids the old one.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActivationCode(models.Model):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activation_codes")
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")
        indexes = [models.Index(fields=["person", "used_at", "voided_at"], name="activation_open_idx")]

    def __str__(self):
        return f"Activation code for {self.person} issued {timezone.localdate(self.issued_at):%Y-%m-%d}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.voided_at is None and self.expires_at > now


class PersonCode(models.Model):
    """The code in a person's attendance QR: it says who the person is, and nothing more.

    Printed on the login card beside the activation QR and scanned by trainers at training. It is
    random (not the database id, and never derived from the PIN or the activation code), so it
    cannot be guessed from a neighbour's card and signs nobody in; it only names its holder.
    """

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person_code")
    code = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance card code")
        verbose_name_plural = _("attendance card codes")

    def __str__(self):
        return f"Attendance card code for {self.person}"
