"""Backup and restore of the whole database: a consistent copy taken while the app keeps running.

DuckDB lets one process own a database file: while the app runs, no other process can even open it read-only.
So a backup is taken *through the connection that owns the file* (the System page's button, or ``moat backup``
when nothing else holds the file): one read transaction attaches a fresh file and runs ``COPY FROM DATABASE``,
so the copy sees one snapshot of every table (sequences included) even while other sessions commit. The copy is
written beside its destination under a temporary name, checked (row counts equal to what the transaction saw,
audit chain verified) and only then renamed into place, so a half-written backup never carries the final name.

Restore is the reverse and refuses while the target file is in use: replacing the file under a running app
would hand it a database it never opened. The file being replaced is kept beside the target
(``<name>.before-restore-<time>.duckdb``) so a restore can itself be undone.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from moat import db
from moat.errors import DatabaseBusy, MoatError, SchemaVersionError, WriteConflict
from moat.governance import audit
from moat.governance.permissions import User, require


class BackupError(MoatError):
    """A backup or restore could not be completed; nothing at the destination was replaced."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    bytes: int
    tables: dict[str, int]
    audit_rows: int
    schema_version: int
    seconds: float
    extra: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path), "bytes": self.bytes, "tables": self.tables, "audit_rows": self.audit_rows,
            "schema_version": self.schema_version, "seconds": round(self.seconds, 3), **self.extra,
        }


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _quote_literal(text: str) -> str:
    """A path as a SQL string literal (ATTACH does not take parameters); quotes are doubled."""
    return "'" + text.replace("'", "''") + "'"


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_counts(con: db.Connection, catalog: str | None = None) -> dict[str, int]:
    """Rows of every base table (``catalog`` = an attached database name, else the current one)."""
    where = "table_type = 'BASE TABLE' AND table_catalog = coalesce(?, current_database()) AND table_schema = 'main'"
    names = [r[0] for r in db.rows(con, f"SELECT table_name FROM information_schema.tables WHERE {where} ORDER BY 1", [catalog])]
    prefix = f"{_quote_ident(catalog)}.main." if catalog else ""
    return {name: int(db.scalar(con, f"SELECT count(*) FROM {prefix}{_quote_ident(name)}")) for name in names}


def default_destination(db_path: str | Path) -> Path:
    """``backups/<db name>-<UTC time>.duckdb`` beside the database (the System page's choice)."""
    path = Path(str(db_path)).expanduser().resolve()
    return path.parent / "backups" / f"{path.stem}-{_stamp()}.duckdb"


def resolve_destination(dest: str | Path, db_path: str | Path) -> Path:
    """A folder (existing, or written with a trailing slash) gets a timestamped file inside it; a file path is used as given."""
    text = str(dest)
    target = Path(text).expanduser()
    if target.is_dir() or text.endswith(("/", os.sep)):
        target = target / f"{Path(str(db_path)).stem}-{_stamp()}.duckdb"
    return target.resolve()


def backup(con: db.Connection, user: User, dest: str | Path, *, overwrite: bool = False) -> BackupResult:
    """Copy the database ``con`` is connected to into the DuckDB file ``dest`` (consistent, verified)."""
    require(user, "admin_system")
    dest = Path(dest)
    if dest.exists() and not overwrite:
        raise BackupError(f"{dest} already exists", "choose another file name, a folder, or pass --force to overwrite it")
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.partial")
    alias = f"moat_backup_{uuid.uuid4().hex[:12]}"
    started = time.perf_counter()
    cur = con.cursor()
    try:
        source = db.scalar(cur, "SELECT current_database()")
        cur.execute("BEGIN TRANSACTION")
        try:
            seen = _table_counts(cur)
            cur.execute(f"ATTACH {_quote_literal(str(partial))} AS {_quote_ident(alias)}")
            cur.execute(f"COPY FROM DATABASE {_quote_ident(source)} TO {_quote_ident(alias)}")
            copied = _table_counts(cur, alias)
            cur.execute("COMMIT")
        except Exception:
            cur.execute("ROLLBACK")
            raise
        finally:
            attached = db.scalar(cur, "SELECT count(*) FROM duckdb_databases() WHERE database_name = ?", [alias])
            if attached:
                cur.execute(f"DETACH {_quote_ident(alias)}")
        if copied != seen:
            raise BackupError(f"the copy holds different row counts than the database ({copied} vs {seen})")
        for attempt in range(50):  # a connection opened while the copy was attached keeps it a moment after DETACH
            try:
                result = _check_copy(partial, seen)
                break
            except (db.Error, MoatError) as err:
                if "already attached" not in str(err) or attempt == 49:
                    raise
                time.sleep(0.02 * (attempt + 1))
        os.replace(partial, dest)
        from moat.admin import backup_signature

        backup_signature.sign(dest)  # binds these bytes to the audit key: a restore refuses any later change
    except MoatError:
        _remove(partial)
        raise
    except (db.Error, OSError) as err:
        _remove(partial)
        raise BackupError(f"backup to {dest} failed: {err}", "check free disk space and that the folder is writable") from err
    finally:
        cur.close()
    _audit_with_retry(con, user, "backup", str(dest), {"tables": seen, "bytes": dest.stat().st_size})
    return BackupResult(dest, dest.stat().st_size, seen, result["audit_rows"], result["schema_version"], time.perf_counter() - started)


def _audit_with_retry(con: db.Connection, user: User, action: str, obj: str, details: dict[str, object]) -> None:
    """Append an audit row, retrying when another session appended the same sequence number first.

    Two sessions committing at once both read the same last ``seq``; DuckDB refuses the second commit
    (primary-key conflict). The action itself (the copy) is already done, so retrying the audit row is safe.
    """
    for attempt in range(20):
        try:
            with db.transaction(con):
                audit.append(con, user, action, obj, details)
            return
        except (db.Error, WriteConflict) as err:
            text = str(err).lower()
            if attempt == 19 or not (isinstance(err, WriteConflict) or "conflict" in text or "constraint" in text):
                raise
            time.sleep(0.01 * (attempt + 1))


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + ".wal")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def _check_copy(path: Path, expected: dict[str, int] | None = None) -> dict[str, int]:
    """Open a backup read-only: schema known, audit chain intact, and (if given) the expected row counts."""
    try:
        copy = db.connect(path, read_only=True)
    except DatabaseBusy:
        raise
    except MoatError as err:
        raise BackupError(f"{path} is not a readable MoatMetrics database: {err.message}", "pick another backup file") from err
    try:
        version = db.check_version(copy)
        if version == 0:
            raise BackupError(f"{path} is not a MoatMetrics database (no schema_version table)", "pick another backup file")
        check = audit.verify(copy)
        if not check.ok:
            raise BackupError(
                f"the audit chain in {path} does not verify (row {check.first_broken_seq}: {check.reason})",
                "this backup was altered; use an older one",
            )
        if expected is not None:
            counts = _table_counts(copy)
            if counts != expected:
                raise BackupError(f"the backup's row counts differ from the source ({counts} vs {expected})")
        return {"audit_rows": check.rows, "schema_version": version}
    finally:
        copy.close()


UNSIGNED_HINT = ("use a backup `moat backup` wrote here, with its .sig file beside it; only for a backup you trust that "
                 "has none (written by an older MoatMetrics): `moat restore PATH --unsigned`")


def check_signature(path: Path, *, unsigned: bool = False, sha256: str | None = None) -> None:
    """Refuse a backup whose bytes are not the ones `moat backup` signed (``backup_signature``).

    ``unsigned``: accept a backup without a signature file (older versions wrote none); a signature that is
    present must still hold."""
    from moat.admin import backup_signature

    if unsigned and not backup_signature.path_for(path).exists():
        return
    found = backup_signature.problem(path, sha256=sha256)
    if found is not None:
        raise BackupError(f"{path} cannot be trusted: {found}", UNSIGNED_HINT if "no signature file" in found
                          else "use another backup (nothing was changed)")


def inspect(path: str | Path, *, unsigned: bool = False) -> dict[str, object]:
    """What a backup file holds (for ``moat restore --dry-run`` and the System page), after its checks: the audit
    chain verifies and the file is the one `moat backup` signed (``unsigned``: a backup without signature)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist", "give the path of a file written by `moat backup`")
    checked = _check_copy(path)
    check_signature(path, unsigned=unsigned)
    copy = db.connect(path, read_only=True)
    try:
        tables = _table_counts(copy)
    finally:
        copy.close()
    return {"path": str(path), "bytes": path.stat().st_size, "tables": tables, **checked}


def ensure_not_in_use(target: str | Path) -> None:
    """Raise ``DatabaseBusy`` if another process (or connection) holds ``target``; a closed file is checkpointed."""
    target = Path(target)
    if not target.exists():
        return
    if db.owner_connection(target) is not None:  # this very process serves it (the app's System page)
        raise DatabaseBusy(
            f"the database {target} is in use by {db.holder(target)}, so it cannot be replaced by a restore",
            "stop the app (or `moat serve`), then run `moat restore` again",
        )
    try:
        probe = db.connect(target, migrate=False)
    except SchemaVersionError as err:
        raise BackupError(f"{target} was written by a newer MoatMetrics; refusing to replace it", "upgrade first") from err
    except DatabaseBusy as err:
        raise DatabaseBusy(
            f"the database {target} is in use by {db.holder(target, err.__cause__)}, so it cannot be replaced by a "
            "restore (a restore needs the file to itself)",
            "stop the app (or `moat serve`, or the other command holding it), then run `moat restore` again",
        ) from err
    probe.close()  # closing checkpoints: the WAL is folded in and removed, so none is left to replay later


# The privacy ledger: what a restore never takes back (h42 F14). Spent epsilon is a fact about data that left the
# company; a backup from before a release must not make the budget spendable twice.
_LEDGER_TABLES = ("dp_ledger", "dp_unit_spend", "dp_releases")


def _carry_privacy_ledger(con: db.Connection) -> list[dict[str, object]]:
    """Copy into the restored database every DP release of the replaced one (attached as ``moat_replaced``) that
    it lacks, with its per-unit spend and its noisy pack, so the spent budget never goes down on restore; returns
    what was carried (release id, epsilon, who, when) for the restore's audit row. A carried release whose id the
    restored database already uses for another release gets the next free id; the release sequence is moved past
    every id, so later releases never reuse one."""
    here = _quote_ident(str(db.scalar(con, "SELECT current_database()")))
    present = {str(r[0]) for r in db.rows(con, "SELECT table_name FROM information_schema.tables "
                                               "WHERE table_catalog = 'moat_replaced'")}
    if "dp_ledger" not in present:
        return []
    ours = {(int(r[0]), str(r[1])) for r in db.rows(con, f"SELECT release_id, created_at FROM {here}.main.dp_ledger")}
    used = {i for i, _ in ours}
    theirs = db.rows(con, "SELECT release_id, epsilon, user_name, created_at FROM moat_replaced.dp_ledger ORDER BY release_id")
    carried: list[dict[str, object]] = []
    for release_id, epsilon, user_name, created_at in theirs:
        if (int(release_id), str(created_at)) in ours:
            continue  # the same release: the backup already holds it
        new_id = int(release_id) if int(release_id) not in used else max(used | {int(r[0]) for r in theirs}) + 1
        used.add(new_id)
        for table in _LEDGER_TABLES:
            if table in present:
                con.execute(f"INSERT INTO {here}.main.{table} BY NAME SELECT * REPLACE (? AS release_id) "
                            f"FROM moat_replaced.{table} WHERE release_id = ?", [new_id, int(release_id)])
        carried.append({"release_id": new_id, "was_release_id": int(release_id), "epsilon": float(epsilon),
                        "user": user_name, "created_at": str(created_at)})
    if used:
        top = max(used)
        while int(db.scalar(con, "SELECT nextval('release_seq')")) < top:  # past every id in use
            pass
    return carried


def restore(src: str | Path, target: str | Path, user: User, *, unsigned: bool = False) -> dict[str, object]:
    """Replace the database file ``target`` with the backup ``src``; the old file is kept beside it.

    Not a method on an open connection on purpose: the target must be closed by everyone. The backup must be the
    file `moat backup` signed (checked again on the copy that replaces the target); ``unsigned`` accepts one
    without a signature file, as older versions wrote them.
    """
    require(user, "admin_system")
    src, target = Path(src).resolve(), Path(target).expanduser().resolve()
    if not db.is_local_file(str(target)):
        raise BackupError(f"restore replaces a local database file; {target} is not one", "restore into a local file and copy it")
    if src == target:
        raise BackupError("the backup and the target are the same file", "name the database to restore into with --db")
    info = inspect(src, unsigned=unsigned)
    ensure_not_in_use(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    kept: Path | None = None
    staging = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.restoring")
    try:
        shutil.copyfile(src, staging)
        from moat.admin import backup_signature

        check_signature(src, unsigned=unsigned, sha256=backup_signature.file_sha256(staging))  # what is put in place
        if target.exists():
            kept = target.with_name(f"{target.stem}.before-restore-{_stamp()}{target.suffix}")
            os.replace(target, kept)
            wal = Path(str(target) + ".wal")
            if wal.exists():  # never let the old file's log be replayed against the restored one
                os.replace(wal, Path(str(kept) + ".wal"))
        os.replace(staging, target)
    except OSError as err:
        _remove(staging)
        raise BackupError(f"restore into {target} failed: {err}", "check free disk space and permissions") from err
    except BackupError:
        _remove(staging)
        raise
    con = db.connect(target)
    try:
        if kept:
            con.execute(f"ATTACH {_quote_literal(str(kept))} AS moat_replaced (READ_ONLY)")
        with db.transaction(con):
            carried = _carry_privacy_ledger(con) if kept else []
            audit.append(con, user, "restore", str(target), {"from": str(src), "previous_kept_as": str(kept) if kept else None,
                                                             "unsigned": bool(unsigned), "dp_releases_carried_over": carried})
        if kept:
            con.execute("DETACH moat_replaced")
        counts = _table_counts(con)
    finally:
        con.close()
    return {"restored": str(target), "from": str(src), "previous_kept_as": str(kept) if kept else None, "tables": counts,
            "audit_rows": info["audit_rows"], "schema_version": info["schema_version"]}
