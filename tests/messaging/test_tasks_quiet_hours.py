"""The quiet hours as a pure rule of time, without the database."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured

from lms.messaging.quiet import quiet_hours, quiet_until

PP = ZoneInfo("Asia/Phnom_Penh")
NIGHT = (time(21, 0), time(6, 30))


@pytest.mark.parametrize(
    ("moment", "until"),
    [
        (datetime(2026, 5, 1, 20, 59, tzinfo=PP), None),
        (datetime(2026, 5, 1, 21, 0, tzinfo=PP), datetime(2026, 5, 2, 6, 30, tzinfo=PP)),
        (datetime(2026, 5, 1, 23, 59, tzinfo=PP), datetime(2026, 5, 2, 6, 30, tzinfo=PP)),
        (datetime(2026, 5, 2, 0, 0, tzinfo=PP), datetime(2026, 5, 2, 6, 30, tzinfo=PP)),
        (datetime(2026, 5, 2, 6, 29, tzinfo=PP), datetime(2026, 5, 2, 6, 30, tzinfo=PP)),
        (datetime(2026, 5, 2, 6, 30, tzinfo=PP), None),
        (datetime(2026, 5, 31, 22, 0, tzinfo=PP), datetime(2026, 6, 1, 6, 30, tzinfo=PP)),
        # 15:00 UTC is 22:00 in Phnom Penh, whatever the server's own zone.
        (datetime(2026, 5, 1, 15, 0, tzinfo=UTC), datetime(2026, 5, 2, 6, 30, tzinfo=PP)),
    ],
)
def test_quiet_until(moment, until):
    """From 21:00 to 06:30 Phnom Penh time messages wait until 06:30."""
    assert quiet_until(moment, NIGHT) == until


def test_hours_within_a_day():
    assert quiet_until(datetime(2026, 5, 1, 12, 30, tzinfo=PP), (time(12), time(13))) == datetime(
        2026, 5, 1, 13, 0, tzinfo=PP
    )
    assert quiet_until(datetime(2026, 5, 1, 13, 0, tzinfo=PP), (time(12), time(13))) is None


def test_settings(settings):
    settings.SALA_QUIET_HOURS = ("21:00", "06:30")
    assert quiet_hours() == NIGHT
    settings.SALA_QUIET_HOURS = None
    assert quiet_hours() is None
    assert quiet_until(datetime(2026, 5, 1, 23, 0, tzinfo=PP)) is None


def test_bad_setting_says_what_to_write(settings):
    settings.SALA_QUIET_HOURS = ("9pm", "06:30")
    with pytest.raises(ImproperlyConfigured, match=r"two times of day such as \('21:00', '06:30'\)"):
        quiet_hours()
