"""Catalogue pages and learner records; see pages.py and records.py."""

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
