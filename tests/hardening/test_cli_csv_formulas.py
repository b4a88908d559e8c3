"""Issue 18, point 6: every CSV the CLI writes makes formulas inert (one place: moat.cells), numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from moat import db
from moat.cells import escape, escape_text
from tests.governance.gov_util import run_cli

HOSTILE = {
    "C-ASCII": "=cmd|' /C calc'!A0",
    "C-WIDE": "\uff1dHYPERLINK(\"http://host/x\",\"Sign in again\")",
    "C-AT": "@SUM(1+1)*cmd|' /C calc'!A0",
    "C-TAB": "\t=1+1",
    "C-SPACE": "  +1+cmd|' /C calc'!A0",
}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def unsafe_cells(text: str) -> list[str]:
    """Cells a spreadsheet would evaluate: starting (after spaces) like a formula, and not a plain number."""
    out = []
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            stripped = cell.lstrip(" \u3000")
            if stripped.startswith(DANGEROUS):
                try:
                    float(stripped)
                except ValueError:
                    out.append(cell)
    return out


def test_the_one_escaping_rule() -> None:
    assert escape_text("=1+1") == "'=1+1"
    assert escape_text("\uff20SUM(A1)") == "'\uff20SUM(A1)"
    assert escape_text(" -2+3") == "' -2+3"
    assert escape_text("-1234.50") == "-1234.50" and escape(-3.5) == -3.5 and escape(-7) == -7
    assert escape_text("Acme - Dental") == "Acme - Dental"


@pytest.fixture
def hostile(demo_path: Path, app_env, tmp_path: Path) -> Path:
    app_env(demo_path)
    con = db.connect(demo_path)
    keys = [r[0] for r in db.rows(con, "SELECT client_key FROM cur_clients ORDER BY client_key LIMIT ?", [len(HOSTILE)])]
    for key, name in zip(keys, HOSTILE.values(), strict=True):  # names as a hostile client export would carry them
        for table in ("clients", "invoices", "time_entries", "licenses", "costs"):
            con.execute(f"UPDATE {table} SET client_name = ? WHERE client_key = ?", [name, key])
    con.close()
    return demo_path


def test_metrics_and_insights_csv_escape_text_and_keep_negative_numbers(hostile: Path) -> None:
    out = run_cli("metrics", "profitability", "--from", "2026-08-01", "--to", "2026-10-31", "--format", "csv")
    assert out.returncode == 0, out.stderr
    assert unsafe_cells(out.stdout) == []
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    names = {r["client_name"] for r in rows}
    assert "'=cmd|' /C calc'!A0" in names and "'\uff1dHYPERLINK(\"http://host/x\",\"Sign in again\")" in names
    assert any(float(r["gross_profit"]) < 0 for r in rows if r["gross_profit"])  # a loss is still a number
    insights = run_cli("insights", "--from", "2026-08-01", "--to", "2026-10-31", "--format", "csv")
    assert insights.returncode == 0, insights.stderr
    assert unsafe_cells(insights.stdout) == []
    assert any(r["entity"].startswith("'") for r in csv.DictReader(io.StringIO(insights.stdout)))


def test_quarantine_export_escapes_the_rejected_values(demo_path: Path, app_env, tmp_path: Path) -> None:
    app_env(demo_path)
    source = tmp_path / "invoices.csv"
    source.write_text("invoice_number,client_name,date,amount,status\n"
                      "INV-9001,Harbor Logistics,2026-10-02,=HYPERLINK(\"http://host/x\"),paid\n"
                      "INV-9002,Harbor Logistics,2026-10-03,-250.00,paid\n"
                      "INV-9003,@SUM(1+1),not-a-date,100,paid\n", encoding="utf-8")
    loaded = run_cli("ingest", str(source), "--dataset", "invoices", "--json")
    assert loaded.returncode == 0, loaded.stderr
    listed = run_cli("quarantine", "list", "--format", "csv")
    exported = run_cli("quarantine", "export")
    for out in (listed, exported):
        assert out.returncode == 0, out.stderr
        assert "=HYPERLINK" in out.stdout  # the row is there, made inert
        assert unsafe_cells(out.stdout) == []
