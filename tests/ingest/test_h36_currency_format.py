"""Review h34 D11: a workbook's amounts shown as € or £ only by the cell's number format are that currency.

Every test loads a real .xlsx from tests/fixtures/h36 (built by make_fixtures.py there) through `moat ingest --json`
into DuckDB on disk and checks the rows held back for a rate (as the CSV text "€1,000.00" is), or the converted
amounts once a rate is loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ingest.cli_runs import rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h36"


def moat(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "moat", "--db", str(db), *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)


def ingest(db: Path, *args: str) -> dict:
    proc = moat(db, "ingest", "--json", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["files"][0]


def test_euro_format_waits_for_a_rate(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = ingest(db, str(FIX / "d11_euro_format.xlsx"))
    assert f["rows_loaded"] == 0 and f["rows_quarantined"] == 2 and f["totals"]["amount"] == "0.00"
    assert [e["value"] for e in f["errors"]] == ["1000 EUR", "2000 EUR"]
    assert all("amount in EUR" in e["reason"] and "no EUR rate for 2026-04" in e["reason"]
               and "moat rates load" in e["reason"] for e in f["errors"])
    assert rows(db, "select count(*) from cur_invoices") == [(0,)]


def test_pound_and_iso_formats_are_their_currency(tmp_path: Path) -> None:
    for name, code in (("d11_pound_format.xlsx", "GBP"), ("d11_iso_format.xlsx", "CHF")):
        f = ingest(tmp_path / f"{code}.duckdb", str(FIX / name))
        assert f["rows_loaded"] == 0 and f["rows_quarantined"] == 2, name
        assert all(f"amount in {code}" in e["reason"] for e in f["errors"]), name


def test_euro_format_converted_with_a_rate(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert moat(db, "rates", "load", str(FIX / "d11_rates_eur.csv")).returncode == 0
    f = ingest(db, str(FIX / "d11_euro_format.xlsx"))
    assert f["rows_loaded"] == 2 and f["totals"]["amount"] == "3300.00"
    got = rows(db, "select client_name, amount, original_currency, original_amount from cur_invoices order by 1")
    assert [(c, float(a), o, float(oa)) for c, a, o, oa in got] == [
        ("Harbor Logistics", 2200.0, "EUR", 2000.0), ("Summit Capital", 1100.0, "EUR", 1000.0)]


def test_dollar_format_is_still_the_base_currency(tmp_path: Path) -> None:
    f = ingest(tmp_path / "m.duckdb", str(FIX / "d11_dollar_format.xlsx"))
    assert f["rows_loaded"] == 2 and f["rows_quarantined"] == 0 and f["totals"]["amount"] == "3000.00"


def test_licence_cost_in_euro_format_waits_for_a_rate(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = ingest(db, str(FIX / "d11_lic_euro_format.xlsx"))
    assert f["rows_loaded"] == 0 and f["rows_quarantined"] == 1
    assert f["errors"][0]["value"] == "33 EUR" and "unit_cost: amount in EUR" in f["errors"][0]["reason"]
