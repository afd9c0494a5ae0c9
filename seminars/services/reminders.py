"""The day-before reminder: the evening before a session's first meeting, every registered person
is reminded of it, once.

The periodic task runs this every 15 minutes all day long; the message's key (one per session)
makes sure each person hears it once, also when they registered after the first run. SMS and
Telegram sent in the night are held until morning by the messages service (quiet hours).
"""

import datetime

from django.utils import timezone

from lms.people.models import Person

from ..choices import RegistrationStatus
from ..messages import tell_reminder
from ..models import Session


def sessions_starting_tomorrow(*, now: datetime.datetime) -> list[Session]:
    """Published sessions, not cancelled or closed, whose first meeting is tomorrow in Phnom Penh."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    starts = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    ends = timezone.make_aware(datetime.datetime.combine(tomorrow + datetime.timedelta(days=1), datetime.time.min))
    return list(
        Session.objects.filter(
            published_at__isnull=False,
            cancelled_at__isnull=True,
            closed_at__isnull=True,
            starts_at__gte=starts,
            starts_at__lt=ends,
        ).select_related("course", "seminar", "factory", "centre")
    )


def session_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind everyone registered for a session that starts tomorrow; each person once per
    session however often this runs. Returns how many sessions were looked at."""
    sessions = sessions_starting_tomorrow(now=now or timezone.now())
    for session in sessions:
        people = Person.objects.filter(
            registrations__session=session, registrations__status=RegistrationStatus.REGISTERED
        ).select_related("messaging_preferences", "telegram_chat")
        tell_reminder(session=session, people=people.order_by("pk"))
    return len(sessions)
