"""CSV/Excel table exports: formula escaping, numbers kept numeric, Excel formats, permission, policy, audit."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moat import cells, db
from moat.errors import PermissionDenied
from moat.export.tables import MONEY_FORMAT, PERCENT_FORMAT, csv_bytes, export_table, file_name, xlsx_bytes
from moat.governance import audit, policies
from moat.governance.permissions import User

ADMIN, ANALYST, VIEWER = User("ada", "admin"), User("ann", "analyst"), User("vic", "viewer")
DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def sample() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "client_name": DANGEROUS + ["Plain & Co"],
            "revenue": [Decimal("-1234.565"), Decimal("10"), Decimal("0.005"), None, Decimal("-0.01"), Decimal("5"), Decimal("7.1")],
            "gross_margin": [-0.25, 0.5, None, 0.1, 0.0, 1.0, -1.5],
            "hours": [Decimal("-1.5"), Decimal("2"), Decimal("3.25"), Decimal("0"), Decimal("1"), Decimal("1"), Decimal("1")],
            "value_text": ["-12.50", "+3", "1e3", "-x", "=1", "ok", None],
            "day": [date(2026, 1, d) for d in range(1, 8)],
        },
        schema_overrides={"revenue": pl.Decimal(18, 4), "hours": pl.Decimal(9, 4)},
    )


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_text_is_prefixed(text: str) -> None:
    assert cells.escape(text) == "'" + text


@pytest.mark.parametrize("value", [-5, -1.25, Decimal("-3.50"), 0, True, None, date(2026, 1, 1)])
def test_non_text_values_are_untouched(value: object) -> None:
    assert cells.escape(value) is value


@pytest.mark.parametrize("text", ["-12.50", "+3", "1e3", "-0.5e-2", ".5"])
def test_number_literals_stay_numbers(text: str) -> None:
    assert cells.escape(text) == text


@given(st.text(min_size=1, max_size=30))
def test_no_escaped_cell_can_start_a_formula(text: str) -> None:
    out = cells.escape(text)
    assert not out.startswith(cells.TRIGGERS) or cells.is_number_literal(out)
    assert out in (text, "'" + text)


def test_csv_escapes_text_and_keeps_numbers() -> None:
    rows = list(csv.reader(io.StringIO(csv_bytes(sample()).decode("utf-8"))))
    assert rows[0] == ["client_name", "revenue", "gross_margin", "hours", "value_text", "day"]
    body = rows[1:]
    assert [r[0] for r in body] == ["'" + t for t in DANGEROUS] + ["Plain & Co"]
    # money rounded half-up to cents; negative numbers are plain numbers, never prefixed text
    assert [r[1] for r in body] == ["-1234.57", "10.00", "0.01", "", "-0.01", "5.00", "7.10"]
    assert [r[2] for r in body] == ["-0.25", "0.5", "", "0.1", "0.0", "1.0", "-1.5"]
    assert [r[3] for r in body] == ["-1.5", "2", "3.25", "0", "1", "1", "1"]
    assert [r[4] for r in body] == ["-12.50", "+3", "1e3", "'-x", "'=1", "ok", ""]
    assert body[0][5] == "2026-01-01"


def test_csv_reads_back_as_numbers_with_duckdb(tmp_path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes(sample()))
    con = db.connect(":memory:", migrate=False)
    df = db.frame(con, "SELECT revenue, gross_margin, client_name FROM read_csv(?, header = true)", [str(path)])
    assert df.schema["revenue"] == pl.Float64 and df.schema["gross_margin"] == pl.Float64
    assert df["revenue"][0] == -1234.57
    assert df["client_name"][0] == "'" + DANGEROUS[0]


def test_xlsx_formats_header_filter_and_escaping() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(sample(), sheet="profit/loss")))
    ws = wb.active
    assert ws.title == "profit_loss"
    assert [c.value for c in ws[1]] == ["client_name", "revenue", "gross_margin", "hours", "value_text", "day"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:F8"
    names = [ws.cell(row=r, column=1) for r in range(2, 9)]
    # XML reads a carriage return back as a newline; what matters is the prefix
    assert [c.value for c in names] == ["'" + t.replace("\r", "\n") for t in DANGEROUS] + ["Plain & Co"]
    assert all(c.data_type == "s" for c in names)  # nothing became a formula
    revenue = ws.cell(row=2, column=2)
    assert revenue.data_type == "n" and revenue.value == -1234.57 and revenue.number_format == MONEY_FORMAT
    margin = ws.cell(row=2, column=3)
    assert margin.data_type == "n" and margin.value == -0.25 and margin.number_format == PERCENT_FORMAT
    assert ws.cell(row=2, column=4).value == -1.5 and ws.cell(row=2, column=4).data_type == "n"
    assert ws.cell(row=5, column=2).value is None
    assert ws.cell(row=2, column=6).value.date() == date(2026, 1, 1)
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_file_name_is_safe() -> None:
    assert file_name("../etc/pass wd", "csv") == "etc_pass_wd.csv"
    assert file_name("", "xlsx") == "export.xlsx"


def last_audit(con: db.Connection) -> tuple:
    return db.one(con, "SELECT user_name, role, action, object, CAST(details AS VARCHAR) FROM audit_log ORDER BY seq DESC LIMIT 1")


def test_export_table_is_audited(empty_con) -> None:
    data = export_table(empty_con, ADMIN, sample(), "profitability", "csv", client_level=True)
    assert data == csv_bytes(sample())
    user, role, action, obj, details = last_audit(empty_con)
    assert (user, role, action, obj) == ("ada", "admin", "export", "table:profitability")
    details = json.loads(details)
    assert details["rows"] == 7 and details["client_level"] is True and details["format"] == "csv"
    assert audit.verify(empty_con).ok


def test_client_level_exports_need_permission_and_policy(empty_con) -> None:
    before = db.scalar(empty_con, "SELECT count(*) FROM audit_log")
    with pytest.raises(PermissionDenied):
        export_table(empty_con, VIEWER, sample(), "profitability", "xlsx", client_level=True)
    assert db.scalar(empty_con, "SELECT count(*) FROM audit_log") == before  # refusals export nothing
    # the default policy leaves it to the permission table: analysts hold export_client_level
    assert not policies.get(empty_con).client_export_admin_only
    assert export_table(empty_con, ANALYST, sample(), "profitability", "xlsx", client_level=True)[:2] == b"PK"
    # company totals: every role may export
    assert export_table(empty_con, VIEWER, sample().select("revenue"), "totals", "csv", client_level=False)
    # switched on, per-client exports are for admins only
    policies.set_value(empty_con, ADMIN, "client_export_admin_only", True)
    before = db.scalar(empty_con, "SELECT count(*) FROM audit_log")
    with pytest.raises(PermissionDenied):
        export_table(empty_con, ANALYST, sample(), "profitability", "csv", client_level=True)
    with pytest.raises(PermissionDenied):
        export_table(empty_con, VIEWER, sample(), "profitability", "csv", client_level=True)
    assert db.scalar(empty_con, "SELECT count(*) FROM audit_log") == before
    assert export_table(empty_con, ADMIN, sample(), "profitability", "csv", client_level=True) == csv_bytes(sample())
