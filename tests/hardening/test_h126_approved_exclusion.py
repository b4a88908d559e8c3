"""h126 F4: an approved Ask answer leaving a segment out gave a Viewer kept to aggregates that segment's figures.

Ask refuses such a Viewer any total with a part left out (h65, ``engine._per_entity``): beside the full total it is
the part's figure. Approved answers followed the rule for a client or technician left out (h76 F2) but not for a
segment: an analyst's "revenue in October 2026 excluding the nonprofit segment", approved by an admin, was listed to
the Viewer on the Approvals page; October's revenue (which the Viewer sees) minus it is the demo's one nonprofit
client's revenue. Now an approved answer with any part left out is hidden from users kept to aggregates, as live.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import moat
from moat.ai import engine
from moat.governance import approvals
from moat.governance.permissions import User
from moat.views import approvals as approvals_view
from tests.hardening.small_periods import restrict_viewers

ANALYST, VIEWER = User("a", "analyst"), User("v", "viewer")
AS_OF = date(2026, 11, 15)


def test_approved_answer_leaving_a_segment_out_is_hidden(demo_path: Path) -> None:
    restrict_viewers(demo_path)
    with moat.open(demo_path, user=ANALYST) as analyst:
        answer = analyst.ask("revenue in October 2026 excluding the nonprofit segment", as_of=AS_OF)
        assert not answer.refused and (answer.slots or {}).get("excluded") == {"segment": ["nonprofit"]}, answer.slots
        nonprofit = analyst.profitability("2026-10-01", "2026-10-31", segment="nonprofit")
        total = analyst.summary("2026-10-01", "2026-10-31")
        result_id = engine.send_for_approval(analyst.con, analyst.user, answer)
    whole = Decimal(total.filter(total["metric"] == "revenue")["value"][0])
    assert nonprofit.height == 1  # the premise: one client, and the difference is its revenue
    assert whole - Decimal(str(answer.rows[0][0])) == Decimal(str(nonprofit["revenue"][0]))
    with moat.open(demo_path) as session:  # a second person (an admin account) decides
        approval_id = session.con.execute("SELECT approval_id FROM approvals WHERE result_id = ?",
                                          [result_id]).fetchone()[0]
        approvals.decide(session.con, User("boss", "admin"), int(approval_id), "approve", "ok")
    with moat.open(demo_path, user=VIEWER) as viewer:
        assert viewer.ask("revenue in October 2026 excluding the nonprofit segment", as_of=AS_OF).refused  # live
        assert _company_revenue(viewer) == whole  # the Viewer sees the full total
        assert result_id not in approvals_view.approved(viewer.con, viewer.user).labels  # before: listed
        assert approvals_view.read(viewer.con, viewer.user, result_id) is None
    with moat.open(demo_path, user=ANALYST) as analyst:
        assert result_id in approvals_view.approved(analyst.con, analyst.user).labels


def _company_revenue(session) -> Decimal:
    total = session.summary("2026-10-01", "2026-10-31")
    return Decimal(total.filter(total["metric"] == "revenue")["value"][0])
