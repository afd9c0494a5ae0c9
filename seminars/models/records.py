"""Who holds a seat, who came, what they thought, and the private calendar addresses.

`Registration` is one person's place in one session: registered (holds a seat), waitlisted
(in `queued_at` order) or cancelled. There is one row per person and session, whatever happens,
so nobody can hold two places; registering again after cancelling reuses the row and goes to the
back of the queue. `factory` is the person's factory when they registered: quotas count it.

`Attendance` is one mark per person and meeting. A mark sent twice (the register retries after a
lost connection) is recorded once: the row is unique per meeting and person, `mark_id` names the
tap that wrote it, and a mark older than the one recorded (`marked_at`, the time on the trainer's
phone) does not overwrite it.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import AttendanceStatus, RegistrationSource, RegistrationStatus
from .sessions import Meeting, Session


class Registration(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations")
    factory = models.ForeignKey("people.Factory", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=RegistrationStatus.choices)
    source = models.CharField(_("how"), max_length=12, choices=RegistrationSource.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Waitlist order: the oldest waits first (then the lowest id).
    queued_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="registration_one_per_person"),
        ]
        indexes = [
            models.Index(fields=["session", "status", "queued_at", "id"], name="registration_queue_idx"),
            models.Index(fields=["person", "status"], name="registration_person_idx"),
        ]

    def __str__(self):
        return f"{self.person} — {self.session} ({self.status})"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    # When the trainer made the mark (on their phone's clock); the latest mark wins.
    marked_at = models.DateTimeField()
    mark_id = models.UUIDField(null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_one_per_meeting"),
        ]
        indexes = [models.Index(fields=["person", "status"], name="attendance_person_idx")]

    def __str__(self):
        return f"{self.person} @ {self.meeting}: {self.status}"


class Evaluation(models.Model):
    """A participant's short evaluation of a session: three ratings from 1 to 5 and a comment."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evaluations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    overall = models.PositiveSmallIntegerField(_("overall"))
    usefulness = models.PositiveSmallIntegerField(_("useful for my work"))
    trainer = models.PositiveSmallIntegerField(_("the trainer"))
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="evaluation_one_per_person"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}), name=f"evaluation_{name}_1_to_5"
                )
                for name in ("overall", "usefulness", "trainer")
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.session}"


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The private address of a person's calendar feed; resetting it gives a new token."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self):
        return str(self.person)
