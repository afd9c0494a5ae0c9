"""Reading an uploaded list of workers (CSV or XLSX) into rows of text, within fixed bounds.

Everything that reads such a file (the roster import, bulk enrolment) goes through read_rows, so the
bounds hold everywhere: the file size, the number of rows (SALA_ROSTER_MAX_ROWS) and the length of
every cell are checked while the file is read, so a huge sheet or a huge cell is refused before any
heavy work. An .xlsx is streamed row by row with openpyxl's read-only mode, after checking how big
its contents are once unpacked, so a sheet is never loaded whole.

Column names are folded ("Worker ID" = "worker_id"); a file naming the same column twice is refused,
because which of the two values counts would be a guess.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import openpyxl
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .cells import restore_formula
from .models import Department, Person
from .normalise import normalise_identifier

SUFFIXES = (".csv", ".xlsx")
HEADER_LIMIT = 50
CELL_LIMIT = 50  # codes, words and numbers: gender, job, language, year, employment, dates
CELL_LIMITS = {
    "worker_id": Person._meta.get_field("worker_id").max_length,
    "family_name_km": Person._meta.get_field("family_name_km").max_length,
    "given_name_km": Person._meta.get_field("given_name_km").max_length,
    "family_name": Person._meta.get_field("last_name").max_length,
    "given_name": Person._meta.get_field("first_name").max_length,
    "department": Department._meta.get_field("name").max_length,
    # Spreadsheets made for other purposes carry name columns too, e.g. "name" in an enrolment list.
    "name": 300,
}


# The example row of the roster template (roster_template.py), as the import reads it back. A file
# filled in from the template may keep it: the import passes over this exact row, so the example
# never becomes a worker.
EXAMPLE_ROW = {
    "worker_id": "W00123",
    "family_name_km": "សុខ",
    "given_name_km": "សុភា",
    "family_name": "Sok",
    "given_name": "Sophea",
    "gender": "female",
    "year_of_birth": "1994",
    "phone": "012 345 678",
    "department": "",
    "job": "worker",
    "preferred_language": "km",
}


class RosterFileError(Exception):
    """The file as a whole cannot be read; the message says why in plain words."""


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        where = _("line %(line)s") % {"line": self.line} if self.line else _("header")
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class RosterSheet:
    """The folded column names, the non-blank rows as (line as a spreadsheet shows it, {column: text}),
    and the problems found while reading. A row with a problem is left out of `rows`."""

    headers: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def header_key(text) -> str:
    return normalise_identifier(text).lower().replace(" ", "_").replace("-", "_")


def read_rows(content: bytes, filename: str, *, aliases: dict[str, str] | None = None) -> RosterSheet:
    """The header and rows of a CSV (UTF-8, with or without Excel's BOM) or XLSX file as text.

    Raises RosterFileError when the file cannot be read or is beyond the bounds; problems of single
    cells (too long) and of the header (a column twice) come back in `errors`. `aliases` maps a
    folded column label (as `header_key` gives it) to the column it names.
    """
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in SUFFIXES:
        raise RosterFileError(_("Upload a .csv or .xlsx file (this one is “%(name)s”).") % {"name": filename})
    if not content.strip():
        raise RosterFileError(_("The file is empty."))
    if len(content) > settings.SALA_ROSTER_MAX_BYTES:
        raise RosterFileError(too_large_message())
    records = _csv_records(content) if suffix == ".csv" else _xlsx_records(content)
    try:
        return _read(records, aliases or {})
    except RosterFileError:
        raise
    except Exception as error:  # csv, zipfile and openpyxl raise many kinds for a damaged file
        raise RosterFileError(_damaged(suffix)) from error
    finally:
        records.close()


def too_large_message() -> str:
    return _("The file is larger than %(size)s MB. Split it into smaller files or remove unused columns.") % {
        "size": settings.SALA_ROSTER_MAX_BYTES // (1024 * 1024)
    }


def _damaged(suffix: str) -> str:
    return _("The file could not be read as %(kind)s. Is it damaged?") % {"kind": suffix}


def _csv_records(content: bytes) -> Iterator[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterFileError(
            _(
                "The file is not in UTF-8, so Khmer names would be garbled. In Excel choose “CSV UTF-8”, or upload .xlsx."
            )
        ) from error
    # csv refuses a field over csv.field_size_limit() (128 KB by default) while parsing it, and
    # _read refuses anything over a few hundred characters right after.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        yield from reader
    except csv.Error as error:
        raise RosterFileError(
            _("Line %(line)s of the file could not be read: a cell is far too long, or a quote is never closed.")
            % {"line": reader.line_num}
        ) from error


def _xlsx_records(content: bytes) -> Iterator[tuple]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise RosterFileError(_damaged(".xlsx")) from error
    # zipfile stops reading a member at its declared size, so the declared sizes bound the work.
    if unpacked > settings.SALA_ROSTER_MAX_UNPACKED_BYTES:
        raise RosterFileError(
            _(
                "The workbook is too big once unpacked (more than %(size)s MB). Keep only the roster sheet, or save it as CSV."
            )
            % {"size": settings.SALA_ROSTER_MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = book.active or book.worksheets[0]
        # A sheet that says it spans A1:XFD1048576 (formatting applied to whole columns) would
        # otherwise be padded to 16,384 cells a row; without dimensions only real cells come.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    finally:
        book.close()


def _read(records: Iterator, aliases: dict[str, str]) -> RosterSheet:
    sheet = RosterSheet()
    header = next(records, None)
    if header is None:
        raise RosterFileError(_("The file is empty."))
    sheet.headers = _headers(header, sheet.errors, aliases)
    if sheet.errors:
        return sheet
    max_rows, counted = settings.SALA_ROSTER_MAX_ROWS, 0
    for index, values in enumerate(records):
        line = index + 2  # line 1 is the header
        row, good = {}, True
        for key, value in zip(sheet.headers, values, strict=False):
            if not key:
                continue
            text = _cell_text(value)
            limit = CELL_LIMITS.get(key, CELL_LIMIT)
            if len(text) > limit:
                sheet.errors.append(RowError(line, key, _("longer than %(limit)s characters.") % {"limit": limit}))
                good = False
            else:
                row[key] = text  # an empty cell clears the value; only a missing column keeps it
        if good and not any(row.values()):
            continue  # blank lines between blocks of workers are common in hand-made sheets
        counted += 1
        if counted > max_rows:
            raise RosterFileError(_too_many_rows(max_rows))
        if good:
            sheet.rows.append((line, row))
    return sheet


def _headers(values, errors: list[RowError], aliases: dict[str, str]) -> list[str]:
    keys, first_seen = [], {}
    for position, value in enumerate(values, start=1):
        text = "" if value is None else str(value)
        if len(text) > HEADER_LIMIT:
            errors.append(
                RowError(
                    0,
                    text[:HEADER_LIMIT] + "…",
                    _("a column name longer than %(limit)s characters.") % {"limit": HEADER_LIMIT},
                )
            )
            keys.append("")
            continue
        key = header_key(text)
        key = aliases.get(key, key)
        if key and key in first_seen:
            errors.append(
                RowError(
                    0,
                    key,
                    _("the column appears twice (columns %(first)s and %(second)s). Keep one of them and import again.")
                    % {"first": first_seen[key], "second": position},
                )
            )
        first_seen.setdefault(key, position)
        keys.append(key)
    return keys


def _too_many_rows(limit: int) -> str:
    return _(
        "The file has more than %(limit)s rows of workers, the most one import takes. Split it into files of at most "
        "%(limit)s rows, each starting with the same header row, and import them one after the other, without "
        "“This file lists everyone who works at the factory now” (it would mark the workers of the other files as having left)."
    ) % {"limit": number_format(limit, force_grouping=True)}


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # Excel stores 1994 and 012345678 as numbers
        value = int(value)
    elif isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()  # Excel dates are date-times at midnight
    if isinstance(value, datetime.date):
        return value.isoformat()
    return restore_formula(str(value).strip())
