"""h97 F9: a month holding one client's licences and nothing else passed the small-group rule.

The rule counts the clients contributing to revenue and hours; a period where nobody invoiced or logged time
counted 0 clients ("nothing happened: nothing to protect"). But a licences (or costs) file often reaches further back
than the invoices: with one client's September licences loaded, a Viewer kept to aggregates read that client's
licence cost as the company's gross profit (`summary` for September: gross_profit -1,950.00, clients 1) and its
cost, waste and seats on the Licences page, which applied no period rule at all. Now, when nobody invoiced or
logged time, the clients with a licence or other cost are counted, and the Licences page applies the rule to its
period and the previous one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import moat
from moat.errors import TooFewClients
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.views import licenses
from tests.hardening.small_periods import restrict_viewers

VIEWER = User("v", "viewer")
ANALYST = User("a", "analyst")
SEPTEMBER = Period(date(2025, 9, 1), date(2025, 9, 30))  # the demo's invoices and hours start on 14 Oct 2025
LICENCES = ("Client,Vendor,Product,Month,Seats Purchased,Seats Assigned,Seats Active,Unit Cost,Unit Price\n"
            "Harbor Logistics,Microsoft,Microsoft 365 E3,2025-09-01,50,30,20,36.00,40.00\n"
            "Harbor Logistics,Microsoft,Defender for Business,2025-09-01,50,50,50,3.00,3.60\n")


@pytest.fixture
def one_client_licences(demo_path: Path, tmp_path: Path) -> Path:
    file = tmp_path / "september_licences.csv"
    file.write_text(LICENCES, encoding="utf-8")
    with moat.open(demo_path) as admin:
        assert admin.ingest(file, dataset="licenses")["rows_loaded"] == 2
    return restrict_viewers(demo_path)


def test_a_licence_only_month_of_one_client_is_refused(one_client_licences: Path) -> None:
    with moat.open(one_client_licences, user=ANALYST) as analyst:  # the premise: the company's figures are Harbor's
        shown = analyst.summary(SEPTEMBER.start, SEPTEMBER.end)
        values = dict(zip(shown["metric"].to_list(), shown["value"].to_list(), strict=True))
        assert float(values["gross_profit"]) == -1950.0 and values["clients"] == "1"
        tiles = {t["label"]: t["value"] for t in licenses.licences_view(analyst.con, analyst.user, SEPTEMBER).tiles}
        assert float(tiles["Licence cost"]) == 1950.0
    with moat.open(one_client_licences, user=VIEWER) as viewer:
        with pytest.raises(TooFewClients, match="2025-09-01"):
            viewer.summary(SEPTEMBER.start, SEPTEMBER.end)
        with pytest.raises(TooFewClients, match="2025-09-01"):
            licenses.licences_view(viewer.con, viewer.user, SEPTEMBER)
        quarter = licenses.licences_view(viewer.con, viewer.user, Period(date(2026, 8, 1), date(2026, 10, 31)))
        assert quarter is not None and quarter.clients is None  # ordinary periods: tiles and pooled products
