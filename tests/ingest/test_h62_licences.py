"""Review h60 F18 (a second distributor's licence line for the same client, product and month silently replaced the
first purchase), F23 (last month's proration on this month's Pax8 invoice merged as 2 extra seats) and F12 (a
part-month licence charge counted as loaded but worth 0.00 in every period). Real files from tests/fixtures/h62
(README.md there: provenance and hand totals) through `moat ingest --json` and `moat metrics` into DuckDB on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h62"


def moat(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "moat", "--db", str(db), *args], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=300)


def ingest(db: Path, *args: str) -> tuple[int, dict]:
    proc = moat(db, "ingest", "--json", "--no-confirm-new-names", *args)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql).fetchall()


def licence_cost(db: Path, lo: str, hi: str) -> dict[str, float]:
    proc = moat(db, "metrics", "profitability", "--from", lo, "--to", hi, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    rows = data["rows"] if isinstance(data, dict) else data
    return {r["client_name"]: round(float(r["license_cost"]), 2) for r in rows}


def test_second_distributor_line_is_refused_and_first_purchase_kept(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "lic_pax8_mar.csv"))[0] == 0
    before = query(db, "select snapshot_id, status from snapshots order by 1") + query(db, "select * from licenses order by all")
    rc, f = ingest(db, str(FIX / "lic_ingram_mar.csv"))
    assert rc == 2
    reason = f["errors"][0]["reason"]
    assert "another billing source" in reason and "lic_pax8_mar.csv" in reason and "Pax8" in reason
    assert "10 seats, 198.00" in reason and "--replace-range" in reason
    after = query(db, "select snapshot_id, status from snapshots order by 1") + query(db, "select * from licenses order by all")
    assert after == before
    assert query(db, "select seats_purchased, unit_cost::double from cur_licenses") == [(10, 19.8)]


def test_same_source_reexport_still_replaces(tmp_path: Path) -> None:
    """The same distributor's corrected export stays a correction (no refusal)."""
    db = tmp_path / "m.duckdb"
    assert ingest(db, str(FIX / "lic_pax8_mar.csv"))[0] == 0
    fixed = tmp_path / "lic_pax8_mar_corrected.csv"
    fixed.write_text((FIX / "lic_pax8_mar.csv").read_text().replace(",10,19.80,22.00,198.00,220.00", ",11,19.80,22.00,217.80,242.00"))
    rc, _ = ingest(db, str(fixed))
    assert rc == 0
    assert query(db, "select seats_purchased from cur_licenses") == [(11,)]


def test_last_months_proration_is_not_this_months_seats(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "pax8_apr_with_prorate.csv"))
    assert rc == 0
    assert (f["rows_read"], f["rows_loaded"], f["rows_quarantined"]) == (2, 1, 1)
    assert f["totals"]["seats_purchased"] == 12 and f["totals"]["cost"] == "237.60"
    assert "2026-03-16..2026-03-31 billed with the 2026-04 line" in f["errors"][0]["reason"]
    assert query(db, "select month, seats_purchased, unit_cost::double from cur_licenses") == [(date(2026, 4, 1), 12, 19.8)]


def test_part_month_charge_counts_in_its_month(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "tdsynnex_streamone_billing.csv"), "--mapping", str(FIX / "tdsynnex_map.yaml"))
    assert rc == 0
    assert (f["rows_read"], f["rows_loaded"], f["rows_skipped"], f["rows_quarantined"]) == (4, 2, 1, 1)
    assert f["totals"]["cost"] == "261.64" and f["totals"]["seats_purchased"] == 24
    assert any("part of one month" in w for w in f["warnings"])
    # the report's totals are what the metrics see: 198.00 + 20.44 for Acme Dental, 43.20 for Harbor Logistics
    assert licence_cost(db, "2026-03-01", "2026-03-31") == {"Acme Dental": 218.44, "Harbor Logistics": 43.2}


def test_part_month_charge_alone_is_held_saying_why(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, str(FIX / "tdsynnex_prorated_only.csv"), "--mapping", str(FIX / "tdsynnex_map.yaml"))
    assert rc == 0
    assert (f["rows_loaded"], f["rows_quarantined"]) == (0, 1)
    assert "part of a month (2026-03-16..2026-03-31)" in f["errors"][0]["reason"]
    assert query(db, "select count(*) from cur_licenses") == [(0,)]
