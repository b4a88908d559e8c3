"""Value formats (review h28 D13, ...): durations as Excel time cells, "01:30:00", "1h 30m", "PT1H30M"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h33"


def ingest(db: Path, *args: str) -> tuple[int, dict, str]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, (json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}), proc.stderr


def hours_by_client(db: Path) -> dict[str, float]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select client_name, sum(hours) from cur_time_entries where is_current group by 1").fetchall()
    return {name: round(float(h), 4) for name, h in rows}


def test_d13_excel_duration_cells(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, err = ingest(db, str(FIX / "durations.xlsx"))
    assert rc == 0, err
    f = out["files"][0]
    assert f["rows_quarantined"] == 0 and f["totals"]["hours"] == "14.58"  # 1:30 + 0:45 + 2:15 + [h]:mm 10:05
    assert hours_by_client(db) == {"Acme Corp": 14.5833}


def test_d13_duration_text_forms(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, err = ingest(db, str(FIX / "durations.csv"))
    assert rc == 0, err
    f = out["files"][0]
    assert f["rows_quarantined"] == 0
    assert f["totals"] == {"hours": "5.25", "billable_hours": "3.75", "entries": 4}
    assert hours_by_client(db) == {"Acme Corp": 3.0, "Beta Dental": 2.25}


def test_d38_excel_locale_swapped_dates_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, err = ingest(db, str(FIX / "excel_locale_swapped.xlsx"))
    assert rc == 2
    reason = out["files"][0]["errors"][0]["reason"] if out else err
    assert ("column 'Date' of sheet 'Invoices' mixes dates kept as text that only read day-first (13/01/2026, row 2) "
            "with date cells (2026-05-02, row 3)") in reason
    assert "--dayfirst" in reason
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.sql("select count(*) from invoices").fetchall() == [(0,)]


def test_d9_dates_proving_both_orders_are_refused_naming_rows(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, out, err = ingest(db, str(FIX / "mixed_order.csv"))
    assert rc == 2
    reason = out["files"][0]["errors"][0]["reason"] if out else err
    assert ("dates contradict each other: 13/03/2026 (row 2) only reads day-first, 03/13/2026 (row 4) only "
            "month-first, so 03/04/2026 (row 3)") in reason
    assert "--dayfirst or --monthfirst" in reason
    rc, out, err = ingest(db, "--dayfirst", str(FIX / "mixed_order.csv"))  # the person settles it: 03/04 = 3 April
    assert rc == 0, err
    f = out["files"][0]
    assert (f["rows_loaded"], f["rows_quarantined"], f["totals"]["amount"]) == (2, 1, "300.00")


def test_d21_amount_and_date_forms(tmp_path: Path) -> None:
    """'1 234,56', U+2212 minus, '100.00 CR', '1.000,50' beside plain '100.00'; 20260302, a long date, 'Mar-26'."""
    db = tmp_path / "m.duckdb"
    rc, out, err = ingest(db, str(FIX / "amounts_dates.csv"))
    assert rc == 0, err
    f = out["files"][0]
    assert (f["rows_loaded"], f["rows_quarantined"], f["totals"]["amount"]) == (5, 0, "2135.06")
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select invoice_number, date::varchar, amount::double from cur_invoices where is_current order by 1").fetchall()
    assert rows == [("A1", "2026-03-02", 1234.56), ("A2", "2026-03-02", -100.0), ("A3", "2026-03-01", -100.0),
                    ("A4", "2026-03-10", 100.0), ("A5", "2026-03-11", 1000.5)]
