"""Review h74 D4: a weekly timesheet grid (a row per person/client/week, a column of hours per day, a Total) loads as
one time entry per day worked, each on its own date, so a week crossing a month end splits between the months; it is
never read as invoices, and a grid whose days cannot be dated (or trusted) is refused naming the shape and the fix.

Files under tests/fixtures/h74 (README.md there: provenance and hand totals) and tests/fixtures/h87 (README.md)
through `moat ingest --json` into DuckDB on disk. Before h87 every grid was refused ("export one row per day")."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.ingest.cli_runs import dump, ingest_json, rows

H74 = Path(__file__).resolve().parents[1] / "fixtures" / "h74"
H87 = Path(__file__).resolve().parents[1] / "fixtures" / "h87"


def by_month(db: Path) -> dict[str, Decimal]:
    return {m: Decimal(h) for m, h in rows(db, "SELECT strftime(date, '%Y-%m'), sum(hours) FROM cur_time_entries GROUP BY 1")}


def entries(db: Path) -> list[tuple[str, str, str, Decimal, bool]]:
    return [(t, c, d.isoformat(), Decimal(h), b) for t, c, d, h, b in rows(
        db, "SELECT technician_name, client_name, date, hours, billable FROM cur_time_entries ORDER BY date, technician_name")]


WEEK_OF_30_MARCH = [("Ann Lee", "Acme Dental", "2026-03-30", Decimal(1), True),
                    ("Ben Ortiz", "Bright Law", "2026-03-30", Decimal(4), True),
                    ("Ann Lee", "Acme Dental", "2026-03-31", Decimal(2), True),
                    ("Ben Ortiz", "Bright Law", "2026-03-31", Decimal(4), True),
                    ("Ann Lee", "Acme Dental", "2026-04-01", Decimal(3), True),
                    ("Ann Lee", "Acme Dental", "2026-04-02", Decimal(1), True)]


@pytest.mark.parametrize("name", ["weekly_grid_dated.csv", "weekly_grid_weekdays.csv"])
def test_grid_loads_one_entry_per_day_on_its_own_date(tmp_path: Path, name: str) -> None:
    """Dated headings (2026-03-30 .. 2026-04-03) or Mon..Sun with `Week Commencing` 30/03/2026: Ann's 7 h split
    3 in March / 4 in April, Ben's 8 h in March; `Total` is not read; nothing is revenue."""
    db = tmp_path / "g.duckdb"
    rc, f = ingest_json(db, str(H74 / name))
    assert rc == 0, f["errors"]
    assert (f["dataset"], f["source"]) == ("time_entries", "weekly_grid")
    assert (f["rows_read"], f["rows_loaded"], f["rows_quarantined"], f["rows_skipped"]) == (2, 2, 0, 0)
    assert entries(db) == WEEK_OF_30_MARCH
    assert by_month(db) == {"2026-03": Decimal(11), "2026-04": Decimal(4)}
    assert rows(db, "SELECT count(*) FROM cur_invoices") == [(0,)]
    assert any("weekly time grid" in w for w in f["warnings"])


def test_servicenow_time_card_is_refused_for_billable_then_loads_split_by_month(tmp_path: Path) -> None:
    """ServiceNow `time_card` (Week starts on, User, Monday..Sunday, Total, State): no column says whether the hours
    are billable, so it is refused naming the mapping (never offered as invoices), nothing written; with that
    mapping (`constants: {billable: "yes"}`) it loads: March 14.50 h, April 4.00 h (the review's hand totals)."""
    db = tmp_path / "s.duckdb"
    assert ingest_json(db, str(H74 / "inv_parentheses.csv"))[0] == 0
    before, revenue = dump(db), rows(db, "SELECT sum(amount) FROM cur_invoices")
    rc, f = ingest_json(db, str(H74 / "servicenow_time_card.csv"))
    reason = f["errors"][0]["reason"]
    assert rc == 2 and f["rows_loaded"] == 0
    assert "weekly time grid" in reason and "whether its hours are billable" in reason and "constants: {billable:" in reason
    assert "--dataset invoices" not in reason and "amount" not in reason
    assert dump(db) == before

    rc, f = ingest_json(db, str(H74 / "servicenow_time_card.csv"), "--mapping", str(H87 / "servicenow_billable_map.yaml"))
    assert rc == 0, f["errors"]
    assert (f["source"], f["rows_read"], f["rows_loaded"]) == ("weekly_grid", 3, 3)
    assert by_month(db) == {"2026-03": Decimal("14.50"), "2026-04": Decimal("4.00")}
    techs = {t: Decimal(h) for t, h in rows(db, "SELECT technician_name, sum(hours) FROM cur_time_entries GROUP BY 1")}
    assert techs == {"Ann Lee": Decimal("10.50"), "Ben Ortiz": Decimal(8)}  # `User` is the person on a time card
    assert rows(db, "SELECT count(*) FROM cur_time_entries WHERE date = '2026-03-23'") == [(1,)]  # Ann's Monday 2 h
    assert rows(db, "SELECT sum(amount) FROM cur_invoices") == revenue  # the hours added no revenue


def test_invoices_mapping_for_a_grid_is_refused(tmp_path: Path) -> None:
    """The old hint followed (`--mapping servicenow_hint_map.yaml`: invoices, `Week starts on` -> date) loaded 18.50
    of revenue: refused naming the hours, the database exactly as it was."""
    db = tmp_path / "h.duckdb"
    assert ingest_json(db, str(H74 / "inv_parentheses.csv"))[0] == 0
    before = dump(db)
    rc, f = ingest_json(db, str(H74 / "servicenow_time_card.csv"), "--mapping", str(H74 / "servicenow_hint_map.yaml"))
    reason = f["errors"][0]["reason"]
    assert rc == 2 and "cells are hours worked, never invoices" in reason and "load it as time entries" in reason
    assert dump(db) == before


def test_week_ending_dates_each_weekday_back_from_the_end(tmp_path: Path) -> None:
    """`Week Ending` 2026-04-03 (a Friday) with Sat..Fri columns: Mon 30 Mar .. Thu 2 Apr; Ben's No is not billable."""
    db = tmp_path / "e.duckdb"
    rc, f = ingest_json(db, str(H87 / "weekly_grid_week_ending.csv"))
    assert rc == 0 and f["source"] == "weekly_grid"
    assert by_month(db) == {"2026-03": Decimal(11), "2026-04": Decimal(4)}
    assert rows(db, "SELECT min(date)::VARCHAR, max(date)::VARCHAR FROM cur_time_entries") == [("2026-03-30", "2026-04-02")]
    assert rows(db, "SELECT sum(hours) FROM cur_time_entries WHERE billable") == [(Decimal("7.0000"),)]


def test_weekdays_without_the_weeks_date_are_refused_naming_the_shape_and_fix(tmp_path: Path) -> None:
    db = tmp_path / "n.duckdb"
    rc, f = ingest_json(db, str(H87 / "weekly_grid_no_week.csv"))
    reason = f["errors"][0]["reason"]
    assert rc == 2 and f["rows_loaded"] == 0
    assert "weekly time grid" in reason and "no column for the week's date" in reason and "`Week Starting`" in reason
    assert "invoices" not in reason.split("Hint:")[-1]


def test_a_total_that_is_not_the_sum_of_the_days_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    assert ingest_json(db, str(H74 / "weekly_grid_dated.csv"))[0] == 0
    before = dump(db)
    rc, f = ingest_json(db, str(H87 / "weekly_grid_bad_total.csv"))
    reason = f["errors"][0]["reason"]
    assert rc == 2 and "`Total` (12) is not the sum of its day columns (8) at row 3" in reason
    assert dump(db) == before


def test_a_week_date_that_reads_both_ways_is_asked_not_guessed(tmp_path: Path) -> None:
    """`02/03/2026` and `09/03/2026`: 2 March or 3 February. Refused asking for the order; with --dayfirst the
    weeks of 2 and 9 March (Ann 3.5 h, Ben 8 h, all in March)."""
    db = tmp_path / "a.duckdb"
    rc, f = ingest_json(db, str(H87 / "weekly_grid_ambiguous_week.csv"))
    assert rc == 2 and "cannot tell the date order" in f["errors"][0]["reason"] and "`Week Starting`" in f["errors"][0]["reason"]
    rc, f = ingest_json(db, str(H87 / "weekly_grid_ambiguous_week.csv"), "--dayfirst")
    assert rc == 0 and f["source"] == "weekly_grid"
    assert by_month(db) == {"2026-03": Decimal("11.5")}
    assert rows(db, "SELECT min(date)::VARCHAR, max(date)::VARCHAR FROM cur_time_entries") == [("2026-03-02", "2026-03-10")]


def test_a_grids_billable_column_holding_hours_is_refused(tmp_path: Path) -> None:
    """`Non-billable` 0.75 beside the day columns is a number of hours, never the flag of every day's entry."""
    path = tmp_path / "grid_nonbillable_hours.csv"
    path.write_text("Week Starting,Technician,Client,Non-billable,Mon,Tue,Wed,Thu,Fri,Total\n"
                    "2026-03-30,Ann Lee,Acme Dental,0.75,1,2,3,1,0,7\n", encoding="utf-8")
    rc, f = ingest_json(tmp_path / "f.duckdb", str(path))
    assert rc == 2 and f["rows_loaded"] == 0
    assert "`Non-billable` is read as the non-billable flag, but it holds numbers of hours (0.75)" in f["errors"][0]["reason"]
