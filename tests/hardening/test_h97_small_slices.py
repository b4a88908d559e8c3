"""h97 F1, F3: a Viewer kept to aggregates (``viewers_see_client_rows`` off) read one client's figures through the
slices an answer shows besides its own period.

F1 (Ask, live): a month-over-month trend gives each month's change from the month before, the first one from the
whole month before the period, which the small-group rule never looked at: "revenue per month in Q4 2025 with the
change" gave October's value and change, so October minus the change was September's revenue, the one invoice of
the only client that invoiced then. Now that month is checked like the period (``engine.shown_periods``).

F3 (approved answers): the stored answers were checked for their period, compared period and segment filter only.
An analyst's "revenue by segment", approved, showed the Viewer a segment of one client alone (Ask pools it live); a
trend over months showed a one-client month as its own row; the month-over-month base month as in F1. Now a stored
answer is held to the same rules as the live one (``moat.access.small_result``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import moat
from moat.ai import engine
from moat.db import connect
from moat.governance import approvals
from moat.governance.permissions import User
from moat.views import approvals as approvals_view
from tests.hardening.small_periods import restrict_viewers

VIEWER = User("v", "viewer")
ANALYST = User("a", "analyst")
AS_OF = date(2026, 11, 15)
SEPTEMBER = Decimal("4321.09")  # one client's one invoice, the only revenue of September 2025
MOM = "revenue per month in Q4 2025 with the change"


@pytest.fixture
def one_client_month(demo_path: Path, tmp_path: Path) -> Path:
    """The demo (data from mid-October 2025) with one invoice of one client in September 2025, viewers restricted."""
    invoice = tmp_path / "september.csv"
    invoice.write_text("Invoice Number,Customer,Invoice Date,Amount\nSEP-1,Harbor Logistics,2025-09-15,4321.09\n",
                       encoding="utf-8")
    with moat.open(demo_path) as admin:
        assert admin.ingest(invoice)["rows_loaded"] == 1
    return restrict_viewers(demo_path)


def test_ask_month_over_month_base_month_is_checked(one_client_month: Path) -> None:
    with moat.open(one_client_month, user=ANALYST) as analyst:  # the premise: value - change is September's invoice
        shown = analyst.ask(MOM, as_of=AS_OF)
        assert not shown.refused and shown.slots["change"] == "mom", shown.narrative
        month, value, change = shown.rows[0]
        assert month == date(2025, 10, 1) and value - change == SEPTEMBER
    with moat.open(one_client_month, user=VIEWER) as viewer:
        refused = viewer.ask(MOM, as_of=AS_OF)
        assert refused.refused and refused.rows == [], refused.rows
        assert "fewer than 3 clients" in refused.narrative and "2025-09-01" in refused.narrative
        ordinary = viewer.ask("revenue per month in Q1 2026 with the change", as_of=AS_OF)
        assert not ordinary.refused and len(ordinary.rows) == 3  # a base month of many clients still answers


def _approved(path: Path, question: str) -> int:
    """``question`` asked by an analyst, sent for approval and approved by an admin account (four-eyes)."""
    with moat.open(path, user=ANALYST) as analyst:
        answer = analyst.ask(question, as_of=AS_OF)
        assert not answer.refused, answer.narrative
        result_id = engine.send_for_approval(analyst.con, analyst.user, answer)
    con = connect(path)
    try:
        approval_id = con.execute("SELECT approval_id FROM approvals WHERE result_id = ?", [result_id]).fetchone()[0]
        approvals.decide(con, User("boss", "admin"), int(approval_id), "approve", "ok")
    finally:
        con.close()
    return result_id


def _seen_by(path: Path, user: User, result_id: int) -> bool:
    with moat.open(path, user=user) as session:
        listed = result_id in approvals_view.approved(session.con, session.user).labels
        read = approvals_view.read(session.con, session.user, result_id)
        assert listed == (read is not None)
        return listed


@pytest.mark.parametrize("question", [
    "revenue by segment in October 2026",  # nonprofit: one client, alone
    "revenue per month from Sep 2025 to Dec 2025",  # September 2025: one client's invoice as its own row
    MOM,  # value minus change: September's invoice
])
def test_approved_answer_with_a_one_client_slice_is_hidden_from_the_viewer(one_client_month: Path,
                                                                           question: str) -> None:
    result_id = _approved(one_client_month, question)
    assert not _seen_by(one_client_month, VIEWER, result_id)
    assert _seen_by(one_client_month, ANALYST, result_id)


def test_approved_answer_of_ordinary_slices_is_still_shown(one_client_month: Path) -> None:
    result_id = _approved(one_client_month, "revenue per month in Q1 2026 with the change")
    assert _seen_by(one_client_month, VIEWER, result_id)
