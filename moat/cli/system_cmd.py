"""`moat backup|restore|info|doctor|serve`: keep the database safe and say what this installation is.

``backup`` copies through the connection that owns the file: its own when nothing else holds it, else the
app's (or `moat serve`'s), to which the command is forwarded. ``restore`` must have the file to itself and
refuses (exit 4) while anything holds it, naming the holder. ``serve`` owns the database and shares it with
commands and notebooks when the app is not running (e.g. on a server that only runs scheduled loads).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from moat.admin import backup as backup_mod
from moat.admin import system
from moat.cli.context import acting_user, config_from_args, open_db
from moat.cli.output import emit_json
from moat.errors import DatabaseBusy, MoatError


def register(sub: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("backup", parents=parents, help="write a consistent, verified copy of the database")
    p.add_argument("path", help="backup file, or a folder to put a timestamped file in")
    p.add_argument("--force", action="store_true", help="overwrite an existing backup file")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run_backup)

    p = sub.add_parser("restore", parents=parents, help="replace the database with a backup (the app must be stopped)")
    p.add_argument("path", help="a file written by `moat backup`")
    p.add_argument("--dry-run", action="store_true", help="only check the backup and show what it holds")
    p.add_argument("--unsigned", action="store_true",
                   help="accept a backup without the .sig file `moat backup` writes (older versions); only one you trust")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run_restore)

    p = sub.add_parser("serve", parents=parents, help="own the database and share it with commands and notebooks")
    p.add_argument("--port", type=int, default=0, help="loopback port (default: any free one; the endpoint file says)")
    p.set_defaults(func=run_serve)

    p = sub.add_parser("info", parents=parents, help="versions, database path and size, snapshot counts, model, cache")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--no-model", action="store_true", help="skip the model probe (it imports torch: seconds)")
    p.set_defaults(func=run_info)

    p = sub.add_parser("doctor", parents=parents, help="check the installation; exit 1 when a check fails")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run_doctor)


def run_backup(args: argparse.Namespace) -> int:
    cfg = config_from_args(args)
    try:
        con = open_db(args)
    except DatabaseBusy as err:
        raise DatabaseBusy(
            f"{err.message}, so this process cannot read it",
            "run `moat backup` again once it has finished, or use the Backup button on the app's System page",
        ) from err
    try:
        dest = backup_mod.resolve_destination(args.path, cfg.db_path)
        result = backup_mod.backup(con, acting_user(args, con), dest, overwrite=args.force)
    finally:
        con.close()
    if args.format == "json":
        emit_json(result.as_dict())
    else:
        rows = sum(result.tables.values())
        print(f"backup written: {result.path} ({_size(result.bytes)}, {rows} rows in {len(result.tables)} tables, "
              f"audit chain of {result.audit_rows} rows verified, {result.seconds:.2f} s)")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """Hold the database and answer forwarded commands until interrupted (Ctrl-C or SIGTERM)."""
    import signal
    import threading

    from moat.service import Service
    from moat.service.endpoint import path_for

    cfg = config_from_args(args)
    if path_for(cfg.db_path) is None:
        raise MoatError(f"`moat serve` shares a local database file; {cfg.db_path} is not one",
                        "a DuckDB service URL (md:) is shared by its provider already")
    con = open_db(args)
    service = Service(con, cfg.db_path, owner="moat serve", cursor_idle_s=cfg.remote_cursor_idle_s).start()
    host, port = service.address
    print(f"serving {service.target} on {host}:{port} (endpoint file {path_for(cfg.db_path)}); Ctrl-C stops",
          flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        service.stop()
        con.close()
    return 0


def run_restore(args: argparse.Namespace) -> int:
    cfg = config_from_args(args)
    if args.dry_run:
        info = backup_mod.inspect(args.path, unsigned=args.unsigned)
        if args.format == "json":
            emit_json(info)
        else:
            print(f"{info['path']}: schema {info['schema_version']}, audit chain of {info['audit_rows']} rows verified, "
                  f"{sum(info['tables'].values())} rows; nothing was changed")
        return 0
    result = backup_mod.restore(args.path, cfg.db_path, acting_user(args), unsigned=args.unsigned)
    if args.format == "json":
        emit_json(result)
    else:
        kept = f"; the previous database was kept as {result['previous_kept_as']}" if result["previous_kept_as"] else ""
        print(f"restored {result['restored']} from {result['from']} ({sum(result['tables'].values())} rows){kept}")
    return 0


def _size(n: int | None) -> str:
    if n is None:
        return "-"
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"


def format_info(info: dict[str, Any]) -> str:
    """The human-readable ``moat info`` text (also what the System page's summary says)."""
    lines = ["versions: " + ", ".join(f"{k} {v or 'not installed'}" for k, v in info["versions"].items())]
    d = info["database"]
    lines.append(f"database: {d['path']} ({_size(d.get('bytes'))} + WAL {_size(d.get('wal_bytes'))}), state: {d.get('state')}")
    if d.get("state") == "ok":
        lines.append(f"schema: {d['schema_version']} (latest {d['schema_latest']}), data version {d['data_version']}")
        lines.append("snapshots: " + (", ".join(
            f"{ds} " + "/".join(f"{n} {st}" for st, n in sorted(by.items())) for ds, by in sorted(d["snapshots"].items())
        ) or "none"))
        lines.append("current rows: " + ", ".join(f"{k} {v}" for k, v in d["current_rows"].items()))
        lines.append(f"quarantine open: {d['quarantine_open']}; audit rows: {d['audit_rows']}")
        last = d.get("last_audit_verification")
        lines.append(f"last audit verification: {last['at']} by {last['by']}" if last else "last audit verification: never recorded")
    elif d.get("note"):
        lines.append(f"note: {d['note']}")
    lines.append(f"cache: {info['cache']['path']} ({_size(info['cache']['bytes'])})")
    if "model" in info:
        model = info["model"]
        probe = model.get("probe") if isinstance(model.get("probe"), dict) else {}
        described = probe.get("decision") or model.get("probe") if model.get("available") else model.get("reason", "unknown")
        loaded = " (loaded)" if probe.get("loaded") else ""
        lines.append(f"model: {described}{loaded}")
    lines.append(f"log file: {info['log_file']}")
    return "\n".join(lines)


def run_info(args: argparse.Namespace) -> int:
    info = system.collect(config_from_args(args), with_model=not args.no_model)
    if args.format == "json":
        emit_json(info)
    else:
        print(format_info(info))
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    checks = system.doctor(config_from_args(args), Path.cwd())
    if args.format == "json":
        emit_json(checks)
    else:
        width = max(len(c["check"]) for c in checks)
        for c in checks:
            print(f"{c['status'].upper():4}  {c['check'].ljust(width)}  {c['detail']}")
    return 1 if any(c["status"] == "fail" for c in checks) else 0
