"""h102 F5: the Benchmarks page's own billable utilisation skipped the small-group rule.

``releases.own_kpis`` (the own figures the Benchmarks page sets against peers' packs) withheld a segment, or all
clients together, of fewer than 3 contributing clients from a Viewer kept to aggregates, but appended the company's
billable utilisation (billable hours over the team's capacity) for any period. On a weekday one technician worked
(Priya Shah, 4 billable hours for three clients on Monday 2 Nov 2026) it read 3.33%: 4 h over the 120 h capacity of
the team, her billable hours; on a day of one client and one technician, the same. EHR and mean margin of a group one
technician served were hers too. Now figures of time fall under the period rule and the technicians rule.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import moat
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.views import benchmarks
from tests.hardening.small_periods import restrict_viewers

MONDAY = Period(date(2026, 11, 2), date(2026, 11, 2))  # after the demo's data: only the entries below
ENTRIES = {
    "three clients": ("N-1,2026-11-02,Priya Shah,Harbor Logistics,3,Yes\n"
                      "N-2,2026-11-02,Priya Shah,Summit Dental,1,Yes\n"
                      "N-3,2026-11-02,Priya Shah,Bluebird Bakery,3,No\n"),
    "one client": "N-1,2026-11-02,Priya Shah,Harbor Logistics,4,Yes\n",
}


def _value(kpis, metric: str, segment: str = "all") -> float | None:
    found = kpis.filter((kpis["metric"] == metric) & (kpis["segment"] == segment))["value"].to_list()
    return found[0] if found else None


@pytest.mark.parametrize("day", sorted(ENTRIES))
def test_own_billable_utilisation_of_one_technicians_day_is_withheld(demo_path: Path, tmp_path: Path, day: str) -> None:
    entries = tmp_path / "monday.csv"
    entries.write_text("Entry ID,Date,Technician,Client,Hours,Billable\n" + ENTRIES[day], encoding="utf-8")
    with moat.open(demo_path) as admin:
        assert admin.ingest(entries)["rows_loaded"] == ENTRIES[day].count("\n")
    path = restrict_viewers(demo_path)
    with moat.open(path, user=User("a", "analyst")) as analyst:  # the premise: Priya's 4 billable hours / capacity
        shown = _value(benchmarks.own_kpis(analyst.con, analyst.user, MONDAY), "billable_utilization")
        assert shown is not None and shown > 0
    with moat.open(path, user=User("v", "viewer")) as viewer:
        kpis = benchmarks.own_kpis(viewer.con, viewer.user, MONDAY)
        assert _value(kpis, "billable_utilization") is None
        assert _value(kpis, "ehr") is None
        month = benchmarks.own_kpis(viewer.con, viewer.user, Period(date(2026, 10, 1), date(2026, 10, 31)))
        assert _value(month, "billable_utilization") is not None  # an ordinary month still compares
