"""Review h60 F17, F7, F6, F20, F5: a column's unit, period or vocabulary is read from its header and values, and
a file whose unit cannot be decided is refused naming the column and the fix (never loaded with a guessed unit).

Files under tests/fixtures/h63 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h63"


def ingest(db: Path, name: str, *extra: str) -> tuple[int, dict]:
    return ingest_json(db, str(FIX / name), *extra)


def tables_empty(db: Path) -> bool:
    """Nothing of the refused file was written (no technicians, no snapshot)."""
    if not db.exists():
        return True
    return rows(db, "select count(*) from cur_technicians")[0][0] == 0


def test_f17_monthly_salary_is_not_divided_as_a_year(tmp_path: Path) -> None:
    """`Salary` 4,200 / 5,100 a month: read as a year it was 2.02 / 2.45 an hour. Refused naming the column and the
    mapping; with `Salary: monthly_cost` it loads 4,200 x 12 / 2,080 = 24.23 and 5,100 x 12 / 2,080 = 29.42."""
    db = tmp_path / "s.duckdb"
    rc, f = ingest(db, "staff_salary_monthly.csv")
    assert rc == 2 and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "`Salary`" in reason and "2.02 an hour" in reason and '{"Salary": monthly_cost}' in reason
    assert tables_empty(db)
    rc, f = ingest(db, "staff_salary_monthly.csv", "--mapping", str(FIX / "salary_monthly_map.yaml"))
    assert rc == 0 and f["rows_loaded"] == 2
    got = rows(db, "select technician_name, round(hourly_cost, 2)::double from cur_technicians order by 1")
    assert got == [("Ann Lee", 24.23), ("Bob Ortiz", 29.42)]


def test_f7_capacity_per_day_or_month_is_read_in_its_unit(tmp_path: Path) -> None:
    """Bob works 6 h a day = 30 h a week (the 40 h default overstated his hours by a third); 120 h a month x 12 / 52
    = 27.69 h a week, Ann's 160 h a month = 36.92 h a week."""
    for name, want in (("staff_daily.csv", [40.0, 30.0]), ("staff_hours_per_day.csv", [40.0, 30.0]),
                       ("staff_monthly_cap.csv", [36.92, 27.69])):
        db = tmp_path / f"{name}.duckdb"
        rc, f = ingest(db, name)
        assert rc == 0 and f["rows_loaded"] == 2, name
        assert not any("columns not used" in w for w in f["warnings"]), name
        got = rows(db, "select weekly_capacity_hours::double from cur_technicians order by technician_name")
        assert [g[0] for g in got] == want, name


def test_f6_annual_billing_in_the_description_spreads_over_the_year(tmp_path: Path) -> None:
    """Pax8 `Exchange Online (Plan 1) - Annual Commitment / Annual Billing - NCE`, 12 seats at 36.00 (a year) was
    booked as 36.00 a seat in March alone; it is 3.00 cost / 4.00 price a seat a month over 2026-03..2027-02. The
    `Annual Commitment / Monthly Billing` lines stay monthly: Acme 10 + 2 seats at 19.80 = 237.60 in March."""
    db = tmp_path / "p.duckdb"
    rc, f = ingest(db, "pax8_annual.csv")
    assert rc == 0 and f["rows_loaded"] == 4 and f["source"] == "pax8_billing"
    assert f["totals"]["cost"] == "306.00"  # 237.60 + 12 x 3.00 + 12 x 2.70
    got = rows(db, "select product, month, start_date::varchar, end_date::varchar, seats_purchased, unit_cost::double, "
                   "unit_price::double from cur_licenses order by client_name, product")
    assert got == [("Microsoft 365 Business Premium", __import__("datetime").date(2026, 3, 1), None, None, 12, 19.8, 22.0),
                   ("Exchange Online (Plan 1)", None, "2026-03-01", "2027-02-28", 12, 3.0, 4.0),
                   ("Microsoft Defender for Business", __import__("datetime").date(2026, 3, 1), None, None, 12, 2.7, 3.0)]


def test_f6_billing_frequency_is_read_from_wording_about_billing_only() -> None:
    from moat.ingest.described_billing import months_billed

    assert months_billed("Exchange Online (Plan 1) - Annual Commitment / Annual Billing - NCE") == 12
    assert months_billed("Microsoft 365 Business Premium - Annual Commitment / Monthly Billing - NCE") == 1
    assert months_billed("Microsoft 365 E3 (Annual commitment, billed annually)") == 12
    assert months_billed("Microsoft 365 E3 - Annual Commitment") is None
    assert months_billed("Defender for Business") is None


def test_f20_currency_names_are_read_as_codes(tmp_path: Path) -> None:
    """`US Dollar` is the base currency (100.00 loads); `Euro`, `British Pound - GBP` and `€` wait for EUR / GBP
    rates named by code. With rates EUR 1.10 (keyed `Euro` in the rates file) and GBP 1.25, the retry loads
    1,200.00 x 1.10 = 1,320.00, 850.00 x 1.25 = 1,062.50 and 100.00 x 1.10 = 110.00: 2,592.50 in all."""
    db = tmp_path / "c.duckdb"
    rc, f = ingest(db, "inv_currency_names.csv")
    assert rc == 0 and f["rows_loaded"] == 1 and f["rows_quarantined"] == 3
    assert f["totals"]["amount"] == "100.00"
    reasons = [e["reason"] for e in f["errors"]]
    assert [r.split(" but ")[0] for r in reasons] == ["currency: amount in EUR", "currency: amount in GBP", "currency: amount in EUR"]
    assert not any("DOLLAR" in r or "EURO" in r for r in reasons)
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "rates", "load", str(FIX / "rates_eur_gbp.csv")],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([sys.executable, "-m", "moat", "--db", str(db), "quarantine", "retry"],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert rows(db, "select sum(amount)::double from cur_invoices") == [(2592.5,)]


def test_f20_codes_from_names() -> None:
    import polars as pl

    from moat.ingest.currency_names import codes

    cells = ["US Dollar", "euro", "British Pound - GBP", "GBP - Pound Sterling", "Euro (EUR)", "€", "usd", "Dollar", None]
    got = pl.DataFrame({"c": cells}).select(codes(pl.col("c")))["c"].to_list()
    assert got == ["USD", "EUR", "GBP", "GBP", "EUR", "EUR", "USD", "DOLLAR", None]


def test_f5_billing_period_of_frequencies_is_no_month(tmp_path: Path) -> None:
    """`Billing Period` Yearly / Monthly beside Start Date / End Date: every row was held "month: not a date". It is
    the billing frequency: M365 BP 264.00 a year = 22.00 cost, 300.00 / 12 = 25.00 price a seat a month over
    2026-03..2027-02; Defender 3.00 x 10 monthly. March cost 10 x 22.00 + 10 x 3.00 = 250.00."""
    db = tmp_path / "l.duckdb"
    rc, f = ingest(db, "lic_billing_period.csv")
    assert rc == 0 and f["rows_loaded"] == 2 and f["rows_quarantined"] == 0
    assert f["totals"]["cost"] == "250.00"
    got = rows(db, "select product, start_date::varchar, end_date::varchar, unit_cost::double, unit_price::double "
                   "from cur_licenses order by product")
    assert got == [("Defender for Business", "2026-03-01", None, 3.0, 3.5),
                   ("Microsoft 365 Business Premium", "2026-03-01", "2027-02-28", 22.0, 25.0)]


def test_f5_frequency_column_and_no_date_is_refused_naming_it(tmp_path: Path) -> None:
    db = tmp_path / "l.duckdb"
    rc, f = ingest(db, "lic_billing_period_no_dates.csv")
    assert rc == 2 and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "`Billing Period` holds billing frequencies (Monthly, Yearly), not dates" in reason
    assert "Start Date" in reason
