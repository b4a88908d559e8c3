"""Run forwarded work in the service: a ``moat`` command line, or one method of the Python facade.

Both run the same code as in the client's own process would, on a cursor of the service's connection (so every
write keeps its ``db.atomic`` transaction, conflict retries and audit row), as the user the forwarded credential
proves. Output goes to per-request buffers (``streams.bind``), never to a process-wide redirect.
"""

from __future__ import annotations

import argparse
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from moat import config as config_mod
from moat import db
from moat.errors import MoatError
from moat.service import identity, streams

# Commands that must have the database file to themselves, or that start a service: never forwarded.
NOT_FORWARDED = frozenset({"serve", "restore"})

# Arguments that name files on the client's machine (the same machine): made absolute against its folder.
_PATH_DESTS = {"files", "path", "directory", "out", "mapping", "batch", "pack"}
_PATH_DESTS_BY_COMMAND = {"rates": {"file"}}  # `quarantine --file` is an uploaded file's name, not a path


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


def _absolute(value: Any, cwd: Path) -> Any:
    if isinstance(value, list):
        return [_absolute(v, cwd) for v in value]
    if isinstance(value, str) and value and value != "-":
        trailing = os.sep if value.endswith(("/", os.sep)) else ""  # "backups/" means a folder: keep saying so
        return str(cwd / Path(value).expanduser()) + trailing
    return value


def rebase_paths(args: argparse.Namespace, cwd: Path) -> None:
    """Relative paths in ``args`` mean the client's working folder, not the service's."""
    dests = _PATH_DESTS | _PATH_DESTS_BY_COMMAND.get(getattr(args, "command", ""), set())
    for dest in dests:
        if hasattr(args, dest):
            setattr(args, dest, _absolute(getattr(args, dest), cwd))


def run_cli(argv: list[str], *, cwd: str, creds: identity.Credentials, stdin: str, target: str,
            con: db.Connection) -> CliResult:
    """``moat ARGV`` as the client typed it, against the served database ``target``."""
    from moat.cli import build_parser, run_parsed

    out, err = io.StringIO(), io.StringIO()
    with streams.bind(out, err, io.StringIO(stdin)):
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # argparse already wrote usage or help to (our) stderr/stdout
            return CliResult(int(exc.code or 0), out.getvalue(), err.getvalue())
        if args.command in NOT_FORWARDED:
            err.write(f"error: `moat {args.command}` cannot run through the service\n")
            return CliResult(1, out.getvalue(), err.getvalue())
        args.db = target  # the service's database, whatever spelling of it the client used
        if hasattr(args, "config"):
            del args.config  # settings are the owner's (users file, policies)
        if hasattr(args, "user"):
            del args.user
        rebase_paths(args, Path(cwd))

        def who() -> Any:
            cur = db.cursor(con)
            try:
                return identity.resolve(cur, config_mod.load(db_path=target), creds, via="cli")
            finally:
                cur.close()

        try:
            args.service_user = who()
        except MoatError as exc:
            err.write(f"error: {exc}\n")
            return CliResult(exc.exit_code, out.getvalue(), err.getvalue())
        code = run_parsed(args)
    return CliResult(code, out.getvalue(), err.getvalue())


# --- the Python facade ------------------------------------------------------------------------------------------

FACADE_METHODS = frozenset({
    "profitability", "licenses", "utilization", "summary", "monthly", "sql", "period", "ask", "ingest", "export",
    "export_datasets", "report", "snapshots", "client_risk", "whoami",
})


def run_facade(method: str, args: list[Any], kwargs: dict[str, Any], *, creds: identity.Credentials,
               read_only: bool, target: str, con: db.Connection) -> Any:
    """``Session.<method>(*args, **kwargs)`` for the proven user, on a fresh cursor of the service's connection."""
    from moat.api import Session

    if method not in FACADE_METHODS:
        raise MoatError(f"moat.open() has no method {method!r} over the service", "see help(moat.api.Session)")
    cfg = config_mod.load(db_path=target)
    cur = db.cursor(con)
    try:
        user = identity.resolve(cur, cfg, creds, via="python")
        if method == "whoami":
            return {"name": user.name, "role": user.role}
        session = Session(cur, user, cfg, read_only=read_only)
        return getattr(session, method)(*args, **kwargs)
    finally:
        cur.close()
