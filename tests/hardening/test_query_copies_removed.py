"""The data copies user SQL runs on (``moat.isolation``) are removed when their data version is replaced.

Found by the hours-long service run (issue 16): a notebook reading with ``s.sql`` while a scheduled load ran every
few seconds left one copy of the whole current data per data version (231 MB at demo scale 100) until the process
ended: 420 folders, 73 GB, and the disk was full within the hour. A killed process (no ``atexit``) left its copies
for good.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import moat
from moat import isolation
from moat.ai import safety
from moat.errors import UnsafeQuery
from moat.governance.permissions import User

ANALYST = User("ana", "analyst")


def _copies(parent: Path) -> list[Path]:
    return sorted(parent.glob(f"{isolation.PREFIX}*"))


def _invoice(folder: Path, n: int) -> Path:
    path = folder / f"invoices-{n}.csv"
    path.write_text("invoice_number,client_name,date,amount,currency,category,status\n"
                    f"INV-COPIES-{n},Harbor Logistics,2026-10-{10 + n:02d},{100 + n}.00,USD,project,paid\n")
    return path


def test_each_new_data_version_leaves_at_most_the_kept_versions_copies(
        demo_path: Path, app_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app_env(demo_path)
    copies_dir = tmp_path / "tmp"
    copies_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(copies_dir))
    loads = safety._KEEP + 4
    with moat.open(demo_path, user=ANALYST) as s:
        before = s.sql("SELECT count(*) AS n FROM cur_invoices")["n"].item()
        for n in range(1, loads + 1):
            s.ingest(_invoice(tmp_path, n))
            assert s.sql("SELECT count(*) AS n FROM cur_invoices")["n"].item() == before + n  # the new version
            assert len(_copies(copies_dir)) <= safety._KEEP  # old code: n + 1 copies, one per version
        assert len(_copies(copies_dir)) >= 1
    isolation._cleanup()  # what atexit does
    assert _copies(copies_dir) == []


def test_a_copy_in_use_outlives_its_version_and_goes_when_the_query_ends(tmp_path: Path) -> None:
    folder = tmp_path / f"{isolation.PREFIX}1-test"
    folder.mkdir()
    key = str(folder)
    with isolation._LOCK:
        isolation._USERS[key] = 1  # a query is running on it
    isolation._retire(key)  # a newer version replaced its sandbox
    assert folder.is_dir()
    isolation._release(key)  # the query ended
    assert not folder.exists()
    assert key not in isolation._USERS


def test_copies_of_processes_that_are_gone_are_swept(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead = tmp_path / f"{isolation.PREFIX}{int(gone.stdout)}-abc"
    dead.mkdir()
    (dead / "cur_clients.arrow").write_bytes(b"x" * 1024)
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        alive = tmp_path / f"{isolation.PREFIX}{living.pid}-def"
        alive.mkdir()
        mine = tmp_path / f"{isolation.PREFIX}{os.getpid()}-ghi"
        mine.mkdir()
        unknown = tmp_path / f"{isolation.PREFIX}abcdef"  # not ours to judge: an older name without a process id
        unknown.mkdir()
        assert isolation.sweep_orphans(str(tmp_path)) == 1
        assert not dead.exists()
        assert alive.is_dir() and mine.is_dir() and unknown.is_dir()
    finally:
        living.kill()
        living.wait()


def test_a_sandbox_closed_before_its_copy_leaves_no_folder_and_says_to_run_again(
        demo_con, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    box = safety.Sandbox(demo_con)
    box.close()  # replaced by a newer data version between sandbox_for and the query
    with pytest.raises(UnsafeQuery, match="data changed"):
        isolation.run(box, "SELECT 1", None, row_limit=10, timeout_s=5, memory_mb=256)
    assert _copies(tmp_path) == []


def test_a_copy_made_for_a_sandbox_is_removed_when_it_closes(demo_con, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    box = safety.Sandbox(demo_con)
    assert isolation.run(box, "SELECT count(*) AS n FROM cur_clients", None, row_limit=10, timeout_s=30,
                         memory_mb=512)["n"].item() == 40
    assert len(_copies(tmp_path)) == 1
    box.close()
    assert _copies(tmp_path) == []
