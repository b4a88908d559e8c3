"""Backup and restore: consistent copies while the database is in use, verified restores, clear refusals."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from moat import db, metrics
from moat.admin import backup
from moat.errors import DatabaseBusy, PermissionDenied
from moat.governance import audit
from moat.governance.permissions import User, local_operator
from moat.metrics import Period
from moat.snapshots import commit
from tests.conftest import ROOT

ADMIN = local_operator("test-admin")
YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))
HOLD = (
    "import sys, time\n"
    "from moat import db\n"
    "con = db.connect(sys.argv[1])\n"
    "print('ready', flush=True)\n"
    "time.sleep(60)\n"
)


def moat_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "moat", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def hold(path: Path) -> subprocess.Popen[str]:
    """Another process that owns the database file, like a running app."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def table_counts(con: db.Connection) -> dict[str, int]:
    names = [r[0] for r in db.rows(con, "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1")]
    return {n: db.scalar(con, f'SELECT count(*) FROM "{n}"') for n in names}


def test_backup_and_restore_round_trip_gives_equal_numbers(demo_con: db.Connection, tmp_path: Path) -> None:
    before = metrics.profitability(demo_con, YEAR).sort("client_key")
    counts = table_counts(demo_con)
    result = backup.backup(demo_con, ADMIN, tmp_path / "b" / "copy.duckdb")
    assert result.path.exists() and result.bytes == result.path.stat().st_size
    assert result.tables == counts  # what the copy holds = what the database held
    assert result.audit_rows == counts["audit_log"]
    # the backup itself is recorded in the live database's audit trail
    assert db.scalar(demo_con, "SELECT count(*) FROM audit_log WHERE action = 'backup' AND object = ?", [str(result.path)]) == 1

    target = tmp_path / "restored" / "moat.duckdb"
    done = backup.restore(result.path, target, ADMIN)
    assert done["previous_kept_as"] is None
    con = db.connect(target)
    try:
        after = metrics.profitability(con, YEAR).sort("client_key")
        assert after.equals(before)  # every number equal, to the last decimal
        assert audit.verify(con).ok
        restored_counts = table_counts(con)
        assert restored_counts["audit_log"] == counts["audit_log"] + 1  # + the restore's own audit row
        assert {k: v for k, v in restored_counts.items() if k != "audit_log"} == {k: v for k, v in counts.items() if k != "audit_log"}
        assert db.one(con, "SELECT action, user_name FROM audit_log ORDER BY seq DESC LIMIT 1") == ("restore", "test-admin")
        # sequences continue where the original stopped: a new snapshot gets a fresh id
        assert db.scalar(con, "SELECT nextval('snapshot_seq')") == db.scalar(con, "SELECT max(snapshot_id) FROM snapshots") + 1
    finally:
        con.close()


def test_restore_keeps_the_replaced_database(demo_path: Path, tmp_path: Path, empty_con: db.Connection) -> None:
    copy = backup.backup(empty_con, ADMIN, tmp_path / "empty-backup.duckdb").path
    done = backup.restore(copy, demo_path, ADMIN)
    kept = Path(done["previous_kept_as"])
    assert kept.exists()
    old = db.connect(kept, read_only=True)
    new = db.connect(demo_path, read_only=True)
    try:
        assert db.scalar(old, "SELECT count(*) FROM time_entries") == 10_000
        assert db.scalar(new, "SELECT count(*) FROM time_entries") == 0
    finally:
        old.close()
        new.close()


def _small_commit(con: db.Connection, n: int) -> None:
    rows = pl.DataFrame({
        "cost_id": [f"X-{n}-{i}" for i in range(50)], "client_key": [None] * 50, "client_name": [None] * 50,
        "date": [date(2026, 10, 1)] * 50, "amount": [1.25] * 50, "category": ["bench"] * 50,
        "row_key": [f"X-{n}-{i}" for i in range(50)], "source_row": list(range(2, 52)),
    }, schema_overrides={"client_key": pl.Utf8, "client_name": pl.Utf8})
    commit(con, ADMIN, "costs", rows, file_name=f"w{n}.csv", sha256=hashlib.sha256(f"w{n}".encode()).hexdigest(), rows_read=50)


@pytest.mark.slow  # a writer thread commits while backups are taken 50 ms apart (sleeps)
def test_backup_is_consistent_while_another_session_commits(demo_con: db.Connection, tmp_path: Path) -> None:
    stop = threading.Event()
    errors: list[BaseException] = []
    commits = [0]
    refused = [0]

    def writer() -> None:
        cur = demo_con.cursor()
        try:
            while not stop.is_set():
                try:
                    _small_commit(cur, commits[0])
                    commits[0] += 1
                except db.Error as err:  # two sessions appended the same audit seq: one is refused whole, retry it
                    if "constraint" not in str(err).lower() and "conflict" not in str(err).lower():
                        raise
                    refused[0] += 1
        except BaseException as err:  # surfaced by the assertion below
            errors.append(err)
        finally:
            cur.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = []
        for i in range(4):
            copies.append(backup.backup(demo_con.cursor(), ADMIN, tmp_path / f"live-{i}.duckdb"))
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(60)
    assert not errors
    assert commits[0] > 0
    seen = set()
    for result in copies:
        con = db.connect(result.path, read_only=True)
        try:
            assert audit.verify(con).ok
            # every snapshot in the copy has exactly its rows, and no row lacks its snapshot: nothing half-copied
            mismatched = db.rows(con, """
                SELECT s.snapshot_id FROM snapshots s LEFT JOIN (SELECT snapshot_id, count(*) AS n FROM costs GROUP BY 1) c
                USING (snapshot_id) WHERE s.dataset = 'costs' AND s.rows_loaded <> coalesce(c.n, 0)""")
            assert mismatched == []
            assert db.scalar(con, "SELECT count(*) FROM costs WHERE snapshot_id NOT IN (SELECT snapshot_id FROM snapshots)") == 0
            commits_in_audit = db.scalar(con, "SELECT count(*) FROM audit_log WHERE action = 'commit'")
            assert commits_in_audit == db.scalar(con, "SELECT count(*) FROM snapshots")
            seen.add(db.scalar(con, "SELECT count(*) FROM snapshots"))
        finally:
            con.close()
    assert max(seen) > 6  # the copies did include commits made while backing up


def test_backup_refuses_to_overwrite_and_viewers(demo_con: db.Connection, tmp_path: Path) -> None:
    dest = tmp_path / "exists.duckdb"
    dest.write_bytes(b"keep me")
    with pytest.raises(backup.BackupError, match="already exists"):
        backup.backup(demo_con, ADMIN, dest)
    assert dest.read_bytes() == b"keep me"
    with pytest.raises(PermissionDenied):
        backup.backup(demo_con, User("vera", "viewer"), tmp_path / "v.duckdb")
    assert not (tmp_path / "v.duckdb").exists()
    assert list(tmp_path.glob("*.partial")) == []


def test_restore_refuses_a_tampered_backup(demo_con: db.Connection, tmp_path: Path) -> None:
    copy = backup.backup(demo_con, ADMIN, tmp_path / "copy.duckdb").path
    con = db.connect(copy)
    con.execute("UPDATE audit_log SET user_name = 'mallory' WHERE seq = 2")
    con.close()
    target = tmp_path / "target.duckdb"
    with pytest.raises(backup.BackupError, match="audit chain .* does not verify"):
        backup.restore(copy, target, ADMIN)
    assert not target.exists()


def test_restore_refuses_while_the_database_is_in_use(demo_path: Path, tmp_path: Path, empty_con: db.Connection) -> None:
    copy = backup.backup(empty_con, ADMIN, tmp_path / "empty-copy.duckdb").path
    size = demo_path.stat().st_size
    holder = hold(demo_path)
    try:
        with pytest.raises(DatabaseBusy, match="in use"):
            backup.restore(copy, demo_path, ADMIN)
        result = moat_cli("--db", str(demo_path), "restore", str(copy))
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == DatabaseBusy.exit_code
    assert "in use" in result.stderr and "stop the app" in result.stderr
    assert "Traceback" not in result.stderr
    con = db.connect(demo_path, read_only=True)
    try:
        assert db.scalar(con, "SELECT count(*) FROM time_entries") == 10_000  # untouched
    finally:
        con.close()
    assert demo_path.stat().st_size == size


def test_cli_backup_and_restore(demo_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    made = moat_cli("--db", str(demo_path), "backup", f"{folder}/", "--format", "json")
    assert made.returncode == 0, made.stderr
    files = list(folder.glob("*.duckdb"))
    assert len(files) == 1
    dry = moat_cli("--db", str(tmp_path / "new.duckdb"), "restore", str(files[0]), "--dry-run")
    assert dry.returncode == 0 and "nothing was changed" in dry.stdout
    assert not (tmp_path / "new.duckdb").exists()
    done = moat_cli("--db", str(tmp_path / "new.duckdb"), "restore", str(files[0]))
    assert done.returncode == 0, done.stderr
    con = db.connect(tmp_path / "new.duckdb", read_only=True)
    try:
        assert db.scalar(con, "SELECT count(*) FROM time_entries") == 10_000
    finally:
        con.close()


def test_cli_backup_of_a_busy_database_points_to_the_system_page(demo_path: Path, tmp_path: Path) -> None:
    holder = hold(demo_path)
    try:
        result = moat_cli("--db", str(demo_path), "backup", str(tmp_path / "b.duckdb"))
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == DatabaseBusy.exit_code
    assert "System page" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "b.duckdb").exists()
