"""h48 / h42 F6: ``MOAT_PRIVACY_BUDGET=1000`` (or ``privacy_budget: 1000`` in a config file) raised the DP budget with
no policy change and no audit row: a release of epsilon 5 went out against the audited budget of 3.

Now the budget is the governance policy ``dp_budget`` (built-in default 3, raised only by `moat policy set
dp_budget`, audited); configuration may only lower it.
"""

from __future__ import annotations

import pytest

from moat import config, db
from moat.errors import BudgetExceeded
from moat.governance import policies
from moat.governance.permissions import User
from moat.privacy import ledger, releases

ADMIN = User("ada", "admin")


def test_a_setting_cannot_raise_the_budget(demo_con: db.Connection) -> None:
    raised = config.load(env={"MOAT_PRIVACY_BUDGET": "1000"})
    assert ledger.total_budget(demo_con, raised) == 3.0
    req = releases.request(demo_con, ["client_count"], 5.0, grouping="all")
    with pytest.raises(BudgetExceeded):
        releases.release(demo_con, ADMIN, req, raised)
    assert db.scalar(demo_con, "SELECT count(*) FROM dp_ledger") == 0


def test_a_setting_may_lower_it_and_only_the_audited_policy_raises_it(demo_con: db.Connection) -> None:
    assert ledger.total_budget(demo_con, config.load(env={"MOAT_PRIVACY_BUDGET": "1.5"})) == 1.5
    policies.set_value(demo_con, ADMIN, "dp_budget", "10", config.load(env={}))
    rows = db.rows(demo_con, "SELECT user_name, CAST(details AS VARCHAR) FROM audit_log WHERE action = 'policy_set' "
                             "AND object = 'policy:dp_budget'")
    assert len(rows) == 1 and rows[0][0] == "ada" and '"to": 10.0' in rows[0][1], rows
    assert ledger.total_budget(demo_con, config.load(env={})) == 10.0
    assert ledger.total_budget(demo_con, config.load(env={"MOAT_PRIVACY_BUDGET": "1000"})) == 10.0
    assert ledger.total_budget(demo_con, config.load(env={"MOAT_PRIVACY_BUDGET": "2"})) == 2.0
    # the policy as stored is what `policy set` compares with: setting 2 while a setting says 2 still pins it
    policies.set_value(demo_con, ADMIN, "dp_budget", "2", config.load(env={"MOAT_PRIVACY_BUDGET": "2"}))
    assert ledger.total_budget(demo_con, config.load(env={})) == 2.0
