"""Review h41 D23 (Excel for Mac "CSV (Macintosh)" read as cp1252) and D27 (`--dayfirst` for a batch overriding a
file whose own dates prove month-first).

Real files from tests/fixtures/h47 (README.md there: provenance and hand totals) through `moat ingest --json` into
DuckDB on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h47"


def ingest_all(db: Path, *args: str) -> tuple[int, list[dict]]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "ingest", "--json", "--no-confirm-new-names",
                           *args], capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, json.loads(proc.stdout)["files"]


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    rc, files = ingest_all(db, *args)
    return rc, files[0]


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


# --- D23 -------------------------------------------------------------------------------------------------------------


def test_mac_roman_csv_is_read_as_mac_roman(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f63_mac_roman.csv"))
    assert rc == 0 and f["encoding"] == "mac-roman" and f["rows_loaded"] == 3
    assert sorted(f["new_clients"]) == ["Café Müller", "Zürich Dental AG", "École Sainte-Anne"]
    got = {c: float(a) for c, a in query(db, "select client_name, sum(amount) from invoices where is_current group by 1")}
    assert got == {"Café Müller": 100.0, "École Sainte-Anne": 200.0, "Zürich Dental AG": 300.0}


def test_mac_roman_names_match_the_known_clients(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "f63_clients_utf8.csv"))[0] == 0
    rc, f = ingest(db, str(FIX / "f63_mac_roman.csv"))
    assert rc == 0 and f["rows_loaded"] == 3 and f["rows_quarantined"] == 0 and f["new_clients"] == []
    assert query(db, "select count(*) from aliases") == [(0,)]


def test_cp1252_with_accents_and_curly_apostrophe_stays_cp1252(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d23_cp1252_crlf.csv"))
    assert rc == 0 and f["encoding"] == "cp1252"
    assert sorted(f["new_clients"]) == ["Müller GmbH", "O’Brien Accounting"]


# --- D27 -------------------------------------------------------------------------------------------------------------


def test_dayfirst_for_a_batch_refuses_a_file_whose_dates_prove_month_first(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, files = ingest_all(db, str(FIX / "f72a_us_dates.csv"), str(FIX / "f72b_uk_dates.csv"), "--dayfirst")
    assert rc == 2
    us, uk = files
    assert us["rejected"] is True and us["rows_loaded"] == 0
    reason = us["errors"][0]["reason"]
    assert "its dates prove month-first order, contradicting --dayfirst: 03/13/2026 (row 2) reads only month-first" in reason
    assert "without --dayfirst" in reason and "--monthfirst" in reason
    assert uk["rows_loaded"] == 2 and uk["date_order"] == "dmy"
    got = query(db, "select date, hours from time_entries where is_current order by date")
    assert [(str(d), float(h)) for d, h in got] == [("2026-03-02", 1.0), ("2026-03-09", 1.0)]


def test_the_us_file_alone_loads_in_march(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f72a_us_dates.csv"))
    assert rc == 0 and f["date_order"] == "mdy" and f["rows_loaded"] == 3
    got = query(db, "select client_name, sum(hours) from time_entries where is_current and month(date) = 3 group by 1")
    assert {c: float(h) for c, h in got} == {"Acme Dental": 2.0, "Bluewater Legal": 2.0}


def test_dayfirst_still_settles_dates_that_prove_both_orders(tmp_path: Path) -> None:
    """A file with 13/03 and 03/13 is what the flag is for: it settles it (the other rows wait in the quarantine)."""
    db = tmp_path / "m.duckdb"
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("Date,Technician,Client,Hours,Billable\n13/03/2026,Ann Lee,Acme Dental,1.0,Yes\n"
                     "03/13/2026,Ann Lee,Acme Dental,2.0,Yes\n")
    rc, f = ingest(db, str(mixed), "--dayfirst")
    assert rc == 0 and f["date_order"] == "dmy" and f["rows_loaded"] == 1 and f["rows_quarantined"] == 1


# --- D18 -------------------------------------------------------------------------------------------------------------


def test_utc_timestamps_are_warned_about_naming_the_month_move(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f53_cw_time_api_utc.csv"))
    assert rc == 0 and f["rows_loaded"] == 3
    said = next(w for w in f["warnings"] if w.startswith("`timeStart` holds UTC timestamps (3 entries)"))
    assert "1 of them fall between 00:00 and 08:00 UTC (e.g. row 3)" in said
    assert "1 on the first of a month (row 3)" in said


def test_local_timestamps_are_not_warned_about(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    local = tmp_path / "local.csv"
    local.write_text((FIX / "f53_cw_time_api_utc.csv").read_text().replace(":00Z", ":00"))
    rc, f = ingest(db, str(local))
    assert rc == 0 and not any("UTC" in w for w in f["warnings"])


# --- D26 -------------------------------------------------------------------------------------------------------------


def test_mmm_nn_dates_spread_over_decades_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f69_dates_mmm_yy.csv"))
    assert rc == 2 and f["rejected"] is True and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "('Mar-02' at row 2 ... 'Mar-26' at row 4) read as months of 2002..2026" in reason
    assert "days of a month with no year" in reason and "yyyy-mm-dd" in reason
    if db.exists():
        assert query(db, "select count(*) from invoices") == [(0,)]


def test_day_month_without_a_year_is_refused_saying_so(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "f68_dates_d_mmm.csv"))
    assert rc == 2 and f["rows_quarantined"] == 0
    assert "the dates in `Date` have no year ('2-Mar' at row 2, 3 of 3 rows)" in f["errors"][0]["reason"]


def test_mmm_yy_months_of_adjacent_years_still_load(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "d26_licences_mmm_yy.csv"))
    assert rc == 0 and f["rows_loaded"] == 3
    months = [str(m) for (m,) in query(db, "select month from licenses where is_current order by month")]
    assert months == ["2025-12-01", "2026-01-01", "2026-02-01"]
