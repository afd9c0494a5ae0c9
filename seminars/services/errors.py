"""The errors a training action raises; `str(error)` is a plain sentence safe to show the person."""


class SessionError(Exception):
    """A training action that cannot be done; the message says why, in the reader's language."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(SessionError):
    """The person acting may not do this (to this session, or for this person)."""


class RegistrationRefused(SessionError):
    """The session does not take this registration now (closed, cancelled, full of this person...)."""


class InvalidSchedule(SessionError):
    """A session's dates, venue, seats or meetings do not make a session that can take place."""


class UnknownWorkerIds(SessionError):
    """Pasted worker IDs that are not on the factory's roster; `worker_ids` lists each as typed."""

    def __init__(self, message: str, *, worker_ids: list[str]):
        super().__init__(message)
        self.worker_ids = worker_ids


class AttendanceRefused(SessionError):
    """An attendance mark the session does not take (too early, session over, not registered...)."""


class EvaluationRefused(SessionError):
    """An evaluation that cannot be taken (before the session, ratings out of range...)."""
