"""Issue 18, point 1: the privacy budget is spent on what the data describes (each client, per month), so no
rollback, re-export, reload with other bytes or re-keying refills it, and replaying a pack spends nothing twice."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from moat import db
from moat.db import rows, scalar
from moat.errors import BudgetExceeded
from moat.governance.permissions import local_operator
from moat.metrics.periods import Period
from moat.privacy import ledger, releases
from tests.governance.gov_util import run_cli

SPEC = ["--metrics", "client_count", "--epsilon", "1", "--from", "2026-08-01", "--to", "2026-10-31"]
Q3 = Period(date(2026, 8, 1), date(2026, 10, 31))
ADMIN = local_operator("admin-test")


def active_snapshots(path: Path) -> list[int]:
    con = db.connect(path)
    try:
        return [r[0] for r in rows(con, "SELECT snapshot_id FROM snapshots WHERE status = 'active' ORDER BY snapshot_id DESC")]
    finally:
        con.close()


def test_export_rollback_and_reload_with_a_blank_line_do_not_refill_the_budget(demo_path: Path, app_env, tmp_path: Path) -> None:
    """The reproduction: budget 3 spent by 3 releases at epsilon 1, then export, roll back every snapshot and load
    the same data again as new bytes (one blank line added): the fourth release is refused (exit 3)."""
    app_env(demo_path)
    for n in range(3):
        done = run_cli("share", *SPEC, "--out", str(tmp_path / f"p{n}.json"))
        assert done.returncode == 0, done.stderr
    assert run_cli("share", *SPEC, "--out", str(tmp_path / "refused.json")).returncode == 3

    exported = run_cli("export", "--format", "csv", str(tmp_path / "out"))
    assert exported.returncode == 0, exported.stderr
    for snapshot in active_snapshots(demo_path):
        assert run_cli("snapshots", "rollback", str(snapshot)).returncode == 0
    assert active_snapshots(demo_path) == []
    for dataset in ("clients", "technicians", "time_entries", "invoices", "licenses", "costs"):
        source = tmp_path / "out" / f"{dataset}.csv"
        reloaded = tmp_path / "reload" / f"{dataset}.csv"
        reloaded.parent.mkdir(exist_ok=True)
        reloaded.write_bytes(source.read_bytes() + b"\n")  # different bytes, same data
        loaded = run_cli("ingest", str(reloaded), "--json")
        assert loaded.returncode == 0, loaded.stderr
    con = db.connect(demo_path)
    assert scalar(con, "SELECT count(*) FROM cur_clients") == 40
    con.close()

    again = run_cli("share", *SPEC, "--out", str(tmp_path / "again.json"))
    assert again.returncode == 3, again.stdout + again.stderr
    assert "nothing was released" in again.stderr and not (tmp_path / "again.json").exists()
    budget = json.loads(run_cli("privacy", "budget", "--format", "json").stdout)
    current = next(b for b in budget if b["current"])
    assert current["spent"] == pytest.approx(3.0) and current["remaining"] == pytest.approx(0.0)


def test_re_keying_or_renaming_clients_keeps_their_spend(demo_con) -> None:
    """A client is known by its key and by its normalised name: changing one of them keeps the spend."""
    cfg_total = 2.0
    for _ in range(2):
        releases.release(demo_con, ADMIN, releases.request(demo_con, ["client_count"], 1.0, period=Q3))
    demo_con.execute("UPDATE clients SET client_key = 'NEW-' || client_key")  # the source system renumbered them
    units = ledger.units_spent(demo_con, Q3)
    assert units == pytest.approx(2.0)
    demo_con.execute("UPDATE clients SET client_name = upper(client_name) || ' ' WHERE true")  # and respelled them
    assert ledger.units_spent(demo_con, Q3) == pytest.approx(2.0)
    with pytest.raises(BudgetExceeded):
        demo_con.execute("BEGIN")
        try:
            ledger.debit(demo_con, ADMIN, ledger.current_set(demo_con), 1.0, cfg_total, "x", period=Q3)
        finally:
            demo_con.execute("ROLLBACK")
    # a different period describes other months of the same clients: it has its own budget
    assert ledger.units_spent(demo_con, Period(date(2026, 5, 1), date(2026, 7, 31))) == 0.0


def test_importing_a_released_pack_spends_and_restores_nothing(demo_path: Path, app_env, tmp_path: Path) -> None:
    app_env(demo_path)
    assert run_cli("share", *SPEC, "--out", str(tmp_path / "mine.json")).returncode == 0
    before = json.loads(run_cli("privacy", "budget", "--format", "json").stdout)
    for _ in range(2):
        imported = run_cli("benchmarks", "import", str(tmp_path / "mine.json"))
        assert imported.returncode in (0, 1)  # a second import of the same pack may be refused as a duplicate
    assert json.loads(run_cli("privacy", "budget", "--format", "json").stdout) == before
    con = db.connect(demo_path)
    release_id = scalar(con, "SELECT max(release_id) FROM dp_ledger")
    charged = scalar(con, "SELECT count(*) FROM dp_unit_spend WHERE release_id = ?", [release_id])
    assert charged == 40 * 2 * 3  # 40 clients, by key and by name, 3 months
    with pytest.raises(db.Error):  # the same release cannot be recorded twice
        con.execute("INSERT INTO dp_unit_spend SELECT * FROM dp_unit_spend WHERE release_id = ? LIMIT 1", [release_id])
    con.close()
