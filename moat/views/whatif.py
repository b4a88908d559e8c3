"""The What-if page: a scenario built from the page's controls (nothing chosen = no change), simulated by the same
metric functions as every page inside a transaction that is rolled back, and the margin before and after."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from moat.analytics import views
from moat.analytics.whatif import Outcome, Scenario, options, simulate
from moat.db import Connection
from moat.formatting import change_text, column_kind, money, money_text, value_text
from moat.governance.permissions import User
from moat.metrics.periods import Period

NONE = "(none)"  # the pick lists' "no change"
CENT = 0.005  # a fee within half a cent of today's is today's fee: no fee change


def client_names(con: Connection, period: Period) -> list[str]:
    """Clients with a margin in ``period``, worst first."""
    return views.client_names(con, period)


@dataclass(frozen=True)
class Choices:
    """What the controls offer for one client: today's monthly fee, its licence SKUs, the technicians."""

    monthly_revenue: float  # today's average monthly fee, exact (what a new fee is compared with)
    fee: float  # the fee control's starting value: today's, to the cent
    products: list[str]  # NONE first
    technicians: list[str]  # NONE first


def choices(con: Connection, period: Period, client: str) -> Choices:
    opts = options(con, period, client)
    return Choices(float(opts["monthly_revenue"]), float(round(opts["monthly_revenue"], 2)), [NONE, *opts["products"]], [NONE, *opts["technicians"]])


def scenario(client: str, today_fee: float, fee: float, product: str, seats: int, source: str, target: str,
             hours: float) -> Scenario:
    """The scenario the controls describe; a control left at today's value or at ``NONE`` changes nothing."""
    return Scenario(
        client=client, new_monthly_fee=Decimal(str(fee)) if abs(fee - today_fee) >= CENT else None,
        product=None if product == NONE else product, remove_seats=int(seats),
        from_technician=None if source == NONE else source, to_technician=None if target == NONE else target,
        move_hours=float(hours),
    )


@dataclass(frozen=True)
class WhatIf:
    outcome: Outcome
    tiles: list[dict[str, Any]]
    table: pl.DataFrame  # ``outcome.changes`` as a person reads it: each row in its own unit (the download stays numbers)


def changes_table(changes: pl.DataFrame, currency: str = "$") -> pl.DataFrame:
    """The before/after rows with each value in its metric's unit, as the tiles above them print it.

    One table holds money, margins and utilisations, so no column format fits it: printed as plain numbers, the
    margin the tiles show as -41.4% read -0.41 and the EHR lost its currency (h81). A change is money for amounts
    and points for ratios (a relative change of a margin would read as a second margin)."""
    rows = []
    for row in changes.iter_rows(named=True):
        kind = column_kind(row["metric"]) or "number"
        change = row["change"]
        if change is None:
            moved = "n/a"
        elif kind == "percent":
            moved = change_text(change, "percent")
        elif kind == "money":
            amount = money(change)  # the sign of the cents shown: never "-$0.00"
            moved = ("-" if amount < 0 else "+") + money_text(abs(amount), currency)
        else:
            moved = ("+" if change >= 0 else "") + value_text(change, kind, currency)
        rows.append({"metric": row["metric"], "entity": row["entity"], "before": value_text(row["before"], kind, currency),
                     "after": value_text(row["after"], kind, currency), "change": moved})
    return pl.DataFrame(rows, schema={name: pl.Utf8 for name in ("metric", "entity", "before", "after", "change")})


def what_if(con: Connection, user: User, period: Period, s: Scenario, currency: str = "$") -> WhatIf:
    """Simulate ``s`` (nothing is saved); the tiles compare the client's margin now and after."""
    outcome = simulate(con, user, period, s, currency)
    before, after = outcome.client_before.get("gross_margin"), outcome.client_after.get("gross_margin")
    tiles = [
        {"label": "Gross margin now", "value": before, "kind": "percent"},
        {"label": "Gross margin after", "value": after, "kind": "percent",
         "change": None if before is None or after is None else after - before},
        {"label": "Gross profit after", "value": outcome.client_after.get("gross_profit"), "kind": "money"},
    ]
    return WhatIf(outcome, tiles, changes_table(outcome.changes, currency))
