"""A session's state, computed from its flags, dates and counts: one pure function.

Nothing stores the state, so it cannot disagree with what it is computed from. The function takes
plain values (no model, no database) and `now`; `seminars.selectors` feeds it from a session, and
`sessions_in_state` turns the same rules into a query for lists and filters.
"""

import datetime
from dataclasses import dataclass

from .choices import SessionState


@dataclass(frozen=True)
class SessionFacts:
    published: bool
    cancelled: bool
    closed: bool
    registration_closed: bool
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    registration_deadline: datetime.datetime | None
    capacity: int
    registered: int

    @property
    def registration_ends_at(self) -> datetime.datetime | None:
        """Registration closes at the deadline, or when the first meeting starts if that is sooner."""
        if self.registration_deadline is None or self.starts_at is None:
            return self.registration_deadline or self.starts_at
        return min(self.registration_deadline, self.starts_at)


def session_state(facts: SessionFacts, *, now: datetime.datetime) -> SessionState:
    """The state of a session at `now`, checked in this order:

    1. cancelled, whatever else is true;
    2. completed, once the trainer has closed it;
    3. draft, until it is published and has at least one meeting;
    4. in progress from the first meeting's start until it is closed (a session that has ended
       but is not closed yet is still in progress: its attendance can still be taken);
    5. closed for registration once registration was closed by hand or its deadline has passed;
    6. full when every seat is taken (a waitlist still takes names);
    7. open.
    """
    if facts.cancelled:
        return SessionState.CANCELLED
    if facts.closed:
        return SessionState.COMPLETED
    if not facts.published or facts.starts_at is None:
        return SessionState.DRAFT
    if now >= facts.starts_at:
        return SessionState.IN_PROGRESS
    if facts.registration_closed or now >= facts.registration_ends_at:
        return SessionState.REGISTRATION_CLOSED
    if facts.registered >= facts.capacity:
        return SessionState.FULL
    return SessionState.OPEN
