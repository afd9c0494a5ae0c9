"""Certificates held by people, what happened to them, and the regenerations staff start.

A `Certificate` belongs to one completion of one cycle of a course (`courses.Completion`): a
unique key, so however often the issuing task runs, a completion has at most one certificate.
Taking the course again is a new cycle whose completion issues a new certificate; the first one
stays in the record. It keeps the factory and department the holder was in when it was issued:
that factory's HR keeps seeing it after the holder moves on.

Its `code` is what the QR and the verify page show. Its state (valid, expired, revoked) is
computed from `expires_on` and `revoked_at` by `certification.states`, never stored. Its files
(a PDF and a phone-sized PNG) are private uploads, sent only by the download view after
`certification.permissions` says yes; `rendered_at` empty means they are still to be drawn.

Every issue, revocation and re-issue writes a `CertificateEvent` (who, when, why): the audit trail.
A `CertificateReminder` row is a renewal reminder sent (one per certificate and threshold), and
`renewal_started_at` marks that the holder was enrolled again after expiry: the daily job reads
both so that running it twice changes nothing.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import CertificateAction, CertificateState, RegenerationStatus
from ..codes import code_display
from ..states import certificate_state
from .templates import CertificateTemplate


class Certificate(models.Model):
    completion = models.OneToOneField(
        "courses.Completion", on_delete=models.PROTECT, related_name="certificate", verbose_name=_("completion")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("holder")
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("course")
    )
    template = models.ForeignKey(
        CertificateTemplate, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("template")
    )
    # Where the holder worked when it was issued: that factory's HR keeps it in its register.
    factory = models.ForeignKey(
        "people.Factory", null=True, blank=True, on_delete=models.PROTECT, related_name="certificates"
    )
    department = models.ForeignKey(
        "people.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(_("verification code"), max_length=10, unique=True)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    pdf = models.FileField(max_length=200, blank=True)
    png = models.FileField(max_length=200, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    renewal_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""), name="certificate_revoked_with_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["factory", "course", "expires_on"], name="certificate_register_idx"),
            models.Index(fields=["person", "course"], name="certificate_person_course_idx"),
            models.Index(fields=["expires_on"], name="certificate_expiry_idx"),
            # Lists newest first (read backwards), a page without sorting every certificate: the
            # admin's list of all of them, and a factory's register whatever its filters.
            models.Index(fields=["issued_on", "id"], name="certificate_issued_idx"),
            models.Index(fields=["factory", "issued_on", "id"], name="certificate_factory_issued_idx"),
        ]

    def __str__(self):
        return f"{self.code_display} — {self.person} — {self.course}"

    @property
    def code_display(self) -> str:
        return code_display(self.code)

    def state(self, today: datetime.date | None = None) -> CertificateState:
        return certificate_state(
            expires_on=self.expires_on, revoked=self.revoked_at is not None, today=today or timezone.localdate()
        )


class CertificateEvent(models.Model):
    """One line of the audit trail: a certificate issued, revoked or issued again."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("what"), max_length=12, choices=CertificateAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["certificate", "at"], name="certificate_event_idx")]

    def __str__(self):
        return f"{self.certificate_id} {self.action} {self.at:%Y-%m-%d}"


class CertificateReminder(models.Model):
    """A renewal reminder sent for a certificate, `days_before` its expiry: each exactly once."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["certificate", "days_before"], name="certificate_reminder_once"),
        ]

    def __str__(self):
        return f"{self.certificate_id} −{self.days_before} days"


class Regeneration(models.Model):
    """Programme staff drawing a template's certificates again after the template changed.

    Runs as a Celery task that counts what it has drawn, so the page can show progress. Codes,
    dates and states stay as they are; only the files are new.
    """

    template = models.ForeignKey(CertificateTemplate, on_delete=models.CASCADE, related_name="regenerations")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=RegenerationStatus.choices, default=RegenerationStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("regeneration")
        verbose_name_plural = _("regenerations")
        constraints = [
            # One regeneration at a time per template: a second click joins the running one.
            models.UniqueConstraint(
                fields=["template"], condition=Q(status__in=["queued", "running"]), name="regeneration_one_running"
            ),
        ]

    def __str__(self):
        return f"{self.template} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, (self.done + self.failed) * 100 // self.total)
