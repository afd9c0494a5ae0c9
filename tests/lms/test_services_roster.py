"""Roster import: good files apply, bad files change nothing and say why, line by line."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from lms.people.choices import EmploymentStatus, Gender, JobRole
from lms.people.factories import DepartmentFactory, FactoryFactory, PersonFactory
from lms.people.models import Employment, Person
from lms.people.resources import roster_export_file
from lms.people.roster import RosterFileError, roster_import

HEADER = "worker_id,family_name_km,given_name_km,family_name,given_name,gender,year_of_birth,phone,department,job\n"
GOOD = HEADER + (
    "A001,សុខ,សុភា,Sok,Sophea,female,1994,012 345 678,Sewing,worker\n"
    "A002,ចាន់,ដារ៉ា,Chan,Dara,M,1988,+855 97 765 4321,ផ្នែកកាត់,supervisor\n"
    "A003,ហេង,ស្រីមុំ,Heng,Sreymom,ស្រី,,,,\n"
)


@pytest.fixture
def factory(db):
    factory = FactoryFactory(code="PP-001")
    DepartmentFactory(factory=factory, name="Sewing", name_km="ផ្នែកដេរ")
    DepartmentFactory(factory=factory, name="Cutting", name_km="ផ្នែកកាត់")
    return factory


def run(factory, text, **kwargs):
    return roster_import(factory=factory, content=text.encode("utf-8"), filename="roster.csv", **kwargs)


def test_good_roster_creates_workers_with_khmer_names(factory):
    """Every row becomes a worker of the factory, with Khmer names, phone, department and job."""
    result = run(factory, GOOD)
    assert result.ok and (result.created, result.updated) == (3, 0)
    sophea = Person.objects.get(factory=factory, worker_id="A001")
    assert (sophea.family_name_km, sophea.given_name_km, sophea.first_name) == ("សុខ", "សុភា", "Sophea")
    assert sophea.phone == "+85512345678" and sophea.department.name == "Sewing" and sophea.year_of_birth == 1994
    dara = Person.objects.get(worker_id="A002")
    assert dara.gender == Gender.MALE and dara.job_role == JobRole.SUPERVISOR and dara.department.name == "Cutting"
    assert Person.objects.get(worker_id="A003").gender == Gender.FEMALE
    assert Employment.objects.filter(factory=factory, ended_on__isnull=True).count() == 3


def test_reimporting_the_same_file_changes_nothing(factory):
    """Importing a roster twice updates in place: no duplicate people, nothing counted as changed."""
    run(factory, GOOD)
    result = run(factory, GOOD)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert Person.objects.filter(factory=factory).count() == 3


def test_changed_row_updates_the_person(factory):
    """A corrected name or a new department in the next file updates that worker."""
    run(factory, GOOD)
    result = run(
        factory, GOOD.replace("Sophea,female,1994,012 345 678,Sewing", "Sophy,female,1994,012 345 678,Cutting")
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    sophea = Person.objects.get(worker_id="A001")
    assert sophea.first_name == "Sophy" and sophea.department.name == "Cutting"


def test_excel_csv_with_byte_order_mark_reads_khmer(factory):
    """A 'CSV UTF-8' file saved by Excel (with a BOM) keeps the worker_id header and Khmer names."""
    result = roster_import(factory=factory, content=GOOD.encode("utf-8-sig"), filename="roster.CSV")
    assert result.ok and result.created == 3
    assert Person.objects.get(worker_id="A001").given_name_km == "សុភា"


def test_xlsx_roster_with_numbers_stored_as_numbers(factory):
    """An .xlsx where Excel stored year and worker ID as numbers imports the same as text."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Worker ID", "Given name km", "Year of birth", "Phone"])
    sheet.append([1001, "សុភា", 1994, "012345678"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = roster_import(factory=factory, content=buffer.getvalue(), filename="roster.xlsx")
    assert result.ok, result.errors
    person = Person.objects.get(factory=factory, worker_id="1001")
    assert person.year_of_birth == 1994 and person.given_name_km == "សុភា"


def test_bad_rows_import_nothing_and_each_is_reported_with_its_line(factory):
    """Missing ID, bad phone, unknown department and a repeated ID: nothing written, every line named."""
    PersonFactory(factory=factory, worker_id="A001", given_name_km="ចាស់")
    text = HEADER + (
        "A001,សុខ,សុភា,Sok,Sophea,female,1994,012 345 678,Sewing,worker\n"  # line 2: fine on its own
        ",ចាន់,ដារ៉ា,Chan,Dara,male,1988,,,\n"  # line 3: no worker ID
        "A004,ហេង,ធីតា,Heng,Thida,female,1990,12345,,\n"  # line 4: bad phone
        "A005,លី,បូផា,Ly,Bopha,female,1991,,Embroidery,\n"  # line 5: unknown department
        "A001,កែវ,ចន្ថា,Keo,Chantha,female,1992,,,\n"  # line 6: worker ID repeated
    )
    result = run(factory, text)
    assert not result.ok
    assert [(e.line, e.column) for e in result.errors] == [
        (3, "worker_id"),
        (4, "phone"),
        (5, "department"),
        (6, "worker_id"),
    ]
    assert "Embroidery" in result.errors[2].message and "line 2" in result.errors[3].message
    assert Person.objects.filter(factory=factory).count() == 1
    assert Person.objects.get(worker_id="A001").given_name_km == "ចាស់"


def test_unknown_column_and_missing_worker_id_column_are_reported(factory):
    """A typo in a header is named, and a file without worker_id is refused."""
    result = run(factory, "id,phne\n1,012345678\n")
    assert {e.column for e in result.errors} == {"id", "phne", "worker_id"}
    assert not Person.objects.exists()


def test_phone_of_another_person_is_refused(factory):
    """A phone number that already signs in another person cannot be given to a roster row."""
    PersonFactory(factory=FactoryFactory(code="KD-002"), phone="+85512345678")
    result = run(factory, GOOD)
    assert [(e.line, e.column) for e in result.errors] == [(2, "phone")]
    assert not Person.objects.filter(factory=factory).exists()


@pytest.mark.parametrize(
    ("content", "filename", "words"),
    [
        (b"worker_id\nA1\n", "roster.pdf", ".csv or .xlsx"),
        (b"", "roster.csv", "empty"),
        ("worker_id,given_name_km\nA1,សុភា\n".encode("utf-16"), "roster.csv", "UTF-8"),
        (b"PK\x03\x04 this is not really a workbook", "roster.xlsx", "damaged"),
    ],
)
def test_unreadable_files_get_a_plain_reason(factory, content, filename, words):
    """A wrong type, an empty file, a non-UTF-8 CSV or a broken workbook is refused in plain words."""
    with pytest.raises(RosterFileError, match=words):
        roster_import(factory=factory, content=content, filename=filename)
    assert not Person.objects.exists()


def test_full_roster_marks_absent_workers_as_left_and_keeps_them(factory):
    """Workers missing from a full roster are marked as left, never deleted; they can come back."""
    run(factory, GOOD)
    result = run(factory, HEADER + "A001,សុខ,សុភា,Sok,Sophea,female,1994,012 345 678,Sewing,worker\n", full=True)
    assert result.marked_left == 2
    assert Person.objects.filter(factory=factory).count() == 3
    dara = Person.objects.get(worker_id="A002")
    assert dara.employment_status == EmploymentStatus.LEFT and dara.left_on is not None
    assert not Employment.objects.filter(person=dara, ended_on__isnull=True).exists()
    run(factory, "worker_id,employment\nA002,active\n")
    dara.refresh_from_db()
    assert dara.employment_status == EmploymentStatus.ACTIVE
    assert Employment.objects.filter(person=dara).count() == 2


def test_partial_roster_does_not_mark_anyone_as_left(factory):
    """Without 'full', a file with a few new workers leaves everyone else as they were."""
    run(factory, GOOD)
    run(factory, HEADER + "A009,ពៅ,ធីតា,Pov,Thida,female,1999,,,\n")
    assert not Person.objects.filter(employment_status=EmploymentStatus.LEFT).exists()


def test_dry_run_reports_counts_and_writes_nothing(factory):
    """Checking a file says what would change and changes nothing."""
    result = run(factory, GOOD, dry_run=True)
    assert result.ok and result.created == 3
    assert not Person.objects.exists()


def test_khmer_names_round_trip_through_export_and_import(factory):
    """An exported roster (CSV and Excel) imports again unchanged, Khmer names intact."""
    run(factory, GOOD)
    for file_format in ("csv", "xlsx"):
        content, _type, filename = roster_export_file(factory=factory, file_format=file_format)
        result = roster_import(factory=factory, content=content, filename=filename)
        assert result.ok, result.errors
        assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    csv_text = roster_export_file(factory=factory, file_format="csv")[0].decode("utf-8")
    assert csv_text.startswith("\ufeffWorker ID,") and "សុខ,សុភា,Sok,Sophea" in csv_text


def test_import_roster_command(factory, tmp_path):
    """The command imports a file and prints the counts; a bad file fails with every line listed."""
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_roster", str(good), "--factory", "pp-001", stdout=out)
    assert "3 new" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + ",x,,,,,,,,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_roster", str(bad), "--factory", "PP-001", stderr=err)
    assert "line 2" in err.getvalue()
    with pytest.raises(CommandError, match="No factory"):
        call_command("import_roster", str(good), "--factory", "XX-999")
