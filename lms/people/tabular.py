"""Tables of factory data written a row at a time: every CSV and Excel export of Sala goes through here.

Rows come straight from one query (`queryset_rows`: values_list read in chunks from a server-side
cursor), so an export of 600,000 rows holds a few thousand rows in memory, never the whole table
and never a model object per row. CSV leaves as a stream of chunks; an .xlsx file is written by
openpyxl's write-only workbook (rows go to disk as they come) into a temporary file, then sent.

Every text cell is neutralised (cells.py) on the way out, whatever the column, so a name typed as a
formula never runs when HR opens the file.
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .cells import neutralise_formula, xlsx_safe

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Rows fetched from the database at a time, and rows between two progress reports.
CHUNK_ROWS = 2000
# The byte-order mark makes Excel read a CSV file as UTF-8, so Khmer names stay readable.
CSV_BOM = "\ufeff"

Progress = Callable[[int], None]


def text(value) -> str:
    """A cell as the exports have always written it: text, with nothing for a missing value."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, what the query selects for it (a field path such as
    "person__worker_id", or an expression) and how a selected value becomes the cell."""

    header: str
    source: Any
    render: Callable[[Any], Any] = text


def headers(columns: Sequence[Column]) -> list[str]:
    return [column.header for column in columns]


def queryset_rows(queryset, columns: Sequence[Column], *, chunk_size: int = CHUNK_ROWS) -> Iterator[list]:
    """The rows of one query, as cells: only the selected columns, read chunk by chunk."""
    renders = [column.render for column in columns]
    for values in queryset.values_list(*(column.source for column in columns)).iterator(chunk_size=chunk_size):
        yield [render(value) for render, value in zip(renders, values, strict=True)]


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence], *, progress: Progress | None = None) -> Iterator[bytes]:
    """The CSV file (UTF-8 with a byte-order mark), a few thousand rows per chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(CSV_BOM)
    writer.writerow([neutralise_formula(cell) for cell in header])
    written = 0
    for row in rows:
        writer.writerow([neutralise_formula(cell) for cell in row])
        written += 1
        if written % CHUNK_ROWS == 0:
            yield _drained(buffer)
            if progress:
                progress(written)
    yield _drained(buffer)
    if progress:
        progress(written)


def _drained(buffer: io.StringIO) -> bytes:
    content = buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    return content


def csv_write(header: Sequence[str], rows: Iterable[Sequence], file: IO[bytes], *, progress: Progress | None = None):
    for chunk in csv_chunks(header, rows, progress=progress):
        file.write(chunk)


def xlsx_write(
    header: Sequence[str],
    rows: Iterable[Sequence],
    file: IO[bytes],
    *,
    title: str = "Sheet",
    progress: Progress | None = None,
) -> None:
    """An .xlsx workbook of one sheet written row by row into `file`: a bold header row that stays
    in view, then the rows. Memory stays flat whatever the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for number, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = max(10, len(name) + 2)
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=_xlsx_cell(name))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    written = 0
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
        written += 1
        if progress and written % CHUNK_ROWS == 0:
            progress(written)
    workbook.save(file)
    if progress:
        progress(written)


def _xlsx_cell(value):
    if value == "":
        return None  # an empty cell is left out of the sheet, as Excel does
    return neutralise_formula(xlsx_safe(value))


def table_bytes(header: Sequence[str], rows: Iterable[Sequence], file_format: str, *, title: str = "Sheet") -> bytes:
    """The whole file in memory: for small tables only (tests, a file to import again)."""
    if file_format == "csv":
        return b"".join(csv_chunks(header, rows))
    buffer = io.BytesIO()
    xlsx_write(header, rows, buffer, title=title)
    return buffer.getvalue()


def table_download(header: Sequence[str], rows: Iterable[Sequence], *, file_format: str, filename: str, title: str):
    """A download of factory data answered in the request: CSV streamed as the rows arrive, Excel
    written to a temporary file first (a zip cannot be sent before it is finished), then streamed
    from it. Never kept by shared caches."""
    if file_format == "csv":
        response = StreamingHttpResponse(csv_chunks(header, rows), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        # Deleted as soon as the response closes it (an unnamed temporary file on POSIX).
        file = tempfile.TemporaryFile()
        try:
            xlsx_write(header, rows, file, title=title)
        except BaseException:
            file.close()
            raise
        file.seek(0)
        response = FileResponse(file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"])
    response["Cache-Control"] = "private, no-store"
    return response
