"""The start page each kind of user lands on, the language switcher, health and public uploads,
and the screens that read every app: My learning, HR's training records and bulk enrolment.

Pieces of a screen that belong to a lower app (a learner's courses, later certificates and
sessions) arrive as panels the apps register (lms.people.panels), so this layer lists no app."""

import dataclasses

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from courses import services as course_services
from courses.selectors import factory_record_rows, factory_records, factory_records_summary
from lms.people.forms import PeopleSelectionForm
from lms.people.names import local_name, local_name_of, page_titles
from lms.people.panels import HOME_PANELS, MY_LEARNING_PANELS, panels_for
from lms.people.permissions import is_programme_wide, require_people_screens, user_can_manage_people
from lms.people.resources import EXPORT_FORMATS
from lms.people.selectors import people_chosen_to_enrol, people_to_enrol
from lms.people.services import person_language_set
from lms.people.tabular import CONTENT_TYPES, XLSX_MAX_ROWS

from .choices import ExportStatus
from .exports import export_filters, training_records_download
from .forms import BulkEnrolForm, FactoryReportForm
from .health import cache_status, database_status
from .models import ExportJob
from .services import ExportAlreadyRunning, export_job_start
from .uploads import public_upload_response

REPORT_PAGE_SIZE = 200


def home(request):
    user = request.user
    return render(
        request,
        "shell/home.html",
        {
            "can_manage_people": user_can_manage_people(user),
            "is_programme_wide": is_programme_wide(user),
            "panels": panels_for(HOME_PANELS, request) if user.is_authenticated else [],
        },
    )


@require_POST
def language_set(request):
    """Switch the interface language; a signed-in person keeps it as their preference."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    # Only Sala's own languages: Django knows many more, and a preference must be one we speak.
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        person_language_set(person=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response


@never_cache
@require_GET
def health(request):
    """For load balancers: 200 when the database and cache answer, 503 otherwise."""
    statuses = [database_status(), cache_status()]
    healthy = all(status.ok for status in statuses)
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "services": {s.name: s.ok for s in statuses}},
        status=200 if healthy else 503,
    )


@require_GET
def public_upload(request, path: str):
    """A picture, audio or video file from the public upload folders; 404 for anything else."""
    return public_upload_response(path)


@login_required
def my_learning(request):
    """The learner's own page: what each app registered for it (courses: in progress, completed)."""
    return render(request, "shell/my_learning.html", {"panels": panels_for(MY_LEARNING_PANELS, request)})


@login_required
def factory_report(request):
    """HR: its workers' enrolments and completions per course. Programme staff: any factory."""
    require_people_screens(request.user)
    form = FactoryReportForm(request.GET, user=request.user)
    # A filter the user may not use (another factory's code or department) shows no records.
    rows, total, completed = [], 0, 0
    if form.is_valid():
        records = factory_records(user=request.user, **form.filters())
        total, completed = factory_records_summary(records)
        rows = _in_readers_language(factory_record_rows(records, limit=REPORT_PAGE_SIZE), records)
    return render(
        request,
        "shell/factory_report.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "completed": completed,
            "shown": len(rows),
            # Worker IDs repeat from one factory to the next: name the factory when several are listed.
            "show_factory": form.is_valid() and is_programme_wide(request.user) and not form.cleaned_data["factory"],
            "query": request.GET.urlencode(),
        },
    )


def _in_readers_language(rows: list, records) -> list:
    """The rows with their department and course named in the reader's language (English where
    no Khmer name or translation exists): one query of the same rows in the same order for the
    Khmer department names and the courses, one for the courses' translated titles."""
    if not rows:
        return rows
    names = list(
        records.filter(person__factory__isnull=False).values_list(
            "person__department__name_km", "course_id", "course__translation_key", "course__title"
        )[: len(rows)]
    )
    titles = page_titles({(pk, key, title) for _km, pk, key, title in names})
    return [
        dataclasses.replace(row, department=local_name(row.department, name_km or ""), course_title=titles[course])
        for row, (name_km, course, _key, _title) in zip(rows, names, strict=True)
    ]


@login_required
def factory_report_export(request):
    """The records the page shows, all of them: streamed while the request waits when there are
    few enough, otherwise a page offering to prepare the file in the background."""
    require_people_screens(request.user)
    # "format" is not a form field; any filter the user may not use (another factory) is a 404.
    form = FactoryReportForm(request.GET, user=request.user)
    file_format = request.GET.get("format", "csv")
    if file_format not in EXPORT_FORMATS or not form.is_valid():
        raise Http404
    records = factory_records(user=request.user, **form.filters())
    rows_total = records.count()
    if rows_total <= settings.SALA_EXPORT_ROWS_IN_REQUEST:
        return training_records_download(records=records, file_format=file_format)
    return _export_confirm(request, request.GET, file_format=file_format, rows_total=rows_total)


def _export_confirm(request, data, *, file_format: str, rows_total: int):
    """The page offering to prepare a large export, or saying why Excel cannot hold it."""
    return render(
        request,
        "shell/export_confirm.html",
        {
            "rows_total": rows_total,
            "file_format": file_format,
            "filters": [(name, value) for name, value in data.items() if name not in ("format", "csrfmiddlewaretoken")],
            "too_big_for_excel": file_format == "xlsx" and rows_total >= XLSX_MAX_ROWS,
            "excel_rows": XLSX_MAX_ROWS - 1,
        },
    )


@require_POST
@login_required
def export_job_create(request):
    """Start preparing a large export in the background, then show its progress."""
    require_people_screens(request.user)
    form = FactoryReportForm(request.POST, user=request.user)
    file_format = request.POST.get("format", "")
    if file_format not in EXPORT_FORMATS or not form.is_valid():
        raise Http404
    rows_total = factory_records(user=request.user, **form.filters()).count()
    if file_format == "xlsx" and rows_total >= XLSX_MAX_ROWS:
        return _export_confirm(request, request.POST, file_format=file_format, rows_total=rows_total)
    try:
        job = export_job_start(
            owner=request.user,
            file_format=file_format,
            filters=export_filters(form.filters()),
            rows_total=rows_total,
        )
    except ExportAlreadyRunning as running:
        messages.info(request, _("Your earlier export is still being prepared: wait for it before asking for another."))
        job = running.job
    return redirect("shell:export_job", pk=job.pk)


def _own_export(request, pk: int) -> ExportJob:
    """The user's own export; anyone else's, or one that has expired and gone, is a 404."""
    require_people_screens(request.user)
    return get_object_or_404(ExportJob, pk=pk, owner=request.user)


@never_cache
@login_required
def export_job(request, pk: int):
    """How far the export has got; the page reloads itself until the file is ready or has failed."""
    job = _own_export(request, pk)
    return render(
        request,
        "shell/export_job.html",
        {"job": job, "expired": job.status == ExportStatus.DONE and job.expires_at <= timezone.now()},
    )


@login_required
def export_job_download(request, pk: int):
    job = _own_export(request, pk)
    if job.status != ExportStatus.DONE or not job.file or job.expires_at <= timezone.now():
        raise Http404
    try:
        file = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file, as_attachment=True, filename=job.filename, content_type=CONTENT_TYPES[job.file_format]
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def bulk_enrol(request):
    """HR enrols a department or a list of worker IDs of its factory; trainers any factory.

    A list naming anyone who is not working at the factory now enrols nobody and says who.
    People chosen on the People page (ticked, or everyone a search finds) arrive in hidden fields
    and are the group instead: they are read again through what the user may see at every step,
    so posted ids never reach another factory's people, and the same all-or-nothing rule applies."""
    require_people_screens(request.user)
    # The People page posts its choice here (with no course yet); the form then carries it along.
    selection = PeopleSelectionForm(request.POST, user=request.user) if "scope" in request.POST else None
    if selection is not None and not selection.is_valid():
        messages.error(request, _("Choose the people on the People page again."))
        selection = None
    arriving = selection is not None and "course" not in request.POST
    data = None if arriving else request.POST or None
    form = BulkEnrolForm(
        data, request.FILES if data else None, user=request.user, chosen_on_people_page=selection is not None
    )
    chosen = selection.people() if selection is not None else None
    chosen_count = chosen.count() if chosen is not None else None
    summary, enrolled = None, None
    if data is not None and form.is_valid():
        if chosen is not None:
            summary, enrolled = _enrol_chosen(request, form, chosen, chosen_count)
        else:
            summary, enrolled = _enrol_group(request, form)
        if summary is not None:
            form, selection, chosen_count = BulkEnrolForm(user=request.user), None, None
    return render(
        request,
        "shell/bulk_enrol.html",
        {"form": form, "summary": summary, "enrolled": enrolled, "selection": selection, "chosen_count": chosen_count},
    )


def _course_title(course) -> str:
    return page_titles([(course.pk, course.translation_key, course.title)])[course.pk]


# How many refused worker IDs a message names before it only counts the rest.
NAMED_IDS = 20


def _named(ids: list[str]) -> str:
    shown = ", ".join(ids[:NAMED_IDS])
    more = len(ids) - NAMED_IDS
    return shown if more <= 0 else _("%(ids)s and %(count)s more") % {"ids": shown, "count": more}


def _enrol_group(request, form):
    """A department, typed worker IDs or an uploaded list of the chosen factory: (summary, names) or (None, None)."""
    factory = form.cleaned_data["factory"]
    chosen = people_to_enrol(
        factory=factory, department=form.cleaned_data["department"], worker_ids=form.worker_id_list
    )
    if chosen.unknown_ids:
        form.add_error(
            "worker_ids",
            _("Not on the roster of %(factory)s: %(ids)s. Nobody was enrolled.")
            % {"factory": local_name_of(factory), "ids": _named(chosen.unknown_ids)},
        )
    if chosen.left_ids:
        form.add_error(
            "worker_ids",
            _("These people have left %(factory)s: %(ids)s. Nobody was enrolled.")
            % {"factory": local_name_of(factory), "ids": _named(chosen.left_ids)},
        )
    if not chosen.complete:
        return None, None
    course = form.cleaned_data["course"]
    summary = course_services.enrolments_create_many(
        people=chosen.people.order_by("worker_id"), course=course, enrolled_by=request.user
    )
    # Who was enrolled in what, named as HR reads them; then a blank form for the next group.
    department = form.cleaned_data["department"]
    return summary, {
        "course": _course_title(course),
        "factory": local_name_of(factory),
        "department": local_name_of(department) if department and not form.worker_id_list else "",
    }


def _enrol_chosen(request, form, chosen, chosen_count: int):
    """The people chosen on the People page, all or nothing: (summary, names) or (None, None)."""
    if not chosen_count:
        form.add_error(None, _("Nobody is chosen. Tick people on the People page, or choose everyone a search finds."))
        return None, None
    group = people_chosen_to_enrol(chosen)
    if group.unknown_ids:
        form.add_error(
            None, _("Not on any factory's roster: %(ids)s. Nobody was enrolled.") % {"ids": _named(group.unknown_ids)}
        )
    if group.left_ids:
        form.add_error(
            None,
            _(
                "These people have left their factory: %(ids)s. Nobody was enrolled. "
                "On the People page, search for people who work there now."
            )
            % {"ids": _named(group.left_ids)},
        )
    if not group.complete:
        return None, None
    course = form.cleaned_data["course"]
    summary = course_services.enrolments_create_many(
        people=group.people.order_by("worker_id"), course=course, enrolled_by=request.user
    )
    return summary, {"course": _course_title(course), "chosen": chosen_count}
