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


def test_results_are_rebuilt_with_zstd_json_keeping_every_row(tmp_path) -> None:
    """Migration 012 rebuilds ``results`` (DuckDB cannot change a column's compression in place)."""
    path = tmp_path / "before-012.duckdb"
    con = db.connect(path, migrate=False)
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    for number, name, sql in db.migrations():
        if number < 12:
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [number, name])
    con.execute("INSERT INTO results SELECT i, 1, 'revenue', 'client', 'c' || i, DATE '2026-01-01', DATE '2026-12-31', "
                "i * 1.5, '[1, 2]', 0.9, json_object('recency', 1.0), json_object('formula', repeat('x', 200), 'i', i), "
                "'approved', 'analyst', TIMESTAMP '2026-01-02 03:04:05' FROM range(1, 5001) t(i)")
    before = db.rows(con, "SELECT * FROM results ORDER BY result_id")
    con.close()

    con = db.connect(path)
    assert db.current_version(con) == db.latest_version()
    assert db.rows(con, "SELECT * FROM results ORDER BY result_id") == before
    con.execute("CHECKPOINT")
    compression = dict(db.rows(con, "SELECT column_name, list_distinct(list(compression)) FROM pragma_storage_info('results') "
                                    "WHERE segment_type = 'JSON' GROUP BY column_name"))
    assert compression["explanation"] == ["ZSTD"] and compression["confidence_parts"] == ["ZSTD"]
    with pytest.raises(Exception, match="PRIMARY KEY|Duplicate key|constraint"):  # the key still holds
        con.execute("INSERT INTO results SELECT * FROM results WHERE result_id = 1")
