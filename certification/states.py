"""A certificate's state and dates, computed from plain values: pure functions, no database.

A certificate is valid from the day it is issued until its expiry date; on the expiry date it is
expired (so "expires on 15 March 2028" means it was valid through 14 March). Revocation overrides
both. A certificate without an expiry date never expires.
"""

import calendar
import datetime

from .choices import REMINDER_DAYS, CertificateState


def certificate_state(*, expires_on: datetime.date | None, revoked: bool, today: datetime.date) -> CertificateState:
    if revoked:
        return CertificateState.REVOKED
    if expires_on is not None and today >= expires_on:
        return CertificateState.EXPIRED
    return CertificateState.VALID


def months_added(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day where it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def expiry_date(*, issued_on: datetime.date, validity_months: int | None) -> datetime.date | None:
    if not validity_months:
        return None
    return months_added(issued_on, validity_months)


def reminder_due(
    *, expires_on: datetime.date | None, today: datetime.date, already_sent: frozenset[int] | set[int]
) -> int | None:
    """The renewal reminder to send today, in days before expiry, or None.

    The nearest threshold that has been reached and not sent yet: a certificate found at 25 days
    (its holder was told at 60, and the daily job did not run at 30) gets the 30-day reminder once,
    never 60 and 30 together. Nothing once it has expired.
    """
    if expires_on is None or today >= expires_on:
        return None
    left = (expires_on - today).days
    reached = [days for days in REMINDER_DAYS if left <= days]
    if not reached:
        return None
    nearest = min(reached)
    return None if nearest in already_sent else nearest
