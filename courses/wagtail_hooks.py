"""Learner actions in front of Wagtail's page serving; toolkit documents kept private; the
panels courses adds to the start page, the learner's pages and the person page
(lms.people.panels); the admin's list of translations that are out of date."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.people.panels import HOME_PANELS, MY_LEARNING_PANELS, PERSON_PAGE_PANELS, Panel

from . import views
from .localization import default_locale_id
from .models import HomePage
from .selectors import my_learning
from .translations import translations_out_of_date


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


class SiteHomePanel(Panel):
    """On the start page: the home page's introduction and links, as programme staff wrote them."""

    name = "site_home"
    order = 0
    template_name = "courses/panels/site_home.html"


@hooks.register(HOME_PANELS)
def add_site_home_panel(request, panels):
    home = HomePage.objects.filter(depth=2, locale_id=default_locale_id()).first()
    if home is None:
        return
    home = home.localized
    if home.live and (home.intro or home.links):
        panels.append(SiteHomePanel(home=home))


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


@permission_required("wagtailadmin.access_admin", raise_exception=True)
def translations_out_of_date_view(request):
    return render(request, "courses/admin/translations_out_of_date.html", {"rows": translations_out_of_date()})


@hooks.register("register_admin_urls")
def translations_admin_urls():
    return [path("translations/out-of-date/", translations_out_of_date_view, name="translations_out_of_date")]


@hooks.register("register_reports_menu_item")
def translations_out_of_date_menu_item():
    return MenuItem(_("Translations out of date"), reverse("translations_out_of_date"), icon_name="site", order=900)
