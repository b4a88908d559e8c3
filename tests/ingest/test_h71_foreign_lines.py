"""Review h69 D1: the lines of one foreign-currency document are summed in the file's currency AND in the base
currency; the stored amount is never the first line's converted amount beside the sum of the originals.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def load_rates(db: Path, name: str) -> None:
    subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "rates", "load", str(FIX / name)], check=True,
                   capture_output=True, timeout=300)


def test_d1_freshbooks_cad_invoice_lines_converted_as_a_sum(tmp_path: Path) -> None:
    """FreshBooks Invoice Details, CAD at 0.73: 0000101 = (1500.00 + 250.00) x 0.73 = 1277.50 (was 1095.00, the first
    line's); the file without the draft 0000103 = (1750 + 1980 + 1200) x 0.73 = 3598.90."""
    db = tmp_path / "fb.duckdb"
    load_rates(db, "rates_cad.csv")
    rc, f = ingest_json(db, str(FIX / "freshbooks_invoice_details.csv"), "--mapping", str(FIX / "fb_map.yaml"))
    assert rc == 0 and f["rows_loaded"] == 4 and f["rows_skipped"] == 1
    assert f["totals"]["amount"] == "3598.90"
    got = rows(db, "select invoice_number, amount::double, original_amount::double, original_currency from cur_invoices "
                   "order by 1")
    assert got[0] == ("0000101", 1277.5, 1750.0, "CAD")


def test_d1_retry_after_the_rate_gives_the_same_sum(tmp_path: Path) -> None:
    """Loaded before the rate (every row waits), then `rates load` and `quarantine retry`: 0000101 is 1277.50 too."""
    db = tmp_path / "fbr.duckdb"
    rc, f = ingest_json(db, str(FIX / "freshbooks_invoice_details.csv"), "--mapping", str(FIX / "fb_map.yaml"))
    assert rc == 0 and f["rows_loaded"] == 0
    load_rates(db, "rates_cad.csv")
    subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "quarantine", "retry"], check=True,
                   capture_output=True, timeout=300)
    got = rows(db, "select amount::double from cur_invoices where invoice_number = '0000101'")
    assert got == [(1277.5,)]


def test_d1_generic_eur_invoice_lines(tmp_path: Path) -> None:
    """No mapping (header synonyms): G-1 = (1000 + 300) x 1.10 = 1430.00 (was 1100.00); total 1980.00."""
    db = tmp_path / "g.duckdb"
    load_rates(db, "rates_eur.csv")
    rc, f = ingest_json(db, str(FIX / "generic_inv_eur_lines.csv"))
    assert rc == 0 and f["source"] == "generic" and f["totals"]["amount"] == "1980.00"
    assert rows(db, "select amount::double from cur_invoices where invoice_number = 'G-1'") == [(1430.0,)]


def test_d1_eur_licence_lines_of_one_month(tmp_path: Path) -> None:
    """Two EUR lines of Acme's Business Premium in March (10 x 20.00 + 5 x 22.00 = 310.00 EUR) and Bright Law's E3
    (4 x 33.00 = 132.00 EUR), at 1.10: 442.00 x 1.10 = 486.20 (was 475.20: the first line's converted cost per seat
    for all 15 seats). A line without a price keeps no price (never 0.00)."""
    db = tmp_path / "l.duckdb"
    load_rates(db, "rates_eur.csv")
    rc, f = ingest_json(db, str(FIX / "licence_eur_lines.csv"))
    assert rc == 0 and f["totals"]["cost"] == "486.20"
    got = rows(db, "select seats_purchased, round(seats_purchased * unit_cost, 2)::double, unit_price from cur_licenses "
                   "where client_name = 'Acme Dental'")
    assert got == [(15, 341.0, None)]
