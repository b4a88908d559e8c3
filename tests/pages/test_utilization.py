"""The Utilisation page per role against the scale-1 demo: team tiles recomputed from the metric frame, the band of
each technician in words, and the per-technician download for the roles that may take it."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat.formatting import percent_text
from moat.metrics import utilization
from moat.metrics.periods import Period
from tests.helpers import run_page
from tests.pages.checks import downloads, tiles, with_con

ROLES = ("viewer", "analyst", "admin")


@pytest.mark.parametrize("role", ROLES)
def test_utilization_against_target_band(role: str, demo_path: Path, demo_period: Period) -> None:
    util = with_con(demo_path, lambda con: utilization(con, demo_period))
    available = util["available_hours"].sum()
    at = run_page("utilization.py", role)
    shown = tiles(at)
    assert shown["Billable utilisation"][0] == percent_text(float(util["billable_hours"].sum()) / available)
    assert shown["Total utilisation"][0] == percent_text(float(util["worked_hours"].sum()) / available)
    rates = util["billable_utilization"].to_list()
    assert shown["Worked hours"][0] == f"{util['worked_hours'].sum():,.1f} h"
    assert shown["Below target"][0] == str(sum(r < 0.70 for r in rates))
    assert shown["Within target"][0] == str(sum(0.70 <= r <= 0.80 for r in rates))
    assert shown["Above target"][0] == str(sum(r > 0.80 for r in rates))
    table = at.dataframe[0].value.set_index("technician_name")
    # The band is shown in words, never the stored enum value.
    assert table.loc["Priya Shah", "band"] == "Above target" and table.loc["Tom Becker", "band"] == "Below target"
    assert not at.exception


def test_per_technician_table_downloads_by_role(demo: Path) -> None:
    stems = {"utilization_table_download"}
    admin = run_page("utilization.py", "admin")
    assert downloads(admin) == stems
    assert downloads(run_page("utilization.py", "analyst")) == stems
    viewer = run_page("utilization.py", "viewer")
    assert downloads(viewer) == set()
    assert not admin.exception and not viewer.exception
