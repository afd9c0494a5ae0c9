"""The monthly SMS budget: how many SMS parts the programme pays for in a calendar month.

Parts count when they are handed to the gateway, in the month of Phnom Penh time, and are given
back when the gateway refuses them. SALA_SMS_MONTHLY_PARTS = 0 means no cap.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import SmsMonth
from .quiet import QUIET_TIME_ZONE


@dataclass(frozen=True)
class SmsBudget:
    limit: int  # parts a month; 0: no cap
    used: int

    @property
    def reached(self) -> bool:
        return bool(self.limit) and self.used >= self.limit


def budget_month(now: datetime) -> date:
    return now.astimezone(QUIET_TIME_ZONE).date().replace(day=1)


def sms_budget(now: datetime | None = None) -> SmsBudget:
    """This month's SMS budget and how much of it is used."""
    month = budget_month(now or timezone.now())
    used = SmsMonth.objects.filter(month=month).values_list("parts", flat=True).first()
    return SmsBudget(limit=settings.SALA_SMS_MONTHLY_PARTS, used=used or 0)


def sms_budget_reached(now: datetime | None = None) -> bool:
    """Whether SMS has stopped for this month (programme staff see it on the delivery log)."""
    return sms_budget(now).reached


def sms_budget_reserve(*, parts: int, now: datetime) -> bool:
    """Count `parts` against this month's budget if they fit; False (nothing counted) when not.

    One conditional UPDATE: two workers reserving at once cannot both take the last parts.
    """
    month = budget_month(now)
    months = SmsMonth.objects.filter(month=month)
    limit = settings.SALA_SMS_MONTHLY_PARTS
    if limit:
        months = months.filter(parts__lte=limit - parts)
    if months.update(parts=F("parts") + parts):
        return True
    SmsMonth.objects.get_or_create(month=month)  # the month's first SMS (or the cap is reached)
    return months.update(parts=F("parts") + parts) == 1


def sms_budget_release(*, parts: int, handed_at: datetime) -> None:
    """Give back the parts of an SMS the gateway did not take."""
    SmsMonth.objects.filter(month=budget_month(handed_at), parts__gte=parts).update(parts=F("parts") - parts)
