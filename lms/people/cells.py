"""Spreadsheet cells that leave or enter Sala: formulas neutralised on the way out, restored on the way in.

A name typed as "=HYPERLINK(…)", "+1", "-1+1" or "@SUM(…)" would run as a formula when HR opens an
export in Excel or LibreOffice. Every exported text cell that starts with one of those characters
(or a tab or carriage return) gets a leading apostrophe, as OWASP advises for CSV injection; the
same in .xlsx, so a cell copied from the workbook into another stays harmless.

The apostrophe is added so that it can be taken off exactly: a text that already starts with
apostrophes before such a character gets one more. Reading a cell back removes one apostrophe only
in that case, so an exported roster imported again gives back the very names it was made from,
and a name such as "'Ouk" (no formula character after the apostrophes) is never touched.
"""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _starts_a_formula(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise_formula(value):
    """The value as it may go into an exported cell: text that could start a formula gets an apostrophe."""
    if isinstance(value, str) and _starts_a_formula(value):
        return "'" + value
    return value


def restore_formula(text: str) -> str:
    """The inverse of neutralise_formula, for text read from an uploaded cell."""
    if text.startswith("'") and _starts_a_formula(text):
        return text[1:]
    return text


def xlsx_safe(value):
    """Control characters that .xlsx cannot hold (they make openpyxl refuse the whole file) become �."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
    return value
