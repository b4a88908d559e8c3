"""Versioned, idempotent migrations; refusing a database newer than the code."""

from __future__ import annotations

import pytest

from moat import db
from moat.errors import SchemaVersionError


def test_fresh_database_gets_every_migration(tmp_path) -> None:
    con = db.connect(tmp_path / "a.duckdb")
    assert db.current_version(con) == db.latest_version()
    tables = {r[0] for r in db.rows(con, "SELECT table_name FROM information_schema.tables")}
    assert {"snapshots", "clients", "technicians", "time_entries", "invoices", "costs", "licenses", "quarantine",
            "aliases", "results", "approvals", "audit_log", "dp_ledger", "schema_version"} <= tables


def test_rerun_is_a_no_op(tmp_path) -> None:
    path = tmp_path / "a.duckdb"
    db.connect(path).close()
    con = db.connect(path)
    assert db.upgrade(con) == []
    assert db.scalar(con, "SELECT count(*) FROM schema_version") == len(db.migrations())


def test_older_database_is_upgraded(tmp_path) -> None:
    path = tmp_path / "old.duckdb"
    con = db.connect(path, migrate=False)
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    first = db.migrations()[0]
    con.execute(first[2])
    con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [first[0], first[1]])
    con.execute("INSERT INTO audit_log VALUES (1, now(), 'x', 'admin', 'test', NULL, '{}', 'a', 'b')")
    con.close()
    con = db.connect(path)
    assert db.current_version(con) == db.latest_version()
    assert db.scalar(con, "SELECT count(*) FROM audit_log") == 1  # data kept


def test_newer_database_is_refused(tmp_path) -> None:
    path = tmp_path / "new.duckdb"
    con = db.connect(path)
    con.execute("INSERT INTO schema_version VALUES (999, '999_future.sql', now())")
    con.close()
    with pytest.raises(SchemaVersionError, match="newer than this MoatMetrics"):
        db.connect(path)
    with pytest.raises(SchemaVersionError):
        db.connect(path, migrate=False)


def test_memory_and_url_targets_are_not_treated_as_files() -> None:
    assert not db.is_local_file(":memory:")
    assert not db.is_local_file("md:my_db")
    assert not db.is_local_file("s3://bucket/x.duckdb")
    assert db.is_local_file("data/moat.duckdb")
    con = db.connect(":memory:")
    assert db.current_version(con) == db.latest_version()
