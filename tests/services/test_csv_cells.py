"""What a cell of the portal's CSV files holds: what is stored, formula-like cells neutralised with a quote, plain
numbers as they are, every cell quoted; and a neutralised cell read back as it was stored."""

import csv
import io
from pathlib import Path

import pytest

import tendlc
from tendlc.services.csv_cells import csv_cell, csv_cell_read, csv_writer

PAYLOAD = "-2+3+cmd|' /C calc'!A0"

CELLS = [
    (PAYLOAD, "'" + PAYLOAD),
    ("=1+2", "'=1+2"),
    ("+1+2", "'+1+2"),
    ("-1-2", "'-1-2"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+2", "'\t=1+2"),
    ("\r=1+2", "'\r=1+2"),
    ("\n=1+2", "'\n=1+2"),
    ("Acme;=1+2", "'Acme;=1+2"),
    ("Acme,-2+3", "'Acme,-2+3"),
    ("Acme\t@SUM(A1)", "'Acme\t@SUM(A1)"),
    ('Acme"=1+2', "'Acme\"=1+2"),
    ("Acme'+1+2", "'Acme'+1+2"),
    ("Acme\n=1+2", "'Acme\n=1+2"),
    ("-12.5", "-12.5"),
    ("+15555550123", "+15555550123"),
    ("42", "42"),
    ("-1e5", "-1e5"),
    ("<b>Acme</b> & Co", "<b>Acme</b> & Co"),
    ("O'Brien, Smith & Sons", "O'Brien, Smith & Sons"),
    (
        "Enter the number in E.164 format, e.g. +13125550101.",
        "Enter the number in E.164 format, e.g. +13125550101.",
    ),
    ("2026-09-21 12:00:00+00:00", "2026-09-21 12:00:00+00:00"),
    ("'twas", "'twas"),
    ("", ""),
]


@pytest.mark.parametrize(("stored", "written"), CELLS)
def test_a_cell_is_written_as_stored_unless_a_spreadsheet_would_run_it(stored, written):
    assert csv_cell(stored) == written


@pytest.mark.parametrize(("stored", "written"), CELLS)
def test_a_written_cell_reads_back_as_stored(stored, written):
    assert csv_cell_read(written) == stored


@pytest.mark.parametrize(("value", "written"), [(None, ""), (-5, "-5"), (12.5, "12.5"), (True, "True")])
def test_values_are_written_as_their_text(value, written):
    assert csv_cell(value) == written


def test_every_cell_is_quoted_so_another_separator_keeps_it_whole():
    text = io.StringIO()
    writer = csv_writer(text)

    writer.writerows([["name", "phone"], ["Acme;=1+2", "+15555550123"], [PAYLOAD, None]])

    assert text.getvalue() == (
        '"name","phone"\r\n"\'Acme;=1+2","+15555550123"\r\n"\'-2+3+cmd|\' /C calc\'!A0",""\r\n'
    )
    assert list(csv.reader(io.StringIO(text.getvalue()), delimiter=";")) == [
        ['name,"phone"'],
        ['\'Acme;=1+2,"+15555550123"'],
        ["'-2+3+cmd|' /C calc'!A0,\"\""],
    ]


def test_only_the_csv_cells_module_makes_a_csv_writer():
    package = Path(tendlc.__file__).parent
    writers = sorted(
        str(path.relative_to(package)) for path in package.rglob("*.py") if "csv.writer(" in path.read_text()
    )

    assert writers == ["services/csv_cells.py"]
