"""Reading phone numbers as staff type or upload them: one number, or a CSV of (phone number, campaign) rows.

``phone_number_e164`` is the one reader of a typed number, for the brand form, a single assignment and an
upload alike, so all three take the same forms of a number: E.164, or a national number of the country
(the US for numbers, 10DLC being American; the brand's own country for a brand's) with the punctuation people
type, and in the US a leading 1.

An upload is read whole, and checked into a preview, before anything is sent, so its size and row count are
capped (``MAX_UPLOAD_BYTES``, ``MAX_UPLOAD_ROWS``) to what one request can read and check. An Excel workbook
(``.xlsx``) is read from its first sheet in read-only mode, each cell as its text: a formula stays the
formula's text, never worked out, and is refused like any other cell that is not a number. Spreadsheets save CSVs in many small variants, so a
byte-order mark, blank lines, spaces around cells, a semicolon or tab delimiter and a header row (in either
column order, with extra columns such as a report's "reason") are all read. Every other line comes back as a
row with its line number, however malformed, so that none is silently dropped.

A control character other than spacing in a cell (a NUL above all: PostgreSQL stores it in neither text nor JSON) makes its row a
row error at that cell, found here before anything is sent; the cell is kept with the character shown as
``SHOWN_AS``, so the report and the file of rows to fix can be stored and read back.
"""

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import openpyxl
import phonenumbers

from tendlc.services.csv_cells import csv_cell_read
from tendlc.services.errors import WorkflowError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_ROWS = 10_000
UPLOAD_FIELD = "file"
DELIMITERS = (",", ";", "\t")
# Header cells, lower-cased with everything but letters removed ("Phone Number", "phone_number").
PHONE_HEADERS = frozenset({"phonenumber", "phone", "number", "tn", "e164"})
CAMPAIGN_HEADERS = frozenset({"campaign", "campaignid", "tcrcampaignid", "telnyxcampaignid"})
# Digits with the separators people type between them, after an optional +; letters are refused, though the
# library would read them as a keypad's digits ("1-800-FLOWERS").
TYPED_NUMBER = re.compile(r"^\+?[0-9 ().\-]+$")
EXAMPLE_NUMBER = "+13125550101"
NUMBERS_COUNTRY = "US"
# What a refused control character is shown as in the kept cell: the Unicode replacement character.
SHOWN_AS = "\ufffd"
# An .xlsx is a zip archive: read as one whatever its name says.
XLSX_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class UploadRow:
    """One data line of an upload, its cells as written (spaces around them removed)."""

    line: int
    phone_number: str
    campaign: str
    # Why the row is refused before any check of its values (a control character in a cell), or "".
    problem: str = ""


def phone_number_e164(text: str, *, country: str = NUMBERS_COUNTRY) -> str:
    """``text`` as an E.164 number, read as a national number of ``country`` when it has no +; raises
    ValueError saying what is wrong with it."""
    typed = text.strip()
    if not typed:
        raise ValueError("Enter a phone number.")
    if not TYPED_NUMBER.match(typed):
        raise ValueError(phone_number_format(country))
    try:
        parsed = phonenumbers.parse(typed, country)
    except phonenumbers.NumberParseException:
        raise ValueError(f"{typed} is not a phone number.") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"{typed} is not a valid phone number in its country's numbering plan.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_number_format(country: str = NUMBERS_COUNTRY) -> str:
    """The forms of a number ``phone_number_e164`` reads, as an instruction."""
    national = (
        "a US number of 10 digits, e.g. (312) 555-0101" if country == "US" else f"a number of {country}"
    )
    return (
        f"Enter the number in E.164 format (+ and the country code, e.g. {EXAMPLE_NUMBER}) or as {national}."
    )


def upload_rows_read(data: bytes, *, filename: str = "") -> list[UploadRow]:
    """The data rows of an uploaded CSV, or of the first sheet of an Excel workbook (``.xlsx``). A file that
    cannot be read as a whole (too big, not text, no rows, too many rows) is refused with a WorkflowError at
    the upload field."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refusal(
            f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB: split it into smaller files."
        )
    if filename.lower().endswith(".xlsx") or data.startswith(XLSX_SIGNATURE):
        return _rows_of(_xlsx_lines(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refusal('The file is not UTF-8 text: save it from your spreadsheet as "CSV UTF-8".') from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        return _rows_of((reader.line_num, cells) for cells in reader)
    except csv.Error as error:
        raise _refusal(f"Line {reader.line_num} cannot be read as CSV ({error}).") from None


def _xlsx_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows as text cells. Read-only, and formulas are read as their text, never worked
    out: a cell holding one is then refused as not a phone number or campaign, as in a CSV."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _refusal(
            "The file cannot be read as an Excel workbook (.xlsx): save it again as .xlsx or CSV."
        ) from None
    try:
        for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            yield number, [_xlsx_text(value) for value in values]
    finally:
        workbook.close()


def _xlsx_text(value: object) -> str:
    # A number typed without + is stored as a number, and may come back as a float: 13125550101.0.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _rows_of(lines: Iterable[tuple[int, list[str]]]) -> list[UploadRow]:
    rows: list[UploadRow] = []
    columns: tuple[int, int] | None = None
    for line, raw in lines:
        # A cell the portal's own download neutralised reads as it was stored (tendlc.services.csv_cells).
        cells = [csv_cell_read(cell).strip() for cell in raw]
        if not any(cells):
            continue
        if columns is None:
            columns = _header_columns(cells, line)
            if columns is not None:
                continue
            columns = (0, 1)
        if len(rows) == MAX_UPLOAD_ROWS:
            raise _refusal(
                f"The file has more than {MAX_UPLOAD_ROWS:,} rows: split it into files of at most"
                f" {MAX_UPLOAD_ROWS:,} rows."
            )
        rows.append(_upload_row(line, _cell(cells, columns[0]), _cell(cells, columns[1])))
    if not rows:
        raise _refusal(
            "The file has no data rows: put one phone number and its campaign on each line"
            f" (e.g. {EXAMPLE_NUMBER},C1A2B3C)."
        )
    return rows


def _refusal(message: str) -> WorkflowError:
    return WorkflowError(message, field=UPLOAD_FIELD)


def _delimiter(text: str) -> str:
    """The first of ``DELIMITERS`` found on the first non-blank line; a comma when none is."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return next((delimiter for delimiter in DELIMITERS if delimiter in first), ",")


def _header_columns(cells: list[str], line: int) -> tuple[int, int] | None:
    """The (phone number, campaign) column positions a header row names, or None when ``cells`` are data."""
    names = [re.sub(r"[^a-z0-9]", "", cell.lower()) for cell in cells]
    phone = next((i for i, name in enumerate(names) if name in PHONE_HEADERS), None)
    campaign = next((i for i, name in enumerate(names) if name in CAMPAIGN_HEADERS), None)
    if phone is None and campaign is None:
        return None
    if phone is None or campaign is None:
        missing = "phone number" if phone is None else "campaign"
        raise _refusal(
            f"The header row on line {line} names no {missing} column: name the columns phone_number and campaign."
        )
    return phone, campaign


def _cell(cells: list[str], position: int) -> str:
    return cells[position] if position < len(cells) else ""


def _upload_row(line: int, phone_number: str, campaign: str) -> UploadRow:
    problems = [
        f"The {name} contains a control character ({_code_point(character)}, shown as {SHOWN_AS}): type it"
        " again."
        for name, cell in (("phone number", phone_number), ("campaign", campaign))
        if (character := _control_character(cell))
    ]
    return UploadRow(
        line, control_characters_shown(phone_number), control_characters_shown(campaign), " ".join(problems)
    )


def _is_control(character: str) -> bool:
    # Tabs and line breaks inside a quoted cell are spacing, which the number check already explains.
    return unicodedata.category(character) == "Cc" and not character.isspace()


def _control_character(text: str) -> str | None:
    return next((character for character in text if _is_control(character)), None)


def _code_point(character: str) -> str:
    return f"U+{ord(character):04X}"


def control_characters_shown(text: str) -> str:
    """``text`` with each control character replaced by ``SHOWN_AS``."""
    return "".join(SHOWN_AS if _is_control(character) else character for character in text)
