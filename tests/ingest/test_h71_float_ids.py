"""Review h69 D17, D18: ids written as floats by pandas / Power Query (`5001.0`) are the integer ids: a re-load of
the same entries or invoices replaces them (never adds them again), and Autotask ids match their lookups.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d18_cw_entries_reloaded_with_float_ids_are_not_added(tmp_path: Path) -> None:
    """cw_time_api.csv (13.50 h) then the same 6 entries with `id` 5001.0 ...: still 6 entries, 13.50 h (was 27.00)."""
    db = tmp_path / "c.duckdb"
    assert ingest_json(db, str(FIX / "cw_time_api.csv"))[0] == 0
    rc, f = ingest_json(db, str(FIX / "cw_time_api_pandas_ids.csv"))
    assert rc == 0
    assert rows(db, "select count(*), sum(hours)::double from cur_time_entries") == [(6, 13.5)]


def test_d18_invoice_numbers_as_floats_are_the_same_invoices(tmp_path: Path) -> None:
    """inv_num.csv (100..103, 4,000.00) then the same rows numbered `100.0` ...: 4,000.00 (was 8,000.00)."""
    db = tmp_path / "i.duckdb"
    assert ingest_json(db, str(FIX / "inv_num.csv"))[0] == 0
    rc, f = ingest_json(db, str(FIX / "inv_num_float.csv"))
    assert rc == 0 and any("ids written as floats" in w for w in f["warnings"])
    assert rows(db, "select count(*), sum(amount)::double, min(invoice_number) from cur_invoices") == [(4, 4000.0, "100")]


def test_d17_autotask_float_ids_match_the_lookups(tmp_path: Path) -> None:
    """resourceID 29682885.0, ticketID 7001.0 with the integer-id lookups: 4 entries, 5.25 h (the project row held as
    for the integer file), never "not in the Resources lookup"."""
    db = tmp_path / "a.duckdb"
    rc, f = ingest_json(db, str(FIX / "at_TimeEntries_floatids.csv"), *[a for n in ("at_Resources.csv", "at_Tickets.csv",
                                                                                   "at_Companies.csv") for a in ("--lookup", str(FIX / n))])
    assert rc == 0 and f["rows_loaded"] == 4 and f["totals"]["hours"] == "5.25"
    assert not any("lookup" in e["reason"] and "is not in" in e["reason"] for e in f["errors"])
