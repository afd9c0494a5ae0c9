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
        return f"Activation code for {self.person} issued {self.issued_at:%Y-%m-%d}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.voided_at is None and self.expires_at > now
