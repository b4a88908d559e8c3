"""A DuckDB-connection-like client of the owner's service, for a second app server on the same database.

An app server (``streamlit run``) that finds its database owned by another MoatMetrics process (another app
server, or ``moat serve``) cannot open the file. Its pages and the ``moat`` functions they call run dozens of
queries per render on a connection (``execute``/``fetchall``, ``sql(...).pl()``, ``cursor()``, ``register``,
``BEGIN``/``COMMIT``), so the service proxies that connection API: each ``RemoteConnection`` is one cursor held
in the owner (``moat.service.cursors``), every statement runs there on that cursor, inside whatever transaction
the client began, and the result comes back as Arrow. So the app's own code runs unchanged in the second
server: permission checks and audit rows as the signed-in user, ``db.atomic`` transactions, conflict retries
(a conflict comes back as the same DuckDB exception with the same message), read snapshots per page run.

The subset implemented is what ``moat`` uses (found by grepping every call on a connection): ``execute``,
``fetchall``/``fetchone``/``fetchmany``, ``description``, ``sql(...)`` returning a relation with ``pl``/
``to_arrow_table``/``fetchall``, ``cursor``, ``register``/``unregister`` of polars or Arrow frames,
``begin``/``commit``/``rollback`` and ``close``. Anything else raises ``NotImplementedError`` naming it.

Fidelity: results travel as Arrow IPC with each column's DuckDB type; ``fetchall`` turns them into Python
values by casting them back to those types in a private in-memory DuckDB, so a ``sum()`` is an ``int`` (not the
``Decimal`` Arrow would give a HUGEINT) and an INTERVAL a ``timedelta``, exactly as the owner's own cursor
returns them (``tests/service/test_remote_db.py`` compares both).

Who may use it: whoever can read the owner-only endpoint file's secret, which is the access opening the database
file itself takes (the same OS account). It is the database connection of an app server, not a user credential:
the app server checks its signed-in users itself, in ``moat/``, exactly as the owner does.
"""

from __future__ import annotations

import atexit
import http.client
import io
import json
import os
import queue
import socket
import struct
import threading
import uuid
import weakref
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import polars as pl
import pyarrow as pa

from moat import db
from moat.errors import MoatError
from moat.service import endpoint, wire

ROUTE = "/v1/db"
_LOCAL_DB: Any = None  # a private in-memory DuckDB, for fetchall's type-faithful conversion
_LOCAL_LOCK = threading.Lock()


def pack(meta: dict[str, Any], payload: bytes = b"") -> bytes:
    """One message on the wire: 4-byte length, the JSON header, then the (Arrow IPC) payload."""
    head = json.dumps(meta).encode("utf-8")
    return struct.pack(">I", len(head)) + head + payload


def unpack(body: bytes) -> tuple[dict[str, Any], bytes]:
    (size,) = struct.unpack(">I", body[:4])
    return json.loads(body[4:4 + size]), body[4 + size:]


def table_bytes(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def table_from(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(io.BytesIO(data)).read_all()


def remote_error(err: dict[str, Any]) -> db.Error:
    """The owner's DuckDB error as the same class here (``db.transaction`` translates conflicts by message)."""
    return db.error_class(str(err.get("type")))(str(err.get("message")))


_ConnectionException = db.error_class("ConnectionException")
_InvalidInput = db.error_class("InvalidInputException")


class NotAvailable(AttributeError, NotImplementedError):
    """A connection method ``moat`` does not use, so the service does not carry it (``hasattr`` says False)."""


class OwnerGone(MoatError, _ConnectionException):  # type: ignore[misc, valid-type]
    """The owning process stopped answering (restarted or killed): its cursors, and this one, are gone.

    A ``MoatError`` so a page shows its sentence and hint, and DuckDB's ``ConnectionException`` so code that
    rolls back on DuckDB errors (``db.transaction``) treats it as the lost connection it is."""

    def __init__(self, target: str, ep: endpoint.Endpoint, err: BaseException) -> None:
        MoatError.__init__(self, f"the MoatMetrics service of {target} ({ep.describe()}) stopped answering ({err})",
                           "reload the page: this app server then finds the new owner, or opens the database itself")


class _Transport:
    """Pooled keep-alive HTTP connections to one owner's service; every request carries the secret."""

    def __init__(self, ep: endpoint.Endpoint, target: str) -> None:
        self.endpoint = ep
        self.target = target
        self._pool: queue.LifoQueue[http.client.HTTPConnection] = queue.LifoQueue()
        self._closed_ids: list[str] = []  # cursors collected without close(): closed with the next request
        self._closed_lock = threading.Lock()
        self.client = f"app server pid {os.getpid()}"
        self.gone = False  # the owner stopped answering: ``shared.Joined`` then finds (or becomes) the new owner
        self.open: weakref.WeakSet[RemoteConnection] = weakref.WeakSet()  # closed at exit (else held 15 min there)
        atexit.register(self.close_all)

    def close_all(self) -> None:
        """Close every cursor this process still holds in the owner, in one request (at exit)."""
        ids = [c._id for c in list(self.open) if c._id is not None and not c._closed]
        with self._closed_lock:
            ids += self._closed_ids
            self._closed_ids = []
        if ids and not self.gone:
            try:
                self.request({"op": "close_many", "cursors": ids})
            except Exception:  # the owner is gone or going: its reaper closes them
                pass

    def forget(self, cursor_id: str) -> None:
        with self._closed_lock:
            self._closed_ids.append(cursor_id)

    def request(self, meta: dict[str, Any], payload: bytes = b"") -> tuple[dict[str, Any], bytes]:
        with self._closed_lock:
            if self._closed_ids:
                meta = {**meta, "also_close": self._closed_ids}
                self._closed_ids = []
        body = pack(meta, payload)
        headers = {"X-Moat-Secret": self.endpoint.secret, "Content-Type": "application/octet-stream",
                   "X-Moat-Client": self.client}
        for attempt in (0, 1):
            try:
                conn = self._pool.get_nowait()
                reused = True
            except queue.Empty:
                conn = http.client.HTTPConnection(self.endpoint.host, self.endpoint.port, timeout=None)
                reused = False
                try:
                    conn.connect()
                    # http.client sends the headers and the body in two writes: with Nagle's algorithm on, the
                    # second waits for the delayed ACK of the first, 40 ms per statement (measured: 48 ms a SELECT 1).
                    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                except OSError as err:
                    self.gone = True
                    raise OwnerGone(self.target, self.endpoint, err) from err
            try:
                conn.request("POST", ROUTE, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as err:
                conn.close()
                # A pooled connection the server dropped: the request never ran. Any other failure may have.
                if reused and attempt == 0:
                    continue
                self.gone = True
                raise OwnerGone(self.target, self.endpoint, err) from err
            except OSError as err:
                conn.close()
                self.gone = True
                raise OwnerGone(self.target, self.endpoint, err) from err
            if resp.status != 200:
                conn.close()
                raise _ConnectionException(f"the MoatMetrics service refused the request (HTTP {resp.status}): "
                                                 f"{data[:300].decode('utf-8', 'replace')}")
            self._pool.put(conn)
            reply, rest = unpack(data)
            if "error" in reply:
                raise remote_error(reply["error"])
            return reply, rest
        raise AssertionError("unreachable")


class _Result:
    """A statement's result: an Arrow table plus each column's DuckDB type, read from the front."""

    def __init__(self, table: pa.Table | None, types: list[str]) -> None:
        self.table = table
        self.types = types
        self.offset = 0
        self._rows: list[tuple[Any, ...]] | None = None

    def rows(self) -> list[tuple[Any, ...]]:
        if self._rows is None:
            self._rows = python_rows(self.table, self.types) if self.table is not None else []
        return self._rows


# Types whose Arrow values are already what DuckDB's fetchall returns (int, float, str, bool, date, time, naive
# datetime, Decimal, bytes); every other type (HUGEINT, INTERVAL, UUID, JSON, time zones, nested) is cast back.
_SAME_IN_ARROW = frozenset({"BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER",
                            "UBIGINT", "FLOAT", "DOUBLE", "VARCHAR", "DATE", "TIME", "TIMESTAMP", "BLOB"})


def python_rows(table: pa.Table, types: list[str]) -> list[tuple[Any, ...]]:
    """Rows as DuckDB's own ``fetchall`` gives them: the Arrow columns cast back to their DuckDB types locally."""
    if table.num_columns == 0:
        return []
    if all(kind in _SAME_IN_ARROW or kind.startswith("DECIMAL(") for kind in types):
        return list(zip(*(column.to_pylist() for column in table.columns), strict=True))
    with _LOCAL_LOCK:
        global _LOCAL_DB
        if _LOCAL_DB is None:
            _LOCAL_DB = db.connect(":memory:", migrate=False)
    local = db.cursor(_LOCAL_DB)  # one in-memory database per process, a cursor per conversion (any thread)
    names = [f"c{i}" for i in range(table.num_columns)]
    try:
        local.register("_moat_remote", table.rename_columns(names))
        select = ", ".join(f"CAST({name} AS {kind})" if kind else name for name, kind in zip(names, types, strict=True))
        return local.execute(f"SELECT {select} FROM _moat_remote").fetchall()
    finally:
        local.close()


class RemoteRelation:
    """What ``sql(query)`` returns: the query's result, fetched when it was run (as DuckDB runs writes at once)."""

    def __init__(self, result: _Result) -> None:
        self._result = result

    def pl(self, *args: Any, **kwargs: Any) -> pl.DataFrame:
        return pl.from_arrow(self._result.table, rechunk=False)  # as DuckDB's own relation.pl()

    def to_arrow_table(self, *args: Any, **kwargs: Any) -> pa.Table:
        return self._result.table

    arrow = to_arrow_table

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._result.rows()

    def fetchone(self) -> tuple[Any, ...] | None:
        rows = self._result.rows()
        return rows[0] if rows else None

    def df(self) -> Any:
        return self._result.table.to_pandas()

    @property
    def columns(self) -> list[str]:
        return list(self._result.table.column_names)

    @property
    def types(self) -> list[str]:
        return list(self._result.types)

    def __getattr__(self, name: str) -> Any:
        raise NotAvailable(f"relation.{name} is not available through the MoatMetrics service")


class RemoteConnection:
    """One cursor held in the owner's process; the DuckDB connection methods ``moat`` uses, run there.

    Not thread-safe, like a DuckDB cursor: share the root connection by taking a ``cursor()`` per thread.
    """

    def __init__(self, transport: _Transport) -> None:
        self._transport = transport
        self._id: str | None = None
        self._result: _Result | None = None
        self._closed = False
        self._finalizer: Any = None

    # --- identity ------------------------------------------------------------------------------------------------
    @property
    def remote(self) -> endpoint.Endpoint:
        return self._transport.endpoint

    def __repr__(self) -> str:
        return f"<moat RemoteConnection {self._transport.target} via {self._transport.endpoint.describe()}>"

    # --- the cursor in the owner ---------------------------------------------------------------------------------
    def _cursor_id(self) -> str:
        if self._closed:
            raise _ConnectionException("Connection already closed!")
        if self._id is None:
            reply, _ = self._transport.request({"op": "open"})
            self._adopt(str(reply["cursor"]))
        assert self._id is not None
        return self._id

    def _adopt(self, cursor_id: str) -> None:
        """This object is now the cursor ``cursor_id`` in the owner (closed when it is collected, or at exit)."""
        self._id = cursor_id
        self._finalizer = weakref.finalize(self, self._transport.forget, cursor_id)
        self._transport.open.add(self)

    def _run(self, op: str, payload: bytes = b"", **meta: Any) -> tuple[dict[str, Any], bytes]:
        return self._transport.request({"op": op, "cursor": self._cursor_id(), **meta}, payload)

    def _statement(self, sql: str, params: Any) -> _Result:
        meta = {"op": "execute", "sql": sql, "params": wire.encode(params) if params is not None else None}
        if self._id is None:  # the cursor opens with its first statement: one request, not two
            if self._closed:
                raise _ConnectionException("Connection already closed!")
            reply, data = self._transport.request({**meta, "cursor": None})
            self._adopt(str(reply["cursor"]))
        else:
            reply, data = self._transport.request({**meta, "cursor": self._id})
        table = table_from(data) if reply.get("has_result") else None
        return _Result(table, list(reply.get("types") or []))

    # --- DB-API --------------------------------------------------------------------------------------------------
    def execute(self, query: str, parameters: Any = None) -> RemoteConnection:
        self._result = None
        self._result = self._statement(str(query), _plain(parameters))
        return self

    def fetchall(self) -> list[tuple[Any, ...]]:
        if self._result is None:
            raise _InvalidInput("No open result set")
        rows = self._result.rows()[self._result.offset:]
        self._result.offset += len(rows)
        return rows

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._result is None:
            raise _InvalidInput("No open result set")
        rows = self._result.rows()
        if self._result.offset >= len(rows):
            return None
        self._result.offset += 1
        return rows[self._result.offset - 1]

    def fetchmany(self, size: int = 1) -> list[tuple[Any, ...]]:
        if self._result is None:
            raise _InvalidInput("No open result set")
        rows = self._result.rows()[self._result.offset:self._result.offset + size]
        self._result.offset += len(rows)
        return rows

    @property
    def description(self) -> list[tuple[Any, ...]] | None:
        if self._result is None or self._result.table is None:
            return None
        return [(name, kind, None, None, None, None, None)
                for name, kind in zip(self._result.table.column_names, self._result.types, strict=True)]

    def to_arrow_table(self, *args: Any, **kwargs: Any) -> pa.Table:
        if self._result is None or self._result.table is None:
            raise _InvalidInput("No open result set")
        return self._result.table

    def pl(self, *args: Any, **kwargs: Any) -> pl.DataFrame:
        return pl.from_arrow(self.to_arrow_table(), rechunk=False)

    def df(self) -> Any:
        return self.to_arrow_table().to_pandas()

    fetchdf = df

    def sql(self, query: str, params: Any = None, **kwargs: Any) -> RemoteRelation | None:
        """Run ``query`` now and keep its result (DuckDB 2 returns a relation for every statement: a write's is
        its ``Count``, which it also runs at once)."""
        if kwargs.get("alias"):
            raise NotImplementedError("sql(alias=...) is not available through the MoatMetrics service")
        result = self._statement(str(query), _plain(kwargs.get("parameters", params)))
        return RemoteRelation(result) if result.table is not None else None

    query = sql

    def begin(self) -> RemoteConnection:
        return self.execute("BEGIN TRANSACTION")

    def commit(self) -> RemoteConnection:
        return self.execute("COMMIT")

    def rollback(self) -> RemoteConnection:
        return self.execute("ROLLBACK")

    def register(self, name: str, data: Any) -> RemoteConnection:
        """Make a local frame visible to this cursor's queries as ``name`` (sent once, as Arrow)."""
        self._run("register", table_bytes(_arrow(data)), name=str(name))
        return self

    def unregister(self, name: str) -> RemoteConnection:
        self._run("unregister", name=str(name))
        return self

    def cursor(self) -> RemoteConnection:
        """A new cursor in the owner (its own transaction), as ``DuckDBPyConnection.cursor``."""
        if self._closed:
            raise _ConnectionException("Connection already closed!")
        return RemoteConnection(self._transport)

    def close(self) -> None:
        """Close the cursor in the owner (an open transaction there is rolled back)."""
        if self._closed:
            return
        self._closed = True
        self._result = None
        if self._id is not None:
            if self._finalizer is not None:
                self._finalizer.detach()
            try:
                self._transport.request({"op": "close", "cursor": self._id})
            except db.Error:  # the owner is gone: so is the cursor
                pass

    def __enter__(self) -> RemoteConnection:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        raise NotAvailable(f"connection.{name} is not available through the MoatMetrics service "
                           "(a second app server's connection); see moat/service/remote_db.py")


_PARAM_TYPES = (type(None), bool, int, float, str, bytes, bytearray, date, time, timedelta, Decimal, uuid.UUID)


def _plain(params: Any) -> Any:
    """Statement parameters, checked to be values the wire carries as themselves (never as their text)."""
    if params is None:
        return None
    values = dict(params) if isinstance(params, dict) else list(params)
    for value in values.values() if isinstance(values, dict) else values:
        _check_param(value)
    return values


def _check_param(value: Any) -> None:
    if isinstance(value, (list, tuple)):
        for inner in value:
            _check_param(inner)
    elif isinstance(value, dict):
        for inner in value.values():
            _check_param(inner)
    elif not isinstance(value, _PARAM_TYPES):
        raise NotImplementedError(f"a {type(value).__name__} parameter is not available through the MoatMetrics "
                                  "service; pass a plain value (number, text, date, Decimal, bytes)")


def _arrow(data: Any) -> pa.Table:
    if isinstance(data, pl.DataFrame):
        return data.to_arrow()
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    to_arrow = getattr(data, "to_arrow", None)
    if to_arrow is not None:
        return to_arrow()
    raise NotImplementedError(f"register() of a {type(data).__name__} is not available through the MoatMetrics "
                              "service: pass a polars frame or an Arrow table")


def connect(ep: endpoint.Endpoint, target: str) -> RemoteConnection:
    """The root connection of a second app server: a client of ``ep``; its cursors are the pages' cursors."""
    return RemoteConnection(_Transport(ep, target))
