"""The System page (admins): what the install holds and runs, and the outcomes of its three maintenance actions.

Sizes are printed by ``moat.formatting.size_text`` (MiB, half-up), like every other figure; the action outcomes are
sentences built here so the page only draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from moat.admin import backup, system
from moat.analytics import retention
from moat.config import Config
from moat.db import Connection
from moat.formatting import date_text, size_text
from moat.governance.permissions import User

HARDENING_FILE = Path(".streamlit/config.toml")  # read from the folder `streamlit run` runs in


@dataclass(frozen=True)
class SystemView:
    """Everything the page shows before any button is pressed."""

    info: dict[str, Any]  # ``moat.admin.system.collect``: what `moat system info` prints too
    tiles: list[dict[str, Any]]  # label, value (text), help: for ``st.metric``
    database: str  # path, schema and data versions, quarantine and audit counts
    snapshots: pl.DataFrame  # dataset, status, snapshots
    current_rows: pl.DataFrame  # dataset, current rows
    last_verification: str
    model: str  # which model answers questions (or none) and where it would run, in lines (``model_text``)
    versions: pl.DataFrame  # package, version
    platform: str
    problems: list[str]  # what leaves the Streamlit configuration unhardened


def system_view(cfg: Config, con: Connection, config_file: Path = HARDENING_FILE) -> SystemView:
    """Collect the install's state (``moat.admin.system.collect``) and shape it for the page."""
    info = system.collect(cfg, con)
    d, cache = info["database"], info["cache"]
    tiles = [
        {"label": "Database size", "value": size_text(d.get("bytes")),
         "help": "file plus write-ahead log: " + size_text((d.get("bytes") or 0) + (d.get("wal_bytes") or 0))},
        {"label": "Snapshots", "value": d.get("snapshots_total", 0), "help": None},
        {"label": "Cache size", "value": size_text(cache["bytes"]),
         "help": f"answers to questions on disk; in memory, {cache['page_memo_entries']} of at most "
                 f"{cache['page_memo_limit']} page figures kept for the current data"},
    ]
    database = (f"Path: {d['path']}\nSchema version: {d.get('schema_version')} (this code: {d.get('schema_latest')})\n"
                f"Data version: {d.get('data_version')}\nOpen quarantine rows: {d.get('quarantine_open')}\n"
                f"Audit rows: {d.get('audit_rows')}")
    snapshots = pl.DataFrame(
        [{"dataset": ds, "status": status, "snapshots": n} for ds, by in sorted(d.get("snapshots", {}).items())
         for status, n in by.items()],
        schema={"dataset": pl.Utf8, "status": pl.Utf8, "snapshots": pl.Int64})
    current = d.get("current_rows", {})
    counts = pl.DataFrame({"dataset": list(current), "current rows": list(current.values())})
    last = d.get("last_audit_verification")
    versions = pl.DataFrame({"package": list(info["versions"]),
                             "version": [v or "not installed" for v in info["versions"].values()]})
    return SystemView(
        info, tiles, database, snapshots, counts,
        f"Last verification: {_when(last['at'])} by {last['by']}" if last else "Last verification: never recorded",
        model_text(info.get("model", {})), versions,
        f"Platform: {info['platform']}\nLog file: {info['log_file']}\nCache: {cache['path']}",
        system.streamlit_config_problems(config_file),
    )


def _when(at: Any) -> str:
    """A recorded time (``collect`` keeps it as text) as tables print it, to the minute (h103: it read
    "2026-12-07 14:59:41.260799")."""
    try:
        return date_text(at if isinstance(at, datetime) else datetime.fromisoformat(str(at)))
    except ValueError:
        return str(at)


def model_text(model: dict[str, Any]) -> str:
    """``moat.admin.system.model_status`` in lines: the page showed it as a JSON object an admin had to unfold
    and read field by field ("configured": false, "loaded": false, ...)."""
    probe = model.get("probe")
    if not model.get("available") or not isinstance(probe, dict):
        return f"Model: none ({model.get('reason') or 'no status'}): questions use the deterministic engine"
    if probe.get("configured") and probe.get("model_path"):
        state = "loaded" if probe.get("loaded") else "not loaded yet: it loads with the first question"
        lines = [f"Model: {probe['model_path']} ({state})"]
    else:
        lines = ["Model: none configured (setting model_path): questions are read and worded by the deterministic "
                 "engine"]
    if probe.get("decision"):
        lines.append(f"Would run on: {probe['decision']}")
    return "\n".join(lines)


def verify(con: Connection, user: User) -> tuple[bool, str]:
    """Verify the audit chain now (the verification is itself recorded); whether it holds, and the sentence to show."""
    result = system.verify_audit(con, user)
    if result.ok:
        return True, f"The audit chain verifies: {result.rows} rows."
    return False, f"The audit chain is broken at row {result.first_broken_seq}: {result.reason}. Restore a backup."


def back_up(con: Connection, user: User, db_path: str | Path) -> str:
    """A consistent copy beside the database (``moat.admin.backup``); ``BackupError`` says what went wrong."""
    done = backup.backup(con, user, backup.default_destination(db_path))
    return f"Backup written: {done.path} ({size_text(done.bytes)}, audit chain of {done.audit_rows} rows verified)."


def prune_plan(con: Connection, user: User, keep: int) -> tuple[retention.Pruned, str]:
    """What deleting all but the newest ``keep`` runs per period would delete (nothing is deleted), in words."""
    plan = retention.prune(con, user, keep, dry_run=True)
    text = (f"{len(plan.runs)} older runs ({plan.results:,} results) can be deleted"
            + (f"; {len(plan.kept_for_review)} older runs stay for their approval requests" if plan.kept_for_review else ""))
    return plan, text


def prune(con: Connection, user: User, keep: int) -> str:
    """Delete the older runs (audited); the sentence that says how many went."""
    done = retention.prune(con, user, keep)
    return f"Deleted {len(done.runs)} runs and their {done.results:,} results (audited)."
