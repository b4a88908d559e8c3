"""Readers: every encoding, delimiter, line ending, quoting case and workbook shape of issue 3."""

from __future__ import annotations

import codecs

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
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
@example(b"*,\x80\xc2\x80")  # found by a full run: a heading "*" with an undecodable byte (pl.col("*") is a wildcard)
@example(b"\n\x0b\x00;\x00")  # found by a run: rows under an empty header line (a polars height mismatch escaped)
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


# --- issue 18 point 10: mixed encodings are repaired per line when certain, else quarantined ---------------------

CAFE = "Café Müller GmbH"
MIX_HEADER = "Member,Company,Date,Hours,Billable\n"


def _mixed_rows() -> bytes:
    utf8 = "".join(f"Priya Shah,{CAFE},2026-10-0{d},1,Yes\n" for d in (1, 2, 3)).encode("utf-8")
    legacy = "".join(f"Tom Becker,{CAFE},2026-10-0{d},2,No\n" for d in (4, 5)).encode("cp1252")
    return utf8 + legacy


def test_mostly_utf8_file_with_cp1252_rows_is_repaired_per_line() -> None:
    """The reproduction of issue 18 point 10: read as cp1252 throughout, the UTF-8 rows became 'CafÃ© MÃ¼ller GmbH'."""
    table = read(MIX_HEADER.encode() + _mixed_rows())
    assert [r[1] for r in values_of(table)] == [CAFE] * 5
    assert table.encoding == "utf-8+cp1252" and table.repaired_lines == 2 and table.undecodable_lines == 0
    assert readers.UNDECODED not in table.rows.columns
    data = MIX_HEADER.encode() + _mixed_rows()  # the reported encoding is a codec: decoding by it reads the same
    assert data.decode(table.encoding).count(CAFE) == 5 and "Ã" not in data.decode(table.encoding, errors="replace")


def test_mixed_file_with_bom_and_past_the_fast_path_sample() -> None:
    filler = "".join(f"Priya Shah,Acme,2026-10-01,1,Yes,{'n' * 40}\n" for _ in range(2000)).encode()  # > 64 KiB of UTF-8
    data = codecs.BOM_UTF8 + (MIX_HEADER.strip() + ",Notes\n").encode() + filler + "Zoë Ång,Crème Brûlée SARL,2026-10-02,1,No,ok\n".encode("cp1252")
    table = read(data)
    assert table.encoding == "utf-8-sig+cp1252" and table.repaired_lines == 1
    assert values_of(table)[-1][:2] == ["Zoë Ång", "Crème Brûlée SARL"]


@pytest.mark.parametrize("line", [
    "Ana Lima,Café ".encode() + "Müller GmbH,2026-10-06,1,Yes\n".encode("cp1252"),  # UTF-8 and cp1252 in one line
    b"Ana Lima,Caf\x81 GmbH,2026-10-06,1,Yes\n",  # a byte cp1252 leaves undefined
    b"Ana Lima,Caf\xe9\xe8\xea\xeb\xe0 GmbH,2026-10-06,1,Yes\n",  # a run of accents, not a word
])
def test_line_that_cannot_be_repaired_with_certainty_is_marked_never_garbled(line: bytes) -> None:
    table = read(MIX_HEADER.encode() + _mixed_rows() + line)
    marked = table.rows.filter(pl.col(readers.UNDECODED).is_not_null())
    assert marked[readers.ROW].to_list() == [7] and table.undecodable_lines == 1
    assert "not valid UTF-8" in marked[readers.UNDECODED][0]
    assert [r[1] for r in values_of(table)[:5]] == [CAFE] * 5
    assert not any("Ã" in (v or "") for r in values_of(table) for v in r)


def test_certain_cp1252_rule() -> None:
    assert readers.certain_cp1252("Tom Becker,Café Müller GmbH,Straße 5,€ 12\n".encode("cp1252"))
    assert not readers.certain_cp1252("Café".encode() + "é".encode("cp1252"))
    assert not readers.certain_cp1252(b"x\x9d y")
    assert not readers.certain_cp1252(b"ok \x01\xe9")
    assert not readers.certain_cp1252(b"\xc0\xc1\xc2\xc3")


def test_mixed_file_through_the_pipeline_creates_no_garbled_client(empty_con) -> None:
    from moat.db import rows as db_rows
    from moat.governance.permissions import local_operator
    from moat.ingest import Options, ingest_bytes, quarantine
    from tests.ingest.ingest_fixtures import TODAY

    admin = local_operator("test")
    bad = "Ana Lima,Café ".encode() + "Müller GmbH,2026-10-06,1,Yes\n".encode("cp1252")
    report = ingest_bytes(empty_con, admin, MIX_HEADER.encode() + _mixed_rows() + bad, "mixed.csv", Options(today=TODAY))
    assert (report["rows_loaded"], report["rows_quarantined"]) == (5, 1)
    assert report["errors"][0]["row"] == 7 and report["errors"][0]["column"] == "(whole row)"
    assert "not valid UTF-8" in report["errors"][0]["reason"]
    assert db_rows(empty_con, "SELECT DISTINCT client_name FROM cur_time_entries") == [(CAFE,)]
    again = quarantine.retry(empty_con, admin, report["snapshot_id"])
    assert again.get("rows_loaded", 0) == 0
    names = {n for (n,) in db_rows(empty_con, "SELECT DISTINCT client_name FROM cur_time_entries")}
    assert names == {CAFE}
