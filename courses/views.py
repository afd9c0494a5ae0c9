"""What learners do with the catalogue. Page views run in front of Wagtail's own serving (see
wagtail_hooks.py); the rest are plain Django views under /learning/. My learning and HR's training
records read other apps too, so they live in the project shell (lms/shell)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from lms.people.panels import COURSE_COMPLETED_PANELS, COURSE_PAGE_PANELS, panels_for

from . import services, xapi
from .forms import CatalogueFilterForm
from .models import CatalogueIndexPage, CoursePage, LessonPage, ToolkitIndexPage, ToolkitPage
from .permissions import user_can_view_toolkits
from .selectors import (
    catalogue_courses,
    course_state_for,
    enrolled_course_keys,
    lesson_navigation,
    next_course_in_programme,
)


def _render_page(request, page, extra, status=200):
    context = page.get_context(request)
    context.update(extra)
    return TemplateResponse(request, page.get_template(request), context, status=status)


def catalogue_page(request, page: CatalogueIndexPage):
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = catalogue_courses(
        locale=page.locale,
        q=filters.get("q", ""),
        audience=filters.get("audience", ""),
        topic=filters.get("topic", ""),
        delivery=filters.get("delivery", ""),
        translated_only=filters.get("translated_only", False),
    )
    enrolled = enrolled_course_keys(request.user)
    return _render_page(request, page, {"form": form, "courses": courses, "enrolled_keys": enrolled})


def _course_completed(request, course: Page, enrolment) -> dict:
    """What the learner sees on completing a course: the completed cycle, what other apps add
    (the certificate), and the programme's next course for them."""
    return {
        "enrolment": enrolment,
        "course": course,
        "panels": panels_for(COURSE_COMPLETED_PANELS, request, course=enrolment.course, enrolment=enrolment),
        "next_course": next_course_in_programme(person=request.user, course=course),
    }


def course_page(request, page: CoursePage):
    # Other apps add to the page (training sessions: the dates a classroom course is given).
    panels = panels_for(COURSE_PAGE_PANELS, request, course=page)
    state = course_state_for(request.user, page)
    completed = None
    if state.enrolment is not None and state.enrolment.completed_at:
        completed = _course_completed(request, page, state.enrolment)
    return _render_page(request, page, {"state": state, "panels": panels, "course_completed": completed})


def lesson_page(request, page: LessonPage):
    progress, result = None, None
    status = 200
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                if "quiz" in request.POST:
                    result = services.quiz_submit(person=request.user, lesson=page, answers=request.POST)
                else:
                    services.lesson_progress_complete(person=request.user, lesson=page)
                    return redirect(lesson_navigation(page).after_url)
            except services.CourseError as error:
                messages.error(request, error.message)
                status = 400
        # Opening the lesson (or an answer refused) records that it was started, in the current cycle.
        progress = result.progress if result else services.lesson_progress_start(person=request.user, lesson=page)
    elif request.method == "POST":
        return redirect(f"/accounts/login/?next={request.path}")
    navigation = lesson_navigation(page)
    completed = None
    if result is not None and result.progress.enrolment.completed_at:  # this answer completed the course
        completed = _course_completed(request, navigation.course, result.progress.enrolment)
    return _render_page(
        request,
        page,
        {
            "course": navigation.course,
            "enrolment": progress.enrolment if progress else None,
            "progress": progress,
            "result": result,
            "position": navigation.position,
            "lesson_count": navigation.lesson_count,
            "next_lesson": navigation.next_lesson,
            "course_completed": completed,
        },
        status=status,
    )


def toolkit_page(request, page):
    """Toolkits are closed to everyone outside the allowed groups, whatever the page privacy says."""
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    if not user_can_view_toolkits(request.user):
        raise Http404
    return None  # Wagtail serves the page as usual


PAGE_VIEWS = {
    CatalogueIndexPage: catalogue_page,
    CoursePage: course_page,
    LessonPage: lesson_page,
    ToolkitIndexPage: toolkit_page,
    ToolkitPage: toolkit_page,
}


def page_view(request, page: Page):
    view = PAGE_VIEWS.get(type(page))
    return view(request, page) if view else None


def restricted_document_response(document, request):
    """A document in a collection with view restrictions, asked for by someone not allowed."""
    for restriction in document.collection.get_view_restrictions():
        if not restriction.accept_request(request):
            if request.user.is_authenticated:
                return HttpResponseForbidden(_("This document is only for members of certain groups."))
            raise Http404
    return None


# --- Django views under /learning/ ----------------------------------------------------------------


@login_required
@require_POST
def enrol(request, course_id: int):
    """A learner enrols in a course from its page (in any language), or, with `again`, takes a
    course they completed once more (a new cycle)."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        if "again" in request.POST:
            services.enrolment_cycle_start(person=request.user, course=course, started_by=request.user)
            messages.success(request, _("You are taking this course again. Start with the first lesson."))
        else:
            _enrolment, created = services.enrolment_create(
                person=request.user, course=course, enrolled_by=request.user
            )
            if created:
                messages.success(request, _("You are enrolled. Start with the first lesson."))
    except services.CourseError as error:
        messages.error(request, error.message)
    return redirect(course.localized.url)


@require_POST
def xapi_statement(request, lesson_id: int):
    """One statement from an H5P exercise of the lesson, posted as JSON by the lesson page.

    The body is checked whole against the statement schema (courses.xapi) before anything is
    written. The error messages are for the page's script and for developers: the learner never
    sees them, so they stay in English.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Sign in first."}, status=401)
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        statement = xapi.statement_from_json(_body_up_to(request, xapi.MAX_STATEMENT_BYTES))
        outcome = services.xapi_statement_record(person=request.user, lesson=lesson, statement=statement)
    except xapi.InvalidStatement as error:
        return JsonResponse({"error": error.message}, status=400)
    except services.NotEnrolled as error:
        return JsonResponse({"error": error.message}, status=403)
    except services.CourseError as error:
        return JsonResponse({"error": error.message}, status=400)
    return JsonResponse(
        {
            "recorded": outcome.created,
            "score": outcome.score,
            "completed": outcome.completed,
            "passed": outcome.passed,
            "course_completed": outcome.course_completed,
        },
        status=201 if outcome.created else 200,
    )


def _body_up_to(request, limit: int) -> bytes:
    """The request body, refused before it is read when it says (or turns out) to be over `limit`
    bytes: a large body is never held in memory or parsed."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not (declared.isascii() and declared.isdigit() and len(declared) <= 12 and int(declared) <= limit):
        raise xapi.InvalidStatement(f"The statement is larger than {limit // 1024} KB.")
    return request.read(limit + 1)
