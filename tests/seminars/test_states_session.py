"""A session's state from its flags, dates and counts: the pure function, without the database."""

import dataclasses
import datetime

import pytest

from seminars.choices import SessionState
from seminars.states import SessionFacts, session_state

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)

# An open session: published, first meeting in two days, seats left, no deadline.
OPEN = SessionFacts(
    published=True,
    cancelled=False,
    closed=False,
    registration_closed=False,
    starts_at=NOW + 48 * HOUR,
    ends_at=NOW + 56 * HOUR,
    registration_deadline=None,
    capacity=10,
    registered=3,
)


def state(**changes) -> SessionState:
    return session_state(dataclasses.replace(OPEN, **changes), now=NOW)


def test_a_published_session_with_seats_left_is_open():
    """Published, not started, seats left: people can register."""
    assert state() == SessionState.OPEN


def test_every_seat_taken_is_full():
    """When registrations reach the seats, the session is full (the waitlist still takes names)."""
    assert state(registered=10) == SessionState.FULL
    assert state(registered=12) == SessionState.FULL
    assert state(registered=9) == SessionState.OPEN


def test_registration_closes_at_the_deadline():
    """At the registration deadline the session stops taking registrations, full or not."""
    assert state(registration_deadline=NOW) == SessionState.REGISTRATION_CLOSED
    assert state(registration_deadline=NOW - HOUR, registered=10) == SessionState.REGISTRATION_CLOSED
    assert state(registration_deadline=NOW + HOUR) == SessionState.OPEN


def test_registration_closed_by_hand():
    """A trainer closing registration early closes it."""
    assert state(registration_closed=True) == SessionState.REGISTRATION_CLOSED


def test_a_deadline_after_the_start_closes_registration_at_the_start():
    """Registration never stays open after the first meeting has started."""
    facts = dataclasses.replace(OPEN, registration_deadline=OPEN.starts_at + 24 * HOUR)
    assert facts.registration_ends_at == OPEN.starts_at


def test_from_the_first_meeting_it_is_in_progress_until_closed():
    """From the first meeting's start, and after its end until the trainer closes it, it is in progress."""
    assert state(starts_at=NOW) == SessionState.IN_PROGRESS
    assert state(starts_at=NOW - 48 * HOUR, ends_at=NOW - 40 * HOUR) == SessionState.IN_PROGRESS
    assert state(starts_at=NOW - HOUR, registration_closed=True, registered=10) == SessionState.IN_PROGRESS


def test_unpublished_or_without_meetings_is_a_draft():
    """A session not published yet, or with no meeting, is a draft whatever its dates."""
    assert state(published=False) == SessionState.DRAFT
    assert state(starts_at=None, ends_at=None) == SessionState.DRAFT
    assert state(published=False, starts_at=NOW - HOUR) == SessionState.DRAFT


def test_closed_is_completed_unless_cancelled():
    """A closed session is completed, even unpublished; a cancelled one is cancelled above all."""
    assert state(closed=True, starts_at=NOW - 48 * HOUR) == SessionState.COMPLETED
    assert state(closed=True, published=False) == SessionState.COMPLETED
    assert state(cancelled=True, closed=True) == SessionState.CANCELLED


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"published": False},
        {"starts_at": None},
        {"starts_at": NOW - HOUR},
        {"registration_closed": True},
        {"registered": 10},
        {"closed": True},
    ],
)
def test_cancelled_wins_over_everything(changes):
    """Whatever else is true, a cancelled session shows as cancelled."""
    assert state(cancelled=True, **changes) == SessionState.CANCELLED


def test_the_order_of_precedence():
    """Each rule hides those after it: completed > draft > in progress > closed > full > open."""
    everything = {
        "closed": True,
        "published": False,
        "starts_at": NOW - HOUR,
        "registration_closed": True,
        "registered": 10,
    }
    order = [
        ("closed", SessionState.COMPLETED),
        ("published", SessionState.DRAFT),
        ("starts_at", SessionState.IN_PROGRESS),
        ("registration_closed", SessionState.REGISTRATION_CLOSED),
        ("registered", SessionState.FULL),
    ]
    for name, expected in order:
        assert state(**everything) == expected
        everything.pop(name)
    assert state(**everything) == SessionState.OPEN
