"""The approval queue: states, four-eyes in the core, required comments, what each role sees, audit rows."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from moat import db
from moat.db import one, rows, scalar
from moat.governance import approvals, audit, policies
from moat.governance.approvals import ApprovalError, FourEyesViolation
from moat.governance.permissions import User
from tests.governance.gov_util import add_result, make_users, token_for
from tests.governance.gov_util import run_cli as moat

ANA = User("ana", "analyst")
ADA = User("ada", "admin")
BOB = User("bob", "admin")
VIC = User("vic", "viewer")


@pytest.fixture
def con(empty_con, app_env, tmp_path):
    app_env(tmp_path / "empty.duckdb")
    return empty_con


def status_of(con, result_id: int) -> str:
    return scalar(con, "SELECT status FROM results WHERE result_id = ?", [result_id])


def audit_actions(con) -> list[tuple[str, str, str]]:
    return [(r[0], r[1], r[2]) for r in rows(con, "SELECT user_name, action, object FROM audit_log ORDER BY seq")]


def test_request_then_approve(con) -> None:
    result_id = add_result(con, status="approved", confidence=0.95)
    approval_id = approvals.request(con, ANA, result_id, "price increase for Acme")
    assert status_of(con, result_id) == "pending_review"  # out of Viewers' sight while in review
    assert approvals.decide(con, ADA, approval_id, "approve", None) == "approved"
    assert status_of(con, result_id) == "approved"
    assert one(con, "SELECT status, requested_by, decided_by, comment FROM approvals WHERE approval_id = ?", [approval_id]) == \
        ("approved", "ana", "ada", None)
    assert audit_actions(con) == [("ana", "approval_request", f"approval:{approval_id}"),
                                  ("ada", "approval_decision", f"approval:{approval_id}")]
    details = json.loads(scalar(con, "SELECT CAST(details AS VARCHAR) FROM audit_log WHERE seq = 2"))
    assert details == {"comment": "", "decision": "approved", "requested_by": "ana", "result_id": result_id}
    assert audit.verify(con).ok


def test_four_eyes_holds_when_called_directly(con) -> None:
    result_id = add_result(con)
    approval_id = approvals.request(con, ADA, result_id, "my own analysis")
    before = scalar(con, "SELECT count(*) FROM audit_log")
    with pytest.raises(FourEyesViolation, match="own request"):
        approvals.decide(con, ADA, approval_id, "approve")
    # Nothing changed: still pending, undecided, no audit row.
    assert one(con, "SELECT status, decided_by FROM approvals WHERE approval_id = ?", [approval_id]) == ("pending_review", None)
    assert status_of(con, result_id) == "pending_review"
    assert scalar(con, "SELECT count(*) FROM audit_log") == before
    assert approvals.decide(con, BOB, approval_id, "approve") == "approved"  # a second admin may


def test_four_eyes_covers_the_results_creator(con) -> None:
    result_id = add_result(con, created_by="ada")
    approval_id = approvals.request(con, ANA, result_id, "check ada's numbers")
    with pytest.raises(FourEyesViolation, match="own result"):
        approvals.decide(con, ADA, approval_id, "reject", "no")
    assert status_of(con, result_id) == "pending_review"


def test_reject_and_send_back_need_a_comment(con) -> None:
    approval_id = approvals.request(con, ANA, add_result(con), "check")
    for decision in ("reject", "send-back", "send_back"):
        with pytest.raises(ApprovalError, match="needs a comment"):
            approvals.decide(con, ADA, approval_id, decision, "   ")
    with pytest.raises(ApprovalError, match="unknown decision"):
        approvals.decide(con, ADA, approval_id, "maybe", "hmm")
    assert scalar(con, "SELECT status FROM approvals WHERE approval_id = ?", [approval_id]) == "pending_review"


def test_send_back_then_request_again_then_reject_is_final(con) -> None:
    result_id = add_result(con)
    first = approvals.request(con, ANA, result_id, "check")
    assert approvals.decide(con, ADA, first, "send-back", "use the October invoices too") == "changes_requested"
    assert status_of(con, result_id) == "changes_requested"
    with pytest.raises(ApprovalError, match="already changes_requested"):
        approvals.decide(con, BOB, first, "approve")
    second = approvals.request(con, ANA, result_id, "updated with October")
    assert second != first and status_of(con, result_id) == "pending_review"
    with pytest.raises(ApprovalError, match="already waits"):
        approvals.request(con, ANA, result_id, "again")
    assert approvals.decide(con, ADA, second, "reject", "margin is wrong") == "rejected"
    with pytest.raises(ApprovalError, match="was rejected"):
        approvals.request(con, ANA, result_id, "please")
    # The requester sees both decisions with their comments.
    mine = approvals.queue(con, ANA).sort("approval_id")
    assert mine.select("approval_id", "status", "decided_by", "comment").rows() == [
        (first, "changes_requested", "ada", "use the October invoices too"), (second, "rejected", "ada", "margin is wrong")]


def test_request_needs_a_reason_and_an_existing_result(con) -> None:
    with pytest.raises(ApprovalError, match="needs a reason"):
        approvals.request(con, ANA, add_result(con), "  ")
    with pytest.raises(ApprovalError, match="no result 4242"):
        approvals.request(con, ANA, 4242, "why")
    with pytest.raises(ApprovalError, match="no approval request 77"):
        approvals.decide(con, ADA, 77, "approve")


def test_flagged_results_enter_the_queue_with_their_reason(con) -> None:
    low = add_result(con, metric="gross_margin", confidence=0.41, created_by="analytics-run")
    policies.update(con, ADA, {"always_review_metrics": "license_waste"})
    rule = add_result(con, metric="license_waste", confidence=0.99, created_by="analytics-run")
    add_result(con, status="approved", confidence=0.9)
    queue = approvals.queue(con, ADA).sort("result_id")
    assert queue.select("result_id", "requested_by", "reason").rows() == [
        (low, "analytics-run", "flagged: confidence 41.0% below the review threshold 70.0%"),
        (rule, "analytics-run", "flagged: policy: metric license_waste always needs approval"),
    ]
    assert approvals.evidence(queue.row(0, named=True)) == {
        "confidence_parts": {"completeness": 0.9, "sample_size": 0.4}, "explanation": {"labour_cost": -0.08}, "snapshot_ids": [1, 2]}
    assert approvals.sync_flagged(con) == 0  # idempotent
    assert approvals.queue(con, ANA).is_empty()  # analysts see only their own requests


def test_a_confidence_just_below_the_line_never_reads_as_equal_to_it(con) -> None:
    """h81: the demo's seat results (confidence 0.696) were queued as "confidence 0.70 below the review threshold
    0.70", which reads as a contradiction to the admin deciding them; the reason names both as the app's percents,
    with as many decimals as it takes to tell them apart."""
    policy = policies.get(con)
    assert policy.needs_review("license_waste", 0.696) == "confidence 69.6% below the review threshold 70.0%"
    assert policy.needs_review("license_waste", 0.6996) == "confidence 69.96% below the review threshold 70.00%"
    assert policy.needs_review("license_waste", 0.70) is None
    result = add_result(con, metric="license_waste", confidence=0.6996, created_by="analytics-run")
    queued = approvals.queue(con, ADA).filter(pl.col("result_id") == result)
    assert queued["reason"].to_list() == ["flagged: confidence 69.96% below the review threshold 70.00%"]


def test_what_each_role_sees(con) -> None:
    approved_client = add_result(con, entity="Acme Dental", status="approved")
    approved_company = add_result(con, entity_type="company", entity="company", status="approved")
    pending = add_result(con, status="pending_review")
    rejected = add_result(con, status="rejected")
    seen = lambda user: sorted(approvals.visible_results(con, user)["result_id"].to_list())  # noqa: E731
    assert seen(VIC) == [approved_client, approved_company]
    assert seen(ANA) == seen(ADA) == [approved_client, approved_company, pending, rejected]
    policies.update(con, ADA, {"viewers_see_client_rows": False})
    assert seen(VIC) == [approved_company]  # aggregates only
    assert seen(ANA) == [approved_client, approved_company, pending, rejected]
    assert approvals.visible_results(con, ANA, status="rejected")["result_id"].to_list() == [rejected]


def test_cli_request_and_decide(tmp_path: Path, app_env) -> None:
    path = app_env(tmp_path / "c.duckdb")
    con = db.connect(path)
    make_users(con, ("ana", "analyst"), ("ada", "admin"))
    ana, ada = token_for(con, "ana"), token_for(con, "ada")
    result_id = add_result(con)
    con.close()

    done = moat("approvals", "request", str(result_id), "--reason", "client price increase", token=ana)
    assert (done.returncode, done.stdout.strip()) == (0, f"approval 1 requested for result {result_id}")
    refused = moat("approvals", "approve", "1", token=ana)
    assert refused.returncode == 1 and "ana (analyst) may not approve" in refused.stderr
    no_comment = moat("approvals", "reject", "1", token=ada)
    assert no_comment.returncode == 2  # the command line lacks the required --comment
    approved = moat("--user", "ada", "approvals", "approve", "1", "--comment", "checked", token=ada)
    assert (approved.returncode, approved.stdout.strip()) == (0, "approval 1: approved")
    listed = json.loads(moat("approvals", "list", "--format", "json", token=ana).stdout)
    assert [(r["approval_id"], r["status"], r["decided_by"], r["comment"]) for r in listed] == [(1, "approved", "ada", "checked")]


def test_the_column_wise_review_rule_agrees_with_needs_review(con) -> None:
    import polars as pl

    policies.update(con, ADA, {"always_review_metrics": "license_waste", "review_confidence": 0.75})
    policy = policies.get(con)
    cases = [(m, c) for m in ("gross_margin", "license_waste", "insight_reprice") for c in (None, 0.0, 0.7499, 0.75, 0.9, 1.0)]
    frame = pl.DataFrame(cases, schema={"metric": pl.Utf8, "confidence": pl.Float64}, orient="row")
    column_wise = frame.select(policy.needs_review_expr())["metric"].to_list()
    assert column_wise == [policy.needs_review(m, c) is not None for m, c in cases]
    assert column_wise.count(True) == 6 + 3 * 2  # every license_waste row, and below 0.75 or unknown for the others
