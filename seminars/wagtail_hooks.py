"""What training sessions add to Sala's screens and to its admin.

Each part has its own section below: the panels on the start page and on My learning
(lms.people.panels), then the admin's screens and the next sessions on a course's page.
"""

from django.utils import timezone
from wagtail import hooks

from lms.people.panels import COURSE_PAGE_PANELS, HOME_PANELS, MY_LEARNING_PANELS, Panel
from lms.people.permissions import is_factory_hr

from . import admin_views
from .ical import calendar_has_sessions
from .permissions import user_can_read_training_days, user_can_schedule
from .selectors import person_registrations, registrations_listed, session_facts
from .states import session_state
from .upcoming import course_has_sessions, sessions_shown

# ---------------------------------------------------------------------------------------------
# Panels on the start page and on My learning (lms.people.panels)
# ---------------------------------------------------------------------------------------------

# My learning lists this many of a person's coming sessions; the training screen has them all.
MY_SESSIONS_SHOWN = 5


class TrainingPanel(Panel):
    """On the start page: the way to /training/, said for what the person does there."""

    name = "training"
    order = 20
    template_name = "seminars/panels/training.html"


@hooks.register(HOME_PANELS)
def add_training_panel(request, panels):
    user = request.user
    panels.append(TrainingPanel(schedules=user_can_schedule(user), nominates=is_factory_hr(user)))


class MySessionsPanel(Panel):
    """On My learning: the person's places in sessions to come (a seat, or a waitlist number)."""

    name = "my_sessions"
    order = 20
    template_name = "seminars/panels/my_sessions.html"


@hooks.register(MY_LEARNING_PANELS)
def add_my_sessions_panel(request, panels):
    now = timezone.now()
    places = list(
        registrations_listed(person_registrations(request.user)).filter(
            session__closed_at__isnull=True, session__ends_at__gte=now
        )[: MY_SESSIONS_SHOWN + 1]
    )
    for place in places:
        place.session.state = session_state(session_facts(place.session, registered=place.session_registered), now=now)
    panels.append(MySessionsPanel(places=places[:MY_SESSIONS_SHOWN], more=len(places) > MY_SESSIONS_SHOWN))


# ---------------------------------------------------------------------------------------------
# The admin
# ---------------------------------------------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return admin_views.TrainingGroup()


@hooks.register(admin_views.TRAINING_MENU_HOOK)
def register_training_screens_menu_item():
    return admin_views.training_screens_menu_item()


@hooks.register(admin_views.TRAINING_MENU_HOOK)
def register_training_days_menu_item():
    return admin_views.training_days_menu_item()


# The ways to the calendar feed (on My learning) and to the training days (on the start page).


class CalendarLinkPanel(Panel):
    """On My learning, for someone with a seat in a session or sessions to train: add them to the
    phone's calendar."""

    name = "training_calendar"
    order = 21
    template_name = "seminars/panels/calendar_link.html"


@hooks.register(MY_LEARNING_PANELS)
def add_calendar_link_panel(request, panels):
    if calendar_has_sessions(request.user):
        panels.append(CalendarLinkPanel())


class TrainingDaysPanel(Panel):
    """On the start page of trainers, HR and programme staff: the training days report."""

    name = "training_days"
    order = 21
    template_name = "seminars/panels/training_days.html"


@hooks.register(HOME_PANELS)
def add_training_days_panel(request, panels):
    if user_can_read_training_days(request.user):
        panels.append(TrainingDaysPanel())


# The next sessions of a classroom, seminar or virtual course, on its page in the catalogue.


class CourseSessionsPanel(Panel):
    name = "course_sessions"
    order = 10
    template_name = "seminars/panels/course_sessions.html"


@hooks.register(COURSE_PAGE_PANELS)
def add_course_sessions_panel(request, panels, course):
    # Self-paced courses have no sessions: their page asks nothing more.
    if course_has_sessions(course):
        panels.append(CourseSessionsPanel(upcoming=sessions_shown(course=course)))
