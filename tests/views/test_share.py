"""moat.views.share: a release's preview (nothing spent), where it stands with the four-eyes policy, the release."""

from __future__ import annotations

from moat import config, db
from moat.governance import policies
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from moat.views import share as view

ADA, BOB = User("ada", "admin"), User("bob", "admin")
METRICS = ["client_count", "mean_margin"]


def test_preview_spends_nothing_and_says_when_it_is_too_coarse(demo_con) -> None:
    cfg, period = config.load(env={}), default_period(demo_con)
    shown = view.preview(demo_con, ADA, cfg, period, METRICS, 1.0, "segment")
    assert shown.budget == [("Budget per client-month", "3"), ("Spent", "0"), ("Remaining", "3")]
    assert shown.accuracy.columns == ["aggregate", "scope", "clipped_to", "accuracy"]
    assert shown.confidence == "95%" and shown.fits is None
    assert shown.coarse.startswith("Too coarse to be useful") and "What would help: " in shown.coarse
    together = view.preview(demo_con, ADA, cfg, period, METRICS, 1.0, "all").coarse  # counts fine, the mean not (F15)
    assert together is not None and "the mean gross margin is only known to about" in together
    assert view.preview(demo_con, ADA, cfg, period, METRICS, 10.0, "all").coarse is None
    assert db.scalar(demo_con, "SELECT count(*) FROM dp_ledger") == 0
    too_much = view.preview(demo_con, ADA, cfg, period, METRICS, 3.5, "segment")
    assert too_much.fits == "This release needs epsilon 3.5 but only 3 remains: it would be refused."


def test_the_four_eyes_path(demo_con) -> None:
    cfg, period = config.load(env={}), default_period(demo_con)
    req = view.preview(demo_con, ADA, cfg, period, METRICS, 1.0, "segment").req
    free = view.approval_state(demo_con, ADA, cfg, req)
    assert (free.needed, free.ready, free.approval_id) == (False, True, None)
    policies.set_value(demo_con, ADA, "dp_requires_approval", True)
    needed = view.approval_state(demo_con, ADA, cfg, req)
    assert (needed.ready, needed.kind, needed.may_request) == (False, "warning", True)
    assert view.request_approval(demo_con, ADA, req, "peer group Q3").startswith("Requested approval #1:")
    waiting = view.approval_state(demo_con, ADA, cfg, req)
    assert (waiting.ready, waiting.kind, waiting.message) == (
        False, "info", "Request #1 by ada waits for another admin (Approvals page).")
    from moat.governance import approvals

    approvals.decide(demo_con, BOB, 1, "approve")
    approved = view.approval_state(demo_con, ADA, cfg, req)
    assert (approved.ready, approved.approval_id, approved.kind) == (True, 1, "success")
    release_id, message = view.release(demo_con, ADA, cfg, req, "Q3", approved.approval_id)
    assert message == f"Released (release {release_id}): epsilon 1 spent, approval #1 used."
    used = view.approval_state(demo_con, ADA, cfg, req)
    assert not used.ready and used.message.endswith(f"Request #1 was used by release {release_id}.")
    assert view.history(demo_con, ADA) == {release_id: f"{release_id}: " + db.scalar(
        demo_con, "SELECT description FROM dp_ledger WHERE release_id = ?", [release_id])}
    pack = view.pack(demo_con, ADA, release_id)
    assert set(pack.values["metric"]) == {"Clients", "Mean gross margin"} and pack.json.startswith("{")
