"""Learner actions in front of Wagtail's page serving; toolkit documents kept private; the
panels courses adds to the learner's pages and to the person page (lms.people.panels)."""

from wagtail import hooks

from lms.people.panels import HOME_PANELS, MY_LEARNING_PANELS, PERSON_PAGE_PANELS, Panel

from . import views
from .selectors import my_learning


# Inside Wagtail's own page-privacy check (the on_serve_page hook of order 0), so that a page an
# editor made private stays private; Wagtail's before_serve_page checks run before it too.
@hooks.register("on_serve_page", order=1)
def serve_learning_pages(serve):
    def serve_learning_page(page, request, serve_args, serve_kwargs):
        response = views.page_view(request, page)
        return response if response is not None else serve(page, request, serve_args, serve_kwargs)

    return serve_learning_page


# Before Wagtail's own check, which would send an outsider to the sign-in page instead.
@hooks.register("before_serve_document", order=-1)
def keep_restricted_documents_private(document, request):
    return views.restricted_document_response(document, request)


class MyCoursesPanel(Panel):
    """The learner's courses: in progress with the next lesson, then completed."""

    name = "my_courses"
    order = 10
    template_name = "courses/panels/my_courses.html"


class ContinueLearningPanel(Panel):
    """On the start page: the courses in progress, each with its next lesson."""

    name = "continue_learning"
    order = 10
    template_name = "courses/panels/continue_learning.html"


class PersonTrainingPanel(Panel):
    """On the person page: the courses this person is enrolled in and what they have completed."""

    name = "training"
    order = 20
    template_name = "courses/panels/person_training.html"


@hooks.register(MY_LEARNING_PANELS)
def add_my_courses_panel(request, panels):
    in_progress, completed = my_learning(request.user)
    panels.append(MyCoursesPanel(in_progress=in_progress, completed=completed))


@hooks.register(HOME_PANELS)
def add_continue_learning_panel(request, panels):
    in_progress, _completed = my_learning(request.user)
    if in_progress:
        panels.append(ContinueLearningPanel(in_progress=in_progress))


@hooks.register(PERSON_PAGE_PANELS)
def add_person_training_panel(request, panels, person):
    in_progress, completed = my_learning(person)
    panels.append(PersonTrainingPanel(person=person, in_progress=in_progress, completed=completed))
