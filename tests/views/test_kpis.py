"""moat.views.kpis: a tile's change against the previous period, and when a change is withheld."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from moat.metrics.periods import Period, default_period
from moat.views.kpis import tile, withheld


def test_a_period_partly_covered_by_data_withholds_its_change(demo_con) -> None:
    assert not withheld(demo_con, default_period(demo_con))  # Aug-Oct 2026 against May-Jul 2026: both covered
    assert withheld(demo_con, default_period(demo_con, 12))  # the year before holds October 2025 only


def test_licence_figures_over_different_numbers_of_licence_months_are_withheld(demo_con) -> None:
    mid_month = Period(date(2026, 9, 15), date(2026, 10, 14))  # one licence month (Oct 1); before: Aug 16 - Sep 14, one
    uneven = Period(date(2026, 8, 1), date(2026, 9, 15))  # Aug 1, Sep 1: two; before: Jun 16 - Jul 31: one (Jul 1)
    assert not withheld(demo_con, mid_month, licence_based=True)
    assert withheld(demo_con, uneven, licence_based=True)
    assert not withheld(demo_con, uneven)  # only licence figures are affected


def test_a_tile_compares_amounts_relatively_and_ratios_absolutely() -> None:
    now, before = {"revenue": Decimal(110), "gross_margin": 0.25}, {"revenue": Decimal(100), "gross_margin": 0.30}
    assert tile("Revenue", now, before, "revenue", "money") == {"label": "Revenue", "value": Decimal(110), "kind": "money",
                                                               "change": 0.1}
    assert abs(tile("Margin", now, before, "gross_margin", "percent", help="x")["change"] - (-0.05)) < 1e-12
    assert tile("Margin", now, before, "gross_margin", "percent", help="x")["help"] == "x"


def test_no_change_without_a_previous_figure() -> None:
    now = {"revenue": Decimal(110)}
    assert tile("Revenue", now, None, "revenue", "money")["change"] is None  # withheld
    assert tile("Revenue", now, {"revenue": None}, "revenue", "money")["change"] is None  # unknown before
    assert tile("Revenue", now, {"revenue": Decimal(0)}, "revenue", "money")["change"] is None  # no relative change from 0
