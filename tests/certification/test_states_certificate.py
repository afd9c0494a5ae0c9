"""A certificate's state, expiry date, reminder due and verification code: pure functions."""

import datetime

import pytest

from certification.choices import CertificateState
from certification.codes import ALPHABET, LENGTH, code_display, code_new, code_normalised
from certification.states import certificate_state, expiry_date, months_added, reminder_due

D = datetime.date


def test_valid_until_the_day_it_expires():
    """A certificate is valid the day before its expiry date and expired on it."""
    assert certificate_state(expires_on=D(2028, 3, 15), revoked=False, today=D(2028, 3, 14)) == CertificateState.VALID
    assert certificate_state(expires_on=D(2028, 3, 15), revoked=False, today=D(2028, 3, 15)) == CertificateState.EXPIRED


def test_without_expiry_it_stays_valid():
    """A course with no validity gives a certificate that never expires."""
    assert certificate_state(expires_on=None, revoked=False, today=D(2099, 1, 1)) == CertificateState.VALID


def test_revoked_overrides_valid_and_expired():
    """A revoked certificate reads revoked whatever its dates."""
    assert certificate_state(expires_on=None, revoked=True, today=D(2026, 1, 1)) == CertificateState.REVOKED
    assert certificate_state(expires_on=D(2020, 1, 1), revoked=True, today=D(2026, 1, 1)) == CertificateState.REVOKED


@pytest.mark.parametrize(
    ("issued", "months", "expires"),
    [
        (D(2026, 3, 15), 24, D(2028, 3, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2027, 12, 31), 2, D(2028, 2, 29)),
        (D(2026, 11, 30), 14, D(2028, 1, 30)),
    ],
)
def test_expiry_is_months_later_on_the_same_day(issued, months, expires):
    """Validity in months lands on the same day, or the month's last day where it is shorter."""
    assert expiry_date(issued_on=issued, validity_months=months) == expires
    assert months_added(issued, months) == expires


def test_no_validity_no_expiry():
    assert expiry_date(issued_on=D(2026, 1, 1), validity_months=None) is None
    assert expiry_date(issued_on=D(2026, 1, 1), validity_months=0) is None


@pytest.mark.parametrize(
    ("days_left", "sent", "due"),
    [
        (61, set(), None),
        (60, set(), 60),
        (59, {60}, None),
        (30, {60}, 30),
        (25, {60}, 30),  # the job did not run on day 30: the 30-day reminder, once
        (25, set(), 30),  # never 60 and 30 together
        (7, {60, 30}, 7),
        (1, {60, 30, 7}, None),
        (0, set(), None),  # expired: no reminder
    ],
)
def test_reminder_due_is_the_nearest_threshold_not_sent(days_left, sent, due):
    """Reminders at 60, 30 and 7 days, each once; a late run sends only the nearest."""
    today = D(2026, 6, 1)
    assert reminder_due(expires_on=today + datetime.timedelta(days=days_left), today=today, already_sent=sent) == due


def test_codes_are_ten_characters_from_the_readable_alphabet():
    """A code has no 0, O, 1, I or L and reads in two groups of five."""
    codes = {code_new() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == LENGTH and set(code) <= set(ALPHABET)
        assert not set(code) & set("01OIL")
    assert code_display("K7MQ4XR29T") == "K7MQ4-XR29T"


@pytest.mark.parametrize("typed", ["k7mq4-xr29t", "K7MQ4 XR29T", " k7mq4xr29t ", "K7MQ4–XR29T"])
def test_typed_codes_are_read_forgivingly(typed):
    assert code_normalised(typed) == "K7MQ4XR29T"


@pytest.mark.parametrize("typed", ["", "K7MQ4", "K7MQ4-XR29T1", "K7MQ4-XR290", "K7MQ4-XR2<T", "../../etc", "K" * 500])
def test_malformed_codes_are_refused(typed):
    assert code_normalised(typed) is None
