"""Readers: every encoding, delimiter, line ending, quoting case and workbook shape of issue 3."""

from __future__ import annotations

import codecs

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moat.errors import FileRejected, MoatError
from moat.ingest import mapping, readers
from tests.ingest.ingest_fixtures import CW_HEADER, CW_ROWS, EXCEL_DATE, OLE2, csv_text, xlsx_bytes, zip_with


def read(data: bytes, name: str = "f.csv", **kw) -> readers.Table:
    return readers.read(data, name, is_known=mapping.is_known_header, **kw)


def values_of(table: readers.Table) -> list[list[str | None]]:
    return [list(r) for r in table.rows.select(table.header).iter_rows()]


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-be", "utf-16"), ("cp1252", None),
])
def test_encodings_round_trip_accents(encoding: str, expected: str | None) -> None:
    rows = [["1", "Zoë Müller", "Café Crème SARL", "2026-10-31", "1", "Yes", "helpdesk", "naïve – “quoted”"]]
    text = csv_text(CW_HEADER, rows)
    data = (codecs.BOM_UTF16_BE + text.encode("utf-16-be")) if encoding == "utf-16-be" else text.encode(encoding)
    table = read(data)
    assert values_of(table) == rows
    if expected:
        assert table.encoding == expected
    else:
        assert table.encoding in {"cp1252", "windows-1252"}


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_delimiters_and_line_endings(delimiter: str, newline: str) -> None:
    table = read(csv_text(CW_HEADER, CW_ROWS, delimiter, newline).encode())
    assert table.delimiter == delimiter
    assert table.header == CW_HEADER
    assert values_of(table) == CW_ROWS
    assert table.rows[readers.ROW].to_list() == [2, 3, 4]


def test_quoted_fields_with_delimiters_quotes_and_newlines() -> None:
    rows = [["7", "Priya Shah", "Acme, Inc", "2026-10-01", "1", "B", "x", 'line one\nline "two"']]
    assert values_of(read(csv_text(CW_HEADER, rows).encode())) == rows


def test_title_rows_above_header_and_row_numbers() -> None:
    text = "Time Entry Report\nPrinted 2026-11-01\n\n" + csv_text(CW_HEADER, CW_ROWS)
    table = read(text.encode())
    assert table.header == CW_HEADER
    assert table.header_row == 4
    assert table.rows[readers.ROW].to_list() == [5, 6, 7]


def test_excel_sep_line_sets_delimiter() -> None:
    table = read(("sep=;\n" + csv_text(CW_HEADER, CW_ROWS, ";")).encode())
    assert table.delimiter == ";" and table.header == CW_HEADER and table.rows[readers.ROW].to_list() == [3, 4, 5]


def test_ragged_rows_are_kept_not_truncated() -> None:
    text = csv_text(CW_HEADER, CW_ROWS) + "4,Tom Becker,Acme,2026-10-01,1,B,x,y,EXTRA,MORE\n"
    table = read(text.encode())
    assert table.rows.height == 4
    assert table.rows[readers.EXTRA].to_list() == [None, None, None, "EXTRA,MORE"]


def test_trailing_blank_lines_are_not_rows() -> None:
    table = read((csv_text(CW_HEADER, CW_ROWS) + "\n\n,,,,,,,\n").encode())
    assert table.rows.height == 3


def test_xlsx_title_rows_dates_currency_and_sheet_choice() -> None:
    data_rows = [
        ["Billing report"], [],
        ["Invoice Number", "Customer", "Invoice Date", "Amount", "Status"],
        ["INV-1", "Acme", EXCEL_DATE, 1234.5, "Paid"],
        ["INV-2", "Bluewater", EXCEL_DATE, -120, "Paid"],
        ["Total", None, None, 1114.5, None],
    ]
    data = xlsx_bytes({"Notes": [["just a note"]], "Invoices": data_rows}, {("Invoices", 4, 4): '"$"#,##0.00'})
    table = read(data, "book.xlsx")
    assert table.kind == "xlsx" and table.sheet == "Invoices" and table.sheets == ["Notes", "Invoices"]
    assert table.header == ["Invoice Number", "Customer", "Invoice Date", "Amount", "Status"]
    assert values_of(table) == [
        ["INV-1", "Acme", "2026-10-31", "1234.5", "Paid"], ["INV-2", "Bluewater", "2026-10-31", "-120", "Paid"],
        ["Total", None, None, "1114.5", None],
    ]
    assert table.rows[readers.ROW].to_list() == [4, 5, 6]
    assert read(data, "book.xlsx", sheet="Notes").sheet == "Notes"
    with pytest.raises(FileRejected, match="no sheet 'Nope'"):
        read(data, "book.xlsx", sheet="Nope")


@pytest.mark.parametrize("data,why", [
    (OLE2, "old .xls workbook or a password-protected"),
    (zip_with(["[Content_Types].xml", "xl/workbook.bin"]), ".xlsb"),
    (zip_with(["mimetype", "content.xml"]), ".ods"),
    (b"PK\x03\x04" + b"\x00garbage" * 20, "corrupt"),
    (zip_with(["[Content_Types].xml", "xl/workbook.xml"]), "damaged workbook"),
    (b"\x00\x01\x02\x03" * 100 + b"\xff\xfe\x00", "binary"),
])
def test_unreadable_files_are_rejected_with_advice(data: bytes, why: str) -> None:
    with pytest.raises(FileRejected) as info:
        read(data, "bad.xls")
    assert "cannot read: save as .xlsx or CSV" in str(info.value) and why in str(info.value)
    assert info.value.exit_code == 2


def test_empty_file_rejected() -> None:
    with pytest.raises(FileRejected, match="empty"):
        read(b"\n\n  \n")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_random_bytes_never_crash_the_reader(data: bytes) -> None:
    """Random bytes are read as a table or rejected with a message; nothing else ever escapes."""
    try:
        table = read(data)
    except MoatError as err:
        assert str(err)
        return
    assert isinstance(table.rows, pl.DataFrame)
    assert table.rows[readers.ROW].is_sorted()


def test_big_utf8_file_with_a_cp1252_byte_late_is_still_read_right() -> None:
    """Big files skip the full decode; a non-UTF-8 byte after the first 64 KiB sends them to the careful path."""
    rows = [[str(i), "Priya Shah", "Acme", "2026-10-01", "1", "B", "x", "ok"] for i in range(3000)]
    good = csv_text(CW_HEADER, rows).encode()
    table = read(good)
    assert table.encoding == "utf-8" and table.rows.height == 3000 and table.rows[readers.ROW][-1] == 3001
    late = good + "3000,Zoë,Café,2026-10-01,1,B,x,ok\n".encode("cp1252")
    table = read(late)
    assert table.encoding in {"cp1252", "windows-1252"} and values_of(table)[-1][1:3] == ["Zoë", "Café"]
