"""Fixed vocabularies for training sessions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionState(models.TextChoices):
    """Where a session stands; computed by `seminars.states.session_state`, never stored."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for registration")
    FULL = "full", _("Full (waitlist open)")
    REGISTRATION_CLOSED = "registration_closed", _("Closed for registration")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class VenueKind(models.TextChoices):
    FACTORY = "factory", _("In a factory")
    CENTRE = "centre", _("At a training centre")
    ONLINE = "online", _("Online")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationSource(models.TextChoices):
    SELF = "self", _("Registered themselves")
    FACTORY_HR = "factory_hr", _("Nominated by factory HR")
    TRAINER = "trainer", _("Added by a trainer or programme staff")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late or partial")
    ABSENT = "absent", _("Absent")
