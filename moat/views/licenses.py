"""The Licences page: what the MSP pays for seats nobody uses, as tiles against the previous period, by product for
everyone and by client for the roles that may see client rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from moat import access
from moat.config import Config
from moat.db import Connection
from moat.governance import policies
from moat.governance.permissions import User
from moat.metrics import licenses
from moat.metrics.licenses import POOLED_PRODUCTS as POOLED_PRODUCTS  # the pooled row's name, for the page
from moat.metrics.licenses import pooled_products
from moat.metrics.periods import Period
from moat.metrics.totals import license_totals
from moat.views.kpis import tile, withheld

COMPARED = ("license_cost", "license_waste")  # the KPIs whose change the page draws (period caption)

PRODUCT_COLUMNS = ["product", "vendor", "seats_purchased", "seats_assigned", "seats_active", "license_utilization",
                   "license_activity", "license_cost", "license_waste"]
CLIENT_COLUMNS = ["client_name", "seats_purchased", "seats_assigned", "seats_active", "license_utilization",
                  "license_activity", "license_cost", "license_waste"]


@dataclass(frozen=True)
class LicencesView:
    tiles: list[dict[str, Any]]
    without_activity: str | None  # how many licence months have no activity figure, and what waste assumes for them
    products: pl.DataFrame
    clients: pl.DataFrame | None  # None: the user may not see rows per client


def licences_view(con: Connection, user: User, period: Period, cfg: Config | None = None) -> LicencesView | None:
    """The page's figures for ``period``; None when no licence month falls in it. A user kept to aggregates gets no
    tiles of a period, or of the previous one, whose figures are fewer than 3 clients' (h97 F9: a month holding one
    client's licences and no invoice or hour showed that client's licence cost and waste as the company's)."""
    access.require_enough_clients(con, user, period, "licences", cfg=cfg, with_previous=True,
                                  time_figures=False)  # seats and licence cost: no technician's time
    products = licenses(con, period, by="product")
    if products.is_empty():
        return None
    now = license_totals(products)
    before = None if withheld(con, period, licence_based=True) else license_totals(licenses(con, period.previous(), by="product"))
    tiles = [
        tile("Licence cost", now, before, "license_cost", "money", lower_is_better=True),
        tile("Licence waste", now, before, "license_waste", "money", lower_is_better=True,
             help="(seats bought - seats active) x unit cost, summed over licence months"),
        tile("Waste share of cost", now, before, "waste_share", "percent", lower_is_better=True,
             help="Licence waste / licence cost"),
        tile("Seat-months bought", now, before, "seats_purchased", "count", help="Seats bought, summed over the period's months"),
        tile("Seats assigned", now, before, "license_utilization", "percent", help="Assigned seats / seats bought"),
        tile("Assigned seats active", now, before, "license_activity", "percent", help="Active seats / assigned seats"),
    ]
    note = (f"{now['without_active']:,} licence months have no activity figure: waste counts their assigned seats as "
            "active.") if now["without_active"] else None
    visible = policies.get(con, cfg).client_rows_visible(user)
    clients = licenses(con, period, by="client") if visible else None
    return LicencesView(tiles, note, products if visible else pooled_products(con, period, products), clients)

