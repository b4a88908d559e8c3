"""Ask follows the small-segment rule of the pages and the facade (h20's finding B).

With ``viewers_see_client_rows`` off, a Viewer asking "revenue of nonprofit clients" read the demo's one nonprofit
client's exact revenue, and "revenue by segment" listed that segment's row, although the Profitability page and
the facade pool segments of fewer than 3 clients. Now Ask refuses both and names the pooled row; an Analyst, and a
Viewer when the policy shows client rows, still get the figures.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import moat
from moat.governance import policies
from moat.governance.permissions import User

AS_OF = date(2026, 11, 25)  # the development demo's as-of date
QUESTIONS = ["revenue of nonprofit clients last quarter", "revenue by segment last quarter"]


def _set_policy(path: Path, value: str) -> None:
    with moat.open(path) as admin:
        policies.set_value(admin.con, admin.user, "viewers_see_client_rows", value)


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_viewer_kept_to_aggregates_gets_no_one_client_segment(demo_path: Path, question: str) -> None:
    _set_policy(demo_path, "false")
    with moat.open(demo_path, user=User("v", "viewer")) as viewer:
        answer = viewer.ask(question, as_of=AS_OF)
    if question == QUESTIONS[1]:  # h44: a sum by segment is answered with the small segments pooled in one row
        names = [row[0] for row in answer.rows]
        assert not answer.refused and "nonprofit" not in names and any("pooled" in n for n in names), answer.rows
        return
    assert answer.refused, answer.rows
    assert "nonprofit" in answer.narrative and "fewer than 3 clients" in answer.narrative
    assert "Profitability page" in answer.narrative


@pytest.mark.parametrize("role,policy", [("analyst", "false"), ("viewer", "true")])
def test_who_may_see_client_rows_still_gets_the_segment(demo_path: Path, role: str, policy: str) -> None:
    _set_policy(demo_path, policy)
    with moat.open(demo_path, user=User("u", role)) as user:
        answer = user.ask(QUESTIONS[0], as_of=AS_OF)
        exact = user.profitability("2026-07-01", "2026-09-30", segment="nonprofit")
    assert not answer.refused, answer.narrative
    assert float(answer.rows[0][-1]) == pytest.approx(float(exact["revenue"].sum()), abs=0.01)
