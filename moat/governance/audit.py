"""The audit trail: an append-only, keyed hash chain of everything that changes state or leaves the company,
with its head anchored outside the database.

hash = HMAC-SHA256(key, previous hash + canonical JSON of (seq, ts, user, role, action, object, details)), so
editing, deleting or reordering any row breaks the chain from that row on, and nobody without the key (a file
outside the database, owner-only, beside the users file: setting ``audit_key_file``) can compute a chain that
verifies. Rows written before the key existed (older versions) are plain SHA-256 and still verify; once a keyed
row appears every later row must be keyed, so a chain re-computed without the key is found.

Truncation (deleting the newest rows) and re-chaining by someone who has the key leave a chain that is
consistent in itself; the **anchor** finds them. At every append the committed head (seq, hash) is written to an
anchor file outside the database (atomically; one per database path, beside the key), and the anchor only
moves forward: a head that does not extend it is not anchored. ``verify`` then checks that the chain still holds
the anchored row with the anchored hash, and ``moat audit anchor`` prints the head as a short value an admin
keeps elsewhere (``moat audit verify --expect VALUE`` checks it), which holds even against someone who can
rewrite the anchor file. The anchor lags one append behind inside a transaction (only committed rows are
anchored); ``flush_anchors`` (called at the end of every CLI command) and ``verify`` anchor the newest.

There is deliberately no update or delete function here. ``append`` must be called inside the caller's
transaction so the action and its audit row land together or not at all.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from moat.db import Connection, frame, one, rows, transaction
from moat.errors import MoatError
from moat.governance.permissions import User, require

GENESIS = "0" * 64
ANCHOR_PREFIX_LENGTH = 16  # hex characters of the head hash in the short value `moat audit anchor` prints

log = logging.getLogger(__name__)
# Connections that appended since their last anchor (see flush_anchors), per thread: in the data service several
# forwarded commands run at once, and anchoring another thread's busy connection failed ("connection is busy").
_TOUCHED: dict[tuple[int, int], Connection] = {}


def _canonical(seq: int, ts: str, user: str, role: str, action: str, obj: str | None, details: str) -> str:
    return json.dumps([seq, ts, user, role, action, obj, json.loads(details)], sort_keys=True, separators=(",", ":"))


def _hash(prev: str, payload: str) -> str:
    """The unkeyed link of chains written before the key existed (verified, never written any more)."""
    return hashlib.sha256((prev + payload).encode("utf-8")).hexdigest()


def _keyed(key: bytes, prev: str, payload: str) -> str:
    return hmac.new(key, (prev + payload).encode("utf-8"), hashlib.sha256).hexdigest()


# --- the key and the anchor (files outside the database) ------------------------------------------------------

def key_path(cfg: Any | None = None) -> Path:
    """Setting ``audit_key_file``, else ``audit.key`` beside the users file."""
    if cfg is None:
        from moat import config as config_mod

        cfg = config_mod.active() or config_mod.load()  # h70: the running command's `--config`
    if str(getattr(cfg, "audit_key_file", "") or ""):
        return cfg.file_path("audit_key_file")  # a relative value: against its moat.yaml or the database, never cwd
    return cfg.file_path("users_file", "users.yaml").with_name("audit.key")


def load_key(cfg: Any | None = None) -> bytes | None:
    """The chain key, or None when this install has none yet (nothing keyed was written with it)."""
    try:
        text = key_path(cfg).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise MoatError(f"cannot read the audit key {key_path(cfg)}: {err}", "check its owner and permissions (0600)") from err
    try:
        return bytes.fromhex(text)
    except ValueError as err:
        raise MoatError(f"the audit key {key_path(cfg)} is damaged", "restore it from the backup of the users file") from err


def ensure_key(cfg: Any | None = None) -> bytes:
    """The key, created (32 random bytes, owner-only) on first use; a racing creator's key wins and is used."""
    from moat.fileperms import ensure_secret, protect

    found = load_key(cfg)
    if found is not None:
        protect(key_path(cfg), secret=True)  # owner-only even with file_group: an older install's 0640 is tightened
        return found
    ensure_secret(key_path(cfg))
    key = load_key(cfg)
    assert key is not None
    return key


def _newest_row_is_keyed(con: Connection) -> bool:
    """Whether the newest audit row was signed with a key (it is not the plain SHA-256 of an older install).

    Why: a command run from another folder finds no key beside *its* users file; creating a new one there would
    sign the next rows with another key, and every later ``verify`` would report the trail as edited.
    """
    found = con.execute(
        "SELECT seq, strftime(ts, '%Y-%m-%dT%H:%M:%S.%f'), user_name, role, action, object, CAST(details AS VARCHAR), prev_hash, hash "
        "FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchall()
    if not found:
        return False
    seq, ts, user, role, action, obj, details, prev_hash, digest = found[0]
    return _hash(prev_hash, _canonical(seq, ts, user, role, action, obj, details)) != digest


def _database_path(con: Connection) -> str | None:
    try:
        found = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    except Exception:  # no path to anchor by
        return None
    return str(Path(found[0][0]).resolve()) if found and found[0][0] else None


def _config_of(con: Connection, cfg: Any | None = None) -> Any:
    """``cfg``, else the settings with ``db_path`` = the file ``con`` has open (h55).

    The key and the users file default to the database's folder; a bare ``config.load()`` would take the
    database path from the settings (``data/moat.duckdb`` of the working folder), not the one being written.
    """
    if cfg is not None:
        return cfg
    from moat import config as config_mod

    path = _database_path(con)
    running = config_mod.active()  # h70: `moat --config FILE`: that file's settings, never ./moat.yaml's
    if running is not None:
        return running.with_(db_path=path) if path is not None else running
    return config_mod.load(db_path=path) if path is not None else config_mod.load()


def anchor_path(con: Connection, cfg: Any | None = None) -> Path | None:
    """The anchor file of this database: ``audit-anchors/<hash of its path>.json`` beside the key (None: in memory)."""
    db_path = _database_path(con)
    if db_path is None:
        return None
    name = hashlib.sha256(db_path.encode("utf-8")).hexdigest()[:24]
    return key_path(_config_of(con, cfg)).with_name("audit-anchors") / f"{name}.json"


def read_anchor(con: Connection, cfg: Any | None = None) -> dict[str, Any] | None:
    path = anchor_path(con, cfg)
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"seq": -1, "hash": "", "damaged": True}


def short_value(seq: int, digest: str) -> str:
    """What an admin writes down: ``<seq>-<first 16 hex of the head hash>``."""
    return f"{seq}-{digest[:ANCHOR_PREFIX_LENGTH]}"


def _committed_head(con: Connection) -> tuple[int, str] | None:
    cur = con.cursor()  # its own transaction: sees committed rows only, never this transaction's pending ones
    try:
        found = cur.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchall()
    finally:
        cur.close()
    return (int(found[0][0]), str(found[0][1])) if found else None


def _hash_at(con: Connection, seq: int) -> str | None:
    cur = con.cursor()
    try:
        found = cur.execute("SELECT hash FROM audit_log WHERE seq = ?", [seq]).fetchall()
    finally:
        cur.close()
    return str(found[0][0]) if found else None


def anchor(con: Connection, cfg: Any | None = None, *, force: str | None = None) -> dict[str, Any] | None:
    """Anchor the committed head outside the database; returns the anchor in force afterwards.

    The anchor only moves forward: a head that does not contain the anchored row with its anchored hash (the
    chain was truncated or re-chained) is not anchored, so the evidence stays for ``verify``. ``force`` (a
    reason, e.g. a restore from backup) replaces it anyway and keeps the replaced one in ``history``.
    """
    path = anchor_path(con, cfg)
    if path is None:
        return None
    head = _committed_head(con)
    if head is None:
        return read_anchor(con, cfg)
    from moat.fileperms import write_private

    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path.with_name(path.name + ".lock")):
        current = read_anchor(con, cfg)
        history = list((current or {}).get("history", []))[-20:]
        if current is not None and not force:
            seq, digest = int(current.get("seq", -1)), str(current.get("hash", ""))
            if seq > head[0] or (seq >= 1 and _hash_at(con, seq) != digest):
                return current  # the chain does not extend the anchor: leave the evidence
            if seq == head[0]:
                return current
        if current is not None and force:
            history.append({"seq": current.get("seq"), "hash": current.get("hash"), "replaced_because": force,
                            "at": datetime.now(UTC).isoformat(timespec="seconds")})
        new = {"database": _database_path(con), "seq": head[0], "hash": head[1], "short": short_value(*head),
               "at": datetime.now(UTC).isoformat(timespec="seconds"), "history": history}
        write_private(path, json.dumps(new, indent=1).encode("utf-8"))
        return new


class _locked:
    """An exclusive lock on a file beside the anchor, so two processes never move it backwards."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        self.handle = open(self.path, "a+b")  # closed in __exit__
        try:
            import fcntl

            fcntl.flock(self.handle, fcntl.LOCK_EX)
        except ImportError:  # Windows: best effort
            pass

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


def flush_anchors() -> None:
    """Anchor the committed head of every connection this thread appended with (end of a CLI command, process exit)."""
    me = threading.get_ident()
    for key in [k for k in list(_TOUCHED) if k[0] == me]:
        con = _TOUCHED.pop(key, None)
        if con is None:
            continue
        try:
            anchor(con)
        except Exception as err:  # a closed connection or an unwritable folder: the next append anchors
            log.debug("audit anchor not written: %s", err)


# --- appending and verifying ------------------------------------------------------------------------------------

def append(con: Connection, user: User, action: str, obj: str | None = None, details: dict[str, Any] | None = None) -> int:
    """Append one audit row (keyed), after anchoring the committed head; returns its sequence number."""
    cfg = _config_of(con)
    if load_key(cfg) is None and _newest_row_is_keyed(con):
        # Never mint a second key for a signed trail (h42 F8): every later row would verify as "edited", for good,
        # and real tampering after it could not be told from this accident. The write is refused (rolled back).
        raise MoatError(
            f"this database's audit trail is signed with a key, but there is no audit key at {key_path(cfg).resolve()} "
            "(an empty or relative users_file / audit_key_file resolves against the database's folder, or the moat.yaml "
            "that sets it); nothing was written",
            "set audit_key_file and users_file (moat.yaml, or "
            "MOAT_AUDIT_KEY_FILE / MOAT_USERS_FILE) to the absolute paths of the original key and users file "
            "(docs/deployment.md)")
    key = ensure_key(cfg)
    details = dict(details or {})
    try:
        if action == "restore":  # a restored backup legitimately goes back in time: say so, and anchor it anew
            previous = read_anchor(con, cfg)
            details["previous_anchor"] = previous.get("short") if previous else None
            anchor(con, cfg, force=f"restore: {obj}")
        else:
            anchor(con, cfg)
    except OSError as err:  # an unwritable anchor folder must not stop the action; verify will say it is stale
        log.warning("audit anchor not written: %s", err)
    last = one(con, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    ts = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    details_json = json.dumps(details, sort_keys=True, default=str)
    digest = _keyed(key, prev, _canonical(seq, ts, user.name, user.role, action, obj, details_json))
    con.execute(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, ts, user.name, user.role, action, obj, details_json, prev, digest],
    )
    _TOUCHED[(threading.get_ident(), id(con))] = con
    while len(_TOUCHED) > 32:  # a long-running app anchors at each next append anyway: keep only the newest few
        _TOUCHED.pop(next(iter(_TOUCHED)))
    return seq


@dataclass(frozen=True)
class Verification:
    ok: bool
    rows: int
    first_broken_seq: int | None = None
    reason: str | None = None
    recorded_seq: int | None = None  # the 'verify_audit' row that records this check (``verify_and_record``)
    # the anchor checked against (short value), None when this database has none yet; not part of equality
    anchor: str | None = field(default=None, compare=False)


def verify(con: Connection, cfg: Any | None = None, *, expect: str | None = None) -> Verification:
    """Recompute the chain and check it against the newest anchor (and ``expect``, a short value kept elsewhere).

    Reports the first row whose link or hash does not hold, a row re-computed without the key after keyed rows,
    and truncation or re-chaining: the anchored row missing, or holding another hash.
    """
    found = con.execute(
        "SELECT seq, strftime(ts, '%Y-%m-%dT%H:%M:%S.%f'), user_name, role, action, object, CAST(details AS VARCHAR), prev_hash, hash "
        "FROM audit_log ORDER BY seq"
    ).fetchall()
    cfg = _config_of(con, cfg)
    key = load_key(cfg)
    prev, keyed_seen, by_seq = GENESIS, False, {}
    for index, (seq, ts, user, role, action, obj, details, prev_hash, digest) in enumerate(found, start=1):
        if seq != index:
            return Verification(False, len(found), seq, f"sequence gap or reorder: expected {index}, found {seq}")
        if prev_hash != prev:
            return Verification(False, len(found), seq, "previous-hash link broken (a row before it was changed or removed)")
        payload = _canonical(seq, ts, user, role, action, obj, details)
        if key is not None and hmac.compare_digest(_keyed(key, prev, payload), digest):
            keyed_seen = True
        elif _hash(prev, payload) == digest:
            if keyed_seen:
                return Verification(False, len(found), seq, "unkeyed row after keyed rows (the chain was re-computed without the key)")
        elif key is None:
            return Verification(False, len(found), seq, "row does not match its hash, and the audit key file is missing "
                                "(restore it beside the users file, or the row was edited)")
        elif not keyed_seen:  # the first keyed row already fails: edited, or signed with another install's key
            return Verification(False, len(found), seq, f"row content does not match its hash: edited, or signed with "
                                f"another audit key than {key_path(cfg)} (is audit_key_file / users_file the one this "
                                "database was used with? see docs/deployment.md)")
        else:
            return Verification(False, len(found), seq, "row content does not match its hash (edited)")
        by_seq[seq] = digest
        prev = digest
    checks: list[tuple[str, int, str]] = []
    stored = read_anchor(con, cfg)
    if stored is not None:
        if stored.get("damaged"):
            return Verification(False, len(found), None, "the anchor file is damaged (it was edited); compare with the value "
                                "`moat audit anchor` printed earlier")
        checks.append(("anchor file", int(stored["seq"]), str(stored["hash"])))
    if expect:
        try:
            seq_text, prefix = str(expect).strip().split("-", 1)
            checks.append(("expected value", int(seq_text), prefix.lower()))
        except ValueError as err:
            raise MoatError(f"--expect {expect!r} is not an anchor value", "use the SEQ-HEX value `moat audit anchor` printed") from err
    for source, seq, digest in checks:
        if seq > len(found):
            return Verification(False, len(found), len(found) + 1, f"truncated: the {source} names row {seq}, but the chain "
                                f"ends at row {len(found)} (the newest rows were deleted)", anchor=short_value(seq, digest))
        if seq >= 1 and not by_seq[seq].startswith(digest):
            return Verification(False, len(found), seq, f"re-chained: row {seq} no longer has the hash the {source} recorded "
                                "(rows were rewritten and their hashes recomputed)", anchor=short_value(seq, digest))
    return Verification(True, len(found), anchor=stored.get("short") if stored else None)


def verify_and_record(con: Connection, user: User, *, expect: str | None = None) -> Verification:
    """Verify the chain and, only when it is intact, append a ``verify_audit`` row saying so.

    The row is what the System page reads as "last audit verification", so a check from the CLI counts as much
    as one from the page. A broken chain gets nothing appended: a new row would hash onto a link that is known
    to be bad, and would let "last verification" look recent while the chain needs restoring from a backup.
    Verification and append share one transaction, so the recorded row count is the chain the row extends.
    """
    require(user, "read_audit")
    with transaction(con):
        result = verify(con, expect=expect)
        if not result.ok:
            return result
        seq = append(con, user, "verify_audit", "audit_log",
                     {"ok": True, "rows": result.rows, "first_broken_seq": None, "reason": None})
    anchored = anchor(con)  # the check itself is now the anchored head
    return Verification(True, result.rows, recorded_seq=seq, anchor=anchored.get("short") if anchored else None)


def anchor_now(con: Connection, user: User) -> dict[str, Any]:
    """`moat audit anchor`: verify, anchor the head and return it (``short`` is the value to keep elsewhere)."""
    require(user, "read_audit")
    result = verify(con)
    if not result.ok:
        raise MoatError(f"the audit chain does not verify (row {result.first_broken_seq}: {result.reason}); nothing anchored",
                        "restore the database from a backup taken before that row")
    found = anchor(con)
    if found is None:
        raise MoatError("an in-memory database has no anchor", "anchor a database file")
    return found


def entries(
    con: Connection,
    user: User,
    *,
    action: str | None = None,
    user_name: str | None = None,
    search: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> pl.DataFrame:
    """Audit rows, newest first, filtered (Audit page and `moat audit list`). Needs ``read_audit``.

    ``search`` matches case-insensitively anywhere in action, object, user or details; ``since``/``until`` are
    ISO dates or timestamps (``until`` as a date includes that whole day).
    """
    require(user, "read_audit")
    conditions, params = [], []
    if action:
        conditions.append("action = ?")
        params.append(action)
    if user_name:
        conditions.append("user_name = ?")
        params.append(user_name)
    if search:
        conditions.append("(action || ' ' || coalesce(object, '') || ' ' || user_name || ' ' || coalesce(CAST(details AS VARCHAR), '')) ILIKE ?")
        params.append(f"%{search}%")
    if since:
        conditions.append("ts >= CAST(? AS TIMESTAMP)")
        params.append(since)
    if until:
        conditions.append("ts < CAST(? AS TIMESTAMP) + (CASE WHEN length(?) <= 10 THEN INTERVAL 1 DAY ELSE INTERVAL 0 DAY END)")
        params.extend([until, until])
    where = " AND ".join(conditions) or "true"
    sql = (
        "SELECT seq, ts, user_name, role, action, object, CAST(details AS VARCHAR) AS details, prev_hash, hash "
        f"FROM audit_log WHERE {where} ORDER BY seq DESC"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return frame(con, sql, params)


def actions(con: Connection) -> list[str]:
    """Distinct actions present (for the Audit page's filter)."""
    return [r[0] for r in rows(con, "SELECT DISTINCT action FROM audit_log ORDER BY action")]
