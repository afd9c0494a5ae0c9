"""The site's home page, catalogue pages and learner records; see home.py, pages.py and records.py."""

from .home import HomePage
from .pages import (
    Audience,
    CatalogueIndexPage,
    CoursePage,
    LessonPage,
    ProgrammePage,
    RoutedPage,
    ToolkitIndexPage,
    ToolkitPage,
)
from .records import Completion, Enrolment, LessonPartResult, LessonProgress, ProgrammeCompletion, XapiStatement

__all__ = [
    "Audience",
    "CatalogueIndexPage",
    "Completion",
    "CoursePage",
    "Enrolment",
    "HomePage",
    "LessonPage",
    "LessonPartResult",
    "LessonProgress",
    "ProgrammeCompletion",
    "ProgrammePage",
    "RoutedPage",
    "ToolkitIndexPage",
    "ToolkitPage",
    "XapiStatement",
]
