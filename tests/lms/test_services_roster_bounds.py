"""Roster files are bounded: too many rows, too long cells, repeated columns and odd numbers are refused in plain words."""

import io
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from lms.people import roster
from lms.people.factories import FactoryFactory, PersonFactory
from lms.people.models import Person
from lms.people.roster import RosterFileError, roster_import
from lms.people.roster_file import read_rows


@pytest.fixture
def factory(db):
    return FactoryFactory(code="PP-001")


def run(factory, text, **kwargs):
    return roster_import(factory=factory, content=text.encode("utf-8"), filename="roster.csv", **kwargs)


def xlsx(*rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ids(count, start=1):
    return "".join(f"W{n:05d}\n" for n in range(start, start + count))


def test_file_over_the_row_limit_is_refused_with_the_limit_and_how_to_split(factory, settings):
    """A sheet with more workers than the limit is refused whole, saying the limit and how to split it."""
    settings.SALA_ROSTER_MAX_ROWS = 10
    with pytest.raises(RosterFileError, match="more than 10 rows") as refused:
        run(factory, "worker_id\n" + ids(11))
    assert "Split it" in str(refused.value)
    assert not Person.objects.exists()


def test_file_at_the_row_limit_imports(factory, settings):
    """A sheet with exactly as many workers as the limit goes in; blank lines do not count."""
    settings.SALA_ROSTER_MAX_ROWS = 10
    result = run(factory, "worker_id\n" + ids(5) + "\n,\n\n" + ids(5, start=6))
    assert result.ok and result.created == 10


def test_row_limit_stops_reading_before_any_row_is_checked(factory, settings, monkeypatch):
    """A huge sheet is refused while it is read: no row is checked, no query for people is made."""
    settings.SALA_ROSTER_MAX_ROWS = 10

    def must_not_run(*args, **kwargs):
        raise AssertionError("a row was checked")

    monkeypatch.setattr(roster._Checker, "check_row", must_not_run)
    with pytest.raises(RosterFileError):
        run(factory, "worker_id\n" + ids(100_000))


def test_xlsx_over_the_row_limit_is_refused(factory, settings):
    """The row limit holds for Excel files too."""
    settings.SALA_ROSTER_MAX_ROWS = 3
    content = xlsx(["worker_id"], ["A1"], ["A2"], ["A3"], ["A4"])
    with pytest.raises(RosterFileError, match="more than 3 rows"):
        roster_import(factory=factory, content=content, filename="roster.xlsx")


def test_xlsx_that_unpacks_too_big_is_refused_before_it_is_opened(factory, settings):
    """A small .xlsx that would unpack into a huge workbook is refused by its declared size."""
    settings.SALA_ROSTER_MAX_UNPACKED_BYTES = 100_000
    content = xlsx(["worker_id", "given_name"], *[[f"A{n}", "x" * 100] for n in range(2000)])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sum(info.file_size for info in archive.infolist()) > 100_000
    with pytest.raises(RosterFileError, match="too big once unpacked"):
        roster_import(factory=factory, content=content, filename="roster.xlsx")


def test_huge_csv_cell_is_refused_with_its_line(factory):
    """A worker ID of millions of characters is refused while reading, naming the line."""
    with pytest.raises(RosterFileError, match="Line 3"):
        run(factory, "worker_id\nA1\n" + "W" * 2_000_000 + "\n", dry_run=True)
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("column", "length"),
    [("worker_id", 51), ("given_name_km", 151), ("family_name", 151), ("gender", 51), ("phone", 51)],
)
def test_cell_longer_than_its_column_allows_is_a_row_error(factory, column, length):
    """A worker ID over 50 characters, a name over 150 or a long code is named on its line; nothing is written."""
    result = run(
        factory,
        f"worker_id,{column}\nA1,\nA2,{'9' * length}\n"
        if column != "worker_id"
        else f"worker_id\nA1\n{'W' * length}\n",
        dry_run=True,
    )
    assert [(e.line, e.column) for e in result.errors] == [(3, column)]
    assert "longer than" in result.errors[0].message


def test_huge_xlsx_cell_is_a_row_error(factory):
    """An Excel cell of 30,000 characters is refused on its line, before any check of the row."""
    content = xlsx(["worker_id", "given_name"], ["A1", "Sophea"], ["A2", "x" * 30_000])
    result = roster_import(factory=factory, content=content, filename="roster.xlsx")
    assert [(e.line, e.column) for e in result.errors] == [(3, "given_name")]
    assert not Person.objects.exists()


def test_error_list_shows_the_first_problems_and_counts_the_rest(factory, settings):
    """A file with 120 bad rows lists the first 50 problems by line and says how many more there are."""
    settings.SALA_ROSTER_ERRORS_SHOWN = 50
    result = run(factory, "worker_id,phone\n" + "".join(f"A{n},123\n" for n in range(120)))
    assert len(result.errors) == 50 and result.errors_not_shown == 70 and result.problem_count == 120
    assert result.errors[0].line == 2 and result.errors[-1].line == 51


def test_command_prints_the_first_problems_and_the_count_of_the_rest(factory, settings, tmp_path):
    """manage.py import_roster lists the first problems, then '… and N more problems'."""
    settings.SALA_ROSTER_ERRORS_SHOWN = 5
    bad = tmp_path / "bad.csv"
    bad.write_text("worker_id,phone\n" + "".join(f"A{n},123\n" for n in range(1234 + 5)), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1,239 problem"):
        call_command("import_roster", str(bad), "--factory", "PP-001", stderr=err)
    assert err.getvalue().count("line ") == 5 and "and 1,234 more problems" in err.getvalue()


def test_command_refuses_a_file_over_the_size_limit_before_reading_it(factory, settings, tmp_path):
    """The command refuses a file larger than the upload limit with the limit in the message."""
    settings.SALA_ROSTER_MAX_BYTES = 1024 * 1024
    big = tmp_path / "big.csv"
    big.write_bytes(b"worker_id\n" + b"A1\n" * 400_000)
    with pytest.raises(CommandError, match="larger than 1 MB"):
        call_command("import_roster", str(big), "--factory", "PP-001")


@pytest.mark.parametrize(
    "header",
    ["worker_id,phone,phone", "Worker ID,given_name,worker_id", "worker_id,Given-Name,given name"],
)
def test_repeated_column_is_refused_with_a_header_error(factory, header):
    """Two columns that mean the same (phone twice, 'Worker ID' and 'worker_id') refuse the file, nothing written."""
    values = ",".join(["A1"] + ["012345678" if "phone" in header else "x"] * (header.count(",")))
    result = run(factory, f"{header}\n{values}\n")
    assert not result.ok and result.errors[0].line == 0 and "twice" in result.errors[0].message
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    "year",
    ["²", "¹⁹⁹⁴", "9" * 50, "NaN", "Infinity", "1e999", "1994.5", "-1994", "0x7C6", "1 994"],
)
def test_odd_years_of_birth_are_row_errors(factory, year):
    """Superscripts, huge numbers, NaN, infinity and fractions are row errors, never a crash."""
    result = run(factory, f"worker_id,year_of_birth\nA1,{year}\n")
    assert [(e.line, e.column) for e in result.errors] == [(2, "year_of_birth")]


def test_five_thousand_digit_year_is_a_row_error(factory):
    """A year of 5,000 digits is refused as too long, never turned into a number."""
    result = run(factory, "worker_id,year_of_birth\nA1," + "9" * 5000 + "\n")
    assert [(e.line, e.column) for e in result.errors] == [(2, "year_of_birth")]


def test_khmer_digit_year_is_read(factory):
    """A year typed on a Khmer keyboard (១៩៩៤) is stored as 1994."""
    assert run(factory, "worker_id,year_of_birth\nA1,១៩៩៤\n").ok
    assert Person.objects.get(worker_id="A1").year_of_birth == 1994


def xlsx_with_number(text: str) -> bytes:
    """A workbook whose B2 is a number cell holding `text` as written in the file (openpyxl cannot write 1e999)."""
    content = xlsx(["worker_id", "year_of_birth"], ["A1", 1])
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="B2" t="n"><v>1</v></c>', f'<c r="B2" t="n"><v>{text}</v></c>'.encode())
                assert text.encode() in data
            new.writestr(info, data)
    return target.getvalue()


@pytest.mark.parametrize(
    ("number", "outcome"),
    [("1994", "ok"), ("1994.0", "ok"), ("1994.5", "row"), ("1e999", "row"), ("1E300", "row"), ("NaN", "file")],
)
def test_xlsx_year_stored_as_a_number(factory, number, outcome):
    """Excel numbers: 1994.0 is 1994; 1994.5, infinity or 1e300 are row errors; an unreadable NaN refuses the file."""
    content = xlsx_with_number(number)
    if outcome == "file":
        with pytest.raises(RosterFileError, match="damaged"):
            roster_import(factory=factory, content=content, filename="roster.xlsx")
        return
    result = roster_import(factory=factory, content=content, filename="roster.xlsx")
    assert result.ok is (outcome == "ok")
    if outcome == "row":
        assert [(e.line, e.column) for e in result.errors] == [(2, "year_of_birth")]


def test_xlsx_number_of_five_thousand_digits_is_refused_in_plain_words(factory):
    """A number cell of 5,000 digits (more than Python turns into text) refuses the file, never a crash."""
    try:
        result = roster_import(factory=factory, content=xlsx_with_number("9" * 5000), filename="roster.xlsx")
    except RosterFileError:
        return
    assert [(e.line, e.column) for e in result.errors] == [(2, "year_of_birth")]


def test_bulk_enrolment_reader_gives_rows_with_their_lines():
    """read_rows gives each non-blank row with the line a spreadsheet shows."""
    sheet = read_rows(b"worker_id\nA1\n\nA2\n", "list.csv")
    assert sheet.headers == ["worker_id"] and sheet.rows == [(2, {"worker_id": "A1"}), (4, {"worker_id": "A2"})]


def test_worker_id_already_in_another_factory_is_no_problem(factory):
    """The same worker ID in two factories is two people (the bounds change nothing there)."""
    PersonFactory(factory=FactoryFactory(code="KD-002"), worker_id="A1")
    assert run(factory, "worker_id\nA1\n").created == 1
