"""Reading typed numbers and uploaded CSVs: every variant a spreadsheet saves is read, every data line comes
back with its line number, and a file that cannot be read whole is refused at the upload field."""

import re

import pytest

from tendlc.services.errors import WorkflowError
from tendlc.services.number_input import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_ROWS,
    UploadRow,
    phone_number_e164,
    upload_rows_read,
)

A, B = "+13125550101", "+13125550102"


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("+13125550101", "+13125550101"),
        ("  +1 (312) 555-0101 ", "+13125550101"),
        ("+1.312.555.0101", "+13125550101"),
        ("+442079460958", "+442079460958"),
        ("3125550101", "+13125550101"),
        ("(312) 555-0101", "+13125550101"),
        ("1 312 555 0101", "+13125550101"),
    ],
)
def test_a_typed_number_is_read_as_e164(typed, e164):
    assert phone_number_e164(typed) == e164


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a phone number."),
        (
            "312 555 CALL",
            "Enter the number in E.164 format (+ and the country code, e.g. +13125550101) or as a US number of 10 digits, e.g. (312) 555-0101.",
        ),
        (
            "+1800FLOWERS",
            "Enter the number in E.164 format (+ and the country code, e.g. +13125550101) or as a US number of 10 digits, e.g. (312) 555-0101.",
        ),
        ("+1", "+1 is not a phone number."),
        ("+447700900123", "+447700900123 is not a valid phone number in its country's numbering plan."),
        ("+15555550100", "+15555550100 is not a valid phone number in its country's numbering plan."),
    ],
)
def test_a_number_that_is_not_e164_is_refused_with_the_reason(typed, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        phone_number_e164(typed)


@pytest.mark.parametrize(
    ("data", "rows"),
    [
        pytest.param(
            f"{A},C1\n{B},4b30aaaa\n".encode(),
            [UploadRow(1, A, "C1"), UploadRow(2, B, "4b30aaaa")],
            id="no header",
        ),
        pytest.param(f"phone_number,campaign\n{A},C1\n".encode(), [UploadRow(2, A, "C1")], id="header"),
        pytest.param(
            f"Campaign ID;Phone Number\nC1;{A}\n".encode(),
            [UploadRow(2, A, "C1")],
            id="header in the other order, semicolons",
        ),
        pytest.param(
            f"\ufeffphone number,campaign\r\n{A},C1\r\n".encode(), [UploadRow(2, A, "C1")], id="BOM and CRLF"
        ),
        pytest.param(
            f"\n  {A} ,  C1 \n\n , \n{B}\tx,C2\n".encode(),
            [UploadRow(2, A, "C1"), UploadRow(5, f"{B}\tx", "C2")],
            id="blank lines and spaces",
        ),
        pytest.param(f"{A}\tC1\n".encode(), [UploadRow(1, A, "C1")], id="tabs"),
        pytest.param(f"{A}\n".encode(), [UploadRow(1, A, "")], id="campaign missing"),
        pytest.param(
            f'phone_number,campaign,reason\n"{A}","C1","No campaign C1 is known here."\n'.encode(),
            [UploadRow(2, A, "C1")],
            id="a report's rows, reason column ignored",
        ),
        pytest.param(
            f"not a number,C1\n{A},C1\n{A},C2\n".encode(),
            [UploadRow(1, "not a number", "C1"), UploadRow(2, A, "C1"), UploadRow(3, A, "C2")],
            id="bad numbers and duplicates are rows too",
        ),
    ],
)
def test_every_data_line_is_read_with_its_line_number(data, rows):
    assert upload_rows_read(data) == rows


def test_the_row_limit_is_a_limit_not_an_error():
    rows = upload_rows_read(b"".join(b"+1312555%04d,C1\n" % n for n in range(MAX_UPLOAD_ROWS)))

    assert len(rows) == MAX_UPLOAD_ROWS
    assert rows[-1] == UploadRow(MAX_UPLOAD_ROWS, "+13125559999", "C1")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            b"",
            "The file has no data rows: put one phone number and its campaign on each line"
            " (e.g. +13125550101,C1A2B3C).",
            id="empty",
        ),
        pytest.param(
            b"\n \n,,\n",
            "The file has no data rows: put one phone number and its campaign on each line"
            " (e.g. +13125550101,C1A2B3C).",
            id="blank lines only",
        ),
        pytest.param(
            b"phone_number,campaign\n",
            "The file has no data rows: put one phone number and its campaign on each line"
            " (e.g. +13125550101,C1A2B3C).",
            id="header only",
        ),
        pytest.param(
            b"\nphone_number,owner\n+13125550101,me\n",
            "The header row on line 2 names no campaign column: name the columns phone_number and campaign.",
            id="header without a campaign column",
        ),
        pytest.param(
            b"x" * (MAX_UPLOAD_BYTES + 1),
            "The file is larger than 2 MB: split it into smaller files.",
            id="too big",
        ),
        pytest.param(
            b"".join(b"+1312555%04d,C1\n" % (n % 10_000) for n in range(MAX_UPLOAD_ROWS + 1)),
            "The file has more than 10,000 rows: split it into files of at most 10,000 rows.",
            id="too many rows",
        ),
        pytest.param(
            "+13125550101,Café\n".encode("latin-1"),
            'The file is not UTF-8 text: save it from your spreadsheet as "CSV UTF-8".',
            id="not UTF-8",
        ),
        pytest.param(
            b'+13125550101,"C1\n',
            "Line 1 cannot be read as CSV (unexpected end of data).",
            id="unclosed quote",
        ),
    ],
)
def test_a_file_that_cannot_be_read_whole_is_refused_at_the_upload_field(data, message):
    with pytest.raises(WorkflowError) as refused:
        upload_rows_read(data)

    assert (refused.value.field, refused.value.message) == ("file", message)
