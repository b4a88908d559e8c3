"""h113 (h102's open item): the Profitability page's segment picker listed a segment a Viewer kept to aggregates may
not see alone (a segment one technician serves, pooled for its technicians in the segment table); picking it was
refused. The picker now lists only what the page then shows (``access.visible_segments`` with the period)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import moat
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.views import profitability
from tests.hardening.small_periods import restrict_viewers

VIEWER = User("v", "viewer")
ANALYST = User("a", "analyst")
OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
NAMES = ["Hope Shelter", "Food Bank North", "River Trust", "Open Door Mission", "Harvest Table", "Safe Haven House",
         "Bright Futures Fund", "Lantern Aid"]  # 8: more than the smallest ordinary segment, so not pooled by count


@pytest.fixture
def charity(demo_path: Path, tmp_path: Path) -> Path:
    """The demo plus a segment of 8 clients whose October hours are all Priya Shah's (as h102 F3's test)."""
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


def test_picker_lists_only_segments_the_page_shows(charity: Path) -> None:
    with moat.open(charity, user=ANALYST) as analyst:  # the premise: the segment exists and is picked by analysts
        assert "charity" in profitability.segments(analyst.con, OCTOBER, analyst.user)
    with moat.open(charity, user=VIEWER) as viewer:
        listed = profitability.segments(viewer.con, OCTOBER, viewer.user)
        assert "charity" not in listed and "healthcare" in listed
        for segment in listed:  # every choice offered is shown, never refused once picked
            assert profitability.profitability_view(viewer.con, viewer.user, OCTOBER, segment).tiles
