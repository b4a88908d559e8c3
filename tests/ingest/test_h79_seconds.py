"""Review h74 D2: a duration in seconds is read as seconds (hours = seconds / 3600), and a heading that names seconds
mapped as minutes or hours is refused naming `seconds` (it loaded 60x / 3600x the hours with exit 0).

Files under tests/fixtures/h74 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.cli_runs import dump, ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h74"
BY_CLIENT = "select client_name, round(sum(hours), 2)::double from cur_time_entries group by 1 order by 1"


def test_seconds_heading_loads_without_a_mapping(tmp_path: Path) -> None:
    """`Duration (seconds)` 900 + 1200 + 600 = 0.75 h (Acme 0.42, Bright Law 0.33); was refused, its hint offering
    only hours or minutes."""
    db = tmp_path / "s.duckdb"
    rc, f = ingest_json(db, str(FIX / "time_duration_seconds.csv"))
    assert rc == 0 and f["rows_loaded"] == 3
    assert rows(db, BY_CLIENT) == [("Acme Dental", 0.42), ("Bright Law", 0.33)]
    assert any("`Duration (seconds)` is in seconds (its header says so): hours = seconds / 3600" in w for w in f["warnings"])


def test_zendesk_seconds_mapped_as_seconds(tmp_path: Path) -> None:
    """The Zendesk view with `Total time spent (sec)`: seconds (the field the reviewer reached for; was "not fields
    of time_entries"): 5400 + 9000 + 2700 s = 4.75 h, 4.00 billable."""
    db = tmp_path / "z.duckdb"
    rc, f = ingest_json(db, str(FIX / "zendesk_view_time_billable.csv"), "--mapping", str(FIX / "zendesk_map.yaml"))
    assert rc == 0
    assert f["totals"]["hours"] == "4.75" and f["totals"]["billable_hours"] == "4.00"


@pytest.mark.parametrize(("csv", "yaml", "col", "target", "times"), [
    ("zendesk_explore_time_sec.csv", "zendesk_explore_map.yaml", "Time spent last update (sec)", "minutes", "60"),
    ("time_duration_seconds.csv", "secs_as_minutes_map.yaml", "Duration (seconds)", "minutes", "60"),
    ("time_spent_secs_small.csv", "secs_as_hours_map.yaml", "Time Spent (secs)", "hours", "3600"),
    ("zendesk_view_time_billable.csv", "zendesk_map_hours.yaml", "Total time spent (sec)", "hours", "3600"),
])
def test_seconds_mapped_as_minutes_or_hours_is_refused(tmp_path: Path, csv: str, yaml: str, col: str, target: str,
                                                       times: str) -> None:
    """Was rc 0 with 45.00 h (x60) or 40.00 h (x3600) and a warning calling the seconds minutes; now refused, the
    database as it was, the hint naming `seconds`."""
    db = tmp_path / "r.duckdb"
    assert ingest_json(db, str(FIX / "time_duration_seconds.csv"))[0] == 0
    before = dump(db)
    rc, f = ingest_json(db, str(FIX / csv), "--mapping", str(FIX / yaml))
    reason = f["errors"][0]["reason"]
    assert rc == 2 and f["rows_loaded"] == 0
    assert f"`{col}` is mapped to {target}, but its header says it is in seconds" in reason and f"{times}x the hours" in reason
    assert f'{{"{col}": seconds}}' in reason
    assert dump(db) == before


def test_neutral_duration_hint_offers_seconds(tmp_path: Path) -> None:
    """A bare `Duration` of whole numbers is refused as before, and the hint now names seconds as well."""
    src = tmp_path / "t.csv"
    src.write_text("Date,Technician,Client,Billable,Duration\n2026-03-03,Ann Lee,Acme Dental,Yes,900\n"
                   "2026-03-10,Ben Ortiz,Bright Law,Yes,1200\n")
    rc, f = ingest_json(tmp_path / "n.duckdb", str(src))
    assert rc == 2 and "(sec)" in f["errors"][0]["reason"] and "(or seconds, hours)" in f["errors"][0]["reason"]
