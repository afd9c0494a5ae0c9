"""Exporting a factory's people with django-import-export, in the columns the roster import reads.

An exported file can be edited in Excel and imported again: the columns, names and formats match.
Two columns at the end (employment, left_on) say who has left; the import keeps them so, and an
`employment` of "active" is how HR takes someone back.
"""

import tablib
from import_export import fields, resources
from import_export.formats import base_formats

from .cells import neutralise_formula, xlsx_safe
from .models import Person
from .phone import format_phone
from .roster import COLUMNS


class PersonRosterResource(resources.ModelResource):
    worker_id = fields.Field(attribute="worker_id", column_name="worker_id")
    family_name_km = fields.Field(attribute="family_name_km", column_name="family_name_km")
    given_name_km = fields.Field(attribute="given_name_km", column_name="given_name_km")
    family_name = fields.Field(attribute="last_name", column_name="family_name")
    given_name = fields.Field(attribute="first_name", column_name="given_name")
    gender = fields.Field(attribute="gender", column_name="gender")
    year_of_birth = fields.Field(attribute="year_of_birth", column_name="year_of_birth")
    phone = fields.Field(column_name="phone")
    department = fields.Field(column_name="department")
    job = fields.Field(attribute="job_role", column_name="job")
    preferred_language = fields.Field(attribute="preferred_language", column_name="preferred_language")
    employment = fields.Field(attribute="employment_status", column_name="employment")
    left_on = fields.Field(attribute="left_on", column_name="left_on")

    class Meta:
        model = Person
        fields = tuple(COLUMNS)
        export_order = tuple(COLUMNS)

    def dehydrate_phone(self, person):
        return format_phone(person.phone)

    def dehydrate_department(self, person):
        return person.department.name if person.department else ""


def roster_queryset(factory):
    return (
        Person.objects.filter(factory=factory).exclude(worker_id="").select_related("department").order_by("worker_id")
    )


EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def dataset_file(dataset, file_format: str) -> tuple[bytes, str]:
    """(content, content type) of a tablib dataset as CSV or XLSX, for every export in Sala.

    Every text cell goes through neutralise_formula, so nothing a person typed runs as a formula
    when the file is opened. (django-import-export's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only
    drops a leading "=", turns every cell into text and leaves "+", "-" and "@" alone.)
    """
    if file_format == "csv":
        safe = _cells_mapped(dataset, neutralise_formula)
        # The byte-order mark makes Excel read the file as UTF-8, so Khmer names stay readable.
        return ("\ufeff" + base_formats.CSV().export_data(safe)).encode("utf-8"), EXPORT_FORMATS["csv"]
    safe = _cells_mapped(dataset, lambda value: neutralise_formula(xlsx_safe(value)))
    return base_formats.XLSX().export_data(safe), EXPORT_FORMATS["xlsx"]


def _cells_mapped(dataset, function) -> tablib.Dataset:
    mapped = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        mapped.append([function(value) for value in row])
    return mapped


def roster_export_file(*, factory, file_format: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the factory's roster as CSV or XLSX."""
    content, content_type = dataset_file(PersonRosterResource().export(roster_queryset(factory)), file_format)
    return content, content_type, f"roster-{factory.code}.{file_format}"
