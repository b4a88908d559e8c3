"""DuckDB connections and schema migrations: the only module that imports ``duckdb`` directly.

``connect`` accepts a file path, ``:memory:`` or any DuckDB URL (``md:``...), because one MSP may outgrow a
local file and run several app servers on a shared DuckDB service; nothing here assumes a local file except
creating the parent folder when the target is one.

Migrations are the numbered ``moat/migrations/NNN_name.sql`` files, applied in order inside one transaction
each; ``schema_version`` records what ran. A database newer than this code is refused rather than guessed at.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import duckdb
import polars as pl

from moat.errors import DatabaseBusy, DiskFull, MoatError, SchemaVersionError, WriteConflict
from moat.fileperms import protect_database

T = TypeVar("T")

log = logging.getLogger(__name__)

Connection = duckdb.DuckDBPyConnection
Error = duckdb.Error


def error_class(name: str) -> type[Error]:
    """DuckDB's exception class called ``name`` (else ``Error``): a second app server raises the owner's error as
    the same class (``moat.service.remote_db``), so ``transaction`` and callers treat it as they would locally."""
    cls = getattr(duckdb, name, None)
    return cls if isinstance(cls, type) and issubclass(cls, duckdb.Error) else duckdb.Error

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with this code, in order."""
    found = []
    for entry in resources.files("moat.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise MoatError(f"duplicate migration numbers in moat/migrations: {versions}")
    return found


def latest_version() -> int:
    return migrations()[-1][0]


def is_local_file(target: str) -> bool:
    return target != ":memory:" and not target.startswith(("md:", "motherduck:")) and "://" not in target


# Databases this process owns and serves to others (``moat.service``): path -> the owner's connection.
_OWNED: dict[str, Connection] = {}


def _key(target: str) -> str:
    return str(Path(target).expanduser().resolve())


def register_owner(target: str | Path, con: Connection) -> None:
    """Record that ``con`` owns the file ``target`` in this process, so ``connect`` here hands out its cursors."""
    _OWNED[_key(str(target))] = con


def unregister_owner(target: str | Path) -> None:
    _OWNED.pop(_key(str(target)), None)


_CURSOR_LOCK = threading.Lock()


def cursor(con: Connection) -> Connection:
    """A new cursor of a connection that several threads share (the app's, the service's).

    DuckDB 2 refuses a call on a connection that is busy with another one, ``cursor()`` included, instead of
    waiting ("connection is busy with another call"): four commands forwarded at once failed that way. Shared
    connections are only ever used to make cursors, one thread at a time, here.
    """
    with _CURSOR_LOCK:
        return con.cursor()


def owner_connection(target: str | Path) -> Connection | None:
    """The connection of this process that owns (and serves) ``target``, if any."""
    return _OWNED.get(_key(str(target))) if is_local_file(str(target)) else None


def holder(target: str | Path, err: BaseException | None = None) -> str:
    """Which process holds ``target``, in words: the MoatMetrics service's endpoint file, else DuckDB's lock error."""
    from moat.service import endpoint

    ep = endpoint.read(target)
    if ep is not None:
        return ep.describe()
    match = re.search(r"held in (.*?) \(PID (\d+)\)", str(err or ""))
    if not match:
        return "another process"
    pid = int(match.group(2))
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        cmdline = match.group(1)
    return f"process {pid} ({cmdline[:160] or match.group(1)})"


# How long ``connect`` waits for a holder by default: `moat --wait SECONDS` sets it for one command's process.
DEFAULT_WAIT_S = 0.0


def connect(target: str | Path, *, read_only: bool = False, migrate: bool = True, wait_s: float | None = None) -> Connection:
    """Open ``target`` and bring its schema up to date (unless ``read_only`` or ``migrate=False``).

    ``wait_s``: while another process holds the file, keep trying this long before ``DatabaseBusy`` (the app
    waits for a scheduled `moat ingest` that started before it, and then shares the file with the next ones).

    In the process that owns and serves the file (``moat.service``), this is a new cursor of the owner's
    connection: DuckDB refuses a second connection to the same file with other options (read-only) in one
    process, and the owner's schema is already current. Closing the cursor leaves the owner open.
    """
    target = str(target)
    created: Path | None = None
    if "://" in target:  # https://, s3://...: DuckDB would fetch it over the network (h42 F17)
        raise MoatError(f"the database {target!r} is a URL; MoatMetrics opens a local file (or md: with MotherDuck "
                        "installed) and never reaches the network at run time",
                        "copy the database to this machine and pass its path with --db (or db_path)")
    if is_local_file(target):
        owned = owner_connection(target)
        if owned is not None:
            return cursor(owned)
        path = Path(target).expanduser()
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        target = str(path)
        protect_database(path)  # owner-only database and WAL (issue 18)
        created = None if path.exists() else path
    deadline = time.monotonic() + (DEFAULT_WAIT_S if wait_s is None else wait_s)
    while True:
        try:
            con = duckdb.connect(target, read_only=read_only)
            break
        except duckdb.IOException as err:
            if "lock" not in str(err).lower() or time.monotonic() >= deadline:
                _refuse(target, err)
            time.sleep(0.5)
    if created is not None:  # a new file: the umask set its mode, but file_group's group only protect() gives
        protect_database(created)
    # DuckDB draws a progress bar on stdout (a pipe too) for any statement over 2 s: it would land in the middle of
    # `moat ingest --json` output when a million-row commit runs long, and its thread costs CPU
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.InvalidInputException:
        pass  # in a Jupyter kernel without ipywidgets DuckDB refuses to touch the setting; there it draws no bar anyway
    # No network at run time (h42 F17): a query or path needing an extension that is not installed fails instead of
    # downloading it; community extensions are never loaded. (Installed ones, e.g. motherduck for md:, still load.)
    for setting in ("autoinstall_known_extensions", "allow_community_extensions"):
        try:
            con.execute(f"SET {setting} = false")
        except duckdb.Error:  # a setting this DuckDB cannot change once running: it is off by the connect below
            pass
    if migrate and not read_only:
        upgrade(con)
    else:
        check_version(con)
    return con


def _refuse(target: str, err: duckdb.IOException) -> NoReturn:
    """The DuckDB error of an open that failed, as the error a user can act on."""
    if "lock" in str(err).lower():
        raise DatabaseBusy(
            f"the database {target} is in use by {holder(target, err)}",
            "wait for that command to finish and try again; to let commands and notebooks work beside it, run "
            "the app or `moat serve` (they share the database), or copy it with `moat backup` and work on the copy",
        ) from err
    raise MoatError(f"cannot open database {target}: {err}") from err


def current_version(con: Connection) -> int:
    exists = scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
    if not exists:
        return 0
    return scalar(con, "SELECT coalesce(max(version), 0) FROM schema_version")


def check_version(con: Connection) -> int:
    version = current_version(con)
    if version > latest_version():
        raise SchemaVersionError(
            f"this database has schema version {version}, newer than this MoatMetrics understands ({latest_version()})",
            "upgrade MoatMetrics (pip install -U) before opening it; nothing was changed",
        )
    return version


def upgrade(con: Connection) -> list[int]:
    """Apply every migration newer than the database; returns the versions applied."""
    version = check_version(con)
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
    )
    done = {r[0] for r in rows(con, "SELECT version FROM schema_version")} if version else set()
    applied = []
    for number, name, sql in migrations():
        if number in done:  # apply every missing number, not only those above the highest applied
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, ?)", [number, name, datetime.now(UTC).replace(tzinfo=None)]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        log.info("applied migration %s", name)
        applied.append(number)
    return applied


def frame(con: Connection, sql: str, params: list[Any] | dict[str, Any] | None = None) -> pl.DataFrame:
    """Run a parameterised query and return a polars frame (the one way pages and metrics read data)."""
    return con.sql(sql, params=params or None).pl()


def rows(con: Connection, sql: str, params: list[Any] | dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """All rows as tuples. Always fetch to the end: DuckDB 2 refuses new work while a result is unfinished."""
    return con.execute(sql, params or []).fetchall()


def one(con: Connection, sql: str, params: list[Any] | dict[str, Any] | None = None) -> tuple[Any, ...] | None:
    found = rows(con, sql, params)
    return found[0] if found else None


def scalar(con: Connection, sql: str, params: list[Any] | dict[str, Any] | None = None) -> Any:
    row = one(con, sql, params)
    return None if row is None else row[0]


def _translate(err: BaseException) -> MoatError | None:
    """The DuckDB errors a user can act on, as MoatErrors; None for everything else (a bug: keep the original)."""
    text = str(err).lower()
    if "no space left" in text or "file too large" in text or "disk full" in text:
        return DiskFull("the disk is full (or the file-size limit was reached); nothing was written",
                        "free some space next to the database, then try again")
    # The audit chain's next seq is max(seq)+1: a concurrent session that committed first makes ours a duplicate.
    if "conflict" in text or ("duplicate key" in text and ("failed to commit" in text or '"seq:' in text)):
        return WriteConflict("another session changed the same data at the same moment; nothing was written", "try again")
    return None


# Connections currently inside a ``read_snapshot`` (weak: a page's cursor goes away with its run).
# Each maps to its snapshot's (database identity, data version) once ``snapshot_key`` has read them.
_READING: weakref.WeakKeyDictionary[Connection, tuple[str | None, str] | None] = weakref.WeakKeyDictionary()


def read_snapshot(con: Connection) -> Connection:
    """Start a read-only transaction on ``con``: every later query on it sees the same committed data.

    A page asks several queries (tiles, trend, tables); without this, an upload committed between two of them
    showed old gross profit next to new utilisation (found by the concurrent-sessions test, issue 9). DuckDB's
    MVCC keeps the snapshot for as long as the transaction lives, which is the page run: the cursor and its
    transaction end when the run drops it. Read-only, so a stray write on it fails loudly instead of being
    rolled back with the snapshot; ``transaction`` ends the snapshot for its write and then starts a fresh one.
    """
    con.execute("BEGIN TRANSACTION READ ONLY")
    _READING[con] = None
    return con


def end_read_snapshot(con: Connection) -> bool:
    """End ``con``'s read snapshot, if it has one; True when it had."""
    if con not in _READING:
        return False
    _READING.pop(con, None)
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:  # already ended by a failed statement
        pass
    return True


class transaction:
    """``with transaction(con):`` — BEGIN/COMMIT, ROLLBACK on any error, so a failed write leaves nothing.

    A write-write conflict with another session becomes ``WriteConflict`` (see ``retry_conflicts``) and a full disk
    ``DiskFull``, both after the rollback, so the caller gets an error a user can act on. On a connection inside a
    ``read_snapshot`` the snapshot ends first and a fresh one (which sees this write) starts afterwards.
    """

    def __init__(self, con: Connection) -> None:
        self.con = con
        self.was_reading = False

    def __enter__(self) -> Connection:
        self.was_reading = end_read_snapshot(self.con)
        self.con.execute("BEGIN TRANSACTION")
        return self.con

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            self._finish(exc_type, exc)
        finally:
            if self.was_reading:
                read_snapshot(self.con)

    def _finish(self, exc_type: Any, exc: Any) -> None:
        if exc_type is None:
            try:
                self.con.execute("COMMIT")
                return
            except duckdb.Error as err:
                self._rollback()
                translated = _translate(err)
                if translated is None:
                    raise
                raise translated from err
        self._rollback()
        if isinstance(exc, duckdb.Error):
            translated = _translate(exc)
            if translated is not None:
                raise translated from exc

    def _rollback(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:  # a failed COMMIT may already have ended the transaction
            pass


def retry_conflicts(work: Any, attempts: int = 10, patience_s: float = 30.0) -> Any:
    """Run ``work()`` (one whole transaction) again when a concurrent session won a write-write conflict.

    Two sessions appending audit rows or superseding the same keys at once conflict under DuckDB's optimistic
    concurrency; the loser's transaction was rolled back whole, so running it again is safe. The wait before each
    try is random and doubles (10-50 ms, up to 0.16-0.8 s): with a fixed short wait, two sessions committing
    back to back on a loaded machine could make one lose five times in a row. It gives up after ``attempts`` tries
    AND ``patience_s`` seconds: in a 2-hour run at load average 20-30 (10 sessions, a scheduled million-row load
    every few seconds), 2 of 6,636 alias writes lost ten times in about 3 s and the user got "try again".
    """
    import random
    import time

    started = time.monotonic()
    attempt = 0
    while True:
        try:
            return work()
        except WriteConflict:
            attempt += 1
            if attempt >= attempts and time.monotonic() - started >= patience_s:
                raise
            time.sleep(random.uniform(0.01, 0.05) * 2 ** min(attempt - 1, 4))


def atomic(con: Connection, work: Callable[[], T]) -> T:
    """``work()`` in one transaction, run again whole when another session won a write-write conflict.

    Every change writes an audit row to one hash chain, so two users acting at the same moment (an approval and a
    policy change, two alias confirmations) conflict on the chain's next row. The loser was rolled back whole; the
    re-run reads the state again inside its transaction, so its checks see what the winner did (an approval the
    other admin decided meanwhile is then refused, not decided twice).
    """
    def attempt() -> T:
        with transaction(con):
            return work()

    return retry_conflicts(attempt)


def database_identity(con: Connection) -> str | None:
    """Which database ``con`` reads: its file (or URL) and when its schema was created; None for an in-memory one.

    The creation time tells apart two databases that used the same path one after the other (a file deleted and
    made anew), whose data versions can coincide.
    """
    row = one(con, "SELECT (SELECT path FROM duckdb_databases() WHERE database_name = current_database()), "
                   "(SELECT min(applied_at) FROM schema_version)")
    return f"{row[0]}@{row[1]}" if row and row[0] else None


def snapshot_key(con: Connection, data_version: Callable[[Connection], str]) -> tuple[str | None, str] | None:
    """(``database_identity``, ``data_version(con)``) of ``con``'s read snapshot; None outside one.

    ``data_version`` is ``moat.snapshots.data_version``, passed in: which tables make up the data's version is
    the snapshots' business, not the connection's.

    Read once per snapshot: inside a read-only transaction neither can change, and a page run asks for it before
    every memoised figure (``moat.memo``). A write on the cursor ends the snapshot and so the cached pair.
    """
    if con not in _READING:
        return None
    key = _READING[con]
    if key is None:
        key = _READING[con] = (database_identity(con), data_version(con))
    return key
