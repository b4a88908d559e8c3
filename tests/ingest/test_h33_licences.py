"""Distributor billing lines (review h28 D24, D7, D19, D20): distinct products, credits, prorated additions and
yearly charges give the licence cost a person works out by hand from the vendor's file.

The files are in tests/fixtures/h33 (their sources and hand totals in its README); each is loaded through
`moat ingest --json` into DuckDB on disk, and the cost is read back per client and month with `moat metrics profitability` (license_cost)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h33"


def moat(db: Path, *args: str) -> tuple[int, dict]:
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), *args],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    return proc.returncode, (json.loads(proc.stdout) if proc.stdout.strip()[:1] in "{[" else {"stderr": proc.stderr})


def load(db: Path, name: str) -> dict:
    rc, out = moat(db, "ingest", "--json", str(FIX / name))
    assert rc == 0, out
    return out["files"][0]


def lines(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql("select client_name, product, month, start_date, end_date, seats_purchased, unit_cost::double "
                       "from cur_licenses order by 1, 2").fetchall()


def cost(db: Path, start: str, end: str) -> dict[str, float]:
    rc, out = moat(db, "metrics", "profitability", "--from", start, "--to", end, "--format", "json")
    assert rc == 0, out
    return {r["client_name"]: float(r["license_cost"]) for r in out if float(r["license_cost"])}


def test_d24_pax8_products_with_dashes_stay_distinct(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = load(db, "pax8_dash.csv")
    assert f["rows_loaded"] == 3 and f["rows_quarantined"] == 0
    assert f["totals"]["cost"] == "353.60" and f["totals"]["seats_purchased"] == 9
    assert [(r[1], r[5], r[6]) for r in lines(db)] == [
        ("Dynamics 365 Business Central - Essentials", 3, 56.0),
        ("Dynamics 365 Business Central - Premium", 2, 80.0),
        ("Dynamics 365 Business Central - Team Members", 4, 6.4),
    ]


def test_d7_pax8_credit_and_prorated_addition_are_merged(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = load(db, "pax8.csv")
    assert f["rows_quarantined"] == 0 and f["row_rules"]["charges_merged"] == 2
    assert f["totals"]["cost"] == "171.70"
    got = {(r[0], r[1]): (r[5], round(r[5] * r[6], 2)) for r in lines(db)}
    assert got == {("Acme Corp", "Microsoft 365 Business Premium"): (8, 149.60),
                   ("Beta Dental", "Exchange Online (Plan 1)"): (8, 22.10)}


def test_d19_partner_center_yearly_billing_is_spread_and_credit_counted(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = load(db, "pc_recon.csv")
    assert f["rows_quarantined"] == 0
    assert f["row_rules"] == {"charges_spread_over_period": 1, "charges_merged": 1}
    by = {(r[0], r[1]): r for r in lines(db)}
    beta = by[("Beta Dental", "Microsoft 365 Business Standard")]
    assert (str(beta[3]), str(beta[4]), beta[5], beta[6]) == ("2026-03-15", "2027-03-14", 5, 12.5)
    exchange = by[("Acme Corp", "Exchange Online (Plan 1)")]
    assert (exchange[5], exchange[6]) == (4, 4.0)
    # March: Acme 220.00 + 24.00 - 8.00; Beta's first billed month is April (its period starts 15 March)
    assert cost(db, "2026-03-01", "2026-03-31") == {"Acme Corp": 236.0}
    assert cost(db, "2026-04-01", "2026-04-30") == {"Beta Dental": 62.5}
    assert cost(db, "2026-04-01", "2027-03-31")["Beta Dental"] == 750.0  # the year's price, once


def test_d20_sherweb_yearly_charge_is_spread_over_its_year(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = load(db, "sherweb.csv")
    assert f["row_rules"]["charges_spread_over_period"] == 1
    beta = next(r for r in lines(db) if r[0] == "Beta Dental")
    assert (beta[2], str(beta[3]), str(beta[4]), beta[5], beta[6]) == (None, "2026-03-01", "2027-02-28", 5, 11.25)
    assert cost(db, "2026-03-01", "2026-03-31") == {"Acme Corp": 198.0, "Beta Dental": 56.25}
    assert cost(db, "2026-04-01", "2026-04-30") == {"Beta Dental": 56.25}
    assert cost(db, "2026-03-01", "2027-02-28")["Beta Dental"] == 675.0


def test_d20_ingram_annual_prepaid_is_spread_over_its_year(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    f = load(db, "ingram.csv")
    assert f["row_rules"]["charges_spread_over_period"] == 1
    assert cost(db, "2026-03-01", "2026-03-31") == {"Acme Corp": 198.0, "Beta Dental": 56.25}
    assert cost(db, "2026-03-01", "2027-02-28")["Beta Dental"] == 675.0


def seats(db: Path) -> dict[str, tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("select product, seats_purchased, seats_assigned, seats_active from cur_licenses where is_current").fetchall()
    return {r[0]: r[1:] for r in rows}


def test_d34_m365_active_users_with_sku_part_numbers(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    load(db, "pax8_sku.csv")
    rc, out = moat(db, "ingest", "--json", "--client", "Acme Corp", str(FIX / "m365_active_users_sku.csv"))
    assert rc == 0, out
    assert out["files"][0]["row_rules"]["products_matched"] == 4
    # O365_BUSINESS_PREMIUM is Business *Standard* (Microsoft's licensing table), SPB is Business Premium
    assert seats(db) == {"Microsoft 365 Business Standard": (5, 2, None), "Microsoft 365 Business Premium": (3, 1, None),
                         "Exchange Online (Plan 1)": (2, 1, None), "Microsoft 365 Business Basic": (2, 1, None)}


def test_d8_usage_report_without_refresh_date_counts_no_activity(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    load(db, "pax8_acme.csv")
    rc, out = moat(db, "ingest", "--json", "--client", "Acme Corp", str(FIX / "m365_norefresh.csv"))
    assert rc == 0, out
    f = out["files"][0]
    assert any(w.startswith("the report's Report Refresh Date is missing or unreadable") for w in f["warnings"])
    assert seats(db)["Microsoft 365 Business Premium"] == (10, 3, None)  # 3 assigned; active unknown, not 3


def test_d8_refresh_date_behind_a_bom_on_every_line_is_read(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    load(db, "pax8_acme.csv")
    rc, out = moat(db, "ingest", "--json", "--client", "Acme Corp", str(FIX / "m365_bom_each_line.csv"))
    assert rc == 0, out
    assert seats(db)["Microsoft 365 Business Premium"] == (10, 3, 2)  # B's last activity is 85 days before 2026-03-28
