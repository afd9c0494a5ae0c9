"""Roster exports never carry a live formula, and an exported roster imports back to the same names."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.people.cells import FORMULA_STARTS, neutralise_formula, restore_formula
from lms.people.choices import Role
from lms.people.factories import FactoryFactory, PersonFactory
from lms.people.models import Person
from lms.people.resources import roster_export_file
from lms.people.roster import roster_import
from lms.people.tabular import table_bytes

DANGEROUS = ['=HYPERLINK("http://x.example","Click")', "-1+1", "+1", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "'=1+1", "''-2"]


@pytest.fixture
def factory(db):
    factory = FactoryFactory(code="PP-001")
    for n, name in enumerate(DANGEROUS):
        PersonFactory(factory=factory, worker_id=f"A{n}", first_name=name, last_name="Sok", phone="")
    PersonFactory(factory=factory, worker_id="B1", first_name="'Ouk", family_name_km="សុខ", phone="+85512345678")
    return factory


@pytest.mark.parametrize("value", [*DANGEROUS, "'Ouk", "Sophea", "", "'", "a=b"])
def test_neutralising_then_restoring_gives_back_the_text(value):
    """Whatever a cell holds, the apostrophe the export adds is the one the import removes."""
    assert restore_formula(neutralise_formula(value)) == value


def test_only_formula_starts_are_neutralised():
    """Plain names, numbers and dates are exported as they are."""
    assert [neutralise_formula(v) for v in ("Sophea", "'Ouk", 1994, None)] == ["Sophea", "'Ouk", 1994, None]
    assert all(neutralise_formula(v).startswith("'") for v in DANGEROUS)


def test_csv_export_cells_never_start_a_formula(factory):
    """In the CSV export no cell starts with a formula character; dangerous names begin with an apostrophe."""
    text = roster_export_file(factory=factory, file_format="csv")[0].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert {f"'{name}" for name in DANGEROUS} <= {row[4] for row in rows[1:]}
    assert "012 345 678" in text


def test_xlsx_export_cells_are_never_formulas(factory):
    """In the Excel export no cell from people's data is a formula; dangerous names start with an apostrophe."""
    content = roster_export_file(factory=factory, file_format="xlsx")[0]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert cells and all(cell.data_type != "f" for cell in cells)
    given = {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert not [value for value in given if value.startswith(FORMULA_STARTS)]
    # XML reads a carriage return as a line feed, so that one name comes back with "\n".
    assert {f"'{name}".replace("\r", "\n") for name in DANGEROUS} <= given


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exported_roster_imports_back_to_the_same_names(factory, file_format):
    """Exported and imported again, every name (apostrophes included) comes back exactly."""
    if file_format == "xlsx":  # XML turns a carriage return into a line feed; no real name holds one
        Person.objects.filter(first_name__startswith="\r").delete()
    before = dict(Person.objects.values_list("worker_id", "first_name"))
    content, _type, filename = roster_export_file(factory=factory, file_format=file_format)
    result = roster_import(factory=factory, content=content, filename=filename)
    assert result.ok, result.errors
    assert (result.updated, result.unchanged) == (0, len(before))
    assert dict(Person.objects.values_list("worker_id", "first_name")) == before


def test_xlsx_export_of_a_name_with_a_control_character_works(factory):
    """A name holding a control character (pasted from another program) does not break the Excel export."""
    PersonFactory(factory=factory, worker_id="C1", first_name="So\x01phea", phone="")
    content = roster_export_file(factory=factory, file_format="xlsx")[0]
    assert openpyxl.load_workbook(io.BytesIO(content)).active.max_row == len(DANGEROUS) + 3


def test_every_export_neutralises_every_text_column():
    """The one writer behind every export neutralises text cells in any column, in both formats."""
    csv_text = table_bytes(["a", "b", "c"], [["=1+1", 5, "@x"]], "csv").decode("utf-8-sig")
    assert csv_text.splitlines()[1] == "'=1+1,5,'@x"
    sheet = openpyxl.load_workbook(io.BytesIO(table_bytes(["a", "b", "c"], [["=1+1", 5, "@x"]], "xlsx"))).active
    assert [cell.value for cell in sheet[2]] == ["'=1+1", 5, "'@x"]


def test_roster_export_streams_from_one_query_whatever_its_size(client, factory):
    """The roster download is streamed, and a roster ten times longer costs no more queries."""
    client.force_login(PersonFactory(factory=factory, worker_id="HR", roles=[Role.FACTORY_HR]))

    def queries(file_format):
        with CaptureQueriesContext(connection) as context:
            response = client.get("/people/roster/export/", {"factory": "PP-001", "format": file_format})
            content = response.getvalue()
        assert response.streaming and response["Cache-Control"] == "private, no-store"
        return len(context), content

    queries("csv")  # session and roles read once
    before, _content = queries("csv")
    for n in range(100):
        PersonFactory(factory=factory, worker_id=f"C{n:03d}", phone="")
    after, content = queries("csv")
    assert after == before and content.decode("utf-8-sig").count("\r\nC0") == 100
    assert queries("xlsx")[0] == before
