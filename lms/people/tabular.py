"""Tables of factory data written a row at a time: every CSV and Excel export of Sala goes through here.

Rows come straight from one query (`queryset_rows`: values_list read in chunks from a server-side
cursor), so an export of 600,000 rows holds a few thousand rows in memory, never the whole table
and never a model object per row. CSV leaves as a stream of chunks; an .xlsx file (a zip of XML
parts) is written part by part, its sheet row by row, into a temporary file, then sent.

Every text cell is neutralised (cells.py) on the way out, whatever the column, so a name typed as a
formula never runs when HR opens the file.
"""

import csv
import datetime
import io
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from django.http import FileResponse, StreamingHttpResponse
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


def date_cell(value):
    """A date kept a date: an ISO date in CSV, a real date cell (shown 2024-05-31) in Excel."""
    return value


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, what the query selects for it (a field path such as
    "person__worker_id", or an expression) and how a selected value becomes the cell."""

    header: Any  # text, or a lazily translated label written in the reader's language
    source: Any
    render: Callable[[Any], Any] = text


def headers(columns: Sequence[Column]) -> list[str]:
    return [str(column.header) for column in columns]


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
    """An .xlsx workbook of one sheet written row by row into a seekable `file`: a bold header row
    that stays in view, then the rows, text cells as inline strings. Memory stays flat whatever the
    number of rows (at most XLSX_MAX_ROWS, Excel's limit)."""
    letters = [get_column_letter(number) for number in range(1, len(header) + 1)]
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED, compresslevel=XLSX_COMPRESSION) as package:
        for name, content in _xlsx_parts(title).items():
            package.writestr(name, content)
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(_sheet_start(header, letters).encode("utf-8"))
            chunk, written = [], 0
            for row in rows:
                written += 1
                chunk.append(_xlsx_row(written + 1, row, letters))
                if written % CHUNK_ROWS == 0:
                    sheet.write("".join(chunk).encode("utf-8"))
                    chunk.clear()
                    if progress:
                        progress(written)
            chunk.append("</sheetData></worksheet>")
            sheet.write("".join(chunk).encode("utf-8"))
    if progress:
        progress(written)


# Why not openpyxl's write-only workbook: it builds an XML element per cell and costs about 15 µs
# a cell, so the programme's 600,000 enrolments (8 million cells) took over 90 seconds; these
# strings take a tenth of that. openpyxl still reads what is written here (the tests do, and the
# roster import reads an exported roster back).
XLSX_MAX_ROWS = 1_048_576  # Excel's own limit, header row included
XLSX_COMPRESSION = 5
# Excel counts days from 30 December 1899; style 2 shows such a number as a date.
EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATE_STYLE = ' s="2"'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _xlsx_parts(title: str) -> dict[str, str]:
    """Every part of the package but the sheet's rows: content types, relationships, the workbook
    naming its one sheet, and the two cell styles (plain, and bold for the header)."""
    sheet_name = quoteattr(_sheet_title(title))
    return {
        "[Content_Types].xml": _XML
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        + '<Default Extension="xml" ContentType="application/xml"/>'
        + f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        + f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        + f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
        + "</Types>",
        "_rels/.rels": _XML
        + f'<Relationships xmlns="{_RELATIONSHIPS}">'
        + f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
        + "</Relationships>",
        "xl/workbook.xml": _XML
        + f'<workbook xmlns="{_MAIN}" xmlns:r="{_OFFICE}">'
        + f'<sheets><sheet name={sheet_name} sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": _XML
        + f'<Relationships xmlns="{_RELATIONSHIPS}">'
        + f'<Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
        + f'<Relationship Id="rId2" Type="{_OFFICE}/styles" Target="styles.xml"/>'
        + "</Relationships>",
        "xl/styles.xml": _XML
        + f'<styleSheet xmlns="{_MAIN}">'
        + '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
        + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        + '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        + '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        + '<fill><patternFill patternType="gray125"/></fill></fills>'
        + '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        + '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        + '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        + '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        + "</styleSheet>",
    }


def _sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join("-" if character in "[]:*?/\\" else character for character in title)[:31] or "Sheet"


def _sheet_start(header: Sequence[str], letters: list[str]) -> str:
    widths = "".join(
        f'<col min="{number}" max="{number}" width="{max(10, len(name) + 2)}" customWidth="1"/>'
        for number, name in enumerate(header, start=1)
    )
    return (
        _XML
        + f'<worksheet xmlns="{_MAIN}">'
        # The header row stays in view while the rows scroll.
        + '<sheetViews><sheetView workbookViewId="0">'
        + '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        + f"<cols>{widths}</cols><sheetData>"
        + _xlsx_row(1, header, letters, style=' s="1"')
    )


def _xlsx_row(number: int, row: Sequence, letters: list[str], style: str = "") -> str:
    cells = []
    for letter, value in zip(letters, row, strict=True):
        value = _xlsx_cell(value)
        if value is None:
            continue  # an empty cell is left out of the sheet, as Excel does
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            serial = (value - EXCEL_EPOCH).days
            cells.append(f'<c r="{letter}{number}"{style or DATE_STYLE}><v>{serial}</v></c>')
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cells.append(f'<c r="{letter}{number}"{style}><v>{value}</v></c>')
            continue
        text = str(value)
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        cells.append(f'<c r="{letter}{number}"{style} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def _xlsx_cell(value):
    if value is None or value == "":
        return None
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
