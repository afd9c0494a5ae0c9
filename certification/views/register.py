"""HR's certificate register: the certificates issued at a factory (HR: its own; trainers and
programme staff choose one), filtered, counted per state, 200 a page, and exported as CSV or Excel
with the page's columns. A fixed number of queries whatever the factory's size."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lms.people.choices import Gender
from lms.people.resources import EXPORT_FORMATS
from lms.people.tabular import headers, queryset_rows, table_download

from ..choices import CertificateState
from ..forms import RegisterFilterForm
from ..permissions import user_can_read_register
from ..selectors import certificates_in_state, register_certificates, register_columns, register_counts, register_rows

PAGE_SIZE = 200
SHEET_TITLE = "Certificates"

# What the page calls each column of register_columns (the export's headers are their keys).
COLUMN_LABELS = {
    "worker_id": _("Worker ID"),
    "name_km": _("Name (Khmer)"),
    "name": _("Name (Latin script)"),
    "department": _("Department"),
    "gender": _("Gender"),
    "course": _("Course"),
    "issued_on": _("Issued on"),
    "expires_on": _("Expires on"),
    "state": _("State"),
    "code": _("Code"),
}


def _register_form(request) -> RegisterFilterForm:
    if not user_can_read_register(request.user):
        raise Http404
    return RegisterFilterForm(request.GET, user=request.user)


def _page_number(request, pages: int) -> int:
    typed = request.GET.get("page", "1")
    number = int(typed) if typed.isascii() and typed.isdigit() and len(typed) < 7 else 1
    return min(max(number, 1), max(pages, 1))


@login_required
@require_GET
def register(request):
    form = _register_form(request)
    # Translated once here, not on each of the page's 200 rows, where every cell repeats its label.
    labels = {key: str(label) for key, label in COLUMN_LABELS.items()}
    context = {"form": form, "labels": labels, "rows": [], "counts": None}
    if form.factory_in_view is not None and form.is_valid():
        today = timezone.localdate()
        certificates = register_certificates(user=request.user, factory=form.factory_in_view, **form.filters())
        # Counted before the state filter: the counts at the top are the factory's (with the other
        # filters), and the number listed is read from them, without a query of its own.
        counts = register_counts(certificates, today=today)
        state = form.cleaned_data["state"]
        listed = counts.of(state)
        pages = (listed + PAGE_SIZE - 1) // PAGE_SIZE
        number = _page_number(request, pages)
        columns = register_columns(today=today)
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            counts=counts,
            listed=listed,
            page=number,
            pages=pages,
            first=(number - 1) * PAGE_SIZE + 1,
            rows=register_rows(
                certificates_in_state(certificates, state, today=today),
                columns,
                offset=(number - 1) * PAGE_SIZE,
                limit=PAGE_SIZE,
            ),
            columns=[(column.header, labels[column.header]) for column in columns],
            genders={value: str(label) for value, label in Gender.choices},
            states={value: str(label) for value, label in CertificateState.choices},
            query=query.urlencode(),
        )
    return render(request, "certification/register.html", context)


@login_required
@require_GET
def register_export(request):
    """Every certificate the page lists (all pages), with its columns, streamed as it is read."""
    form = _register_form(request)
    file_format = request.GET.get("format", "csv")
    if file_format not in EXPORT_FORMATS or form.factory_in_view is None or not form.is_valid():
        raise Http404
    today = timezone.localdate()
    certificates = certificates_in_state(
        register_certificates(user=request.user, factory=form.factory_in_view, **form.filters()),
        form.cleaned_data["state"],
        today=today,
    )
    columns = register_columns(today=today)
    return table_download(
        headers(columns),
        queryset_rows(certificates, columns),
        file_format=file_format,
        filename=f"certificates-{slugify(form.factory_in_view.code)}-{today.isoformat()}.{file_format}",
        title=SHEET_TITLE,
    )


urlpatterns = [
    path("certificates/register/", register, name="certificate_register"),
    path("certificates/register/export/", register_export, name="certificate_register_export"),
]
