"""Review h74 D4: a weekly time card (a column of hours per day) is refused naming the export that loads, never
offered as invoices (following that hint loaded 18.50 hours as 18.50 of revenue with exit 0).

Files under tests/fixtures/h74 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.cli_runs import dump, ingest_json

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h74"


@pytest.mark.parametrize(("name", "first_day"), [("servicenow_time_card.csv", "`Monday`")])
def test_weekly_grid_is_refused_without_an_invoices_hint(tmp_path: Path, name: str, first_day: str) -> None:
    """h87: grids with a person, a client and a billable column now load one entry per day
    (tests/ingest/test_h87_weekly_grids.py); the ServiceNow card, which says nothing of billable, is still refused."""
    rc, f = ingest_json(tmp_path / "g.duckdb", str(FIX / name))
    reason = f["errors"][0]["reason"]
    assert rc == 2 and f["rows_loaded"] == 0
    assert "it is a weekly time grid" in reason and first_day in reason
    assert "--dataset invoices" not in reason and "--dataset costs" not in reason


def test_the_old_hint_followed_loads_no_revenue(tmp_path: Path) -> None:
    """`--mapping servicenow_hint_map.yaml` (dataset invoices, `Week starts on` -> date) loaded 18.50 of revenue."""
    db = tmp_path / "h.duckdb"
    assert ingest_json(db, str(FIX / "inv_parentheses.csv"))[0] == 0
    before = dump(db)
    rc, f = ingest_json(db, str(FIX / "servicenow_time_card.csv"), "--mapping", str(FIX / "servicenow_hint_map.yaml"))
    assert rc == 2 and f["rows_loaded"] == 0 and "it is a weekly time grid" in f["errors"][0]["reason"]
    assert dump(db) == before
