"""Training sessions: what they deliver, when they meet, where, who trains, how many seats.

A session delivers one course of the catalogue (a classroom or virtual course) or one seminar
series (`SeminarPage`). It meets one or more times (`Meeting`: a dated stretch of time in
Asia/Phnom_Penh, often one a day for a multi-day session). Its seats are `capacity`, and a factory
may hold a quota of them (`SeatQuota`); who holds a seat is in `records.Registration`.

Its state (draft, open, full, closed for registration, in progress, completed, cancelled) is not
stored: `seminars.states.session_state` computes it from the flags and dates kept here, the
meetings and the counts, so it can never disagree with them.

`starts_at` and `ends_at` mirror the first meeting's start and the last meeting's end. The
services write them whenever meetings change; lists, filters and overlap checks read them
without joining the meetings.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from lms.people.choices import Language, Province

from ..choices import VenueKind


class TrainingCentre(models.Model):
    name = models.CharField(_("name (Latin script)"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    address = models.TextField(_("address"))
    province = models.CharField(_("province"), max_length=30, choices=Province.choices)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("training centre")
        verbose_name_plural = _("training centres")

    def __str__(self):
        return self.name


class Session(ClusterableModel):
    """Clusterable so that the admin edits its meetings and quotas inline on one form."""

    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Empty: the course's or seminar's title.")
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    seminar = models.ForeignKey(
        "seminars.SeminarPage",
        verbose_name=_("seminar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    venue_kind = models.CharField(_("where"), max_length=10, choices=VenueKind.choices, default=VenueKind.FACTORY)
    factory = models.ForeignKey(
        "people.Factory",
        verbose_name=_("factory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions_hosted",
    )
    centre = models.ForeignKey(
        TrainingCentre,
        verbose_name=_("training centre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    online_url = models.URLField(_("online link"), blank=True)
    room = models.CharField(_("room or details"), max_length=200, blank=True)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), related_name="sessions_trained", blank=True
    )
    capacity = models.PositiveIntegerField(_("seats"))
    registration_deadline = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when the first meeting starts.")
    )
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.KHMER)
    required_meetings = models.PositiveSmallIntegerField(
        _("meetings to attend to complete"),
        null=True,
        blank=True,
        help_text=_("Empty: every meeting. Late or partial counts as attended."),
    )
    self_registration = models.BooleanField(
        _("workers may register themselves"), default=True, help_text=_("Otherwise only HR and trainers add people.")
    )

    # The flags the state is computed from (seminars.states).
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    registration_closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    # Mirrors of the meetings, written by the services (see the module docstring).
    starts_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(null=True, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(course__isnull=False, seminar__isnull=True) | Q(course__isnull=True, seminar__isnull=False),
                name="session_delivers_a_course_or_a_seminar",
            ),
            models.CheckConstraint(
                condition=(Q(venue_kind=VenueKind.FACTORY) & Q(factory__isnull=False))
                | (Q(venue_kind=VenueKind.CENTRE) & Q(centre__isnull=False))
                | (Q(venue_kind=VenueKind.ONLINE) & ~Q(online_url="")),
                name="session_venue_given",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_has_a_seat"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        delivered = self.course if self.course_id else self.seminar
        return delivered.title if delivered is not None else _("Training session")


class Meeting(models.Model):
    """One dated stretch of a session (a day of a multi-day session, usually)."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="meeting_starts_idx")]

    def __str__(self):
        return f"{self.session} — {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class SeatQuota(models.Model):
    """Seats of a session held for one factory; its people beyond them wait on the waitlist."""

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="quotas")
    factory = models.ForeignKey("people.Factory", verbose_name=_("factory"), on_delete=models.CASCADE, related_name="+")
    seats = models.PositiveIntegerField(_("seats"))

    class Meta:
        verbose_name = _("seat quota")
        verbose_name_plural = _("seat quotas")
        constraints = [
            models.UniqueConstraint(fields=["session", "factory"], name="seat_quota_one_per_factory"),
        ]

    def __str__(self):
        return f"{self.factory}: {self.seats}"
