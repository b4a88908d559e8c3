"""SQL injection through CLI arguments, metric parameters, stored names and every text box on every page.

After each attempt the database must hold exactly what it held before (every table present, same row counts
in the data tables) and the hostile text must come back, when it comes back, as the literal value it was.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from moat import db, metrics
from moat.errors import MoatError
from moat.governance.permissions import local_operator
from moat.metrics import Period
from moat.snapshots import commit
from tests.conftest import ROOT
from tests.helpers import run_page

INJECTIONS = [
    "x' OR '1'='1",
    "'; DROP TABLE clients; --",
    "healthcare'); DELETE FROM invoices; --",
    "1; UPDATE audit_log SET user_name = 'mallory'",
    "\" OR \"\"=\"",
    "'||(SELECT string_agg(hash, ',') FROM audit_log)||'",
    "%' UNION SELECT * FROM audit_log --",
]
DATA_TABLES = ("clients", "technicians", "time_entries", "invoices", "costs", "licenses", "snapshots")
YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py") if not p.name.startswith("_"))


def fingerprint(path: Path) -> dict[str, int]:
    con = db.connect(path)  # same configuration as the app's own connection, which may be open in this process
    try:
        tables = {r[0] for r in db.rows(con, "SELECT table_name FROM information_schema.tables")}
        assert set(DATA_TABLES) | {"audit_log"} <= tables
        return {t: db.scalar(con, f"SELECT count(*) FROM {t}") for t in DATA_TABLES}
    finally:
        con.close()


def moat_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "moat", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_metric_arguments(demo_path: Path) -> None:
    before = fingerprint(demo_path)
    text = INJECTIONS[1]  # each CLI call is a process start; the in-process tests below cover every string
    result = moat_cli("--db", str(demo_path), "metrics", "profitability", "--from", f"2026-01-01{text}", "--to", "2026-03-31")
    assert result.returncode != 0
    assert "is not a date" in result.stderr and "Traceback" not in result.stderr
    wrong_metric = moat_cli("--db", str(demo_path), "metrics", f"summary{text}", "--from", "2026-01-01", "--to", "2026-03-31")
    assert wrong_metric.returncode == 2 and "invalid choice" in wrong_metric.stderr
    result = moat_cli("--db", str(demo_path), "explain", "client", INJECTIONS[1], "--from", "2026-01-01", "--to", "2026-03-31")
    assert "Traceback" not in result.stderr
    assert fingerprint(demo_path) == before


def test_metric_parameters(demo_con: db.Connection, demo_path: Path) -> None:
    everyone = metrics.profitability(demo_con, YEAR)
    healthcare = metrics.profitability(demo_con, YEAR, "healthcare")
    assert 0 < healthcare.height < everyone.height  # the segment parameter does filter
    for text in INJECTIONS:
        assert metrics.profitability(demo_con, YEAR, text).height == 0  # a value, matched literally: no segment has it
        with pytest.raises((KeyError, MoatError)):
            metrics.licenses(demo_con, YEAR, by=text)  # grouping comes from an allow-list only
        with pytest.raises(MoatError, match="not a date"):
            Period.parse(text, "2026-01-01")
    assert db.scalar(demo_con, "SELECT count(*) FROM clients") == 40


def test_hostile_names_are_stored_and_returned_literally(demo_con: db.Connection) -> None:
    user = local_operator("test")
    names = [f"Client {i} {text}" for i, text in enumerate(INJECTIONS)]
    clients = pl.DataFrame({"client_name": names, "client_key": [f"inj{i}" for i in range(len(names))],
                            "row_key": [f"inj{i}" for i in range(len(names))], "source_row": list(range(2, 2 + len(names)))})
    commit(demo_con, user, "clients", clients, file_name="inj-clients.csv", sha256=hashlib.sha256(b"c").hexdigest(), rows_read=len(names))
    invoices = pl.DataFrame({
        "invoice_number": [f"INJ-{i}" for i in range(len(names))], "client_name": names,
        "client_key": [f"inj{i}" for i in range(len(names))], "date": [date(2026, 6, 1)] * len(names),
        "amount": [100.0 + i for i in range(len(names))], "status": ["paid"] * len(names),
        "row_key": [f"INJ-{i}" for i in range(len(names))], "source_row": list(range(2, 2 + len(names))),
    })
    commit(demo_con, user, "invoices", invoices, file_name="inj-invoices.csv", sha256=hashlib.sha256(b"i").hexdigest(), rows_read=len(names))
    prof = metrics.profitability(demo_con, YEAR).filter(pl.col("client_key").str.starts_with("inj"))
    assert sorted(prof["client_name"].to_list()) == sorted(names)
    assert sorted(float(v) for v in prof["revenue"]) == [100.0 + i for i in range(len(names))]
    assert db.scalar(demo_con, "SELECT count(*) FROM cur_clients") == 40 + len(names)
    assert db.scalar(demo_con, "SELECT count(DISTINCT user_name) FROM audit_log WHERE user_name = 'mallory'") == 0


@pytest.mark.parametrize("page", [p for p in PAGES if "text_input" in (ROOT / "pages" / p).read_text(encoding="utf-8")
                                  or "text_area" in (ROOT / "pages" / p).read_text(encoding="utf-8")])
def test_every_text_box_on_every_page(demo_path: Path, app_env, page: str) -> None:  # fixture
    app_env(demo_path)
    before = fingerprint(demo_path)
    at = run_page(page, "admin")
    boxes = list(at.text_input) + list(at.text_area)
    for text in INJECTIONS:
        for box in boxes:
            box.input(text)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        for button in at.button:  # submit whatever the page submits with the hostile text in place
            if button.disabled:
                continue
            button.click()
            at.run()
            assert not at.exception, [e.value for e in at.exception]
    con = db.connect(demo_path)
    try:
        from moat.governance import audit

        assert audit.verify(con).ok
    finally:
        con.close()
    # data tables untouched (pages may add their own rows, e.g. audit entries or a user; never drop or alter data)
    assert fingerprint(demo_path) == before
