"""The reader's limits on hostile files: each refused early with a FileRejected that says what to do."""

from __future__ import annotations

import io
import zipfile

import pytest

from moat.errors import FileRejected
from moat.ingest import readers
from tests.hardening import hostile_corpus as hc


def _workbook(sheet_xml: bytes) -> bytes:
    members = hc._xlsx_members("")
    members["xl/worksheets/sheet1.xml"] = sheet_xml
    return hc._zip(members)


def test_csv_wider_than_the_limit_is_refused_and_the_limit_itself_is_read() -> None:
    at_limit = hc._csv(hc._rows(3, "W", notes="x" + ",y" * (readers.MAX_COLUMNS - 8)),
                       hc.HEADER + "".join(f",extra_{i}" for i in range(readers.MAX_COLUMNS - 8)))
    table = readers.read(at_limit, "w.csv")
    assert len(table.header) == readers.MAX_COLUMNS and table.rows.height == 3
    over = at_limit.replace(b"extra_0,", b"extra_0,one_more,", 1).replace(b",x,", b",x,z,")
    with pytest.raises(FileRejected, match=r"(?s)has 1,001 columns .*check the delimiter"):
        readers.read(over, "w.csv")


def test_one_enormous_line_is_refused_from_the_sample() -> None:
    with pytest.raises(FileRejected, match=r"has at least 32,769 columns"):
        readers.read(b"a," * 2_000_000, "line.csv")


def test_unclosed_quote_over_the_field_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FIELD_BYTES", 1000)
    data = ("entry_id,notes\nA-1,\"" + "x" * 5000 + "\n").encode("cp1252") + b"\xe9"  # not UTF-8: tolerant reader
    with pytest.raises(FileRejected, match="(?s)single field is longer.*unclosed quote"):
        readers.read(data, "q.csv")


def test_zip_bomb_refused_by_declared_size_and_by_ratio() -> None:
    head = (hc.SHEET_HEAD + hc.SHEET_OPEN + hc._inline_row(1, hc.HEADER.split(","))).encode()
    ratio_bomb = _workbook(head + b" " * (20 << 20) + hc.SHEET_CLOSE.encode())  # 20 MB of blanks: ~1000x
    with pytest.raises(FileRejected, match=r"(?s)sheet1\.xml inflates [\d,]+x .*zip bomb"):
        readers.read(ratio_bomb, "bomb.xlsx")
    sizes = zipfile.ZipFile(io.BytesIO(hc._zip_bomb())).infolist()
    assert sum(m.file_size for m in sizes) > readers.MAX_XLSX_INFLATED_BYTES
    with pytest.raises(FileRejected, match=r"unpacks to 1,024 MB, more than the 256 MB"):
        readers.read(hc._zip_bomb(), "bomb.xlsx")


def test_workbook_without_its_sheet_part_is_refused_not_asserted() -> None:
    members = {k: v for k, v in hc._xlsx_members("").items() if k != "xl/worksheets/sheet1.xml"}
    with pytest.raises(FileRejected, match=r"cannot read: save as \.xlsx or CSV \(damaged workbook"):
        readers.read(hc._zip(members), "missing.xlsx")


def test_workbook_cell_budget_and_width(monkeypatch: pytest.MonkeyPatch) -> None:
    table = hc._valid_table()  # 21 rows x 8 cells = 168 cells
    monkeypatch.setattr(readers, "MAX_XLSX_CELLS", 168)
    assert readers.read(hc._xlsx(table), "ok.xlsx").rows.height == 20
    monkeypatch.setattr(readers, "MAX_XLSX_CELLS", 167)
    with pytest.raises(FileRejected, match="(?s)more than 167 cells.*CSV"):
        readers.read(hc._xlsx(table), "big.xlsx")
    monkeypatch.setattr(readers, "MAX_COLUMNS", 5)
    with pytest.raises(FileRejected, match="has 8 columns"):
        readers.read(hc._xlsx(table), "wide.xlsx")
