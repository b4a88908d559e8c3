"""h48 / h42 F2: a Viewer kept to aggregates read named technicians and a named client's figures on "Approved results".

``approvals.visible_results`` (the Approvals page's list, its download and ``moat approvals list --results``)
filtered out only entity type ``client``; approved technician results and approved Ask answers filtered to one
client reached the Viewer, while the detail view refused the same rows. Now one rule
(``result_content.shown``) decides for the list and the detail view alike.
"""

from __future__ import annotations

import json
from pathlib import Path

import moat
from moat.db import connect
from moat.governance import approvals, policies
from moat.governance.permissions import User
from moat.views import approvals as view
from tests.governance.gov_util import add_result

VIEWER = User("v", "viewer")
ANALYST = User("a", "analyst")


def _question(con, slots: dict | None, value: float) -> int:
    """An approved Ask answer as ``engine.send_for_approval`` stores it (one row, one column)."""
    rid = add_result(con, "ask_answer", "revenue question", entity_type="question", value=value, status="approved")
    explanation = {"question": "q", "columns": ["revenue"], "rows": [[value]], "narrative": "n"}
    if slots is not None:
        explanation["slots"] = slots
    con.execute("UPDATE results SET explanation = ? WHERE result_id = ?", [json.dumps(explanation), rid])
    return rid


def _setup(path: Path) -> dict[str, int]:
    con = connect(path)
    try:
        ids = {
            "technician": add_result(con, "billable_utilization", "Priya Shah", entity_type="technician", value=0.93,
                                     status="approved"),
            "client": add_result(con, "gross_margin", "Acme Dental", entity_type="client", status="approved"),
            "company": add_result(con, "gross_margin", "company", entity_type="company", value=0.31, status="approved"),
            "client_question": _question(con, {"grouping": None, "filters": {"client": "Meridian Dental Group"}}, 5274.0),
            "tech_question": _question(con, {"grouping": "technician", "filters": {}}, 12.0),
            "unreadable_question": _question(con, None, 7.0),
            "company_question": _question(con, {"grouping": None, "filters": {}}, 99.0),
        }
        with moat.open(path) as admin:
            policies.set_value(admin.con, admin.user, "viewers_see_client_rows", "false")
    finally:
        con.close()
    return ids


def test_viewer_list_and_detail_apply_one_rule(demo_path: Path) -> None:
    ids = _setup(demo_path)
    people = {ids[k] for k in ("technician", "client", "client_question", "tech_question", "unreadable_question")}
    with moat.open(demo_path, user=VIEWER) as viewer:
        listed = set(view.approved(viewer.con, viewer.user, viewer.config).results["result_id"].to_list())
        cli_list = set(approvals.visible_results(viewer.con, viewer.user)["result_id"].to_list())
        assert listed == cli_list
        assert {ids["company"], ids["company_question"]} <= listed
        assert not listed & people, f"a viewer kept to aggregates sees results naming people: {listed & people}"
        assert "Priya Shah" not in view.approved(viewer.con, viewer.user).results["entity"].to_list()
        # the detail view agrees with the list, result by result
        for rid in ids.values():
            assert (view.read(viewer.con, viewer.user, rid) is not None) == (rid in listed), rid
    with moat.open(demo_path, user=ANALYST) as analyst:  # analysts see client rows: everything approved
        seen = set(approvals.visible_results(analyst.con, analyst.user)["result_id"].to_list())
        assert set(ids.values()) <= seen


def test_viewer_sees_people_when_the_policy_allows(demo_path: Path) -> None:
    ids = _setup(demo_path)
    with moat.open(demo_path) as admin:
        policies.set_value(admin.con, admin.user, "viewers_see_client_rows", "true")
    with moat.open(demo_path, user=VIEWER) as viewer:
        listed = set(view.approved(viewer.con, viewer.user).results["result_id"].to_list())
        assert set(ids.values()) <= listed
        assert "explanation" not in view.approved(viewer.con, viewer.user).results.columns
