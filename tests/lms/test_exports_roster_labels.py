"""Roster files speak to people: readable column headers in the reader's language, a named sheet,
dates as dates, and the import reads those headers back."""

import datetime
import io

import openpyxl
import pytest
from django.utils import translation

from lms.people.choices import EmploymentStatus
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory
from lms.people.models import Person
from lms.people.resources import roster_export_file
from lms.people.roster import roster_import


@pytest.fixture
def factory(db):
    factory = FactoryFactory(code="PP-001")
    sewing = DepartmentFactory(factory=factory, name="Sewing", name_km="ផ្នែកដេរ")
    PersonFactory(factory=factory, worker_id="A001", family_name_km="សុខ", given_name_km="សុភា", department=sewing)
    PersonFactory(
        factory=factory,
        worker_id="A002",
        employment_status=EmploymentStatus.LEFT,
        left_on=datetime.date(2024, 5, 31),
    )
    return factory


@pytest.mark.parametrize("language", ["en", "km"])
def test_an_exported_roster_has_readable_headers_and_imports_back(factory, language):
    """The roster's headers are words (in Khmer for a Khmer reader), and importing the file changes nothing."""
    with translation.override(language):
        content, _type, filename = roster_export_file(factory=factory, file_format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    assert "worker_id" not in header and "family_name_km" not in header
    with translation.override(language):
        assert header[0] == translation.gettext("Worker ID")
    result = roster_import(factory=factory, content=content, filename=filename)
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_the_roster_sheet_is_named_and_its_dates_are_date_cells(factory):
    """Excel shows a sheet named after the roster and its factory, and the last day of someone who left as a date."""
    with translation.override("en"):
        content, _type, _name = roster_export_file(factory=factory, file_format="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Roster PP-001"
    left_on = sheet.cell(row=3, column=13)
    assert left_on.value == datetime.datetime(2024, 5, 31) and left_on.is_date


def test_the_csv_roster_writes_iso_dates(factory):
    """The CSV roster writes the last day as 2024-05-31, which the import reads back."""
    content, _type, _name = roster_export_file(factory=factory, file_format="csv")
    assert ",left,2024-05-31" in content.decode("utf-8")


def test_a_file_with_khmer_headers_imports(factory):
    """A roster whose header row HR typed in Khmer words, as the export writes them, is read."""
    with translation.override("km"):
        header = [translation.gettext(word) for word in ("Worker ID", "Family name (Khmer)", "Given name (Khmer)")]
    text = ",".join(header) + "\nA003,ហេង,ស្រីមុំ\n"
    result = roster_import(factory=factory, content=text.encode("utf-8"), filename="roster.csv")
    assert result.ok, result.errors
    assert Person.objects.get(worker_id="A003").given_name_km == "ស្រីមុំ"
