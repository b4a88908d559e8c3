"""Policy dp_requires_approval: a release needs a request another admin approved, used once, budget still applies."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from moat import config, db
from moat.errors import PermissionDenied
from moat.governance import approvals, policies
from moat.governance.approvals import FourEyesViolation
from moat.governance.permissions import User
from moat.privacy import release_approvals, releases
from tests.governance.gov_util import Ran, make_users, run_cli, token_for

SPEC = ["--metrics", "client_count,mean_margin", "--epsilon", "1", "--from", "2026-08-01", "--to", "2026-10-31"]


TOKENS: dict[str, str] = {}  # account -> API token, issued by fixture ``env`` (a name alone is not a credential)


def run_as(name: str, *args: str) -> Ran:
    """``moat ARGS`` acting as account ``name`` through its API token (MOAT_TOKEN)."""
    return run_cli(*args, token=TOKENS[name])


@pytest.fixture
def env(demo_path: Path, app_env):
    app_env(demo_path)
    con = db.connect(demo_path)
    make_users(con, ("ada", "admin"), ("bob", "admin"), ("ana", "analyst"))
    TOKENS.clear()
    TOKENS.update({name: token_for(con, name) for name in ("ada", "bob", "ana")})
    con.close()
    on = run_as("ada", "policy", "set", "dp_requires_approval", "true")
    assert (on.returncode, on.stdout.strip()) == (0, "policy dp_requires_approval = True")
    return demo_path


def count(path: Path, sql: str) -> int:
    con = db.connect(path)
    try:
        return int(db.scalar(con, sql))
    finally:
        con.close()


def request_id(out: str) -> int:
    assert out.startswith("release request "), out
    return int(out.split()[2])


def test_default_is_off_in_demo_mode_and_on_in_production() -> None:
    assert policies.defaults(config.load(env={})).dp_requires_approval is False
    assert policies.defaults(config.load(env={"MOAT_MODE": "production"})).dp_requires_approval is True


def test_refused_without_an_approved_request(env: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.json"
    refused = run_as("ada", "share", *SPEC, "--out", str(out))
    assert refused.returncode == 1
    assert "policy dp_requires_approval" in refused.stderr and "nothing was released or spent" in refused.stderr
    # the message gives the exact command that requests this spec
    assert ("moat share --metrics client_count,mean_margin --epsilon 1 --by segment --from 2026-08-01 --to 2026-10-31 "
            "--request --reason WHY") in refused.stderr
    assert not out.exists()
    assert count(env, "SELECT count(*) FROM dp_ledger") == 0
    # a pending request does not count either
    asked = run_as("ada", "share", *SPEC, "--request", "--reason", "peer group Q3")
    assert asked.returncode == 0
    pending = request_id(asked.stdout)
    named = run_as("ada", "share", *SPEC, "--out", str(out), "--approval", str(pending))
    assert named.returncode == 1 and f"request {pending} is pending review, not approved" in named.stderr
    assert count(env, "SELECT count(*) FROM dp_ledger") == 0 and not out.exists()


def test_requester_cannot_approve_their_own_request(env: Path, tmp_path: Path) -> None:
    asked = run_as("ada", "share", *SPEC, "--request", "--reason", "peer group Q3")
    approval_id = request_id(asked.stdout)
    own = run_as("ada", "approvals", "approve", str(approval_id))
    assert own.returncode == 1 and "another admin has to decide it (four-eyes rule)" in own.stderr
    con = db.connect(env)
    with pytest.raises(FourEyesViolation):
        approvals.decide(con, User("ada", "admin"), approval_id, "approve")
    assert db.scalar(con, "SELECT status FROM approvals WHERE approval_id = ?", [approval_id]) == "pending_review"
    con.close()
    refused = run_as("ada", "share", *SPEC, "--out", str(tmp_path / "p.json"))
    assert refused.returncode == 1 and count(env, "SELECT count(*) FROM dp_ledger") == 0


def test_released_once_after_another_admin_approves(env: Path, tmp_path: Path) -> None:
    asked = run_as("ada", "share", *SPEC, "--request", "--reason", "peer group Q3")
    approval_id = request_id(asked.stdout)
    again = run_as("ada", "share", *SPEC, "--request", "--reason", "twice")
    assert again.returncode == 1 and f"already waits for approval (request {approval_id})" in again.stderr
    # The Approvals queue shows the request with its spec as the evidence an admin decides on.
    con = db.connect(env)
    queued = approvals.queue(con, User("bob", "admin")).row(0, named=True)
    assert (queued["approval_id"], queued["metric"], queued["requested_by"]) == (approval_id, "dp_release", "ada")
    assert approvals.evidence(queued)["explanation"] == {
        "metrics": ["client_count", "mean_margin"], "epsilon": 1.0, "grouping": "segment",
        "period": ["2026-08-01", "2026-10-31"], "alpha": 0.05}
    assert approvals.visible_results(con, User("bob", "admin")).filter(pl.col("metric") == "dp_release").is_empty()
    con.close()

    decided = run_as("bob", "approvals", "approve", str(approval_id))
    assert (decided.returncode, decided.stdout.strip()) == (0, f"approval {approval_id}: approved")
    # a different spec (another epsilon) is not covered by this approval
    other = run_as("ada", "share", *SPEC[:3], "0.5", *SPEC[4:], "--out", str(tmp_path / "o.json"),
                    "--approval", str(approval_id))
    assert other.returncode == 1 and f"approval {approval_id} covers" in other.stderr
    assert count(env, "SELECT count(*) FROM dp_ledger") == 0

    out = tmp_path / "pack.json"
    released = run_as("ada", "share", *SPEC, "--out", str(out))  # finds the approval of this spec itself
    assert released.returncode == 0, released.stderr
    release_id = int(released.stdout.split()[1])  # sequences are not transactional: refused attempts leave gaps
    assert released.stdout.startswith(f"release {release_id} (approval {approval_id} used): epsilon 1 spent, 2 remaining")
    assert json.loads(out.read_text(encoding="utf-8"))["privacy"]["epsilon"] == 1
    assert count(env, f"SELECT release_id FROM dp_release_approvals WHERE approval_id = {approval_id}") == release_id
    assert count(env, "SELECT count(*) FROM audit_log WHERE action = 'dp_release' "
                      f"AND CAST(details->>'approval_id' AS BIGINT) = {approval_id}") == 1

    # One approval, one release: the same spec again is refused, by search and by id.
    for extra in ([], ["--approval", str(approval_id)]):
        second = run_as("bob", "share", *SPEC, "--out", str(tmp_path / "second.json"), *extra)
        assert second.returncode == 1, second.stderr
        assert count(env, "SELECT count(*) FROM dp_ledger") == 1
    assert f"approval {approval_id} was already used by release {release_id}" in second.stderr
    assert not (tmp_path / "second.json").exists()
    # and the used approval no longer blocks a new request for the same spec
    assert run_as("ada", "share", *SPEC, "--request", "--reason", "next quarter's peers").returncode == 0


def test_approved_release_still_needs_budget_and_keeps_its_approval(env: Path, tmp_path: Path) -> None:
    big = ["--metrics", "client_count", "--epsilon", "2.5", "--from", "2026-08-01", "--to", "2026-10-31"]
    first = request_id(run_as("ada", "share", *big, "--request", "--reason", "a").stdout)
    assert run_as("bob", "approvals", "approve", str(first)).returncode == 0
    assert run_as("ada", "share", *big, "--out", str(tmp_path / "a.json")).returncode == 0
    second = request_id(run_as("bob", "share", *big, "--request", "--reason", "b").stdout)
    assert run_as("ada", "approvals", "approve", str(second)).returncode == 0
    refused = run_as("bob", "share", *big, "--out", str(tmp_path / "b.json"))
    assert refused.returncode == 3
    assert "needs epsilon 2.5 but only 0.5 of the privacy budget 3 remains" in refused.stderr
    # the refusal rolled back the use of the approval: it stays usable once the budget allows (here: raised)
    assert count(env, f"SELECT count(*) FROM dp_release_approvals WHERE approval_id = {second}") == 0
    assert run_as("ada", "policy", "set", "dp_budget", "6").returncode == 0
    assert run_as("bob", "share", *big, "--out", str(tmp_path / "b.json")).returncode == 0
    assert count(env, "SELECT count(*) FROM dp_release_approvals") == 2


def test_service_call_obeys_the_policy_and_analysts_cannot_request(env: Path) -> None:
    con = db.connect(env)
    try:
        req = releases.request(con, ["client_count"], 0.5)
        with pytest.raises(release_approvals.ApprovalRequired, match="dp_requires_approval"):
            releases.release(con, User("ada", "admin"), req)
        with pytest.raises(PermissionDenied, match="may not share dp"):
            release_approvals.request(con, User("ana", "analyst"), req, "please")
        assert db.scalar(con, "SELECT count(*) FROM dp_ledger") == 0
    finally:
        con.close()


def page_texts(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [i.value for i in at.info] + [e.value for e in at.error]
                     + [s.value for s in at.success] + [w.value for w in at.warning])


def test_share_and_approvals_pages_walk_the_four_eyes_path(env: Path) -> None:
    from tests.helpers import run_page

    at = run_page("share.py", "admin", name="ada")
    assert "Policy: a release needs a request approved by another admin" in page_texts(at)
    assert at.button(key="share_release").disabled
    at.text_input(key="share_reason").input("peer group Q3")
    at.button(key="share_request").click().run()
    assert "Requested approval #1: another admin decides it on the Approvals page." in page_texts(at)
    assert "Request #1 by ada waits for another admin (Approvals page)." in page_texts(at)
    assert at.button(key="share_release").disabled and not at.exception

    own = run_page("approvals.py", "admin", name="ada")
    assert "#1 asks to release differential-privacy aggregates outside the company" in page_texts(own)
    own.button(key="approvals_approve").click().run()
    assert "another admin has to decide it (four-eyes rule)" in page_texts(own) and not own.exception

    bob = run_page("approvals.py", "admin", name="bob")
    shown = next(d.value for d in bob.dataframe if "epsilon" in d.value.columns)
    assert shown.to_dict("records") == [{"metrics": "client_count, mean_margin", "epsilon": 1.0,
                                         "period": "2026-08-01 to 2026-10-31", "grouping": "segment",
                                         "confidence of intervals": "95%"}]
    bob.button(key="approvals_approve").click().run()
    assert "Approval #1 is now approved." in page_texts(bob) and not bob.exception

    at.run()
    assert "Approved by bob (request #1 by ada): this exact release may be made once." in page_texts(at)
    at.button(key="share_release").click().run()
    released = page_texts(at)
    assert "epsilon 1 spent, approval #1 used." in released and not at.exception
    at.run()
    assert "Request #1 was used by release" in page_texts(at) and at.button(key="share_release").disabled
    assert count(env, "SELECT count(*) FROM dp_ledger") == 1
    assert not at.exception
