"""Exporting a factory's people, in the columns the roster import reads.

An exported file can be edited in Excel and imported again: the columns, names and formats match.
Two columns at the end (employment, left_on) say who has left; the import keeps them so, and an
`employment` of "active" is how HR takes someone back.

The rows come from one query of the columns below (see tabular.py), so a roster of any size is
exported in constant memory.
"""

from django.utils.translation import gettext_lazy

from .models import Person
from .phone import format_phone
from .roster import LABELS
from .tabular import CONTENT_TYPES, Column, date_cell, headers, queryset_rows, table_bytes, table_download

EXPORT_FORMATS = CONTENT_TYPES


def phone_cell(value: str) -> str:
    """A stored phone number as exports write it: 012 345 678."""
    return format_phone(value or "")


def person_columns(prefix: str = "") -> list[Column]:
    """Who a row is about, as every export of people names them: worker ID, the names in Khmer and
    Latin script, gender. `prefix` reaches the person from another table ("person__")."""
    sources = {
        "worker_id": "worker_id",
        "family_name_km": "family_name_km",
        "given_name_km": "given_name_km",
        "family_name": "last_name",
        "given_name": "first_name",
        "gender": "gender",
    }
    return [Column(LABELS[name], prefix + source) for name, source in sources.items()]


# Header (as the roster import reads it) and where each column comes from, in the order of roster.COLUMNS.
# Headers are the labels a person reads (roster.LABELS), which the import reads back.
ROSTER_COLUMNS = [
    *person_columns(),
    Column(LABELS["year_of_birth"], "year_of_birth"),
    Column(LABELS["phone"], "phone", phone_cell),
    Column(LABELS["department"], "department__name"),
    Column(LABELS["job"], "job_role"),
    Column(LABELS["preferred_language"], "preferred_language"),
    Column(LABELS["employment"], "employment_status"),
    Column(LABELS["left_on"], "left_on", date_cell),
]
# The sheet's name: what it holds, then the factory.
ROSTER_SHEET = gettext_lazy("Roster")


def roster_queryset(factory):
    return Person.objects.filter(factory=factory).exclude(worker_id="").order_by("worker_id")


def roster_rows(factory):
    """The factory's roster as rows of cells, straight from one query."""
    return queryset_rows(roster_queryset(factory), ROSTER_COLUMNS)


def roster_filename(factory, file_format: str) -> str:
    return f"roster-{factory.code}.{file_format}"


def roster_download(*, factory, file_format: str):
    """The factory's roster as a CSV or XLSX download, streamed."""
    return table_download(
        headers(ROSTER_COLUMNS),
        roster_rows(factory),
        file_format=file_format,
        filename=roster_filename(factory, file_format),
        title=_sheet(factory),
    )


def _sheet(factory) -> str:
    return f"{ROSTER_SHEET} {factory.code}"


def roster_export_file(*, factory, file_format: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the factory's roster as CSV or XLSX, whole in memory."""
    content = table_bytes(headers(ROSTER_COLUMNS), roster_rows(factory), file_format, title=_sheet(factory))
    return content, CONTENT_TYPES[file_format], roster_filename(factory, file_format)
