"""The permission table, every action x role, and each governance service refusing the wrong role."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat import config
from moat.db import scalar
from moat.errors import PermissionDenied
from moat.governance import approvals, audit, login, policies, users
from moat.governance.permissions import PERMISSIONS, ROLES, User, allowed, require
from tests.governance.gov_util import add_result, make_users

# The README's permission table, restated: Y = allowed. Changing a permission means changing both.
TABLE = """
| action              | viewer | analyst | admin |
| view_results        | Y      | Y       | Y     |
| view_provisional    |        | Y       | Y     |
| view_client_level   |        | Y       | Y     |
| upload              |        | Y       | Y     |
| map                 |        | Y       | Y     |
| ask                 | Y      | Y       | Y     |
| run_analytics       |        | Y       | Y     |
| request_approval    |        | Y       | Y     |
| approve             |        |         | Y     |
| manage_users        |        |         | Y     |
| manage_policies     |        |         | Y     |
| share_dp            |        |         | Y     |
| read_audit          |        |         | Y     |
| export              | Y      | Y       | Y     |
| export_client_level |        | Y       | Y     |
| rollback            |        | Y       | Y     |
| admin_system        |        |         | Y     |
"""


def expected() -> dict[tuple[str, str], bool]:
    lines = [line.strip().strip("|").split("|") for line in TABLE.strip().splitlines()]
    roles = [cell.strip() for cell in lines[0][1:]]
    return {(cells[0].strip(), role): cells[i + 1].strip() == "Y" for cells in lines[1:] for i, role in enumerate(roles)}


def test_table_lists_exactly_the_actions_and_roles() -> None:
    table = expected()
    assert {action for action, _ in table} == set(PERMISSIONS)
    assert {role for _, role in table} == set(ROLES)


@pytest.mark.parametrize("action,role", sorted(expected()))
def test_every_action_for_every_role(action: str, role: str) -> None:
    want = expected()[(action, role)]
    user = User(f"someone-{role}", role)
    assert allowed(role, action) is want
    assert user.can(action) is want
    if want:
        require(user, action)
    else:
        with pytest.raises(PermissionDenied) as err:
            require(user, action)
        assert err.value.action == action and err.value.role == role


def test_unknown_action_and_role_are_errors() -> None:
    with pytest.raises(KeyError):
        allowed("admin", "launch_rockets")
    with pytest.raises(ValueError):
        User("x", "superuser")


@pytest.fixture
def gov(app_env, demo_con, demo_path: Path):
    app_env(demo_path)
    return config.load(), demo_con


def refusals(cfg, con) -> dict[str, object]:
    """Each service call, parameterised by the acting user (the call must check the role before anything else)."""
    result_id = add_result(con)
    make_users(con, ("target", "analyst"))
    return {
        "users.list_users": lambda u: users.list_users(cfg, u),
        "users.add": lambda u: users.add(cfg, con, u, "newcomer", "viewer", "long-enough-pw", rounds=4),
        "users.set_role": lambda u: users.set_role(cfg, con, u, "target", "viewer"),
        "users.set_disabled": lambda u: users.set_disabled(cfg, con, u, "target", True),
        "users.set_password(other)": lambda u: users.set_password(cfg, con, u, "target", "another-password", rounds=4),
        "login.unlock": lambda u: login.unlock(con, u, "target"),
        "policies.update": lambda u: policies.update(con, u, {"review_confidence": 0.9}, cfg),
        "policies.require_client_export": lambda u: policies.require_client_export(con, u, cfg),
        "approvals.request": lambda u: approvals.request(con, u, result_id, "please check"),
        "approvals.queue": lambda u: approvals.queue(con, u, cfg=cfg),
        "approvals.decide": lambda u: approvals.decide(con, u, 999, "approve", "ok"),
        "audit.entries": lambda u: audit.entries(con, u),
    }


# Which roles each service refuses.
REFUSED = {
    "users.list_users": ("viewer", "analyst"), "users.add": ("viewer", "analyst"), "users.set_role": ("viewer", "analyst"),
    "users.set_disabled": ("viewer", "analyst"), "users.set_password(other)": ("viewer", "analyst"),
    "login.unlock": ("viewer", "analyst"), "policies.update": ("viewer", "analyst"),
    "policies.require_client_export": ("viewer",),  # analysts may under the default policy (see the next tests)
    "approvals.request": ("viewer",), "approvals.queue": ("viewer",), "approvals.decide": ("viewer", "analyst"),
    "audit.entries": ("viewer", "analyst"),
}


@pytest.mark.parametrize("service", sorted(REFUSED))
def test_each_service_refuses_the_wrong_roles(gov, service: str) -> None:
    cfg, con = gov
    calls = refusals(cfg, con)
    before = scalar(con, "SELECT count(*) FROM audit_log")
    for role in REFUSED[service]:
        with pytest.raises(PermissionDenied):
            calls[service](User(f"someone-{role}", role))
    # A refusal changes nothing: no audit row, the target account untouched.
    assert scalar(con, "SELECT count(*) FROM audit_log") == before
    assert users.get(cfg, "target").role == "analyst" and not users.get(cfg, "target").disabled
    assert users.get(cfg, "newcomer") is None


def test_client_export_for_analysts_follows_the_policy(gov) -> None:
    cfg, con = gov
    analyst, viewer, admin = User("ana", "analyst"), User("vic", "viewer"), User("boss", "admin")
    # default off: the permission table decides, so analysts may and viewers may not
    policies.require_client_export(con, analyst, cfg)
    with pytest.raises(PermissionDenied):
        policies.require_client_export(con, viewer, cfg)
    policies.update(con, admin, {"client_export_admin_only": True}, cfg)
    with pytest.raises(PermissionDenied):
        policies.require_client_export(con, analyst, cfg)  # now admins only
    with pytest.raises(PermissionDenied):
        policies.require_client_export(con, viewer, cfg)
    policies.require_client_export(con, admin, cfg)
