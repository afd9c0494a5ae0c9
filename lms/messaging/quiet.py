"""Quiet hours: no SMS or Telegram message buzzes a phone at night in Cambodia.

`quiet_until(now)` is pure: given a moment, it says until when messages wait (the end of the
quiet hours, Phnom Penh time), or None when they may go now.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The hours are Cambodia's whatever the server's time zone is.
QUIET_TIME_ZONE = ZoneInfo("Asia/Phnom_Penh")


def _parse(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except (TypeError, ValueError):
        raise ImproperlyConfigured(
            f"SALA_QUIET_HOURS takes two times of day such as ('21:00', '06:30'); {value!r} is not one."
        ) from None


def quiet_hours() -> tuple[time, time] | None:
    """(start, end) from SALA_QUIET_HOURS, or None when there are none."""
    hours = settings.SALA_QUIET_HOURS
    if not hours:
        return None
    start, end = (_parse(value) for value in hours)
    return None if start == end else (start, end)


def quiet_until(now: datetime, hours: tuple[time, time] | None = None) -> datetime | None:
    """The end of the quiet hours `now` falls in, or None when `now` is outside them."""
    hours = hours or quiet_hours()
    if hours is None:
        return None
    start, end = hours
    local = now.astimezone(QUIET_TIME_ZONE)
    moment = local.time()
    if start < end:  # within one day, e.g. 12:00 to 13:00
        if not (start <= moment < end):
            return None
        day = local.date()
    elif moment >= start:  # across midnight, before it: until tomorrow morning
        day = local.date() + timedelta(days=1)
    elif moment < end:  # across midnight, after it: until this morning
        day = local.date()
    else:
        return None
    return datetime.combine(day, end, tzinfo=QUIET_TIME_ZONE)
