"""Catalogue pages and learner records; see pages.py and records.py."""

from .pages import Audience, CatalogueIndexPage, CoursePage, LessonPage, ProgrammePage, ToolkitIndexPage, ToolkitPage
from .records import Enrolment, LessonProgress, ProgrammeCompletion, XapiStatement

__all__ = [
    "Audience",
    "CatalogueIndexPage",
    "CoursePage",
    "Enrolment",
    "LessonPage",
    "LessonProgress",
    "ProgrammeCompletion",
    "ProgrammePage",
    "ToolkitIndexPage",
    "ToolkitPage",
    "XapiStatement",
]
