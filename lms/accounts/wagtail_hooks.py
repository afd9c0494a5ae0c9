"""The "Sign-in" panel on the person page (lms.people.panels): lockout, PIN, login cards."""

from wagtail import hooks

from lms.people.panels import PERSON_PAGE_PANELS, Panel

from .selectors import sign_in_state


class SignInPanel(Panel):
    name = "sign_in"
    order = 10
    template_name = "accounts/panels/sign_in.html"


@hooks.register(PERSON_PAGE_PANELS)
def add_sign_in_panel(request, panels, person):
    panels.append(SignInPanel(person=person, state=sign_in_state(person, viewer=request.user)))
