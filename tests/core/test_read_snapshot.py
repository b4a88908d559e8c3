"""A page run reads one snapshot (``db.read_snapshot``), its writes still land, and the run closes its cursors."""

from __future__ import annotations

import gc
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from moat import db
from tests.helpers import ROOT, as_role


def count(con: db.Connection) -> int:
    return db.scalar(con, "SELECT count(*) FROM t")


@pytest.fixture
def shared(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    con.execute("CREATE TABLE t (a INTEGER)")
    con.execute("INSERT INTO t VALUES (1)")
    yield con
    con.close()


def test_a_snapshot_keeps_reading_what_was_committed_when_it_began(shared: db.Connection) -> None:
    reader, writer = db.read_snapshot(shared.cursor()), shared.cursor()
    assert count(reader) == 1
    with db.transaction(writer):
        writer.execute("INSERT INTO t VALUES (2), (3)")
    assert count(writer) == 3
    assert count(reader) == 1  # still the data as it was at the first read
    db.end_read_snapshot(reader)
    assert count(reader) == 3


def test_a_write_on_a_snapshot_lands_and_the_snapshot_moves_past_it(shared: db.Connection) -> None:
    page = db.read_snapshot(shared.cursor())
    other = shared.cursor()
    assert count(page) == 1
    other.execute("INSERT INTO t VALUES (9)")  # committed by another session after the page's snapshot began
    with db.transaction(page):
        page.execute("INSERT INTO t VALUES (2)")
    assert count(shared.cursor()) == 3  # committed, not rolled back with the snapshot
    assert count(page) == 3  # and the page reads a fresh snapshot that includes both
    other.execute("INSERT INTO t VALUES (10)")
    assert count(page) == 3  # ...which is again a snapshot


def test_a_failed_write_on_a_snapshot_leaves_nothing_and_the_page_still_reads(shared: db.Connection) -> None:
    page = db.read_snapshot(shared.cursor())
    with pytest.raises(duckdb.Error), db.transaction(page):
        page.execute("INSERT INTO t VALUES (2)")
        page.execute("INSERT INTO missing VALUES (1)")
    assert count(page) == 1


def test_a_stray_write_outside_a_transaction_fails_loudly_instead_of_vanishing(shared: db.Connection) -> None:
    page = db.read_snapshot(shared.cursor())
    with pytest.raises(duckdb.TransactionException, match="read-only"):
        page.execute("INSERT INTO t VALUES (2)")
    assert count(shared.cursor()) == 1


def test_the_app_closes_the_cursors_of_a_run_when_it_ends(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    gc.collect()
    before = set(db._READING)  # snapshots of earlier tests' cursors the collector has not reached (kept alive here)
    gc.disable()  # only the run's own release may end them
    try:
        at = as_role(AppTest.from_file(str(ROOT / "app.py"), default_timeout=30), "analyst")
        at.run()
        assert not at.exception
        assert [m.label for m in at.metric][:2] == ["Revenue", "Gross profit"]  # the Overview really drew
        assert set(db._READING) <= before  # none of the run's own is left open
    finally:
        gc.enable()
