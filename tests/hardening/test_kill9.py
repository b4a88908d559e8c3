"""kill -9 in the middle of loads: the database reopens, the audit chain verifies, nothing half-written shows.

The child process commits demo snapshots in a loop (six transactions per demo, one per dataset), so a kill at any
moment lands during real work: building frames, inside an INSERT, or during COMMIT itself.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from moat import db
from moat.datasets import DATASETS
from moat.governance import audit
from moat.privacy import ledger as ledger_mod
from tests.conftest import ROOT

LOADER = """
import sys
from datetime import date
from moat import db, demo
con = db.connect(sys.argv[1])
print("ready", flush=True)
for seed in range(1000):
    demo.load(con, scale=3, seed=100 + seed, end=date(2026, 10, 31))
    print("loaded", seed, flush=True)
"""


def check_consistent(path: Path) -> dict[str, int]:
    """The invariants a crash must not break; returns rows per dataset for the caller's own checks."""
    con = db.connect(path)  # read-write: replays the write-ahead log exactly as the app would after a crash
    try:
        verified = audit.verify(con)
        assert verified.ok, verified
        for dataset in DATASETS:
            # every snapshot holds exactly the rows it says it loaded; no row belongs to a snapshot that does not exist
            wrong = db.rows(con, f"""
                SELECT s.snapshot_id, s.rows_loaded, coalesce(t.n, 0) FROM snapshots s
                LEFT JOIN (SELECT snapshot_id, count(*) AS n FROM {dataset} GROUP BY 1) t USING (snapshot_id)
                WHERE s.dataset = ? AND s.rows_loaded <> coalesce(t.n, 0)""", [dataset])
            assert wrong == [], (dataset, wrong)
            orphans = db.scalar(con, f"SELECT count(*) FROM {dataset} WHERE snapshot_id NOT IN (SELECT snapshot_id FROM snapshots)")
            assert orphans == 0, dataset
        # each committed snapshot has its audit row and each commit audit row its snapshot: they landed together
        snaps = {r[0] for r in db.rows(con, "SELECT snapshot_id FROM snapshots")}
        audited = {int(r[0].split(":")[1]) for r in db.rows(con, "SELECT object FROM audit_log WHERE action = 'commit'")}
        assert snaps == audited
        # the current-data flag agrees with its definition (no half-applied supersede)
        for dataset in DATASETS:
            stale = db.scalar(con, f"""
                SELECT count(*) FROM (SELECT row_key, count(*) FILTER (WHERE is_current) AS c FROM {dataset} GROUP BY 1) WHERE c > 1""")
            assert stale == 0, dataset
        return {d: db.scalar(con, f"SELECT count(*) FROM {d}") for d in DATASETS}
    finally:
        con.close()


@pytest.mark.parametrize("delay", [0.4, 0.9, 1.6])
def test_kill_during_demo_loads(demo_path: Path, delay: float) -> None:
    before = check_consistent(demo_path)
    proc = subprocess.Popen([sys.executable, "-c", LOADER, str(demo_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    assert proc.poll() is None, "the loader finished before it could be killed"
    proc.kill()  # SIGKILL: no cleanup, no checkpoint
    proc.wait()
    after = check_consistent(demo_path)
    assert all(after[d] >= before[d] for d in DATASETS)
    # and the database keeps working: it accepts the next load
    con = db.connect(demo_path)
    try:
        from moat import demo

        demo.load(con, scale=0.1, seed=1, end=None)
    finally:
        con.close()
    check_consistent(demo_path)


RELEASER = """
import sys
from moat import db
from moat.governance.permissions import local_operator
from moat.privacy import releases
con = db.connect(sys.argv[1])
user = local_operator("dp-test")
print("ready", flush=True)
for _ in range(200):
    done = releases.release(con, user, releases.request(con, ["client_count", "mean_margin"], 0.01))
    print("released", done.release_id, flush=True)
"""


@pytest.mark.parametrize("delay", [0.7, 1.5])
def test_kill_during_dp_releases(demo_path: Path, delay: float) -> None:
    proc = subprocess.Popen([sys.executable, "-c", RELEASER, str(demo_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    assert proc.poll() is None, "the releaser finished before it could be killed"
    proc.kill()
    returned = [int(line.split()[1]) for line in proc.stdout.read().splitlines() if line.startswith("released")]
    proc.wait()
    check_consistent(demo_path)
    con = db.connect(demo_path)
    try:
        ledger = {r[0]: r[1] for r in db.rows(con, "SELECT release_id, epsilon FROM dp_ledger")}
        packs = {r[0] for r in db.rows(con, "SELECT release_id FROM dp_releases")}
        audited = {int(r[0].split(":")[1]) for r in db.rows(con, "SELECT object FROM audit_log WHERE action = 'dp_release'")}
        # every release a caller received is in the ledger; nothing is in the ledger without its pack and audit row
        assert set(returned) <= set(ledger)
        assert set(ledger) == packs == audited
        # per uploaded-file set, and the one client-months row every debit also updates (it serialises debits)
        spent = db.rows(con, "SELECT snapshot_set, spent, releases FROM dp_budget WHERE snapshot_set <> ?", [ledger_mod.UNITS_ROW])
        assert sum(s for _, s, _ in spent) == pytest.approx(sum(ledger.values()))
        assert sum(n for _, _, n in spent) == len(ledger)
        units = db.rows(con, "SELECT spent, releases FROM dp_budget WHERE snapshot_set = ?", [ledger_mod.UNITS_ROW])
        if ledger:
            assert units[0][0] == pytest.approx(sum(ledger.values())) and units[0][1] == len(ledger)
    finally:
        con.close()
