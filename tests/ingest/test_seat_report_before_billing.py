"""A per-user seat report read before the billing lines it updates stores nothing (every row skipped); the same file
must apply once those lines exist, not be reported "already loaded" (found by the quarantine-retry work, issue 14)."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.test_sources_fixtures import expected, ingest, sql

SEATS = "m365_usage_active_users_detail"


def test_a_seat_report_read_before_its_billing_lines_applies_when_read_again(tmp_path: Path) -> None:
    db = tmp_path / "moat.duckdb"
    ex = expected(SEATS)
    rc, first, out = ingest(db, SEATS)
    assert rc == 0, out[-3000:]
    assert first is not None and first["rows_loaded"] == 0 and first["rows_quarantined"] == 0, first
    assert first["rows_skipped"] == ex["counts"]["rows_read"]  # no billing line yet: every row skipped, nothing stored
    for before in ex["before"]:
        rc, _, out = ingest(db, before)
        assert rc == 0, out[-3000:]
    rc, again, out = ingest(db, SEATS)
    assert rc == 0, out[-3000:]
    assert again is not None and not again["already_loaded"], again
    counts = {k: again[k] for k in ("rows_read", "rows_loaded", "rows_quarantined", "rows_skipped")}
    assert counts == ex["counts"]
    client, product = next(iter(ex["seats"])).split("|")
    _, assigned, active = ex["seats"][f"{client}|{product}"]
    got = sql(db, "SELECT seats_assigned, seats_active FROM cur_licenses WHERE client_name = ? AND product = ?", [client, product])
    assert got == [(assigned, active)], got
    rc, third, out = ingest(db, SEATS)  # now it stored rows: the same bytes are already loaded
    assert rc == 0 and third is not None and third["already_loaded"], out[-3000:]
