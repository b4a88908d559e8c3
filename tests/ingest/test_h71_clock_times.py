"""Review h69 D2: a column of clock times (`Start Time` 09:00 beside `End Time`) is never offered as hours in a
refusal's hint: the hint names the duration column (`Regular Hours`), and following it loads the right hours.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d2_hint_names_the_duration_not_the_start_time(tmp_path: Path) -> None:
    """Kaseya BMS time log without `Hours`: refused naming `Regular Hours` (was `Start Time`, which followed loaded
    09:00 + 13:00 + 10:00 + 08:00 = 40 h); the hint's mapping loads 1.50 + 3.00 + 0.75 + 4.00 = 9.25 h."""
    db = tmp_path / "k.duckdb"
    rc, f = ingest_json(db, str(FIX / "kaseya_bms_time.csv"))
    assert rc == 2
    reason = f["errors"][0]["reason"]
    assert '"Regular Hours": hours' in reason and "Start Time" not in reason
    rc, f = ingest_json(db, str(FIX / "kaseya_bms_time.csv"), "--mapping", str(FIX / "kaseya_right_map.yaml"))
    assert rc == 0 and f["totals"]["hours"] == "9.25"
    assert rows(db, "select sum(hours)::double from cur_time_entries") == [(9.25,)]


def test_d2_mapped_partly_billable_entry_is_split(tmp_path: Path) -> None:
    """With the mapping, `Billable Hours` below `Regular Hours` splits the entry as the declared sources do: billable
    1.50 + 2.00 + 0 + 4.00 = 7.50 h (was 8.50: Bright Law's 3.00 h with 2.00 billed counted billable whole). Rows read
    stay the file's 4; the split is in `row_rules`."""
    db = tmp_path / "k.duckdb"
    rc, f = ingest_json(db, str(FIX / "kaseya_bms_time.csv"), "--mapping", str(FIX / "kaseya_right_map.yaml"))
    assert rc == 0 and f["rows_read"] == 4 and f["rows_loaded"] == 4
    assert f["totals"] == {"hours": "9.25", "billable_hours": "7.50", "entries": 5}
    assert f["row_rules"]["partly_billable_split"] == 1
    got = rows(db, "select hours::double, billable from cur_time_entries where client_name = 'Bright Law LLP' "
                   "and date = '2026-03-03' order by billable")
    assert got == [(1.0, False), (2.0, True)]
