"""Review h69 D4: a licence charge whose own period (start..end) spans several months, in a mapped or header-synonym
file, is never taken as a month's cost: divided by the months it pays for where the file says so (a description's
`Annual Billing`, a `Billing Frequency` column), refused naming the row and the fix where it says nothing.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.ingest.cli_runs import dump, ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def load_rates(db: Path, name: str) -> None:
    subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "rates", "load", str(FIX / name)], check=True,
                   capture_output=True, timeout=300)


def test_d4_giacom_annual_billing_is_spread_over_its_year(tmp_path: Path) -> None:
    """Giacom billing mapped by hand, GBP 1.27: Bright Law's E3 `Annual Commitment - Annual Billing`, 8,790.00 GBP for
    2026-03-01..2027-02-28, is 8,790.00 / 12 = 732.50 GBP = 930.28 USD a month (was 11,163.30 every month: 12x);
    29.30 GBP = 37.211 USD a seat a month. The monthly lines stay as they were (Exclaimer 25 x 1.10 GBP)."""
    db = tmp_path / "g.duckdb"
    load_rates(db, "rates_gbp.csv")
    rc, f = ingest_json(db, str(FIX / "giacom_billing.csv"), "--mapping", str(FIX / "giacom_map.yaml"))
    assert rc == 0
    assert any("Annual Billing" in w and "'Net'" in w for w in f["warnings"])
    got = rows(db, "select product, start_date::varchar, end_date::varchar, seats_purchased, "
                   "round(seats_purchased * unit_cost, 2)::double, original_unit_cost::double from cur_licenses "
                   "where client_name = 'Bright Law LLP' order by product")
    assert got == [("Exclaimer Cloud Signatures", "2026-03-01", "2026-03-31", 25, 34.93, 1.1),
                   ("Microsoft 365 E3 (Annual Commitment - Annual Billing)", "2026-03-01", "2027-02-28", 25, 930.28, 29.3)]


def test_d4_credit_line_nets_into_the_line_it_credits(tmp_path: Path) -> None:
    """Cedar Vets' Exchange Online credit `-3, -9.90` beside `10, 33.00` (same product and period): 7 seats,
    (33.00 - 9.90) x 1.27 = 29.34 USD (was: 10 seats 41.91, the credit held as "unit_cost is required but empty").
    Rows read 6 = loaded 5 (the credit counted with its line) + skipped 1 (the part-month charge summed)."""
    db = tmp_path / "g.duckdb"
    load_rates(db, "rates_gbp.csv")
    rc, f = ingest_json(db, str(FIX / "giacom_billing.csv"), "--mapping", str(FIX / "giacom_map.yaml"))
    assert rc == 0 and f["errors"] == [] and f["row_rules"]["credits_netted"] == 1
    assert (f["rows_read"], f["rows_loaded"], f["rows_quarantined"], f["rows_skipped"]) == (6, 5, 0, 1)
    got = rows(db, "select seats_purchased, round(seats_purchased * unit_cost, 2)::double from cur_licenses "
                   "where client_name = 'Cedar Vets'")
    assert got == [(7, 29.34)]


def test_d4_generic_charge_over_a_year_saying_nothing_is_refused(tmp_path: Path) -> None:
    """`Unit Cost` 432.00 / `Total Cost` 10,800.00 for 2026-03-01..2027-02-28 and nothing saying per month or per
    year: was loaded as 10,800.00 every month (E3 is 36.00 a seat a month: 432 is the year's). Refused naming the row,
    the period and the `Billing Frequency` fix; nothing written. The same file mapped by hand is refused the same way."""
    db = tmp_path / "a.duckdb"
    rc, f = ingest_json(db, str(FIX / "licence_annual_generic.csv"))
    assert rc == 2 and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "row 2 (Bright Law LLP, Microsoft 365 E3)" in reason and "2026-03-01..2027-02-28" in reason
    assert "12 months" in reason and "'Billing Frequency'" in reason
    before = dump(db) if db.exists() else None
    rc, f = ingest_json(db, str(FIX / "licence_annual_generic.csv"), "--mapping", str(FIX / "licence_generic_map.yaml"))
    assert rc == 2 and "'Total Cost' 10800.00" in f["errors"][0]["reason"]
    assert (dump(db) if db.exists() else None) == before
    if db.exists():
        assert rows(db, "select count(*) from cur_licenses") == [(0,)]


def test_d4_billing_frequency_settles_it_either_way(tmp_path: Path) -> None:
    """Following the hint: `Annual` -> 10,800 / 12 = 900.00 a month (36.00 a seat) over the year, Acme 150.00:
    1,050.00; `Monthly` (a year's term billed monthly: 36.00 a seat, 900.00) -> the same cost, not divided. With a
    mapping (the column is not mapped) the same."""
    for name, *mapped in (("licence_annual_frequency.csv",), ("licence_term_monthly_frequency.csv",),
                          ("licence_annual_frequency.csv", "--mapping", str(FIX / "licence_generic_map.yaml")),
                          ("licence_term_monthly_frequency.csv", "--mapping", str(FIX / "licence_generic_map.yaml"))):
        db = tmp_path / f"{name}{len(mapped)}.duckdb"
        rc, f = ingest_json(db, str(FIX / name), *mapped)
        assert rc == 0 and f["totals"]["cost"] == "1050.00", name
        got = rows(db, "select unit_cost::double, end_date::varchar from cur_licenses where client_name = 'Bright Law LLP'")
        assert got == [(36.0, "2027-02-28")], name


def test_d31_subscription_from_mid_month_is_warned_and_a_term_list_loads(tmp_path: Path) -> None:
    """Lines from 2026-03-10 (open-ended 20 x 12.50; Backup 25.00 to 2026-06-30): a per-seat cost over a term with no
    row total is a subscription list, loaded per month (never refused as a charge over 4 months); the load warns
    that March, whose first day the lines do not cover, carries none of them (was silent)."""
    db = tmp_path / "m.duckdb"
    rc, f = ingest_json(db, str(FIX / "lic_open_midmonth.csv"))
    assert rc == 0 and f["rows_loaded"] == 2
    assert any("2 subscription line(s) start after the 1st" in w and "2026-03 carries none" in w for w in f["warnings"])
    assert rows(db, "select unit_cost::double from cur_licenses order by 1") == [(12.5,), (25.0,)]
