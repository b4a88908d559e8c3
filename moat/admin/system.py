"""What an admin needs to know about this installation: versions, database, snapshots, model, cache, audit.

One function, ``collect``, feeds the System page, ``moat info`` and ``moat doctor``. It never imports the heavy
libraries it reports on (versions come from package metadata), so asking "what is installed" stays instant and
works when torch is broken. Without a connection it opens the database read-only; when another process owns the
file (the app is running) it still reports what can be known from outside and says the database is in use.
"""

from __future__ import annotations

import importlib
import importlib.util
import platform
import re
import shutil
import sys
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

from moat import config as config_mod
from moat import db, memo
from moat.datasets import DATASETS
from moat.errors import DatabaseBusy, MoatError
from moat.governance.permissions import User, require
from moat.snapshots import data_version

PACKAGES = ("moat", "duckdb", "polars", "streamlit", "opendp", "pandera", "torch", "transformers", "altair")


def versions() -> dict[str, str | None]:
    """Installed versions from package metadata (None = not installed)."""
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def folder_size(path: Path) -> int:
    """Bytes of every file under ``path`` (0 when it does not exist)."""
    if not path.exists():
        return 0
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def cache_dir(cfg: config_mod.Config) -> Path:
    return cfg.cache_path


def database_files(cfg: config_mod.Config) -> dict[str, Any]:
    """Path and size of the database file and its write-ahead log (local files only)."""
    target = str(cfg.db_path)
    if not db.is_local_file(target):
        return {"path": target, "local": False, "bytes": None, "wal_bytes": None, "exists": None}
    path = Path(target).expanduser().resolve()
    wal = Path(str(path) + ".wal")
    return {
        "path": str(path), "local": True, "exists": path.exists(),
        "bytes": path.stat().st_size if path.exists() else 0,
        "wal_bytes": wal.stat().st_size if wal.exists() else 0,
        "free_disk_bytes": shutil.disk_usage(path.parent if path.parent.exists() else Path.cwd()).free,
    }


def database_state(con: db.Connection) -> dict[str, Any]:
    """Schema version, snapshots per dataset and status, current rows, open quarantine, audit rows."""
    snaps = db.rows(con, "SELECT dataset, status, count(*), sum(rows_loaded) FROM snapshots GROUP BY ALL ORDER BY ALL")
    per_dataset: dict[str, dict[str, int]] = {}
    for dataset, status, count, _loaded in snaps:
        per_dataset.setdefault(dataset, {})[status] = int(count)
    current = {name: int(db.scalar(con, f"SELECT count(*) FROM cur_{name}")) for name in DATASETS}  # names from the allow-list
    last_verify = db.one(
        con,
        "SELECT ts, user_name, details FROM audit_log WHERE action IN ('verify_audit', 'audit_verify', 'verify') ORDER BY seq DESC LIMIT 1",
    )
    return {
        "schema_version": db.current_version(con),
        "schema_latest": db.latest_version(),
        "snapshots": per_dataset,
        "snapshots_total": sum(sum(v.values()) for v in per_dataset.values()),
        "current_rows": current,
        "quarantine_open": int(db.scalar(con, "SELECT count(*) FROM quarantine WHERE status = 'open'")),
        "audit_rows": int(db.scalar(con, "SELECT count(*) FROM audit_log")),
        "last_audit_verification": (
            {"at": str(last_verify[0]), "by": last_verify[1], "details": last_verify[2]} if last_verify else None
        ),
        "data_version": data_version(con),
    }


def model_status(cfg: config_mod.Config) -> dict[str, Any]:
    """What the AI probe chose and why, when the AI package is installed; never loads a model."""
    if importlib.util.find_spec("moat.ai.model") is None:
        return {"available": False, "reason": "the AI module is not installed in this build"}
    try:
        module = importlib.import_module("moat.ai.model")
        for name in ("status", "describe", "probe"):
            fn = getattr(module, name, None)
            if callable(fn):
                try:
                    result = fn(cfg)
                except TypeError:
                    result = fn()
                return {"available": True, "probe": _plain(result)}
        return {"available": True, "probe": None, "reason": "moat.ai.model has no status function"}
    except Exception as err:  # a broken model setup must not take the System page down
        return {"available": False, "reason": f"model probe failed: {type(err).__name__}: {err}"}


def _plain(value: Any) -> Any:
    """Dataclasses and objects as dicts, so the page and JSON output can show them."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _holder_pid(err: BaseException) -> int | None:
    match = re.search(r"PID (\d+)", str(err.__cause__ or err))
    return int(match.group(1)) if match else None


def collect(cfg: config_mod.Config, con: db.Connection | None = None, *, with_model: bool = True) -> dict[str, Any]:
    """Everything the System page shows. ``con`` = the caller's connection (else opened read-only here)."""
    info: dict[str, Any] = {
        "versions": versions(),
        "platform": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "executable": sys.executable,
        "database": database_files(cfg),
        "cache": {"path": str(cache_dir(cfg)), "bytes": folder_size(cache_dir(cfg)), "page_memo_entries": memo.size(),
                  "page_memo_limit": memo.MAX_ENTRIES},
        "log_file": str(cfg.file_path("log_file", "moat.log.jsonl")),
        "config_sources": {k: v for k, v in cfg.source.items() if v != "default"},
    }
    own = con is None
    try:
        if own:
            exists = info["database"].get("exists")
            if exists is False:
                info["database"]["state"] = "missing"
            else:
                con = db.connect(cfg.db_path, read_only=True)
        if con is not None:
            info["database"].update(database_state(con))
            info["database"]["state"] = "ok"
    except DatabaseBusy as err:
        info["database"]["state"] = "in_use"
        info["database"]["holder_pid"] = _holder_pid(err)
        info["database"]["note"] = "another MoatMetrics process (usually the app) owns the file; counts are shown on its System page"
    except MoatError as err:
        info["database"]["state"] = "error"
        info["database"]["note"] = err.message
    finally:
        if own and con is not None:
            con.close()
    if with_model:
        info["model"] = model_status(cfg)
    return info


def verify_audit(con: db.Connection, user: User) -> Any:
    """Verify the audit chain and record that it was checked (the System page's "last verification")."""
    from moat.governance import audit

    require(user, "admin_system")
    result = audit.verify(con)
    with db.transaction(con):
        audit.append(con, user, "verify_audit", "audit_log",
                     {"ok": result.ok, "rows": result.rows, "first_broken_seq": result.first_broken_seq, "reason": result.reason})
    return result


STREAMLIT_REQUIRED = {
    ("server", "headless"): True,
    ("server", "enableXsrfProtection"): True,
    ("browser", "gatherUsageStats"): False,
}
MAX_UPLOAD_MB = 1024


def streamlit_config_problems(path: Path) -> list[str]:
    """Why ``.streamlit/config.toml`` is not hardened (empty list = fine). Shared by ``moat doctor`` and tests."""
    if not path.is_file():
        return [f"{path} is missing (run `streamlit run` from the project folder that holds it)"]
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    problems = []
    for (section, key), wanted in STREAMLIT_REQUIRED.items():
        value = data.get(section, {}).get(key)
        if value is not wanted:
            problems.append(f"[{section}] {key} should be {str(wanted).lower()} (is {value!r})")
    upload = data.get("server", {}).get("maxUploadSize")
    if not isinstance(upload, int) or not 0 < upload <= MAX_UPLOAD_MB:
        problems.append(f"[server] maxUploadSize should be a limit in MB between 1 and {MAX_UPLOAD_MB} (is {upload!r})")
    if data.get("client", {}).get("showErrorDetails") not in (False, "none"):
        problems.append("[client] showErrorDetails should be false (tracebacks reveal paths and data to users)")
    return problems


def doctor(cfg: config_mod.Config, root: Path | None = None) -> list[dict[str, str]]:
    """Checks with status ok / warn / fail and what to do; ``moat doctor`` prints them."""
    root = root or Path.cwd()
    checks: list[dict[str, str]] = []

    def add(name: str, status: str, detail: str) -> None:
        checks.append({"check": name, "status": status, "detail": detail})

    info = collect(cfg, with_model=False)  # the model check below needs no probe (which imports torch)
    dbinfo = info["database"]
    state = dbinfo.get("state")
    if state == "ok":
        add("database", "ok", f"{dbinfo['path']} opens; schema {dbinfo['schema_version']}/{dbinfo['schema_latest']}")
        if dbinfo["schema_version"] < dbinfo["schema_latest"]:
            add("schema", "warn", "older than this code: the next write connection upgrades it (back it up first)")
    elif state == "in_use":
        add("database", "warn", f"in use by process {dbinfo.get('holder_pid')}: deeper checks run on the System page")
    elif state == "missing":
        add("database", "warn", f"{dbinfo['path']} does not exist yet: `moat demo` or an upload creates it")
    else:
        add("database", "fail", dbinfo.get("note", "cannot open"))
    if state == "ok":
        con = db.connect(cfg.db_path, read_only=True)
        try:
            from moat.governance import audit

            result = audit.verify(con)
        finally:
            con.close()
        if result.ok:
            add("audit chain", "ok", f"{result.rows} rows verify")
        else:
            add("audit chain", "fail", f"broken at row {result.first_broken_seq}: {result.reason}; restore a backup")
    free = dbinfo.get("free_disk_bytes")
    if free is not None:
        add("disk space", "ok" if free > 1 << 30 else "warn", f"{free / (1 << 30):.1f} GiB free beside the database")
    problems = streamlit_config_problems(root / ".streamlit" / "config.toml")
    add("streamlit config", "ok" if not problems else "warn", "hardened" if not problems else "; ".join(problems))
    if cfg.mode == "production" and not cfg.cookie_key:
        add("cookie key", "fail", "production mode needs cookie_key (MOAT_COOKIE_KEY)")
    if cfg.model_path and not Path(cfg.model_path).expanduser().exists():
        add("model", "warn", f"model_path {cfg.model_path} does not exist: questions use the deterministic engine")
    missing = [name for name, version in info["versions"].items() if version is None and name in ("duckdb", "polars", "streamlit")]
    add("packages", "fail" if missing else "ok", f"missing: {', '.join(missing)}" if missing else "core packages installed")
    return checks
