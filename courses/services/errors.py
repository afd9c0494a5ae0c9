"""The errors a learning action raises; each carries a message safe to show the learner."""

from django.utils.translation import gettext as _

from courses.models import CoursePage


class CourseError(Exception):
    """A learning action that cannot be done; `message` is safe to show."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message


class NotAllowed(CourseError):
    pass


class PrerequisitesMissing(CourseError):
    def __init__(self, courses: list[CoursePage]):
        self.courses = courses
        names = ", ".join(str(course.localized.title) for course in courses)
        super().__init__(_("Complete these courses first: %(courses)s.") % {"courses": names})


class NotEnrolled(CourseError):
    pass


class CycleStillOpen(CourseError):
    """A new cycle of a course was asked for while the current one is not completed."""


class QuizRequired(CourseError):
    pass


class StatementRefused(CourseError):
    """A well-formed statement this lesson does not take."""
