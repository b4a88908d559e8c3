"""Review h69 D16 (clients scope): a clients list's `Inactive` = True client is churned, not a current monthly fee.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


def test_d16_inactive_client_is_churned(tmp_path: Path) -> None:
    """HaloPSA Clients: Cedar (Inactive True) churned (was status empty); active fees 1,750 + 2,200 + 0 = 3,950.00."""
    db = tmp_path / "c.duckdb"
    rc, f = ingest_json(db, str(FIX / "halo_clients.csv"))
    assert rc == 0 and f["rows_loaded"] == 4
    assert rows(db, "select client_name from cur_clients where status = 'churned'") == [("Cedar Veterinary Clinic",)]
    assert rows(db, "select sum(monthly_fee)::double from cur_clients where status = 'active'") == [(3950.0,)]
