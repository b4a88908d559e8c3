"""moat.views.licenses: tiles from the per-product frame, the note on months without activity, client rows by policy."""

from __future__ import annotations

from datetime import date

from moat.config import load
from moat.governance import policies
from moat.governance.permissions import User, local_operator
from moat.metrics import licenses
from moat.metrics.periods import Period, default_period
from moat.views import licenses as view


def test_tiles_and_rows(demo_con) -> None:
    period = default_period(demo_con)
    products = licenses(demo_con, period, by="product")
    shown = view.licences_view(demo_con, User("vic", "viewer"), period, load(env={}))
    tiles = {t["label"]: t for t in shown.tiles}
    assert float(tiles["Licence waste"]["value"]) == round(products["license_waste"].sum(), 2)
    assert tiles["Seat-months bought"]["value"] == products["seats_purchased"].sum()
    assert tiles["Licence cost"]["lower_is_better"] and "change" in tiles["Licence cost"]
    assert shown.products["product"].to_list() == products["product"].to_list()
    assert shown.clients is not None and shown.clients["client_name"][0] == "Harbor Logistics"


def test_viewers_kept_to_aggregates_get_no_client_rows(demo_con) -> None:
    policies.set_value(demo_con, local_operator(), "viewers_see_client_rows", False)
    period = default_period(demo_con)
    assert view.licences_view(demo_con, User("vic", "viewer"), period, load(env={})).clients is None
    assert view.licences_view(demo_con, User("ana", "analyst"), period, load(env={})).clients is not None


def test_no_licence_month_no_view(demo_con) -> None:
    assert view.licences_view(demo_con, User("vic", "viewer"), Period(date(2019, 1, 1), date(2019, 3, 31))) is None
