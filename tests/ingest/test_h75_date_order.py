"""Review h69 D34: an Ingram Micro billing export whose start dates all read either way (03/01/2026) was refused saying
"every day and month is 12 or less" while the file held 03/16 and 03/31: the month's end date, read only to measure the
charge, and a mid-month addition merged into its line were not looked at. The file's other dates now settle the order
(with a warning naming the date that did); a file whose dates prove both orders is refused naming one of each; a file
no date of which settles it is refused saying so truly.

Files under tests/fixtures/h75 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk.
"""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import dump, ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h75"


def test_d34_the_files_other_dates_settle_month_first(tmp_path: Path) -> None:
    """Harbor 10 x 11.25 = 112.50 + the 03/16..03/31 addition 11.61 = 124.11 (12 seats); Summit 5 x 21.12 = 105.60."""
    db = tmp_path / "i.duckdb"
    rc, f = ingest_json(db, str(FIX / "ingram_billing_mdy_partly_ambiguous.csv"))
    assert rc == 0 and f["source"] == "ingram_billing" and f["date_order"] == "mdy", f
    assert f["rows_loaded"] == 3 and f["totals"]["cost"] == "229.71"
    said = [w for w in f["warnings"] if "read either way" in w]
    assert said and "03/31/2026 (`RESELLER_DETAIL_END_DATE`, row 2) reads only month-first" in said[0], f["warnings"]
    assert rows(db, "SELECT client_name, month::VARCHAR, seats_purchased, (seats_purchased * unit_cost)::DECIMAL(18,2)::VARCHAR "
                    "FROM cur_licenses ORDER BY 1") == [("Harbor Logistics", "2026-03-01", 12, "124.11"),
                                                        ("Summit Capital", "2026-03-01", 5, "105.60")]


def test_d34_dates_proving_both_orders_are_refused_naming_one_of_each(tmp_path: Path) -> None:
    db = tmp_path / "i.duckdb"
    ingest_json(db, str(FIX / "ingram_billing_mdy_partly_ambiguous.csv"))
    before = dump(db)
    rc, f = ingest_json(db, str(FIX / "ingram_billing_orders_disagree.csv"))
    reason = f["errors"][0]["reason"]
    assert rc == 2 and f["rejected"], f
    assert "31/03/2026 (row 2) only reads day-first, 03/31/2026 (row 3) only month-first" in reason
    assert "12 or less" not in reason
    assert dump(db) == before


def test_d34_no_date_settling_the_order_is_refused_truly(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    rc, f = ingest_json(db, str(FIX / "time_all_ambiguous.csv"))
    reason = f["errors"][0]["reason"]
    assert rc == 2 and "no date in `Date` has a day above 12 (e.g. 03/04/2026 at row 2)" in reason and "--dayfirst" in reason
    rc, f = ingest_json(db, str(FIX / "time_all_ambiguous.csv"), "--dayfirst")
    assert rc == 0 and rows(db, "SELECT date::VARCHAR FROM cur_time_entries ORDER BY 1") == [("2026-04-03",), ("2026-06-05",)]
