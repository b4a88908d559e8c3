"""h48 / h42 F7: terminal control sequences from client names, file names and profile names reached the CLI's
output raw: `moat metrics profitability` printed OSC 52 (write the clipboard), `moat audit list` printed a row
that moved the cursor up and erased the line above (hiding audit rows behind forged text). Now everything the CLI
prints passes one filter (``moat.cli.output.visible``): control characters show as ``\\u00XX``."""

from __future__ import annotations

import json
import re
from pathlib import Path

from moat import db
from moat.governance import audit
from moat.governance.permissions import User
from tests.governance.gov_util import run_cli

EVIL = "Evil\x1b[31mRED\x1b]52;c;ZWNobyBwd25lZA==\x07\x9b2J"
FORGED = "p\x1b[1A\x1b[2K\rFORGED audit line\nseq 99 admin policy_set"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _plant(path: Path) -> str:
    con = db.connect(path)
    try:
        name = db.scalar(con, "SELECT client_name FROM clients WHERE is_current ORDER BY client_key LIMIT 1")
        con.execute("UPDATE clients SET client_name = ? WHERE client_name = ?", [EVIL, name])
        for table in ("invoices", "time_entries", "licenses", "costs"):
            con.execute(f"UPDATE {table} SET client_name = ? WHERE client_name = ?", [EVIL, name])
        with db.transaction(con):
            audit.append(con, User("ana", "analyst"), "mapping_save", f"mapping:{FORGED}", {"name": FORGED})
    finally:
        con.close()
    return name


def test_no_raw_control_character_reaches_the_terminal(demo_path: Path) -> None:
    _plant(demo_path)
    base = ("--db", str(demo_path))
    outputs = {
        "profitability table": run_cli(*base, "metrics", "profitability", "--from", "2026-08-01", "--to", "2026-10-31"),
        "profitability csv": run_cli(*base, "metrics", "profitability", "--from", "2026-08-01", "--to", "2026-10-31",
                                     "--format", "csv"),
        "audit list": run_cli(*base, "audit", "list", "--action", "mapping_save"),
        "error message": run_cli(*base, "ingest", f"/nonexistent/esc\x1b[2Jname{chr(0x9b)}.csv"),
    }
    for what, ran in outputs.items():
        assert not RAW.search(ran.stdout) and not RAW.search(ran.stderr), (what, ran.stdout[-300:], ran.stderr[-300:])
    assert "Evil\\u001b[31mRED\\u001b]52" in outputs["profitability table"].stdout
    listed = outputs["audit list"].stdout
    assert "\\u001b[1A\\u001b[2K\\u000dFORGED audit line\\u000aseq 99" in listed  # one row, visibly escaped
    assert "\\u001b[2J" in outputs["error message"].stderr


def test_json_stays_valid_and_exact(demo_path: Path) -> None:
    _plant(demo_path)
    ran = run_cli("--db", str(demo_path), "metrics", "profitability", "--from", "2026-08-01", "--to", "2026-10-31",
                  "--format", "json")
    assert ran.returncode == 0 and not RAW.search(ran.stdout)
    assert EVIL in [r["client_name"] for r in json.loads(ran.stdout)]  # escaped on screen, exact when parsed
