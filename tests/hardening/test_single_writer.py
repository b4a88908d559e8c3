"""DuckDB's single-writer rule against a process that does not share the file (not the app or `moat serve`, whose
service runs other processes' commands: tests/service): a clear message naming the holder, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from moat import db
from moat.errors import DatabaseBusy
from tests.admin.test_backup import hold


@pytest.mark.parametrize(
    "command",
    [
        ["metrics", "summary", "--from", "2026-01-01", "--to", "2026-03-31"],
        ["demo", "--scale", "0.1"],
        ["backup", "somewhere.duckdb"],
    ],
    ids=["metrics", "demo", "backup"],
)
def test_second_process_gets_a_clear_busy_message(demo_path: Path, tmp_path: Path, command: list[str]) -> None:
    holder = hold(demo_path)
    try:
        result = subprocess.run([sys.executable, "-m", "moat", "--db", str(demo_path), *command],
                                cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert holder.poll() is None  # the owner was not disturbed
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == DatabaseBusy.exit_code
    assert result.stderr.startswith("error: ")
    assert "in use" in result.stderr and "Hint:" in result.stderr
    assert f"process {holder.pid} (" in result.stderr  # names who holds it
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert result.stdout == ""
    con = db.connect(demo_path, read_only=True)
    try:
        assert db.scalar(con, "SELECT count(*) FROM snapshots") == 6  # nothing was written by the refused process
    finally:
        con.close()


def test_in_process_connect_raises_database_busy(demo_path: Path) -> None:
    holder = hold(demo_path)
    try:
        with pytest.raises(DatabaseBusy) as caught:
            db.connect(demo_path)
        with pytest.raises(DatabaseBusy):
            db.connect(demo_path, read_only=True)  # DuckDB's lock excludes readers in other processes too
    finally:
        holder.kill()
        holder.wait()
    assert "moat backup" in str(caught.value)  # says what to do
    db.connect(demo_path).close()  # once the owner is gone the file opens normally


def test_wait_lets_a_command_outlast_a_holder_that_does_not_share(demo_path: Path, tmp_path: Path) -> None:
    """Overlapping scheduled jobs: `--wait` waits for the other command instead of exiting 4."""
    holder = hold(demo_path)
    try:
        proc = subprocess.Popen([sys.executable, "-m", "moat", "--db", str(demo_path), "--wait", "120", "metrics",
                                 "summary", "--from", "2026-08-01", "--to", "2026-10-31"],
                                cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        import time

        time.sleep(3)
        assert proc.poll() is None  # still waiting, not refused
    finally:
        holder.kill()
        holder.wait()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "revenue" in out
