"""Everything that reaches DuckDB from a question: one read-only SELECT over allowed names, bounded, locked down."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import db
from moat.ai import safety
from moat.errors import UnsafeQuery
from moat.metrics import Period, profitability

REFUSED = [
    ("CREATE TABLE x AS SELECT 1", "SELECT"),
    ("DROP TABLE cur_clients", "SELECT"),
    ("INSERT INTO clients SELECT * FROM clients", "SELECT"),
    ("UPDATE clients SET client_name = 'x'", "SELECT"),
    ("DELETE FROM clients", "SELECT"),
    ("SELECT 1; SELECT 2", "one statement"),
    ("SELECT 1;", "one statement"),
    ("SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
    ("SELECT * FROM read_text('/etc/passwd')", "read_text"),
    ("SELECT * FROM '/etc/passwd'", "/etc/passwd"),
    ("SELECT * FROM glob('/etc/*')", "glob"),
    ("ATTACH '/tmp/other.duckdb' AS other", "SELECT"),
    ("COPY cur_clients TO '/tmp/out.csv'", "SELECT"),
    ("PRAGMA database_list", "SELECT"),
    ("SET threads = 1", "SELECT"),
    ("EXPLAIN SELECT 1", "SELECT"),
    ("SELECT 1 -- hidden", "comments"),
    ("SELECT /* hidden */ 1", "comments"),
    ("SELECT getenv('HOME')", "getenv"),
    ("SELECT * FROM query('SELECT 1')", "query"),
    ("SELECT * FROM clients", "clients"),
    ("SELECT * FROM information_schema.tables", "qualified"),
    ("SELECT $$x$$", "dollar"),
]


@pytest.mark.parametrize(("sql", "reason"), REFUSED)
def test_refused(sql: str, reason: str) -> None:
    with pytest.raises(UnsafeQuery) as err:
        safety.check(sql)
    assert reason.lower() in str(err.value).lower()


def test_main_schema_prefix_refused_unless_plain() -> None:
    # "main." is the sandbox's own schema: the check accepts it, everything else qualified is refused
    safety.check("SELECT * FROM main.cur_clients")
    with pytest.raises(UnsafeQuery):
        safety.check("SELECT * FROM other.main.cur_clients")


def test_allowed_selects_pass() -> None:
    safety.check("SELECT client_name, count(*) FROM cur_invoices WHERE amount > ? GROUP BY 1")
    safety.check("WITH x AS (SELECT 1 AS a) SELECT a FROM x")
    safety.check("SELECT '-- not a comment; nor this' AS text")


def test_sandbox_runs_metric_sql_and_is_locked(demo_con: db.Connection, tmp_path: Path) -> None:
    box = safety.sandbox_for(demo_con)
    safe = box.connection()
    period = Period.parse("2026-07-01", "2026-09-30")
    assert profitability(safe, period).equals(profitability(demo_con, period))
    assert safe.executed and "cur_invoices" in safe.executed[0].sql
    # even a statement that bypassed the checks could not read files: the instance itself is locked
    with pytest.raises(db.Error):
        box.instance.execute("SELECT * FROM read_csv('/etc/passwd')")
    with pytest.raises(db.Error):
        box.instance.execute("SET enable_external_access = true")
    # ... and the app's own connection is untouched by the lock
    csv = tmp_path / "x.csv"
    csv.write_text("a\n1\n", encoding="utf-8")
    assert db.scalar(demo_con, "SELECT count(*) FROM read_csv(?)", [str(csv)]) == 1
    demo_con.execute("SET threads = 2")


def test_row_limit_and_timeout(demo_con: db.Connection) -> None:
    box = safety.sandbox_for(demo_con)
    with pytest.raises(UnsafeQuery, match="more than 10 rows"):
        db.frame(box.connection(row_limit=10), "SELECT * FROM cur_time_entries")
    slow = "SELECT count(*) FROM generate_series(1, 20000000000) g(x) WHERE x % 7 = 3"
    with pytest.raises(UnsafeQuery, match="stopped"):
        db.rows(box.connection(timeout_s=0.2), slow)


def test_new_data_version_gets_a_new_sandbox(demo_con: db.Connection) -> None:
    first = safety.sandbox_for(demo_con)
    assert safety.sandbox_for(demo_con) is first
    assert safety.sandbox_for(demo_con, "another-version") is not first
