"""``db.connect`` beside an owner: cursors of the owner's connection in its own process, waiting for another."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from moat import db
from moat.errors import DatabaseBusy
from tests.admin.test_backup import hold


def test_in_the_owning_process_connect_hands_out_cursors_of_the_owner(demo_path: Path) -> None:
    owner = db.connect(demo_path)
    db.register_owner(demo_path, owner)
    try:
        reader = db.connect(demo_path, read_only=True)  # plain DuckDB refuses this ("different configuration")
        writer = db.connect(str(demo_path))
        with db.transaction(writer):
            writer.execute("INSERT INTO aliases (kind, alias_key, alias_name, target_key, target_name, created_by, "
                           "created_at) VALUES ('client', 'x', 'X', 'y', 'Y', 'test', now())")
        assert db.scalar(reader, "SELECT count(*) FROM aliases WHERE alias_key = 'x'") == 1  # the same database
        reader.close()
        writer.close()
        assert db.scalar(owner, "SELECT count(*) FROM aliases WHERE alias_key = 'x'") == 1  # the owner stays open
    finally:
        db.unregister_owner(demo_path)
        owner.close()
    assert db.owner_connection(demo_path) is None


def test_connect_waits_for_another_process_to_let_go(demo_path: Path) -> None:
    holder = hold(demo_path)
    try:
        with pytest.raises(DatabaseBusy) as caught:
            db.connect(demo_path)
        assert f"process {holder.pid} (" in caught.value.message  # names the holder and its command line
        release = threading.Timer(2.0, holder.kill)
        release.start()
        con = db.connect(demo_path, wait_s=120)  # the app starting while a scheduled ingest finishes
        assert db.scalar(con, "SELECT count(*) FROM snapshots") > 0
        con.close()
        release.join()
    finally:
        holder.kill()
        holder.wait()


def test_many_threads_take_cursors_of_the_shared_connection_at_once(demo_path: Path) -> None:
    """DuckDB 2 refuses a call on a connection busy with another (``cursor()`` too): forwarded commands and page
    runs take their cursors of the one shared connection at the same moment."""
    owner = db.connect(demo_path)
    db.register_owner(demo_path, owner)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(300):
                cur = db.connect(demo_path)
                assert db.scalar(cur, "SELECT count(*) FROM snapshots") > 0
                cur.close()
        except BaseException as err:  # collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(8)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        db.unregister_owner(demo_path)
        owner.close()
    assert not errors, errors[:3]
