"""Review h74 D6: Indian (lakh) digit grouping `1,25,000.00` is 125,000.00 (was quarantined "not an amount", revenue
short by it with exit 0); a column that mixes it with the western grouping is refused, never guessed.

Files under tests/fixtures/h74 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from moat.ingest import values
from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h74"


def test_lakh_grouping_loads_every_amount(tmp_path: Path) -> None:
    """Acme 18,500 + 24,000; Bright Law 1,25,000.00; Cedar -2,000: 165,500.00 (was 40,500.00, Bright Law held)."""
    db = tmp_path / "l.duckdb"
    rc, f = ingest_json(db, str(FIX / "inv_en_in_lakh.csv"))
    assert rc == 0 and f["rows_loaded"] == 4 and f["totals"]["amount"] == "165500.00"
    assert rows(db, "select client_name, sum(amount)::double from cur_invoices group by 1 order by 1") == [
        ("Acme Dental", 42500.0), ("Bright Law", 125000.0), ("Cedar Vets", -2000.0)]
    assert any("Indian digit grouping (1,25,000.00 is 125000.00)" in w for w in f["warnings"])


def test_cells_read_by_the_grouping() -> None:
    got = values.money(pl.Series(["1,25,000.00", "12,34,567.50", "-2,000.00", "1,234,567.00", "1,2,3", "12,34,56"]))
    assert [None if v is None else float(v) for v in got] == [125000.0, 1234567.5, -2000.0, 1234567.0, None, None]


def test_both_groupings_in_one_column_are_refused(tmp_path: Path) -> None:
    src = tmp_path / "inv.csv"
    src.write_text('Invoice Number,Customer,Invoice Date,Net Amount,Status\nINV-1,Acme Dental,2026-03-02,"1,25,000.00",Paid\n'
                   'INV-2,Bright Law,2026-03-03,"1,234,567.00",Paid\n')
    rc, f = ingest_json(tmp_path / "m.duckdb", str(src))
    assert rc == 2 and "two digit groupings: 1,25,000.00 (Indian" in f["errors"][0]["reason"]
