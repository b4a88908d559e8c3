"""F2: the month still running is never a default period, and never compared as if it were whole.

The demo's data ends 31 Oct 2026. Two invoices dated 1 and 2 Nov are loaded, and the clock is pinned to 6 Nov
(``MOAT_AS_OF``): November has begun but not ended. Before the fix every default ("Last 3 months", "Last month",
the CLI's report, Ask's default) moved to November, and November's two invoices against October's whole month read
as revenue -95%, utilisation collapsing, licence waste "eliminated".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from moat import db
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes
from moat.metrics import periods
from moat.metrics.periods import Period, comparison_note, default_period
from moat.metrics.summary import summary

ADMIN = local_operator("test-h49")
AS_OF = date(2026, 11, 6)
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def started_november(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo plus November's first two invoices, the clock pinned to 6 Nov 2026."""
    con = db.connect(demo_path)
    try:
        clients = [r[0] for r in db.rows(con, "SELECT DISTINCT client_name FROM cur_invoices ORDER BY 1 LIMIT 2")]
        text = "invoice_number,client_name,date,amount,currency,category,status\n" + "".join(
            f"INV-H49-{i},{name},2026-11-0{i + 1},1200.00,USD,managed services,active\n" for i, name in enumerate(clients))
        report = ingest_bytes(con, ADMIN, text.encode(), "nov_invoices.csv", Options(today=AS_OF))
        assert report["rows_loaded"] == 2, report
        assert periods.data_range(con) == (date(2025, 10, 1), date(2026, 11, 2))
    finally:
        con.close()
    monkeypatch.setenv("MOAT_AS_OF", AS_OF.isoformat())
    return demo_path


def test_defaults_end_with_the_last_month_that_has_ended(started_november: Path) -> None:
    con = db.connect(started_november, read_only=True)
    try:
        assert default_period(con) == Period(date(2026, 8, 1), date(2026, 10, 31))  # "Last 3 months"
        assert default_period(con, 1) == Period(date(2026, 10, 1), date(2026, 10, 31))  # "Last month" is October
        assert default_period(con, 12) == Period(date(2025, 11, 1), date(2026, 10, 31))  # Trends
    finally:
        con.close()


def test_the_running_month_picked_explicitly_is_labelled_partial_and_not_compared(started_november: Path) -> None:
    from moat.metrics.periods import partial_note  # new with the fix; imported here so the other tests run on old code

    con = db.connect(started_november, read_only=True)
    try:
        assert periods.today() == AS_OF
        assert partial_note(NOVEMBER).startswith("Nov 1-6, partial")
        assert partial_note(Period(date(2026, 9, 1), date(2026, 11, 30))).startswith("Sep 1-Nov 6, partial")
        assert partial_note(Period(date(2026, 10, 1), date(2026, 10, 31))) is None
        note = comparison_note(con, NOVEMBER)
        assert note is not None and "November 2026 has not ended" in note
        rows = summary(con, NOVEMBER).to_dicts()
        revenue = next(r for r in rows if r["metric"] == "revenue")
        assert float(revenue["value"]) == 2400.0
        assert all(r["change"] is None and r["note"] for r in rows), rows  # no drop is shown, each says why
        # October, finished and fully covered, still compares with September.
        assert comparison_note(con, Period(date(2026, 10, 1), date(2026, 10, 31))) is None
    finally:
        con.close()


def test_cli_summary_of_the_running_month_withholds_every_change(started_november: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "moat", "--db", str(started_november), "metrics", "summary", "--from", "2026-11-01",
         "--to", "2026-11-30", "--format", "json"], capture_output=True, text=True, env=os.environ.copy(), timeout=120)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    assert rows and all(r["change"] is None and "has not ended" in r["note"] for r in rows)


def test_once_the_month_has_ended_it_is_a_month_like_any_other(started_november: Path) -> None:
    con = db.connect(started_november, read_only=True)
    try:
        assert default_period(con, 1, as_of=date(2026, 12, 1)) == NOVEMBER
    finally:
        con.close()


def test_without_a_running_month_nothing_changes(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOAT_AS_OF", "2026-11-06")
    con = db.connect(demo_path, read_only=True)
    try:  # the data ends 31 Oct: October has ended, it stays the last month
        assert default_period(con, 1) == Period(date(2026, 10, 1), date(2026, 10, 31))
        assert comparison_note(con, Period(date(2026, 8, 1), date(2026, 10, 31))) is None
    finally:
        con.close()


def test_ask_flags_the_running_month_instead_of_a_confident_comparison(started_november: Path) -> None:
    from moat.ai.engine import ask
    from moat.governance.permissions import User

    con = db.connect(started_november)
    try:
        answer = ask(con, User("ada", "admin"), "compare revenue this month with last month", AS_OF, use_cache=False)
    finally:
        con.close()
    assert not answer.refused, answer.narrative
    assert answer.confidence_parts["data"] < 1.0  # November is covered only to the 2nd, not "100%"
    assert answer.provisional
