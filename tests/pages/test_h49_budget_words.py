"""F22: the DP budget is described one way everywhere: epsilon per client-month (what the ledger counts).

Before: Policies said "per uploaded file", `moat policy show` "each client-month", Share "for the current data".
"""

from __future__ import annotations

from pathlib import Path

from moat.governance.policies import FIELDS
from tests.helpers import run_page


def test_policies_share_and_the_cli_name_the_same_unit(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    described = next(f.doc for f in FIELDS if f.key == "dp_budget")
    assert "each client-month" in described
    policies = run_page("policies.py", "admin")
    assert not policies.exception
    assert policies.number_input(key="policies_budget").label == \
        "DP budget: total epsilon each client-month may spend, over all releases"
    share = run_page("share.py", "admin")
    assert [m.label for m in share.metric][0] == "Budget per client-month"
