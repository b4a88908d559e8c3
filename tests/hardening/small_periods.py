"""What the small-period tests share (h48 F1: a one-client day; h76 F1: a period after a few-client one): the demo
with client rows hidden from viewers, and the company summary asked through the CLI by a viewer and an analyst."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import moat
from moat.db import connect
from moat.governance import policies
from tests.governance.gov_util import Ran, make_users, run_cli, token_for


def restrict_viewers(path: Path) -> Path:
    """``path`` with ``viewers_see_client_rows`` off, so viewers are kept to totals of 3 clients or more."""
    with moat.open(path) as admin:
        policies.set_value(admin.con, admin.user, "viewers_see_client_rows", "false")
    return path


def summary_cli(path: Path, start: date, end: date) -> tuple[Ran, Ran]:
    """`moat metrics summary --from START --to END --format csv` run by a viewer, then by an analyst (accounts made
    in the users file beside the database; the caller points the CLI at ``path`` first, e.g. with ``app_env``)."""
    con = connect(path)
    try:
        make_users(con, ("vic", "viewer"), ("ana", "analyst"))
        viewer, analyst = token_for(con, "vic"), token_for(con, "ana")
    finally:
        con.close()
    args = ("--db", str(path), "metrics", "summary", "--from", str(start), "--to", str(end), "--format", "csv")
    return run_cli(*args, token=viewer), run_cli(*args, token=analyst)
