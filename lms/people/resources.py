"""Exporting a factory's people, in the columns the roster import reads.

An exported file can be edited in Excel and imported again: the columns, names and formats match.
Two columns at the end (employment, left_on) say who has left; the import keeps them so, and an
`employment` of "active" is how HR takes someone back.

The rows come from one query of the columns below (see tabular.py), so a roster of any size is
exported in constant memory.
"""

from .models import Person
from .phone import format_phone
from .tabular import CONTENT_TYPES, Column, headers, queryset_rows, table_bytes, table_download

EXPORT_FORMATS = CONTENT_TYPES


def phone_cell(value: str) -> str:
    """A stored phone number as exports write it: 012 345 678."""
    return format_phone(value or "")


# Header (as the roster import reads it) and where each column comes from, in the order of roster.COLUMNS.
ROSTER_COLUMNS = [
    Column("worker_id", "worker_id"),
    Column("family_name_km", "family_name_km"),
    Column("given_name_km", "given_name_km"),
    Column("family_name", "last_name"),
    Column("given_name", "first_name"),
    Column("gender", "gender"),
    Column("year_of_birth", "year_of_birth"),
    Column("phone", "phone", phone_cell),
    Column("department", "department__name"),
    Column("job", "job_role"),
    Column("preferred_language", "preferred_language"),
    Column("employment", "employment_status"),
    Column("left_on", "left_on"),
]


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
        title=factory.code,
    )


def roster_export_file(*, factory, file_format: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the factory's roster as CSV or XLSX, whole in memory."""
    content = table_bytes(headers(ROSTER_COLUMNS), roster_rows(factory), file_format, title=factory.code)
    return content, CONTENT_TYPES[file_format], roster_filename(factory, file_format)
