"""Writes of the training sessions, by subject: scheduling, registration (and the waitlist),
attendance, closing, evaluation. Views, the admin and tasks call these; each raises a
SessionError whose `str()` is a plain sentence safe to show.
"""

from .attendance import MarkResult, attendance_mark, attendance_marks_record
from .closing import CloseSummary, course_completed_by, meetings_attended, meetings_required, session_close
from .errors import (
    AttendanceRefused,
    EvaluationRefused,
    InvalidSchedule,
    NotAllowed,
    RegistrationRefused,
    SessionError,
    UnknownWorkerIds,
)
from .evaluation import evaluation_submit
from .registration import (
    NominationSummary,
    RegistrationOutcome,
    people_from_worker_ids,
    registration_cancel,
    registration_create,
    registrations_nominate,
    waitlist_promote,
)
from .reminders import session_reminders_send, sessions_starting_tomorrow
from .scheduling import (
    ScheduleResult,
    session_cancel,
    session_create,
    session_publish,
    session_registration_close,
    session_update,
)

__all__ = [
    "AttendanceRefused",
    "CloseSummary",
    "EvaluationRefused",
    "MarkResult",
    "attendance_mark",
    "attendance_marks_record",
    "course_completed_by",
    "evaluation_submit",
    "meetings_attended",
    "meetings_required",
    "session_close",
    "InvalidSchedule",
    "NominationSummary",
    "NotAllowed",
    "RegistrationOutcome",
    "RegistrationRefused",
    "ScheduleResult",
    "SessionError",
    "UnknownWorkerIds",
    "people_from_worker_ids",
    "registration_cancel",
    "registration_create",
    "registrations_nominate",
    "session_cancel",
    "session_create",
    "session_publish",
    "session_registration_close",
    "session_reminders_send",
    "sessions_starting_tomorrow",
    "session_update",
    "waitlist_promote",
]
