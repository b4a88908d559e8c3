"""Disk full during a load: a clear error, and the database keeps every earlier snapshot intact.

Two ways to run out of space: a 6 MiB tmpfs mounted just for the test (needs root; used where ``mount`` works) and,
everywhere, a per-process file-size limit (``RLIMIT_FSIZE``), under which writes past the limit fail with EFBIG
exactly as they fail with ENOSPC on a full disk.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from moat import db
from tests.conftest import ROOT
from tests.hardening.test_kill9 import check_consistent

LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG from write() instead of being killed
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from moat.cli import main
sys.exit(main(sys.argv[2:]))
"""
LOAD = ["demo", "--scale", "3", "--seed", "8", "--end", "2026-10-31"]


def _can_mount() -> bool:
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = Path(f"/tmp/moat-tmpfs-probe-{os.getpid()}")
    probe.mkdir(exist_ok=True)
    try:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)], capture_output=True).returncode == 0
        if ok:
            subprocess.run(["umount", str(probe)], check=True)
        return ok
    finally:
        probe.rmdir()


MECHANISMS = ["rlimit"] + (["tmpfs"] if _can_mount() else [])


@contextmanager
def small_disk(folder: Path, size_mb: int) -> Iterator[Path]:
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def snapshot_rows(path: Path) -> list[tuple]:
    con = db.connect(path, read_only=True)
    try:
        return db.rows(con, "SELECT snapshot_id, dataset, rows_loaded, status FROM snapshots ORDER BY 1")
    finally:
        con.close()


def assert_clear_disk_error(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode != 0
    message = result.stderr.lower()
    assert "no space left on device" in message or "file too large" in message or "disk" in message, result.stderr
    assert "traceback" not in message
    assert result.stdout == ""  # no success line for a load that did not happen


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_disk_full_during_a_load(demo_path: Path, tmp_path: Path, mechanism: str) -> None:
    before = snapshot_rows(demo_path)
    env = dict(os.environ, MOAT_LOG_FILE=str(tmp_path / "moat.log.jsonl"))
    if mechanism == "rlimit":
        limit = demo_path.stat().st_size + 1_000_000
        result = subprocess.run([sys.executable, "-c", LIMITED, str(limit), "--db", str(demo_path), *LOAD],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert_clear_disk_error(result)
        survivor = demo_path
    else:
        with small_disk(tmp_path / "small", 6) as disk:
            target = disk / "moat.duckdb"
            shutil.copy(demo_path, target)
            result = subprocess.run([sys.executable, "-m", "moat", "--db", str(target), *LOAD],
                                    cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
            assert_clear_disk_error(result)
            assert snapshot_rows(target)[: len(before)] == before  # readable in place, on the full disk
            survivor = tmp_path / "moved.duckdb"  # then "free space": move the file (and its log) somewhere roomy
            shutil.copy(target, survivor)
            if Path(str(target) + ".wal").exists():
                shutil.copy(Path(str(target) + ".wal"), Path(str(survivor) + ".wal"))
    after = snapshot_rows(survivor)
    assert after[: len(before)] == before  # every earlier snapshot intact
    check_consistent(survivor)  # audit chain verifies; every snapshot has exactly its rows
