"""The only door from the question path to DuckDB: one read-only SELECT over allow-listed views and functions.

Why a separate database instance: DuckDB settings such as ``enable_external_access`` and ``lock_configuration``
belong to the database *instance*, not to a connection or cursor (verified on DuckDB 2.0.1: ``SET
enable_external_access=false`` on a cursor also blocks ``read_csv`` on the app's main connection, and a locked
configuration could never be unlocked for it). So the question path never touches the app's connection for
queries: a ``Sandbox`` copies the current data (the ``cur_*`` views) into a private in-memory instance once per
data version, then disables external access and locks the configuration. Even a query that slipped past the
checks below could not read files, attach databases, copy out, install extensions or change the original data.

Every statement is checked before it runs (``check``):
- no comments and no ``;`` (one statement only), scanning outside string literals;
- exactly one statement, a SELECT (DuckDB's ``json_serialize_sql`` serialises only SELECT, so DDL, DML,
  PRAGMA, COPY, ATTACH, EXPLAIN... are refused);
- its syntax tree (``json_serialize_sql``) names only allow-listed tables (plus the query's own CTEs) and
  allow-listed functions, so ``read_csv('/etc/passwd')``, ``FROM '/etc/passwd'``, ``query(...)``, ``getenv``
  are refused by name before DuckDB would refuse them by configuration.
It then runs on a fresh cursor with a row limit and a timeout (``interrupt`` from a timer thread), because DuckDB
has no statement timeout of its own.

The metric functions of ``moat.metrics`` are called with a ``SafeConnection`` in place of a DuckDB connection:
their SQL is the reviewed template SQL, and it passes through exactly the same checks as anything else.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from moat import db
from moat.errors import UnsafeQuery
from moat.snapshots import data_version

# The views every metric reads; the sandbox holds copies of exactly these (as tables of the same name).
ALLOWED_TABLES = frozenset(
    {"cur_clients", "cur_technicians", "cur_time_entries", "cur_invoices", "cur_costs", "cur_licenses"}
)

# Functions and operators the reviewed templates use, plus harmless arithmetic/aggregates. Anything that can
# reach outside the data (read_*, glob, query, getenv, current_setting, ...) is absent on purpose.
ALLOWED_FUNCTIONS = frozenset({
    "+", "-", "*", "/", "//", "%", "||", "~~", "!~~", "~~*", "!~~*",
    "abs", "any_value", "avg", "coalesce", "count", "count_star", "date_part", "date_trunc", "day", "first",
    "generate_series", "greatest", "isodow", "last", "least", "length", "lower", "max", "median", "min",
    "month", "nullif", "quarter", "round", "row_number", "strftime", "sum", "to_days", "to_months", "trim",
    "trunc", "unnest", "upper", "year", "contains", "prefix", "suffix", "concat", "rank", "dense_rank",
    "last_day", "list_value",  # moat.analytics.evidence's client x month SQL (risk and unusual-month answers)
})

MAX_SQL_CHARS = 50_000
DEFAULT_ROW_LIMIT = 10_000
DEFAULT_TIMEOUT_S = 10.0


def _refuse(reason: str) -> UnsafeQuery:
    return UnsafeQuery(
        f"query refused: {reason}",
        "questions run only the reviewed read-only templates; rephrase the question instead of writing SQL",
    )


def _lexical_check(sql: str) -> None:
    """Refuse comments, ``;``, dollar-quoted and escape strings, scanning outside string literals only.

    A hand-written scanner (not DuckDB's tokenizer) keeps ``duckdb`` imported only in ``moat.db``; anything it
    does not understand is refused rather than guessed at.
    """
    if not sql or not sql.strip():
        raise _refuse("empty statement")
    if len(sql) > MAX_SQL_CHARS:
        raise _refuse(f"statement longer than {MAX_SQL_CHARS} characters")
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":
            close = sql.find(c, i + 1)
            while close != -1 and close + 1 < n and sql[close + 1] == c:  # '' and "" are escapes
                close = sql.find(c, close + 2)
            if close == -1:
                raise _refuse("unterminated quote")
            i = close + 1
            continue
        if sql.startswith(("--", "/*", "*/"), i):
            raise _refuse("comments are not allowed")
        if c == ";":
            raise _refuse("only one statement is allowed (found ';')")
        if c == "$" and not (i + 1 < n and sql[i + 1].isdigit()):
            raise _refuse("dollar-quoted strings are not allowed")
        if c in "eE" and i + 1 < n and sql[i + 1] == "'" and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")):
            raise _refuse("escape strings (E'...') are not allowed")
        i += 1


@dataclass
class _Names:
    tables: set[str] = field(default_factory=set)  # tables referenced that are not a CTE in scope where they appear
    qualified: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)
    writes: set[str] = field(default_factory=set)  # data-changing nodes (a DELETE / UPDATE / INSERT inside a CTE)


# DuckDB serialises a data-changing statement placed in a CTE (``WITH x AS (DELETE ... RETURNING ...) SELECT ...``)
# as a SELECT holding a ``*_QUERY_NODE``; the outer SELECT would pass every other check, so these are refused by type.
_WRITE_NODE_SUFFIX = "_QUERY_NODE"

# How deep the serialised syntax tree may nest (dict/list levels). The reviewed templates stay far below it (about
# 40); a query nested deeper (``abs(abs(...))`` hundreds of times) is refused, never walked by recursion (F10).
MAX_TREE_DEPTH = 600


def _too_deep() -> UnsafeQuery:
    return _refuse("nested too deeply")


def _walk(root: Any, names: _Names) -> None:
    """Collect the names ``root`` uses, resolving CTE names per scope (F16), with an explicit stack.

    A ``BASE_TABLE`` is one of the query's own CTEs only where DuckDB binds it to one: inside the node whose
    ``cte_map`` defines it (its body, its later CTEs), never outside that node (a CTE in a subquery does not hide
    the outer query's table of the same name), never before its definition in the same WITH, never in its own
    definition unless it is the recursive branch of a ``WITH RECURSIVE`` union, and never when schema- or
    catalog-qualified (``main.x`` is the table, not the CTE). Verified against DuckDB 2.0.1's binder with real
    tables shadowed by CTEs of the same name (tests/security/test_h55_sql_checker.py).
    """
    # (node, CTE names in scope, depth, name of the recursive CTE whose definition this node is)
    stack: list[tuple[Any, frozenset[str], int, str | None]] = [(root, frozenset(), 0, None)]
    while stack:
        node, scope, depth, recursive = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise _too_deep()
        if isinstance(node, list):
            stack.extend((value, scope, depth + 1, None) for value in node)
            continue
        if not isinstance(node, dict):
            continue
        kind = str(node.get("type", ""))
        if kind.endswith(_WRITE_NODE_SUFFIX):
            names.writes.add(kind.removesuffix(_WRITE_NODE_SUFFIX))
        if kind == "BASE_TABLE":
            table = str(node.get("table_name", "")).lower()
            qualified = bool(node.get("catalog_name")) or node.get("schema_name") not in ("", None)
            if qualified or table not in scope:
                names.tables.add(table)
            if node.get("catalog_name") or node.get("schema_name") not in ("", "main", None):
                names.qualified.add(f"{node.get('catalog_name')}.{node.get('schema_name')}.{node.get('table_name')}")
        if "function_name" in node:
            names.functions.add(str(node["function_name"]).lower())
            if node.get("schema") or node.get("catalog"):
                names.qualified.add(f"{node.get('catalog')}.{node.get('schema')}.{node['function_name']}")
        inner = scope
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict):
            for entry in cte_map.get("map", []) or []:
                key = str(entry.get("key", "")).lower() if isinstance(entry, dict) else ""
                value = entry.get("value") if isinstance(entry, dict) else entry
                if isinstance(value, dict):  # this CTE sees the enclosing scope and the CTEs defined before it
                    for name, part in value.items():
                        own = key if name == "query_node" and isinstance(part, dict) else None
                        stack.append((part, inner, depth + 2, own))
                else:
                    stack.append((value, inner, depth + 2, None))
                if key:
                    inner = inner | {key}
        elif cte_map is not None:
            stack.append((cte_map, scope, depth + 1, None))
        for name, value in node.items():
            if name == "cte_map" or not isinstance(value, (dict, list)):
                continue
            if kind == "RECURSIVE_CTE_NODE" and name in ("left", "right"):
                # only the recursive branch of WITH RECURSIVE sees the CTE itself; the anchor (left) reads tables
                own_name = str(node.get("cte_name", "")).lower()
                sees_itself = name == "right" and recursive is not None and own_name == recursive
                stack.append((value, inner | {recursive} if sees_itself else inner, depth + 1, None))
            else:
                stack.append((value, inner, depth + 1, None))


def check(sql: str, parser: db.Connection | None = None) -> None:
    """Raise ``UnsafeQuery`` unless ``sql`` is one comment-free SELECT over allowed tables and functions."""
    _lexical_check(sql)
    own = parser is None
    con = parser if parser is not None else db.connect(":memory:", migrate=False)
    try:
        text = db.scalar(con, "SELECT json_serialize_sql(?)", [sql])
    finally:
        if own:
            con.close()
    try:
        tree = json.loads(text)
    except RecursionError as err:  # a legal but absurdly nested SELECT: refused, never a bare RecursionError
        raise _too_deep() from err
    if tree.get("error"):  # DuckDB serialises SELECT only: DDL, DML, PRAGMA, COPY, ATTACH, EXPLAIN end here
        raise _refuse(tree.get("error_message", "cannot be analysed"))
    if len(tree.get("statements", [])) != 1:
        raise _refuse("exactly one statement is allowed")
    names = _Names()
    _walk(tree["statements"], names)
    if names.writes:
        raise _refuse(f"only reading is allowed, not {', '.join(sorted(names.writes))}")
    if names.qualified:
        raise _refuse(f"qualified names are not allowed: {', '.join(sorted(names.qualified))}")
    bad_tables = names.tables - ALLOWED_TABLES - {""}
    if bad_tables:
        raise _refuse(f"tables not allowed: {', '.join(sorted(bad_tables))}")
    bad_functions = names.functions - ALLOWED_FUNCTIONS
    if bad_functions:
        raise _refuse(f"functions not allowed: {', '.join(sorted(bad_functions))}")


def strip_comments(sql: str) -> str:
    """Remove ``--`` line comments outside string literals (used only on reviewed templates, see below)."""
    out, i, n = [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":
            close = sql.find(c, i + 1)
            while close != -1 and close + 1 < n and sql[close + 1] == c:
                close = sql.find(c, close + 2)
            close = n - 1 if close == -1 else close
            out.append(sql[i:close + 1])
            i = close + 1
            continue
        if sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end == -1 else end
            continue
        out.append(c)
        i += 1
    return "".join(out)


_REVIEWED: dict[str, str] | None = None


def reviewed_templates() -> dict[str, str]:
    """SQL constants of the ``moat.metrics`` modules -> the same text without comments.

    The metric modules document their SQL with ``--`` comments; those texts are code reviewed in this
    repository, recognised here by exact text, and only their comments are removed before the full check.
    Any other SQL with a comment is refused.
    """
    global _REVIEWED
    if _REVIEWED is None:
        import importlib
        import pkgutil

        import moat.metrics as package

        found: dict[str, str] = {}
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"moat.metrics.{info.name}")
            for name, value in vars(module).items():
                if name.isupper() and isinstance(value, str) and "SELECT" in value:
                    found[value] = strip_comments(value)
        _REVIEWED = found
    return _REVIEWED


def _sandbox_memory_mb(instance: Any) -> int:
    """The in-process sandbox's DuckDB ``memory_limit`` (questions): its copy of the data plus ``query_memory_mb``."""
    from moat import config as config_mod

    loaded = instance.execute("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()").fetchall()[0][0]
    return int(loaded // (1024 * 1024)) + int(config_mod.current().query_memory_mb)


class Sandbox:
    """A locked, in-memory DuckDB instance holding a copy of the current data of one database version."""

    def __init__(self, source: db.Connection) -> None:
        self.instance = db.connect(":memory:", migrate=False)
        for name in sorted(ALLOWED_TABLES):
            table = source.sql(f"SELECT * FROM {name}").to_arrow_table()  # name from the allow-list
            self.instance.register("_moat_src", table)
            self.instance.execute(f"CREATE TABLE {name} AS SELECT * FROM _moat_src")
            self.instance.unregister("_moat_src")
        self.instance.execute(f"SET memory_limit = '{_sandbox_memory_mb(self.instance)}MB'")  # issue 18: limited too
        self.instance.execute("SET max_temp_directory_size = '0KB'")
        self.instance.execute("SET enable_external_access = false")
        self.instance.execute("SET lock_configuration = true")
        self._parser_lock = threading.Lock()
        self._parser = self.instance.cursor()
        self.memo: dict[Any, Any] = {}  # per-version helpers built from this data (the question parser)
        self._on_close: list[Callable[[], None]] = []  # what others built from this version (moat.isolation's copy)
        self._closed = False

    def check(self, sql: str) -> None:
        with self._parser_lock:
            check(sql, self._parser)

    def connection(self, row_limit: int = DEFAULT_ROW_LIMIT, timeout_s: float = DEFAULT_TIMEOUT_S) -> SafeConnection:
        return SafeConnection(self, row_limit, timeout_s)

    @property
    def closed(self) -> bool:
        return self._closed

    def on_close(self, release: Callable[[], None]) -> None:
        """Call ``release`` when this version's sandbox is closed (replaced by a newer one); now if it already is."""
        with self._parser_lock:
            if not self._closed:
                self._on_close.append(release)
                return
        release()

    def close(self) -> None:
        with self._parser_lock:
            self._closed = True
            releases, self._on_close = self._on_close, []
        try:
            self.instance.close()
        finally:
            for release in releases:
                release()


@dataclass
class Executed:
    """One statement that ran: the SQL text and its parameters (shown to the user as "how this was computed")."""

    sql: str
    params: list[Any]
    rows: int


class _Rows:
    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows = rows

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows


class _Frame:
    def __init__(self, df: pl.DataFrame) -> None:
        self._df = df

    def pl(self) -> pl.DataFrame:
        return self._df


class SafeConnection:
    """Quacks like the DuckDB connection ``moat.db.frame/rows/scalar`` expect, but checks and bounds everything."""

    def __init__(self, sandbox: Sandbox, row_limit: int, timeout_s: float) -> None:
        self.sandbox = sandbox
        self.row_limit = row_limit
        self.timeout_s = timeout_s
        self.executed: list[Executed] = []

    def _run(self, sql: str, params: Any) -> pl.DataFrame:
        sql = reviewed_templates().get(sql, sql)
        self.sandbox.check(sql)
        values = list(params or [])
        cursor = self.sandbox.instance.cursor()
        timer = threading.Timer(self.timeout_s, cursor.interrupt)
        timer.start()
        cursor.begin()  # rolled back below: whatever slipped past the checks changes nothing for the next question
        try:
            df = cursor.sql(sql, params=values or None).limit(self.row_limit + 1).pl()
        except db.Error as err:
            if "interrupt" in str(err).lower():
                raise UnsafeQuery(f"query stopped after {self.timeout_s:g} s", "ask about a shorter period or fewer items") from err
            raise
        finally:
            timer.cancel()
            cursor.rollback()
            cursor.close()
        if df.height > self.row_limit:
            raise UnsafeQuery(f"the answer has more than {self.row_limit} rows", "ask for a top N or a shorter period")
        self.executed.append(Executed(sql, values, df.height))
        return df

    def sql(self, sql: str, params: Any = None) -> _Frame:
        return _Frame(self._run(sql, params))

    def execute(self, sql: str, params: Any = None) -> _Rows:
        return _Rows(self._run(sql, params).rows())


_SANDBOXES: OrderedDict[tuple[str, str], Sandbox] = OrderedDict()
_SANDBOX_LOCK = threading.Lock()
_KEEP = 3


def database_identity(con: db.Connection) -> str:
    """Which database ``con`` reads (``db.database_identity``, or a per-connection token for in-memory ones)."""
    return db.database_identity(con) or f"memory:{id(con)}"


def sandbox_for(con: db.Connection, version: str | None = None) -> Sandbox:
    """The sandbox of ``con``'s current data version (built on first use, kept for the last few versions)."""
    key = (database_identity(con), version or data_version(con))
    with _SANDBOX_LOCK:
        found = _SANDBOXES.get(key)
        if found is not None:
            _SANDBOXES.move_to_end(key)
            return found
        box = Sandbox(con)
        _SANDBOXES[key] = box
        evicted = [_SANDBOXES.popitem(last=False)[1] for _ in range(len(_SANDBOXES) - _KEEP)]
    for old in evicted:  # outside the lock: closing waits for a data copy being written (moat.isolation)
        old.close()
    return box
