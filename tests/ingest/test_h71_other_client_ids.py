"""Review h69 D23: an invoice number that comes back on another client's row with another amount is another
document (two entities numbering from 1001), never a correction that silently replaces the first client's invoice.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import dump, ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d23_second_entity_same_numbers_is_refused_then_loads_keyed_by_content(tmp_path: Path) -> None:
    """East 1001 Acme 500 + 1002 Bright Law 900, then West 1001 Cedar 700 + 1002 Delta 300 on the same dates: was
    exit 0 with Acme and Bright Law's revenue gone; now refused naming the pairs, nothing written; with the number
    ignored, four invoices: 2,400.00."""
    db = tmp_path / "e.duckdb"
    assert ingest_json(db, str(FIX / "inv_east.csv"))[0] == 0
    before = dump(db)
    rc, f = ingest_json(db, str(FIX / "inv_west_samedates.csv"))
    assert rc == 2
    reason = f["errors"][0]["reason"]
    assert "`1001` Acme Dental -> Cedar Veterinary Clinic" in reason and '{"Invoice Number": ignore}' in reason
    assert dump(db) == before
    rc, f = ingest_json(db, str(FIX / "inv_west_samedates.csv"), "--mapping", str(FIX / "inv_number_ignored_map.yaml"))
    assert rc == 0
    assert rows(db, "select count(*), sum(amount)::double from cur_invoices") == [(4, 2400.0)]


def test_d23_same_number_two_clients_in_one_file_says_so(tmp_path: Path) -> None:
    """Rows 4-5 repeat rows 2-3's numbers for other clients: held saying two documents share a number (was
    "duplicate of row 2"), never as duplicates."""
    db = tmp_path / "s.duckdb"
    rc, f = ingest_json(db, str(FIX / "same_number_two_clients.csv"))
    assert rc == 0 and f["rows_quarantined"] == 2
    assert all("for another client" in e["reason"] and "duplicate" not in e["reason"] for e in f["errors"])
    assert "1001 is also on row 2 for another client (Acme Dental)" in f["errors"][0]["reason"]


def test_d23_time_entry_ids_of_another_psa_are_refused(tmp_path: Path) -> None:
    """cw_time_api.csv (6 entries, 13.50 h), then a subcontractor's export whose Entry IDs 5001, 5002 are John Smith's
    Acme entries' ids (other technician, other client): was exit 0 with Acme's time gone; refused naming them; with the
    ids ignored 6 + 2 entries, 13.50 + 4.00 = 17.50 h."""
    db = tmp_path / "t.duckdb"
    assert ingest_json(db, str(FIX / "cw_time_api.csv"))[0] == 0
    before = dump(db)
    rc, f = ingest_json(db, str(FIX / "other_psa_same_ids.csv"))
    assert rc == 2 and "`5001` Acme Dental -> Delta Logistics" in f["errors"][0]["reason"]
    assert dump(db) == before
    rc, f = ingest_json(db, str(FIX / "other_psa_same_ids.csv"), "--mapping", str(FIX / "entry_id_ignored_map.yaml"))
    assert rc == 0
    assert rows(db, "select count(*), sum(hours)::double from cur_time_entries") == [(8, 17.5)]
