"""The roster template HR downloads from the import page: a workbook to fill in and import.

The first sheet has the header row the import reads (the column labels in the reader's language,
as exports write them) and one example row, which the import passes over if it is left in
(roster_file.EXAMPLE_ROW). A second sheet, "Column guide", says for each column whether it is
required, what goes in it and an example, in Khmer and in English whatever the reader's language:
the person who fills in the sheet may not be the one who downloaded it.
"""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .roster import COLUMNS, LABELS
from .roster_file import EXAMPLE_ROW

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILENAME = "roster-template.xlsx"
# The columns a new roster needs, in the order exports write them (employment and left_on say who
# has left, which a new roster does not).
TEMPLATE_COLUMNS = list(EXAMPLE_ROW)
REQUIRED = {"worker_id"}
ROSTER_SHEET = gettext_lazy("Roster")
GUIDE_SHEET = gettext_lazy("Column guide")


def _in(language: str, text) -> str:
    with translation.override(language):
        return str(text)


def _guide_rows() -> list[list[str]]:
    header = [
        _("Column"),
        _in("km", gettext_lazy("Required?")) + " / " + _in("en", gettext_lazy("Required?")),
        _in("km", gettext_lazy("What to write")),
        _in("en", gettext_lazy("What to write")),
        _("Example"),
    ]
    rows = [header]
    for column in TEMPLATE_COLUMNS:
        required = gettext_lazy("Required") if column in REQUIRED else gettext_lazy("Optional")
        rows.append(
            [
                str(LABELS[column]),
                _in("km", required) + " / " + _in("en", required),
                _in("km", COLUMNS[column]),
                _in("en", COLUMNS[column]),
                EXAMPLE_ROW[column],
            ]
        )
    return rows


def roster_template_bytes() -> bytes:
    """The template workbook: the roster sheet (active, so the import reads it) then the guide."""
    book = Workbook()
    roster = book.active
    roster.title = str(ROSTER_SHEET)
    roster.append([str(LABELS[column]) for column in TEMPLATE_COLUMNS])
    # Every cell is text, so Excel keeps the 0 of a phone number and the form of a worker ID.
    roster.append([EXAMPLE_ROW[column] for column in TEMPLATE_COLUMNS])
    for cell in roster[1]:
        cell.font = Font(bold=True)
    for letter_cells in roster.columns:
        roster.column_dimensions[letter_cells[0].column_letter].width = 20
        for cell in letter_cells:
            cell.number_format = "@"
    roster.freeze_panes = "A2"
    guide = book.create_sheet(str(GUIDE_SHEET))
    for row in _guide_rows():
        guide.append(row)
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDE", (22, 22, 50, 50, 16), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
