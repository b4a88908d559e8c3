"""The owner's side of ``remote_db``: cursors held for other app servers, each running their statements.

Each client cursor is a cursor of the owner's connection (``db.cursor``), so it has its own transaction, exactly
like a page's cursor in the owner: a client's ``BEGIN`` ... ``COMMIT`` spans requests, and its read snapshot
lasts for its page run. One statement at a time per cursor (a lock), any number of cursors at once.

A client that dies leaves its cursors here: those idle for the setting ``remote_cursor_idle_s`` (15 minutes by
default; a page run's cursor lives for seconds) are closed (an open transaction is rolled back, so nothing
half-written stays), and a later request on one is refused with a message that says so.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from moat import db
from moat.service import wire
from moat.service.remote_db import table_bytes, table_from

log = logging.getLogger(__name__)

@dataclass
class _Held:
    cursor: Any
    client: str
    lock: threading.Lock = field(default_factory=threading.Lock)
    used: float = field(default_factory=time.monotonic)
    registered: dict[str, Any] = field(default_factory=dict)  # keeps registered Arrow tables alive


class Cursors:
    """The cursors one service holds for its remote app servers."""

    def __init__(self, con: db.Connection, idle_s: float) -> None:
        self.con = con
        self.idle_s = idle_s
        self._held: dict[str, _Held] = {}
        self._expired: set[str] = set()
        self._lock = threading.Lock()
        self.statements = 0
        self._stop = threading.Event()
        self._reaper = threading.Thread(target=self._reap_loop, name="moat-service-cursors", daemon=True)
        self._reaper.start()

    def __len__(self) -> int:
        return len(self._held)

    def handle(self, meta: dict[str, Any], payload: bytes, client: str) -> tuple[dict[str, Any], bytes]:
        """One request: ``open``, ``execute``, ``register``, ``unregister`` or ``close``; errors as DuckDB's."""
        for stale in meta.get("also_close") or []:
            self._close(str(stale))
        op = meta.get("op")
        try:
            if op == "open":
                return {"cursor": self._open(client)}, b""
            if op == "close_many":
                for cursor_id in meta.get("cursors") or []:
                    self._close(str(cursor_id))
                return {}, b""
            if op == "execute" and meta.get("cursor") is None:  # a new cursor's first statement: one request
                return self._open_and_run(meta, payload, client)
            cursor_id = str(meta.get("cursor"))
            if op == "close":
                self._close(cursor_id)
                return {}, b""
            held = self._get(cursor_id)
            with held.lock:
                held.used = time.monotonic()
                try:
                    return self._run(held, op, meta, payload)
                finally:
                    held.used = time.monotonic()
        except db.Error as err:
            return {"error": {"type": type(err).__name__, "message": str(err)}}, b""

    def _open(self, client: str) -> str:
        cursor_id = secrets.token_hex(12)
        held = _Held(db.cursor(self.con), client)
        with self._lock:
            self._held[cursor_id] = held
        return cursor_id

    def _open_and_run(self, meta: dict[str, Any], payload: bytes, client: str) -> tuple[dict[str, Any], bytes]:
        """Open a cursor and run its first statement; if that fails, the cursor is closed again (its client never
        learnt its id, and a cursor whose only statement failed holds nothing)."""
        cursor_id = self._open(client)
        held = self._get(cursor_id)
        try:
            with held.lock:
                reply, data = self._run(held, "execute", meta, payload)
        except BaseException:
            self._close(cursor_id)
            raise
        return {**reply, "cursor": cursor_id}, data

    def _get(self, cursor_id: str) -> _Held:
        with self._lock:
            held = self._held.get(cursor_id)
            expired = cursor_id in self._expired
        if held is None:
            if expired:
                raise db.error_class("ConnectionException")(
                    f"this connection was closed after {self.idle_s:.0f} s without use (its open transaction, if any, "
                    "was rolled back); reload the page")
            raise db.error_class("ConnectionException")("unknown connection: the MoatMetrics service was restarted; reload the page")
        return held

    def _run(self, held: _Held, op: Any, meta: dict[str, Any], payload: bytes) -> tuple[dict[str, Any], bytes]:
        cur = held.cursor
        if op == "execute":
            self.statements += 1
            params = wire.decode(meta.get("params")) if meta.get("params") is not None else None
            rel = cur.sql(str(meta.get("sql")), params=params)
            if rel is None:  # not a query: it ran (DuckDB runs other statements at once)
                return {"has_result": False}, b""
            types = [str(t) for t in rel.types]
            table = rel.to_arrow_table()
            return {"has_result": True, "types": types}, table_bytes(table)
        if op == "register":
            name = str(meta.get("name"))
            table = table_from(payload)
            cur.register(name, table)
            held.registered[name] = table
            return {}, b""
        if op == "unregister":
            name = str(meta.get("name"))
            cur.unregister(name)
            held.registered.pop(name, None)
            return {}, b""
        raise db.error_class("InvalidInputException")(f"unknown operation {op!r}")

    def _close(self, cursor_id: str) -> None:
        with self._lock:
            held = self._held.pop(cursor_id, None)
        if held is None:
            return
        with held.lock:  # a statement still running on it ends first
            try:
                held.cursor.close()  # an open transaction is rolled back
            except db.Error as err:
                log.debug("closing a remote cursor: %s", err)

    def _reap_loop(self) -> None:
        while not self._stop.wait(min(60.0, self.idle_s / 4)):
            self.reap()

    def reap(self) -> int:
        """Close the cursors idle for ``idle_s`` (their client went away); returns how many."""
        now = time.monotonic()
        with self._lock:
            stale = [k for k, h in self._held.items() if now - h.used > self.idle_s and not h.lock.locked()]
            self._expired.update(stale)
        for cursor_id in stale:
            log.info("closing a remote app server's cursor idle for %.0f s", self.idle_s)
            self._close(cursor_id)
        return len(stale)

    def close_all(self) -> None:
        self._stop.set()
        with self._lock:
            ids = list(self._held)
        for cursor_id in ids:
            self._close(cursor_id)
