"""A load killed mid-transaction leaves the database exactly as it was (one file = one transaction)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from moat import db
from tests.ingest.ingest_fixtures import CW_HEADER, csv_text

STATE_SQL = [
    "SELECT count(*), coalesce(sum(hours), 0), count(*) FILTER (WHERE is_current) FROM time_entries",
    "SELECT count(*) FROM snapshots", "SELECT count(*) FROM quarantine", "SELECT count(*), max(hash) FROM audit_log",
    "SELECT count(*) FROM technicians WHERE is_current",
]

# Prepares the file, then commits it with a hook that runs inside the transaction after every row is written:
# it announces itself and waits to be killed.
CHILD = r"""
import sys, time
from moat import db, snapshots
from moat.governance.permissions import local_operator
from moat.ingest import Options, prepare
con = db.connect(sys.argv[1])
user = local_operator("killtest")
data = open(sys.argv[2], "rb").read()
p = prepare(con, user, data, "big.csv", Options(dayfirst=False))
def stall(c, snapshot_id):
    print("inside", snapshot_id, flush=True)
    time.sleep(120)
snapshots.commit(con, user, p.dataset, p.rows, file_name=p.file_name, sha256=p.sha256, rows_read=p.rows_read,
                 quarantine=p.quarantine, on_commit=stall)
"""


def state(path: Path) -> list:
    con = db.connect(path)
    try:
        return [db.rows(con, sql) for sql in STATE_SQL]
    finally:
        con.close()


def big_file(path: Path, rows: int) -> Path:
    body = [[f"K{i}", f"Tech {i % 7}", f"Client {i % 13}", f"10/0{1 + i % 9}/2026", "1.5", "Billable", "x", "bad" if i % 50 == 0 else ""]
            for i in range(rows)]
    body[10][4] = "oops"  # one quarantined row so the quarantine table is written too
    path.write_text(csv_text(CW_HEADER, body), encoding="utf-8")
    return path


def test_kill_inside_commit_leaves_database_as_before(demo_path: Path, tmp_path: Path) -> None:
    before = state(demo_path)
    data = big_file(tmp_path / "big.csv", 20_000)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(demo_path), str(data)], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[2])
    try:
        line = child.stdout.readline()
        assert line.startswith("inside"), line
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert state(demo_path) == before


def test_kill_at_a_random_moment_is_all_or_nothing(demo_path: Path, tmp_path: Path) -> None:
    before = state(demo_path)
    data = big_file(tmp_path / "big.csv", 60_000)
    cmd = [sys.executable, "-m", "moat", "--db", str(demo_path), "ingest", str(data), "--monthfirst"]
    env = {**os.environ, "MOAT_LOG_FILE": str(tmp_path / "log.jsonl")}
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    time.sleep(3.0)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    after = state(demo_path)
    if after != before:  # it finished before the kill: then everything is there, consistently
        assert after[1][0][0] == before[1][0][0] + 1
        assert after[0][0][0] == before[0][0][0] + 59_999 and after[2][0][0] == before[2][0][0] + 1
