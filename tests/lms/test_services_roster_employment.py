"""Who has left changes only when a row says so: re-importing an export never brings back people who have left."""

import datetime

import pytest

from lms.people.choices import EmploymentStatus
from lms.people.factories import FactoryFactory
from lms.people.models import Employment, Person
from lms.people.resources import roster_export_file
from lms.people.roster import roster_import

TODAY = datetime.date(2026, 6, 1)
START = datetime.date(2025, 1, 1)


@pytest.fixture
def factory(db):
    factory = FactoryFactory(code="PP-001")
    run(factory, "worker_id,given_name\nA1,Sophea\nA2,Dara\nA3,Bopha\n", today=START)
    run(factory, "worker_id\nA1\n", full=True, today=datetime.date(2026, 3, 1))  # A2 and A3 left
    return factory


def run(factory, text, **kwargs):
    kwargs.setdefault("today", TODAY)
    return roster_import(factory=factory, content=text.encode("utf-8"), filename="roster.csv", **kwargs)


def status(worker_id):
    return Person.objects.get(worker_id=worker_id).employment_status


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exported_roster_imported_again_keeps_leavers_left(factory, file_format):
    """Importing an exported roster (CSV or Excel) changes nobody and tells HR who stayed left."""
    content, _type, filename = roster_export_file(factory=factory, file_format=file_format)
    result = roster_import(factory=factory, content=content, filename=filename, today=TODAY)
    assert result.ok, result.errors
    assert (result.updated, result.unchanged, result.rejoined, result.stayed_left) == (0, 3, 0, 2)
    assert (status("A2"), status("A3")) == (EmploymentStatus.LEFT, EmploymentStatus.LEFT)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_exported_full_roster_imported_again_marks_nobody_else(factory, file_format):
    """An exported roster imported as a full roster: left rows stay left, nobody is marked again."""
    content, _type, filename = roster_export_file(factory=factory, file_format=file_format)
    result = roster_import(factory=factory, content=content, filename=filename, full=True, today=TODAY)
    assert (result.marked_left, result.stayed_left) == (0, 2) and status("A1") == EmploymentStatus.ACTIVE


def test_row_without_employment_keeps_a_leaver_left_and_counts_them(factory):
    """A listed person who has left, with no employment value, stays left; the result counts them."""
    result = run(factory, "worker_id,given_name,employment\nA2,Dara,\nA3,Bopha New,\n")
    assert result.stayed_left == 2 and result.updated == 1
    assert status("A2") == EmploymentStatus.LEFT and Person.objects.get(worker_id="A3").first_name == "Bopha New"


@pytest.mark.parametrize("word", ["active", "Active", "កំពុងធ្វើការ", "works here"])
def test_employment_active_takes_a_leaver_back(factory, word):
    """Writing active (in English or Khmer) on a leaver's row rejoins them with a new employment record."""
    result = run(factory, f"worker_id,employment\nA2,{word}\n")
    assert (result.rejoined, result.stayed_left) == (1, 0)
    dara = Person.objects.get(worker_id="A2")
    assert dara.employment_status == EmploymentStatus.ACTIVE and dara.left_on is None
    assert Employment.objects.get(person=dara, ended_on__isnull=True).started_on == TODAY


@pytest.mark.parametrize(("cell", "day"), [("", TODAY), ("2026-05-15", datetime.date(2026, 5, 15))])
def test_employment_left_marks_a_worker_as_left_on_that_day(factory, cell, day):
    """A row saying left marks an active worker as left on left_on (today if empty) and ends the job."""
    result = run(factory, f"worker_id,employment,left_on\nA1,បានឈប់ធ្វើការ,{cell}\n")
    assert result.marked_left == 1
    sophea = Person.objects.get(worker_id="A1")
    assert sophea.employment_status == EmploymentStatus.LEFT and sophea.left_on == day
    assert Employment.objects.get(person=sophea).ended_on == day


def test_full_roster_row_marked_left_does_not_count_as_working_here(factory):
    """In a full roster, a row marked left is counted once as leaving, not as somebody who works here."""
    run(factory, "worker_id,employment\nA2,active\n")
    result = run(factory, "worker_id,employment\nA1,\nA2,left\n", full=True)
    assert result.marked_left == 1 and status("A2") == EmploymentStatus.LEFT and status("A1") == EmploymentStatus.ACTIVE


def test_new_worker_is_created_active(factory):
    """A new worker ID with no employment value is added as working here."""
    run(factory, "worker_id,employment\nA9,\n")
    assert status("A9") == EmploymentStatus.ACTIVE


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("A9,left,", "employment"),  # not on the roster
        ("A1,gone,", "employment"),
        ("A1,left,2099-01-01", "left_on"),  # in the future
        ("A1,left,2024-12-31", "left_on"),  # before the job started
        ("A1,left,31/05/2026", "left_on"),
        ("A1,left,2026-02-30", "left_on"),
    ],
)
def test_bad_employment_rows_change_nothing(factory, row, column):
    """An unknown word, a leaver who is not on the roster or an impossible date is a row error; nothing changes."""
    result = run(factory, f"worker_id,employment,left_on\n{row}\n")
    assert [(e.line, e.column) for e in result.errors] == [(2, column)]
    assert status("A1") == EmploymentStatus.ACTIVE and not Person.objects.filter(worker_id="A9").exists()
