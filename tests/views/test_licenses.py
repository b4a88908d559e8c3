"""moat.views.licenses: tiles from the per-product frame, the note on months without activity, client rows by policy."""

from __future__ import annotations

from datetime import date

from moat.config import load
from moat.governance import policies
from moat.governance.permissions import User, local_operator
from moat.metrics import licenses
from moat.metrics.licenses import product_clients
from moat.metrics.periods import Period, default_period
from moat.metrics.totals import pooled_groups
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


def _one_client_product(con, product: str = "Solo Vault Backup") -> str:
    """Give one client a product nobody else buys: a copy of one of its current licence rows under a new name."""
    con.execute("""INSERT INTO licenses SELECT * REPLACE (row_key || '-solo' AS row_key, ? AS product, 'Solo Corp' AS vendor)
                   FROM licenses WHERE is_current AND client_key = (SELECT min(client_key) FROM licenses WHERE is_current)""",
                [product])
    return product


def test_a_product_one_client_buys_is_pooled_for_viewers_kept_to_aggregates(demo_con) -> None:
    """A per-product row of a product one client buys is that client's figures: pooled for viewers kept to aggregates
    (the company totals stay the same), shown as it is to analysts and to viewers allowed client rows."""
    solo = _one_client_product(demo_con)
    period = default_period(demo_con)
    full = licenses(demo_con, period, by="product")
    assert solo in full["product"].to_list()
    policies.set_value(demo_con, local_operator(), "viewers_see_client_rows", False)
    kept = view.licences_view(demo_con, User("vic", "viewer"), period, load(env={})).products
    assert solo not in kept["product"].to_list() and view.POOLED_PRODUCTS in kept["product"].to_list()
    counts = product_clients(demo_con, period)
    small = pooled_groups(counts)  # the one-client product, and the smallest other one (1 client alone is still 1)
    assert counts[solo] == 1 and solo in small and len(small) == 2
    pooled = kept.filter(kept["product"] == view.POOLED_PRODUCTS).row(0, named=True)
    expected = full.filter(full["product"].is_in(sorted(small)))
    assert pooled["license_waste"] == expected["license_waste"].sum()
    assert pooled["seats_purchased"] == expected["seats_purchased"].sum()
    assert kept["license_cost"].sum() == full["license_cost"].sum()  # nothing lost, only pooled
    assert solo in view.licences_view(demo_con, User("ana", "analyst"), period, load(env={})).products["product"].to_list()
    policies.set_value(demo_con, local_operator(), "viewers_see_client_rows", True)
    assert solo in view.licences_view(demo_con, User("vic", "viewer"), period, load(env={})).products["product"].to_list()
