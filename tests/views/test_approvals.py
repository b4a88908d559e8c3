"""moat.views.approvals: the queue split and shaped for the page, what a deciding admin reads, the outcome sentences."""

from __future__ import annotations

import pytest

from moat.config import load
from moat.errors import MoatError
from moat.governance import approvals
from moat.governance.permissions import User
from moat.privacy import release_approvals as approval
from moat.privacy import releases
from moat.views import approvals as view
from tests.governance.gov_util import add_result

ANA, ADA, BOB, VIC = User("ana", "analyst"), User("ada", "admin"), User("bob", "admin"), User("vic", "viewer")


def test_queue_splits_pending_from_decided_with_values_as_text(demo_con) -> None:
    approved = add_result(demo_con, entity="Harbor Logistics", status="approved", confidence=0.9, value=0.1234)
    flagged = add_result(demo_con, entity="Meridian Dental Group", status="pending_review", confidence=0.4)
    assert view.request(demo_con, ANA, approved, "price increase") == f"Requested approval #1 for result #{approved}."
    queue = view.queue(demo_con, ADA, load(env={}))
    assert sorted(queue.pending["result_id"]) == sorted([approved, flagged]) and queue.decided.is_empty()
    assert set(queue.pending["shown_value"]) == {"12.3%", "12.0%"}  # each value by its metric's kind
    assert queue.results[approved] == f"#{approved} Gross margin - Harbor Logistics (waiting for approval)"  # its status now
    detail = queue.detail(1)
    assert detail.dp_spec is None and detail.why.row(0, named=True)["reason"] == "price increase"
    assert view.decide(demo_con, BOB, 1, "approve", "ok") == "Approval #1 is now approved."
    decided = view.queue(demo_con, ADA, load(env={})).decided
    assert decided["approval_id"].to_list() == [1] and decided["status"].to_list() == ["approved"]


def test_refusals_raise_with_what_to_do(demo_con) -> None:
    result_id = add_result(demo_con)
    with pytest.raises(MoatError, match="needs a reason"):
        view.request(demo_con, ANA, result_id, "  ")
    approval_id = approvals.request(demo_con, ADA, result_id, "mine")
    with pytest.raises(MoatError, match="four-eyes"):
        view.decide(demo_con, ADA, approval_id, "approve", "")


def test_a_dp_release_request_shows_its_exact_spec(demo_con) -> None:
    req = releases.request(demo_con, ["client_count", "mean_margin"], 1.0)
    approval_id = approval.request(demo_con, ADA, req, "peer group Q3")
    detail = view.queue(demo_con, BOB, load(env={})).detail(approval_id)
    assert detail.dp_spec.to_dicts() == [{"metrics": "client_count, mean_margin", "epsilon": 1.0,
                                          "period": f"{req.period.start} to {req.period.end}", "grouping": "segment",
                                          "confidence of intervals": "95%"}]


def test_viewers_read_approved_results_only(demo_con) -> None:
    approved = add_result(demo_con, entity="Harbor Logistics", status="approved")
    hidden = add_result(demo_con, entity="Meridian Dental Group", status="pending_review")
    seen = view.approved(demo_con, VIC, load(env={}))
    assert seen.results["result_id"].to_list() == [approved]
    assert seen.labels == {approved: f"#{approved} Gross margin"}
    assert view.read(demo_con, VIC, approved).title and view.read(demo_con, VIC, hidden) is None


def test_a_monthly_value_says_per_month_and_a_total_does_not(demo_con) -> None:
    """h81/h88: "Value $7.00" for "Reclaim 2 Huntress Managed EDR seats" was the monthly effect, unlabelled."""
    seats = add_result(demo_con, "insight_reclaim_seats", "Harbor Logistics", value=7.0)
    waste = add_result(demo_con, "license_waste", "Harbor Logistics", value=1234.5)
    for result_id in (seats, waste):
        view.request(demo_con, ANA, result_id, "check")
    queue = view.queue(demo_con, ADA, load(env={}))
    shown = dict(zip(queue.pending["result_id"], queue.pending["shown_value"], strict=True))
    assert shown == {seats: "$7.00 per month", waste: "$1,234.50"}  # licence waste is the period's, not a month's
    by_result = {queue.pending.filter(queue.pending["approval_id"] == a)["result_id"][0]: a
                 for a in queue.pending["approval_id"]}
    assert queue.detail(by_result[seats]).content.value == "$7.00 per month"
    assert queue.detail(by_result[waste]).content.value == "$1,234.50"
    approvals.decide(demo_con, BOB, by_result[seats], "approve", "ok")
    assert view.read(demo_con, VIC, seats).value == "$7.00 per month"  # the viewer's "Approved results" alike


def test_money_is_written_in_the_base_currency(demo_con) -> None:
    """h98: a EUR database's approvals showed "$7.00 per month" (every value was written with "$")."""
    seats = add_result(demo_con, "insight_reclaim_seats", "Harbor Logistics", value=7.0)
    waste = add_result(demo_con, "license_waste", "Harbor Logistics", value=1234.5)
    for result_id in (seats, waste):
        view.request(demo_con, ANA, result_id, "check")
    eur = load(env={}, base_currency="EUR")
    queue = view.queue(demo_con, ADA, eur)
    shown = dict(zip(queue.pending["result_id"], queue.pending["shown_value"], strict=True))
    assert shown == {seats: "€7.00 per month", waste: "€1,234.50"}
    by_result = {queue.pending.filter(queue.pending["approval_id"] == a)["result_id"][0]: a
                 for a in queue.pending["approval_id"]}
    assert queue.detail(by_result[waste]).content.value == "€1,234.50"
    approvals.decide(demo_con, BOB, by_result[seats], "approve", "ok")
    assert view.approved(demo_con, VIC, eur).results.filter(
        view.approved(demo_con, VIC, eur).results["result_id"] == seats)["shown_value"].to_list() == ["€7.00 per month"]
    assert view.read(demo_con, VIC, seats, eur).value == "€7.00 per month"
    assert view.read(demo_con, VIC, seats, load(env={}, base_currency="CHF")).value == "CHF 7.00 per month"
