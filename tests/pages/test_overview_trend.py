"""The Overview's period picker drives everything on it (issue 17 point 8): the trend chart draws exactly the picked
months (it looked back twelve months from the period's end), its bars add up to the revenue tile, and its caption
says what it covers; one picked month is one bar with a caption saying a trend needs a longer period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest

from moat import db
from moat.formatting import money_text
from moat.metrics.periods import Period
from moat.metrics.summary import summary
from moat.views.overview import overview, trend_caption
from tests.helpers import run_page


def chart_rows(at) -> list[dict]:  # the rows the Overview's trend chart was given
    (chart,) = at.get("vega_lite_chart")  # the page's one chart
    (dataset,) = chart.proto.datasets
    return pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()


def trend_caption_shown(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Bars:"))


def revenue_tile(at) -> str:
    return next(m.value for m in at.metric if m.label == "Revenue")


@pytest.mark.parametrize(("preset", "first", "months"), [
    ("Last 3 months", date(2026, 8, 1), 3), ("Last 6 months", date(2026, 5, 1), 6), ("Last 12 months", date(2025, 11, 1), 12),
])
def test_the_trend_draws_the_picked_months(demo_path: Path, app_env, preset: str, first: date, months: int) -> None:
    app_env(demo_path)
    at = run_page("overview.py", "viewer")
    at.selectbox(key="overview_period").set_value(preset).run()
    assert not at.exception
    rows = chart_rows(at)
    assert len(rows) == months
    assert rows[0]["month"] == first and rows[-1]["month"] == date(2026, 10, 1)
    assert trend_caption_shown(at).endswith(f"{first:%b %Y} to Oct 2026, the months of the period picked.")
    # the bars are the tile's months: their revenue adds up to the tile to the cent
    assert money_text(sum(Decimal(str(r["revenue"])) for r in rows)) == revenue_tile(at)


def test_one_picked_month_is_one_bar_and_says_so(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    at = run_page("overview.py", "viewer")
    at.selectbox(key="overview_period").set_value("Last month").run()
    assert not at.exception
    assert [r["month"] for r in chart_rows(at)] == [date(2026, 10, 1)]
    assert "Oct 2026 only: one month is picked; pick 3 months or more to see a trend." in trend_caption_shown(at)


def test_the_view_follows_a_custom_range(demo_con: db.Connection) -> None:
    period = Period(date(2026, 3, 15), date(2026, 6, 10))
    view = overview(demo_con, period)
    assert [m.isoformat() for m in view.trend["month"].to_list()] == ["2026-03-01", "2026-04-01", "2026-05-01", "2026-06-01"]
    revenue = next(r["value"] for r in summary(demo_con, period).iter_rows(named=True) if r["metric"] == "revenue")
    assert money_text(view.trend["revenue"].sum()) == money_text(revenue)
    assert view.trend_caption.endswith("Mar 2026 to Jun 2026, the months of the period picked. Cut by the period's "
                                       "dates: Mar 2026 from the 15th and Jun 2026 up to the 10th.")
    assert view.top_clients is not None and view.top_clients.columns == ["client_name", "revenue", "gross_profit", "gross_margin"]
    assert overview(demo_con, period, client_rows=False).top_clients is None


def test_trend_caption_words() -> None:
    assert trend_caption(Period(date(2026, 1, 1), date(2026, 3, 31))).endswith("Jan 2026 to Mar 2026, the months of the period picked.")
    assert trend_caption(Period(date(2026, 2, 2), date(2026, 2, 28))).endswith(
        "Feb 2026 only: one month is picked; pick 3 months or more to see a trend. Cut by the period's dates: Feb 2026 "
        "from the 2nd.")
