"""h55 / h42 F16 and F10: the SQL checker resolves CTE names per scope, and refuses deep nesting cleanly.

F16: the checker subtracted every CTE name of the query from every table it referenced, so a CTE named
``audit_log`` inside a subquery hid the outer query's real ``audit_log`` (or ``duckdb_settings``, ...) from the
allow-list. Now a table reference is a CTE only where DuckDB's binder makes it one. The oracle for that is DuckDB
itself: every hostile shape below is run on a database that holds only the allowed tables, and DuckDB must fail
there naming the forbidden table (so the shape really reads a real table, not the CTE); the checker must refuse it.
Every legitimate shape runs there and must pass the checker.

F10: ``SELECT abs(abs(...))`` nested 450 deep escaped as a bare ``RecursionError``; now ``UnsafeQuery("nested too
deeply")`` from ``Session.sql``, and a question that deep through Ask is answered without a crash. (The CLI has no
SQL command: ``moat ask`` is the CLI's only way to a query, tested below.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import moat
from moat import db
from moat.ai import safety
from moat.errors import UnsafeQuery
from moat.governance.permissions import User

ANALYST = User("ana", "analyst")

# Each reads the REAL table audit_log (forbidden), while a CTE of the same name exists somewhere in the query.
HOSTILE_CTE_SHAPES = [
    # h42's repro: a CTE in a subquery, the real table beside it
    "SELECT * FROM (WITH audit_log AS (SELECT 1 AS a) SELECT * FROM audit_log) x, audit_log y",
    # nested WITH, two levels down
    "WITH c AS (SELECT 1 AS a) SELECT * FROM (SELECT * FROM (WITH audit_log AS (SELECT 1 AS a) SELECT * FROM audit_log) q) r,"
    " audit_log",
    # a CTE defined inside another CTE's body is not visible to the outer query
    "WITH c AS (WITH audit_log AS (SELECT 1 AS a) SELECT * FROM audit_log) SELECT * FROM c, audit_log",
    # subquery in WHERE defines the CTE, the outer FROM reads the table
    "SELECT * FROM audit_log WHERE EXISTS (WITH audit_log AS (SELECT 1 AS a) SELECT * FROM audit_log)",
    # subquery in SELECT
    "SELECT (WITH audit_log AS (SELECT 1 AS a) SELECT a FROM audit_log) AS one, (SELECT count(*) FROM audit_log) AS n",
    # subquery in JOIN ... ON
    "SELECT * FROM cur_clients c JOIN audit_log y ON EXISTS (WITH audit_log AS (SELECT 1 AS a) SELECT * FROM audit_log)",
    # ORDER BY subquery outside the CTE's node
    "SELECT * FROM (WITH audit_log AS (SELECT 1 AS a) SELECT * FROM audit_log) q ORDER BY (SELECT count(*) FROM audit_log)",
    # UNION branches: the WITH belongs to one branch only
    "(WITH audit_log AS (SELECT 1 AS a) SELECT * FROM audit_log) UNION ALL SELECT count(*) FROM audit_log",
    "SELECT count(*) FROM audit_log UNION ALL (WITH audit_log AS (SELECT 1 AS a) SELECT * FROM audit_log)",
    # lateral joins
    "SELECT * FROM cur_clients c, LATERAL (WITH audit_log AS (SELECT 1 AS a) SELECT * FROM audit_log) l,"
    " LATERAL (SELECT count(*) FROM audit_log) m",
    # a CTE referenced before its definition in the same WITH reads the table (DuckDB binds in order)
    "WITH c AS (SELECT * FROM audit_log), audit_log AS (SELECT 1 AS a) SELECT * FROM c",
    "WITH RECURSIVE c AS (SELECT * FROM audit_log), audit_log AS (SELECT 1 AS a) SELECT * FROM c",
    # a non-recursive CTE's own name inside its body is the table
    "WITH audit_log AS (SELECT * FROM audit_log) SELECT * FROM audit_log",
    "WITH RECURSIVE audit_log AS (SELECT * FROM audit_log) SELECT * FROM audit_log",
    # the anchor of a recursive CTE reads the table, only the recursive branch sees the CTE
    "WITH RECURSIVE audit_log AS (SELECT * FROM audit_log UNION ALL SELECT * FROM audit_log WHERE false)"
    " SELECT * FROM audit_log",
    # schema-qualified: main.x is the table even where a CTE x exists
    "WITH audit_log AS (SELECT 1 AS a) SELECT * FROM main.audit_log",
    'WITH audit_log AS (SELECT 1 AS a) SELECT * FROM "main"."audit_log"',
    # shadowing the other way round: the outer CTE is gone inside a subquery that redefines nothing, then used
    "SELECT * FROM (WITH x AS (SELECT 1 AS a) SELECT * FROM x) q WHERE q.a IN (SELECT count(*) FROM audit_log)",
]

# The same holes used to reach DuckDB's own catalogue views (h42's repro, run through Session.sql).
SYSTEM_VIEW_SHAPES = [
    f"SELECT * FROM (WITH {view} AS (SELECT 1 AS a) SELECT * FROM {view}) x, {view} y"
    for view in ("duckdb_settings", "duckdb_databases", "duckdb_extensions", "duckdb_secrets", "duckdb_logs",
                 "duckdb_functions", "duckdb_tables", "pragma_database_list")
] + [
    "WITH tables AS (SELECT 1 AS a) SELECT * FROM information_schema.tables",
    "WITH read_csv AS (SELECT 1 AS a) SELECT * FROM read_csv('/etc/passwd')",
    "WITH x AS (SELECT 1 AS a) SELECT * FROM x, duckdb_settings()",
    "WITH x AS (SELECT 1 AS a) SELECT * FROM x, pragma_table_info('cur_clients')",
    "WITH x AS (SELECT 1 AS a) SELECT * FROM x WHERE a IN (SELECT 1 FROM glob('/etc/*'))",
    "WITH x AS (SELECT 1 AS a) SELECT * FROM x, LATERAL (SELECT * FROM read_text('/etc/hostname')) t",
    "WITH x AS (SELECT 1 AS a) SELECT * FROM x UNION ALL SELECT count(*) FROM sqlite_master",
]

LEGITIMATE = [
    "WITH a AS (SELECT client_name FROM cur_clients) SELECT * FROM a",
    "WITH a AS (SELECT client_name FROM cur_clients), b AS (SELECT * FROM a) SELECT * FROM b JOIN a USING (client_name)",
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT count(*) FROM n",
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION SELECT i + 1 FROM n WHERE i < 3), m AS (SELECT * FROM n) SELECT * FROM m",
    # a nested WITH reads the outer CTE, also when it shadows it
    "WITH a AS (SELECT 1 AS x) SELECT * FROM (WITH b AS (SELECT * FROM a) SELECT * FROM b) q",
    "WITH a AS (SELECT 1 AS x) SELECT * FROM (WITH a AS (SELECT * FROM a) SELECT * FROM a) q",
    "WITH a AS (SELECT 1 AS x), c AS (WITH a AS (SELECT * FROM a) SELECT * FROM a) SELECT * FROM c",
    "WITH c AS (WITH d AS (SELECT 1 AS x) SELECT * FROM d) SELECT * FROM c",
    # the CTE from subqueries in WHERE / SELECT / JOIN ON / ORDER BY, lateral, both UNION branches
    "WITH a AS (SELECT client_id FROM cur_clients) SELECT * FROM cur_invoices WHERE client_id IN (SELECT client_id FROM a)",
    "WITH a AS (SELECT 1 AS x) SELECT (SELECT x FROM a) AS one, count(*) FROM cur_clients",
    "WITH a AS (SELECT 1 AS x) SELECT * FROM cur_clients JOIN a ON (SELECT true FROM a)",
    "WITH a AS (SELECT 1 AS x) SELECT * FROM cur_clients ORDER BY (SELECT x FROM a)",
    "WITH a AS (SELECT 1 AS x) SELECT * FROM cur_clients c, LATERAL (SELECT * FROM a WHERE a.x = 1) l",
    "WITH a AS (SELECT 1 AS x) SELECT x FROM a UNION ALL SELECT x FROM a",
    # names: quoted and differently cased, a CTE named like an allowed table, main-qualified allowed tables
    'WITH "Big" AS (SELECT 1 AS x) SELECT * FROM big',
    "WITH cur_clients AS (SELECT 1 AS x) SELECT * FROM cur_clients",
    # a CTE named like a system view is the CTE in its own scope (subqueries included), whatever the case
    'WITH "Duckdb_Settings" AS (SELECT 1 AS a) SELECT * FROM (SELECT * FROM duckdb_settings) s',
    "WITH a AS MATERIALIZED (SELECT client_name FROM main.cur_clients) SELECT * FROM a",
    "SELECT client_name, sum(amount) FROM cur_invoices JOIN cur_clients USING (client_id) GROUP BY 1",
]


@pytest.fixture(scope="module")
def bare() -> Iterator[db.Connection]:
    """A database with exactly the allowed tables (one column each is enough for binding) and nothing else."""
    con = db.connect(":memory:", migrate=False)
    columns = {"cur_clients": "client_id INTEGER, client_name VARCHAR", "cur_invoices": "client_id INTEGER, amount DOUBLE"}
    for name in sorted(safety.ALLOWED_TABLES):
        con.execute(f"CREATE TABLE {name} ({columns.get(name, 'client_id INTEGER')})")
    yield con
    con.close()


@pytest.mark.parametrize("sql", HOSTILE_CTE_SHAPES)
def test_a_cte_hides_the_real_table_only_in_its_own_scope(sql: str, bare: db.Connection) -> None:
    with pytest.raises(db.Error, match="audit_log"):  # DuckDB itself binds this reference to a real table
        bare.sql(sql).fetchall()
    with pytest.raises(UnsafeQuery, match="tables not allowed: audit_log|qualified names are not allowed"):
        safety.check(sql)


@pytest.mark.parametrize("sql", SYSTEM_VIEW_SHAPES)
def test_system_views_and_table_functions_stay_refused_beside_ctes(sql: str) -> None:
    with pytest.raises(UnsafeQuery, match="not allowed"):
        safety.check(sql)


@pytest.mark.parametrize("sql", LEGITIMATE)
def test_legitimate_ctes_still_pass(sql: str, bare: db.Connection) -> None:
    bare.sql(sql).fetchall()  # DuckDB binds every name to an allowed table or a CTE
    safety.check(sql)


def test_the_reviewed_templates_still_pass() -> None:
    statements = [sql for sql in safety.reviewed_templates().values() if sql.lstrip().startswith(("WITH", "SELECT"))]
    assert len(statements) >= 3  # (one constant is a shared WITH body, not a statement)
    for sql in statements:
        safety.check(sql)


def test_session_sql_refuses_h42_repro(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    with moat.open(demo_path, user=ANALYST) as s:
        for sql in SYSTEM_VIEW_SHAPES[:2] + HOSTILE_CTE_SHAPES[:1]:
            with pytest.raises(UnsafeQuery, match="not allowed"):
                s.sql(sql)
        assert s.sql("WITH a AS (SELECT client_name FROM cur_clients) SELECT count(*) AS n FROM a")["n"].item() == 40


# ------------------------------------------------------------------------------------------------- F10
def nested(depth: int) -> str:
    return "SELECT " + "abs(" * depth + "1" + ")" * depth


@pytest.mark.parametrize("sql", [nested(450), nested(900),
                                 "SELECT 1 WHERE " + "NOT " * 2000 + "false",
                                 "SELECT " + " + ".join(["1"] * 3000)])
def test_deep_nesting_is_refused_cleanly(sql: str) -> None:
    with pytest.raises(UnsafeQuery, match="nested too deeply|cannot|depth|too"):
        safety.check(sql)


def test_session_sql_says_nested_too_deeply_and_goes_on(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    with moat.open(demo_path, user=ANALYST) as s:
        for depth in (450, 900):
            with pytest.raises(UnsafeQuery, match="nested too deeply"):
                s.sql(nested(depth))
        assert s.sql(nested(20).replace("SELECT ", "SELECT ", 1) + " AS v")["v"].item() == 1  # modest nesting runs


def test_a_walk_of_a_deep_tree_is_bounded_not_recursive() -> None:
    tree: list = []
    for _ in range(50_000):  # far deeper than Python's recursion limit
        tree = [{"type": "SELECT_NODE", "x": tree}]
    with pytest.raises(UnsafeQuery, match="nested too deeply"):
        safety._walk(tree, safety._Names())


def test_a_deeply_nested_question_through_ask_and_the_cli(demo_path: Path, app_env, tmp_path: Path) -> None:
    """Ask never builds SQL from the question's text; a question nested 450 deep is answered or refused, no crash."""
    app_env(demo_path)
    question = "revenue of " + "abs(" * 450 + "1" + ")" * 450
    with moat.open(demo_path, user=ANALYST) as s:
        answer = s.ask(question)
        assert answer.narrative
    env = {**os.environ, "MOAT_ASK_RATE_PER_MINUTE": "1000"}
    done = subprocess.run([sys.executable, "-m", "moat", "--db", str(demo_path), "ask", question, "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "RecursionError" not in done.stderr and "Traceback" not in done.stderr
    assert done.returncode in (0, 1, 2), done.stderr
    if done.returncode == 0:
        assert json.loads(done.stdout)["narrative"]
