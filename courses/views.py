"""What learners, HR and trainers do with the catalogue. Page views run in front of Wagtail's
own serving (see wagtail_hooks.py); the rest are plain Django views under /learning/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from lms.people.choices import EmploymentStatus
from lms.people.permissions import require_people_screens
from lms.people.resources import EXPORT_FORMATS
from lms.people.views import attachment_response

from . import services, xapi
from .exports import enrolments_export_file
from .forms import BulkEnrolForm, CatalogueFilterForm, FactoryReportForm
from .localization import canonical
from .models import CatalogueIndexPage, CoursePage, Enrolment, LessonPage, ToolkitIndexPage, ToolkitPage
from .permissions import user_can_view_toolkits
from .selectors import catalogue_courses, factory_enrolments, my_learning

REPORT_PAGE_SIZE = 200


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
    enrolled = set()
    if request.user.is_authenticated:
        enrolled = set(Enrolment.objects.filter(person=request.user).values_list("course__translation_key", flat=True))
    return _render_page(request, page, {"form": form, "courses": courses, "enrolled_keys": enrolled})


def course_page(request, page: CoursePage):
    english = canonical(page)
    enrolment, missing, progress = None, [], {}
    if request.user.is_authenticated:
        enrolment = Enrolment.objects.filter(person=request.user, course=english).first()
        if enrolment is None:
            missing = services.missing_prerequisites(person=request.user, course=english)
        progress = {
            p.lesson.translation_key: p
            for p in request.user.lesson_progress.filter(course=english).select_related("lesson")
        }
    lessons = [(lesson, progress.get(lesson.translation_key)) for lesson in page.lessons()]
    return _render_page(request, page, {"enrolment": enrolment, "missing": missing, "lessons": lessons})


def lesson_page(request, page: LessonPage):
    course = page.get_parent().specific
    enrolment, progress, result = None, None, None
    status = 200
    if request.user.is_authenticated:
        enrolment = Enrolment.objects.filter(person=request.user, course=canonical(course)).first()
        if request.method == "POST":
            try:
                if "quiz" in request.POST:
                    result = services.quiz_submit(person=request.user, lesson=page, answers=request.POST)
                    progress = result.progress
                else:
                    services.lesson_complete(person=request.user, lesson=page)
                    return redirect(_after_lesson_url(page, course))
            except services.CourseError as error:
                messages.error(request, error.message)
                status = 400
        if progress is None and enrolment is not None:
            progress = services.lesson_start(person=request.user, lesson=page)
    elif request.method == "POST":
        return redirect(f"/accounts/login/?next={request.path}")
    siblings = list(course.lessons())
    position = next((i for i, lesson in enumerate(siblings) if lesson.pk == page.pk), 0)
    return _render_page(
        request,
        page,
        {
            "course": course,
            "enrolment": enrolment,
            "progress": progress,
            "result": result,
            "position": position + 1,
            "lesson_count": len(siblings),
            "next_lesson": siblings[position + 1] if position + 1 < len(siblings) else None,
        },
        status=status,
    )


def _after_lesson_url(page: LessonPage, course: CoursePage) -> str:
    later = course.lessons().filter(path__gt=page.path).first()
    return (later or course).url


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
    """A learner enrols in a course from its page (in any language)."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        _enrolment, created = services.enrolment_create(person=request.user, course=course, enrolled_by=request.user)
    except services.CourseError as error:
        messages.error(request, error.message)
    else:
        if created:
            messages.success(request, _("You are enrolled. Start with the first lesson."))
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
        {"recorded": outcome.created, "score": outcome.score, "completed": outcome.completed},
        status=201 if outcome.created else 200,
    )


def _body_up_to(request, limit: int) -> bytes:
    """The request body, refused before it is read when it says (or turns out) to be over `limit`
    bytes: a large body is never held in memory or parsed."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not (declared.isascii() and declared.isdigit() and len(declared) <= 12 and int(declared) <= limit):
        raise xapi.InvalidStatement(f"The statement is larger than {limit // 1024} KB.")
    return request.read(limit + 1)


@login_required
def my_learning_view(request):
    in_progress, completed = my_learning(request.user)
    return render(request, "courses/my_learning.html", {"in_progress": in_progress, "completed": completed})


@login_required
def factory_report(request):
    """HR: its workers' enrolments and completions per course. Programme staff: any factory."""
    require_people_screens(request.user)
    form = FactoryReportForm(request.GET, user=request.user)
    # A filter the user may not use (another factory's code or department) shows no records.
    enrolments = (
        factory_enrolments(user=request.user, **form.filters()) if form.is_valid() else Enrolment.objects.none()
    )
    total = enrolments.count()
    completed = enrolments.filter(completed_at__isnull=False).count()
    return render(
        request,
        "courses/factory_report.html",
        {
            "form": form,
            "enrolments": enrolments[:REPORT_PAGE_SIZE],
            "total": total,
            "completed": completed,
            "shown": min(total, REPORT_PAGE_SIZE),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def factory_report_export(request):
    require_people_screens(request.user)
    # "format" is not a form field; any filter the user may not use (another factory) is a 404.
    form = FactoryReportForm(request.GET, user=request.user)
    file_format = request.GET.get("format", "csv")
    if file_format not in EXPORT_FORMATS or not form.is_valid():
        raise Http404
    enrolments = factory_enrolments(user=request.user, **form.filters())
    return attachment_response(*enrolments_export_file(enrolments=enrolments, file_format=file_format))


@login_required
def bulk_enrol(request):
    """HR enrols a department or a list of worker IDs of its factory; trainers any factory."""
    require_people_screens(request.user)
    form = BulkEnrolForm(request.POST or None, request.FILES or None, user=request.user)
    summary = missing_ids = None
    if request.method == "POST" and form.is_valid():
        factory = form.cleaned_data["factory"]
        people = factory.people.filter(employment_status=EmploymentStatus.ACTIVE)
        if form.cleaned_data["department"]:
            people = people.filter(department=form.cleaned_data["department"])
        ids = form.worker_id_list
        if ids:
            people = factory.people.filter(worker_id__in=ids)
            missing_ids = sorted(set(ids) - set(people.values_list("worker_id", flat=True)))
        if missing_ids:
            form.add_error(
                "worker_ids",
                _("Not on the roster of %(factory)s: %(ids)s. Nobody was enrolled.")
                % {"factory": factory.name, "ids": ", ".join(missing_ids)},
            )
        else:
            summary = services.enrolments_create_many(
                people=people.order_by("worker_id"), course=form.cleaned_data["course"], enrolled_by=request.user
            )
    return render(request, "courses/bulk_enrol.html", {"form": form, "summary": summary})
