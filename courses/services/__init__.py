"""Writes of the courses app, by subject: enrolment (and new cycles), progress through lessons,
quizzes, xAPI statements from H5P exercises, and completion. Views, seminars and imports call
these; each raises a CourseError whose message is safe to show.
"""

from .completion import completion_record, completion_record_if_earned
from .enrolment import EnrolmentSummary, enrolment_create, enrolment_cycle_start, enrolments_create_many
from .errors import (
    CourseError,
    CycleStillOpen,
    NotAllowed,
    NotEnrolled,
    PrerequisitesMissing,
    QuizRequired,
    StatementRefused,
)
from .progress import (
    MAX_ATTEMPTS,
    QUIZ_PART,
    exercise_part,
    lesson_part_result_record,
    lesson_parts,
    lesson_progress_complete,
    lesson_progress_start,
)
from .quizzes import QuestionResult, QuizResult, quiz_answer_field, quiz_submit
from .statements import StatementOutcome, xapi_statement_record

__all__ = [
    "MAX_ATTEMPTS",
    "QUIZ_PART",
    "CourseError",
    "CycleStillOpen",
    "EnrolmentSummary",
    "NotAllowed",
    "NotEnrolled",
    "PrerequisitesMissing",
    "QuestionResult",
    "QuizRequired",
    "QuizResult",
    "StatementOutcome",
    "StatementRefused",
    "completion_record",
    "completion_record_if_earned",
    "enrolment_create",
    "enrolment_cycle_start",
    "enrolments_create_many",
    "exercise_part",
    "lesson_part_result_record",
    "lesson_parts",
    "lesson_progress_complete",
    "lesson_progress_start",
    "quiz_answer_field",
    "quiz_submit",
    "xapi_statement_record",
]
