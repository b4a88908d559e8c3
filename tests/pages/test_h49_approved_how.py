"""F10: "Approved results" says which results an admin approved (who, when) and which passed on their own.

Before: the caption read "Results an admin has approved" while nearly all rows had been approved automatically
(confidence at or above the review line), each with "Decided by None". Filtering (``visible_results``) is unchanged.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from moat import db
from moat.ai.engine import ask, send_for_approval
from moat.governance import approvals
from moat.governance.permissions import User
from tests.governance.gov_util import add_result
from tests.helpers import run_page

ANALYST, ADMIN = User("ana", "analyst"), User("ada", "admin")


def test_viewer_reads_who_approved_and_what_passed_automatically(demo_path: Path, app_env, ask_config) -> None:
    app_env(demo_path)
    con = db.connect(demo_path)
    try:
        auto = [add_result(con, "gross_margin", name, confidence=0.95, status="approved") for name in ("Acme", "Birch")]
        answer = ask(con, ANALYST, "What was our revenue in Q3 2026?", date(2026, 11, 25), config=ask_config, model=None)
        person = send_for_approval(con, ANALYST, answer, "board pack")
        approval_id = db.scalar(con, "SELECT approval_id FROM approvals WHERE result_id = ?", [person])
        approvals.decide(con, ADMIN, approval_id, "approve")
    finally:
        con.close()
    at = run_page("approvals.py", "viewer")
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert "1 of 3 approved by an admin; 2 passed automatically (confidence at or above the review line, 70%) and " \
           "nobody reviewed them. Provisional results are not shown." in captions
    assert not any("Results an admin has approved" in c for c in captions)
    table = at.dataframe[0].value
    how = dict(zip(table["result_id"], table["approved_by"], strict=True))
    assert how[person].startswith("ada, ")
    for result_id in auto:
        assert how[result_id] == "Automatic: confidence 95.0% at or above the 70% review line; not reviewed"
    assert "decided_by" not in table.columns  # no "Decided by None" column
