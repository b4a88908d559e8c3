"""moat.views.policies: the policy as text rows, and saving validated values."""

from __future__ import annotations

import pytest

from moat.db import rows
from moat.errors import MoatError
from moat.governance.permissions import User
from moat.views import policies as view

ADA = User("ada", "admin")


def test_table_and_save(demo_con) -> None:
    current, message = view.save(demo_con, ADA, {"always_review_metrics": "gross_margin, license_waste"})
    assert message == view.SAVED and current.always_review_metrics == ("gross_margin", "license_waste")
    table = view.table(view.current(demo_con))
    assert table.columns == ["key", "value", "doc"]
    assert dict(zip(table["key"], table["value"], strict=True))["always_review_metrics"] == "gross_margin, license_waste"
    assert all(isinstance(v, str) for v in table["value"])
    # h112: "0.7", "True", "3.0" beside pages that print 70%, Yes
    shown = dict(zip(table["key"], table["value"], strict=True))
    assert shown["review_confidence"] == "70%" and shown["viewers_see_client_rows"] == "Yes"
    assert shown["client_export_admin_only"] == "No" and shown["dp_budget"] == "3"
    with pytest.raises(MoatError, match="always_review_metrics"):
        view.save(demo_con, ADA, {"always_review_metrics": "Gross Margin!"})
    assert [r[0] for r in rows(demo_con, "SELECT object FROM audit_log WHERE action = 'policy_set'")] == [
        "policy:always_review_metrics"]
