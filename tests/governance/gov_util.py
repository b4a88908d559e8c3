"""Shared set-up for governance tests: result rows as the analytics step writes them, and accounts."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from dataclasses import dataclass
from datetime import date, datetime

from moat import cli, config
from moat.db import Connection, scalar
from moat.governance import users
from moat.governance.permissions import User


def add_result(con: Connection, metric: str = "gross_margin", entity: str = "Acme Dental", *, entity_type: str = "client",
               value: float = 0.12, confidence: float = 0.55, status: str = "pending_review", created_by: str = "analytics") -> int:
    """Insert one ``results`` row directly (the analytics helper's job in the app); returns its id."""
    result_id = scalar(con, "SELECT nextval('result_seq')")
    run_id = scalar(con, "SELECT nextval('run_seq')")
    con.execute(
        "INSERT INTO results (result_id, run_id, metric, entity_type, entity, period_start, period_end, value, snapshot_ids, "
        "confidence, confidence_parts, explanation, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [result_id, run_id, metric, entity_type, entity, date(2026, 8, 1), date(2026, 10, 31), value, json.dumps([1, 2]),
         confidence, json.dumps({"completeness": 0.9, "sample_size": 0.4}), json.dumps({"labour_cost": -0.08}), status,
         created_by, datetime(2026, 11, 1, 9, 0)],
    )
    return int(result_id)


def make_users(con: Connection, *accounts: tuple[str, str]) -> dict[str, User]:
    """Create accounts (name, role) in the configured users file with password ``<name>-password`` (fast hashes)."""
    cfg = config.load()
    operator = User("setup", "admin")
    out = {}
    for name, role in accounts:
        if users.get(cfg, name) is None:
            users.add(cfg, con, operator, name, role, f"{name}-password", rounds=4)
        out[name] = User(name, role)
    return out


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def token_for(con: Connection, name: str) -> str:
    """An API token for account ``name``, issued by an admin as `moat users token NAME` does (audited)."""
    from moat.governance import identity

    cfg = config.load()
    record = users.get(cfg, name)  # an admin's own token comes from their own sign-in (`moat login`): h48 / h42 F5
    actor = record.as_user() if record is not None and record.role == "admin" else User("setup", "admin")
    return identity.create_token(cfg, con, actor, name)


def run_cli(*args: str, stdin: str = "", token: str | None = None) -> Ran:
    """Run ``moat ARGS`` in this process through the console script's ``main`` (stdin from ``stdin``).

    ``token`` is passed as ``MOAT_TOKEN`` (the account it names acts); without it the local operator acts.
    In-process rather than a subprocess because the CLI's own start-up is tested elsewhere and each subprocess
    costs seconds on a busy CI machine.
    """
    out, err = io.StringIO(), io.StringIO()
    saved, saved_token = sys.stdin, os.environ.pop("MOAT_TOKEN", None)
    sys.stdin = io.StringIO(stdin)
    if token is not None:
        os.environ["MOAT_TOKEN"] = token
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(list(args))
            except SystemExit as exit_:  # argparse refusing the command line
                code = int(exit_.code or 0)
    finally:
        sys.stdin = saved
        os.environ.pop("MOAT_TOKEN", None)
        if saved_token is not None:
            os.environ["MOAT_TOKEN"] = saved_token
    return Ran(code, out.getvalue(), err.getvalue())
