"""h102 F3 (h97 U1 in the segment tables): a segment that one technician serves showed that technician's hours.

The segment table a Viewer kept to aggregates sees (``Session.profitability(by="segment")``, the Profitability
page, Ask's "hours by segment") pools segments of fewer than 3 clients. A segment of 8 clients all served by one
technician (a charity practice: Priya Shah, 39 h in October 2026) passed that rule, and its row's hours, labour cost
and gross profit were Priya's. Now a segment whose hours come from fewer than 3 technicians is pooled too, and the
pooled row widened until its own hours come from 3 or more (``small_slices.pooled_segments_in``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import moat
from moat.errors import TooFewClients
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.views import profitability
from tests.hardening.small_periods import restrict_viewers

VIEWER = User("v", "viewer")
ANALYST = User("a", "analyst")
AS_OF = date(2026, 11, 15)
OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
NAMES = ["Hope Shelter", "Food Bank North", "River Trust", "Open Door Mission", "Harvest Table", "Safe Haven House",
         "Bright Futures Fund", "Lantern Aid"]
PRIYA = Decimal("39")  # 4 + 5 + 6 + 4 + 5 + 6 + 4 + 5 h


@pytest.fixture
def charity(demo_path: Path, tmp_path: Path) -> Path:
    """The demo plus a segment of 8 clients (more than the demo's smallest ordinary segments, so the clients rule
    does not pool it) whose October hours are all Priya Shah's."""
    files = {
        "clients.csv": "Client,Segment\n" + "".join(f"{n},charity\n" for n in NAMES),
        "invoices.csv": "Invoice Number,Customer,Invoice Date,Amount\n"
                        + "".join(f"CH-{i},{n},2026-10-{5 + i:02d},{1000 + 10 * i}\n" for i, n in enumerate(NAMES)),
        "time.csv": "Entry ID,Date,Technician,Client,Hours,Billable\n"
                    + "".join(f"CH-T{i},2026-10-{5 + i:02d},Priya Shah,{n},{4 + i % 3},Yes\n" for i, n in enumerate(NAMES)),
    }
    with moat.open(demo_path) as admin:
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
            assert admin.ingest(tmp_path / name)["rows_loaded"] == len(NAMES)
    return restrict_viewers(demo_path)


def _hours(table, segment: str) -> list[Decimal]:
    return [Decimal(str(h)) for h in table.filter(table["segment"] == segment)["hours"].to_list()]


def test_facade_segment_table_pools_a_one_technician_segment(charity: Path) -> None:
    with moat.open(charity, user=ANALYST) as analyst:  # the premise: the segment's hours are Priya's alone
        assert _hours(analyst.profitability("2026-10-01", "2026-10-31", by="segment"), "charity") == [PRIYA]
    with moat.open(charity, user=VIEWER) as viewer:
        table = viewer.profitability("2026-10-01", "2026-10-31", by="segment")
        assert "charity" not in table["segment"].to_list()
        assert "healthcare" in table["segment"].to_list()  # segments many technicians serve are still shown
        with pytest.raises(TooFewClients, match="fewer than 3 technicians"):  # the segment asked for alone
            viewer.profitability("2026-10-01", "2026-10-31", by="segment", segment="charity")
        assert viewer.profitability("2026-10-01", "2026-10-31", by="segment", segment="healthcare").height == 1
        total = viewer.summary("2026-10-01", "2026-10-31")
        hours = Decimal(total.filter(total["metric"] == "hours")["value"][0])
        assert sum(Decimal(str(h)) for h in table["hours"].to_list()) == hours  # pooled, not dropped


def test_profitability_page_segment_table_pools_it(charity: Path) -> None:
    with moat.open(charity, user=VIEWER) as viewer:
        table = profitability.profitability_view(viewer.con, viewer.user, OCTOBER).by_segment()
        assert "charity" not in table["segment"].to_list() and "healthcare" in table["segment"].to_list()
    with moat.open(charity, user=ANALYST) as analyst:
        table = profitability.profitability_view(analyst.con, analyst.user, OCTOBER).by_segment()
        assert _hours(table, "charity") == [PRIYA]


def test_ask_hours_by_segment_pools_it(charity: Path) -> None:
    with moat.open(charity, user=VIEWER) as viewer:
        answer = viewer.ask("hours by segment in October 2026", as_of=AS_OF)
        assert not answer.refused, answer.narrative
        assert "charity" not in [row[0] for row in answer.rows] and "healthcare" in [row[0] for row in answer.rows]
        assert PRIYA not in [row[1] for row in answer.rows]
        revenue = viewer.ask("revenue for charity clients in October 2026", as_of=AS_OF)  # no one's time: 8 clients
        assert not revenue.refused and revenue.rows == [[Decimal("8280.00")]], revenue.narrative
