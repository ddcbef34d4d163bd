"""This module owns what a cell of the portal's CSV files holds: every CSV the portal writes goes through
``csv_writer``, which writes what is stored, except a cell that a spreadsheet would run as a formula (OWASP
"CSV Injection"), which gets a single quote in front:

    a cell                                               written
    a plain number: 42, -12.5, +15555550123              as it is: a number is no formula, and a phone
                                                         number or a score must upload again unchanged
    starting with = + - @ tab CR LF                      with ' in front: '=1+2, '-2+3+cmd|' /C calc'!A0
    with one of those right after , ; tab CR LF " '      with ' in front: a spreadsheet that splits on
                                                         another separator, or ignores the quoting, would
                                                         start a cell there
    anything else: <b>bold</b>, "a, b", O'Brien          as it is: the files hold data, not HTML

Every cell is also quoted (``csv.QUOTE_ALL``), so a spreadsheet that splits lines on a semicolon or a tab (the
separator of locales whose decimal mark is a comma) still reads a cell whole.

The quote is the spreadsheet's own mark of text, and no phone number or campaign id starts with one, so
reading an upload removes it where this module would have put it (``csv_cell_read``): a file of rows not
applied, downloaded and uploaded again, gives back the rows it was written from.
"""

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_START = "=+-@\t\r\n"
# Characters after which a spreadsheet may start a new cell: separators, line breaks and quotes.
CELL_BOUNDARY = ",;\t\r\n\"'"
QUOTE = "'"
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
FORMULA_INSIDE = re.compile(f"[{re.escape(CELL_BOUNDARY)}][{re.escape(FORMULA_START)}]")


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could read ``text``, or a part of it, as a formula (the module's table)."""
    if PLAIN_NUMBER.fullmatch(text):
        return False
    return text[:1] in tuple(FORMULA_START) or FORMULA_INSIDE.search(text) is not None


def csv_cell(value: object) -> str:
    """``value`` as its CSV cell: its text (empty for None), neutralised when formula-like."""
    text = "" if value is None else str(value)
    return QUOTE + text if formula_like(text) else text


def csv_cell_read(text: str) -> str:
    """A cell as it was before ``csv_cell`` wrote it. Only a quote ``csv_cell`` would have added is removed:
    a cell that merely starts with one (``'twas``) is kept as it is."""
    if text.startswith(QUOTE) and formula_like(text[1:]):
        return text[1:]
    return text


class CsvWriter:
    """``csv.writer`` writing every cell through ``csv_cell``, every cell quoted."""

    def __init__(self, stream: Writable) -> None:
        self._writer = csv.writer(stream, quoting=csv.QUOTE_ALL)

    def writerow(self, cells: Iterable[object]) -> None:
        self._writer.writerow([csv_cell(value) for value in cells])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for cells in rows:
            self.writerow(cells)


def csv_writer(stream: Writable) -> CsvWriter:
    """The writer of every CSV the portal produces (downloads, and the rows the API turns into an upload)."""
    return CsvWriter(stream)
