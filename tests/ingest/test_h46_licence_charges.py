"""Review h41 D29, D14, D1, D7, D16: distributor charges that are refunds, one-time fees, annual terms or in another
currency load as the month's cost per seat, or wait in the quarantine naming what to do.

Files under tests/fixtures/h46 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on
disk; licence costs read back with `moat metrics profitability` (what the app shows)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h46"


def moat(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "moat", "--db", str(db), *args], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=300)


def ingest(db: Path, name: str, *extra: str) -> tuple[int, dict]:
    proc = moat(db, "ingest", str(FIX / name), "--json", "--no-confirm-new-names", *extra)
    return proc.returncode, json.loads(proc.stdout)["files"][0]


def licence_cost(db: Path, month: str) -> dict[str, float]:
    """Licence cost per client in a month of 2026, as `moat metrics profitability` reports it."""
    last = {"02": 28, "03": 31, "04": 30}[month]
    proc = moat(db, "metrics", "profitability", "--from", f"2026-{month}-01", "--to", f"2026-{month}-{last}", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return {r["client_name"]: round(r["license_cost"], 2) for r in json.loads(proc.stdout)}


def lines(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql("select client_name, product, seats_purchased, cast(unit_cost as double) from cur_licenses "
                       "order by 1, 2").fetchall()


def test_d29_nce_cancellation_refund_nets_out(tmp_path: Path) -> None:
    """The refund line (cancelImmediate, Subtotal -198.00) removes the 10 seats it refunds, whether its Quantity is
    written 10 (f76) or -10 (f76b): Acme's Business Premium is cancelled, only Bluewater's 10.80 is March's cost."""
    for name in ("f76_pc_nce_cancel.csv", "f76b_pc_nce_cancel_negqty.csv"):
        db = tmp_path / f"{name}.duckdb"
        rc, f = ingest(db, name)
        assert rc == 0 and f["rows_quarantined"] == 0, f
        assert f["row_rules"]["charges_cancelled_in_full"] == 2
        assert f["totals"]["seats_purchased"] == 3 and f["totals"]["cost"] == "10.80"
        assert lines(db) == [("Bluewater Legal", "Microsoft Teams Essentials", 3, 3.6)]
        assert licence_cost(db, "03") == {"Bluewater Legal": 10.8}


def test_d14_sherweb_setup_charge_is_no_seat(tmp_path: Path) -> None:
    """The one-time Setup charge (quantity 1, 0.00) adds no seat: Bluewater has 4 seats at 24.68 / 4 = 6.17."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "f46_sherweb_payable_charges.csv")
    assert rc == 0 and f["rows_quarantined"] == 0
    assert lines(db) == [("Acme Dental LLC", "Exchange Online (Plan 1)", 5, 3.6),
                         ("Acme Dental LLC", "Microsoft 365 Business Premium", 10, 19.8),
                         ("Bluewater Legal", "Microsoft 365 Business Standard", 4, 6.17)]
    assert licence_cost(db, "03") == {"Acme Dental LLC": 216.0, "Bluewater Legal": 24.68}


def test_d1_pax8_annual_term_is_spread_over_its_year(tmp_path: Path) -> None:
    """Exchange Online, term Annual 2026-03-01..2027-02-28, costTotal 432.00: 36.00 a month, not 432.00 in March."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "f07_pax8_api_invoiceitems.csv")
    assert rc == 0 and f["row_rules"]["charges_spread_over_period"] == 1
    assert licence_cost(db, "03") == {"Acme Dental LLC": 256.03, "Bluewater Legal": 67.5}  # 237.60 - 17.57 + 36.00
    assert licence_cost(db, "04") == {"Acme Dental LLC": 36.0}
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.sql("select start_date::varchar, end_date::varchar, seats_purchased, unit_cost::double from cur_licenses "
                       "where product like 'Exchange%'").fetchall() == [("2026-03-01", "2027-02-28", 10, 3.6)]


def test_d7_generic_annual_billing_frequency_is_per_month(tmp_path: Path) -> None:
    """Billing Frequency Annual: 43.20 a seat a YEAR = 3.60 a month; Acme March = 10 x 19.80 + 5 x 3.60 = 216.00 (same
    in April), never 414.00. A `Term` (commitment) column is not read as a billing frequency."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "f31_licences_annual_monthly.csv")
    assert rc == 0 and f["rows_loaded"] == 3
    assert licence_cost(db, "03") == {"Acme Dental": 216.0, "Bluewater Legal": 45.0}
    assert licence_cost(db, "04")["Acme Dental"] == 216.0
    assert any("'Billing Frequency'" in w and "divided by the cycle's months" in w for w in f["warnings"])
    assert "columns not used: Term" in f["warnings"]


def test_d7_annual_line_billed_in_one_month_becomes_a_year(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    rc, _ = ingest(db, "d7_licences_month_annual.csv")
    assert rc == 0
    assert licence_cost(db, "03") == {"Acme Dental": 216.0}
    assert licence_cost(db, "04") == {"Acme Dental": 18.0}  # the annual line runs on; the monthly line was March's


def test_d7_unknown_frequency_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert ingest(db, "f31_licences_annual_monthly.csv")[0] == 0
    before = lines(db)
    rc, f = ingest(db, "d7_licences_unknown_frequency.csv")
    assert rc == 2 and f["rejected"]
    assert "is billed 'Fortnightly': no cost per seat per month can be worked out" in f["errors"][0]["reason"]
    assert lines(db) == before


def test_d16_licence_currency_column_waits_for_its_rate_then_converts(tmp_path: Path) -> None:
    """CAD 26.40 x 10 at 0.73 = 192.72 USD; 16.50 x 5 at 0.73 = 60.225 -> 60.23. Without a CAD rate: quarantined."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest(db, "f49_licences_currency.csv")
    assert rc == 0 and f["rows_loaded"] == 0 and f["rows_quarantined"] == 2
    assert "no CAD rate for 2026-03" in f["errors"][0]["reason"] and "moat rates load" in f["errors"][0]["reason"]
    db2 = tmp_path / "r.duckdb"
    assert moat(db2, "rates", "load", str(FIX / "rates_cad.csv")).returncode == 0
    rc, f = ingest(db2, "f49_licences_currency.csv")
    assert rc == 0 and f["rows_loaded"] == 2
    assert licence_cost(db2, "03") == {"Acme Dental LLC": 192.72, "Bluewater Legal": 60.23}
    with duckdb.connect(str(db2), read_only=True) as con:
        assert con.sql("select original_currency, original_unit_cost::double from cur_licenses order by 1, 2").fetchall() == [
            ("CAD", 16.5), ("CAD", 26.4)]


def test_d16_pax8_currency_code_is_read(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert moat(db, "rates", "load", str(FIX / "rates_cad.csv")).returncode == 0
    rc, f = ingest(db, "f48_pax8_cad.csv")
    assert rc == 0 and f["rows_loaded"] == 2
    assert licence_cost(db, "03") == {"Acme Dental LLC": 173.45, "Bluewater Legal": 49.28}  # 237.60 x 0.73, 67.50 x 0.73


def test_d16_time_entry_in_another_currency_is_not_costed_as_usd(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    assert moat(db, "rates", "load", str(FIX / "rates_gbp.csv")).returncode == 0
    rc, f = ingest(db, "f51_time_currency_rates.csv")
    assert rc == 0 and f["rows_loaded"] == 0 and f["rows_quarantined"] == 1
    reason = f["errors"][0]["reason"]
    assert "amount in GBP" in reason and "give the cost and bill rates in the base currency" in reason
