"""Review h69 D5: `1.850` in a comma-separated file that shows no decimal mark (an es-ES Google Sheets download of a
`#.##0` column) is 1,850, never 1.85; where the file cannot tell, it is refused naming both readings.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import dump, ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"
MAP = str(FIX / "es_gs_map.yaml")


def test_d5_thousands_dot_beside_whole_amounts(tmp_path: Path) -> None:
    """1.850 + 2.400 + 675 + 12.500 = 1,850 + 2,400 + 675 + 12,500 = 17,425.00 (was 691.75, exit 0, no warning)."""
    db = tmp_path / "gs.duckdb"
    rc, f = ingest_json(db, str(FIX / "gsheets_es_no_decimals.csv"), "--mapping", MAP)
    assert rc == 0 and f["rows_loaded"] == 4 and f["totals"]["amount"] == "17425.00"
    assert any("thousands separator" in w and "'Importe'" in w for w in f["warnings"])
    got = rows(db, "select invoice_number, amount::double from cur_invoices order by 1")
    assert got == [("F-101", 1850.0), ("F-102", 2400.0), ("F-103", 675.0), ("F-104", 12500.0)]


def test_d5_grouped_amounts_alone_are_refused(tmp_path: Path) -> None:
    """Every amount `d.ddd` and nothing else: 1,850 or 1.85? Refused naming the column, a value, both readings and
    the fix; nothing written. The same amounts exported with decimals (`"1.850,00"`) load: 16,750.00."""
    db = tmp_path / "g.duckdb"
    rc, f = ingest_json(db, str(FIX / "gsheets_es_with_decimals.csv"), "--mapping", MAP)
    assert rc == 0 and f["totals"]["amount"] == "16750.00"
    before = dump(db)
    rc, f = ingest_json(db, str(FIX / "gsheets_es_all_grouped.csv"), "--mapping", MAP)
    assert rc == 2 and f["rows_loaded"] == 0
    reason = f["errors"][0]["reason"]
    assert "'Importe'" in reason and "1.850" in reason and "1,850" in reason and "1.85 " in reason
    assert "decimals shown" in reason
    assert dump(db) == before
