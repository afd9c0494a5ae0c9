"""Panels that apps add to Sala's screens without the screen importing them.

It works like Wagtail's `construct_homepage_panels`: a screen names a hook, each app with
something to show registers a function for it in its wagtail_hooks.py, and the screen renders what
comes back by `order`. So the person page (in this bottom-layer app) shows training and sign-in
without importing courses or accounts, and certificates or sessions can add theirs later.

A registered function is called as `fn(request, panels, **context)` and appends `Panel`s:
- `sala_home_panels`: the signed-in user's start page; no context.
- `sala_my_learning_panels`: the learner's "My learning" page; no context.
- `sala_person_page_panels`: a person's page for HR and programme staff; `person=`.
- `sala_course_page_panels`: a course's page in the catalogue, for anyone; `course=` (the page in
  the reader's language). A course page has a budget of queries: add nothing (and ask nothing)
  for a course the panel has nothing to say about.
- `sala_course_completed_panels`: the moment a learner completes a course (on the lesson that
  completed it, and on the course page afterwards); `course=` (the English course) and
  `enrolment=` (the completed cycle).
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from laces.components import Component
from wagtail import hooks

HOME_PANELS = "sala_home_panels"
MY_LEARNING_PANELS = "sala_my_learning_panels"
PERSON_PAGE_PANELS = "sala_person_page_panels"
COURSE_PAGE_PANELS = "sala_course_page_panels"
COURSE_COMPLETED_PANELS = "sala_course_completed_panels"


class Panel(Component):
    """A piece of a screen: a template, its context and where it goes (lower `order` comes first).

    Rendered with the page's request, so its template may use {% csrf_token %} and `user`.
    """

    name: str = ""
    order: int = 100
    template_name: str

    def __init__(self, **context):
        self.context = context

    def get_context_data(self, parent_context=None) -> dict:
        return dict(self.context)

    def render_html(self, parent_context=None) -> SafeString:
        request = parent_context.get("request") if parent_context is not None else None
        return render_to_string(self.template_name, self.get_context_data(parent_context), request=request)


def panels_for(hook_name: str, request, **context) -> list[Panel]:
    """The panels every app registered for this screen, in order."""
    panels: list[Panel] = []
    for register in hooks.get_hooks(hook_name):
        register(request, panels, **context)
    return sorted(panels, key=lambda panel: panel.order)
