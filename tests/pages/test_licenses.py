"""The Licences page per role against the scale-1 demo: tiles recomputed from the metric frame, waste by product
for everyone and by client for the roles that see client rows, and the downloads each role may take."""

from __future__ import annotations

from pathlib import Path

import pytest

from moat.formatting import money_text, percent_text
from moat.metrics import licenses
from moat.metrics.periods import Period
from tests.helpers import run_page
from tests.pages.checks import downloads, refused, tiles, with_con

ROLES = ("viewer", "analyst", "admin")


@pytest.mark.parametrize("role", ROLES)
def test_licenses_waste_by_product_and_client(role: str, demo_path: Path, demo_period: Period) -> None:
    lic = with_con(demo_path, lambda con: licenses(con, demo_period, by="product"))
    at = run_page("licenses.py", role)
    shown = tiles(at)
    assert shown["Licence cost"][0] == money_text(lic["license_cost"].sum())
    assert shown["Licence waste"][0] == money_text(lic["license_waste"].sum())
    assert shown["Waste share of cost"][0] == percent_text(lic["license_waste"].sum() / lic["license_cost"].sum())
    assert shown["Seat-months bought"][0] == f"{lic['seats_purchased'].sum():,}"
    assert shown["Seats assigned"][0] == percent_text(lic["seats_assigned"].sum() / lic["seats_purchased"].sum())
    assert shown["Assigned seats active"][0] == percent_text(lic["seats_active"].sum() / lic["seats_assigned"].sum())
    frames = [t.value for t in at.dataframe]
    assert frames[0]["product"].tolist() == lic["product"].to_list()
    by_client = [df for df in frames if "client_name" in df.columns]
    assert by_client[0]["client_name"].iloc[0] == "Harbor Logistics"  # the planted story: unused M365 seats
    assert not at.exception


def test_licenses_products_for_everyone_clients_by_role(demo: Path) -> None:
    both = {"licenses_products_download", "licenses_clients_download"}
    assert downloads(run_page("licenses.py", "admin")) == both
    assert downloads(run_page("licenses.py", "analyst")) == both
    viewer = run_page("licenses.py", "viewer")
    assert downloads(viewer) == {"licenses_products_download"} and refused(viewer) == 1
    assert not viewer.exception
