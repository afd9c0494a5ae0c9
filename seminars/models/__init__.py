"""Training sessions and industry seminars; see pages.py, sessions.py and records.py."""

from .pages import SeminarIndexPage, SeminarPage
from .records import Attendance, CalendarFeed, Evaluation, Registration
from .sessions import Meeting, SeatQuota, Session, TrainingCentre

__all__ = [
    "Attendance",
    "CalendarFeed",
    "Evaluation",
    "Meeting",
    "Registration",
    "SeatQuota",
    "SeminarIndexPage",
    "SeminarPage",
    "Session",
    "TrainingCentre",
]
