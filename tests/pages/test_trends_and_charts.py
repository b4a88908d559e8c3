"""Trends honours its period picker, and charts stay readable (issue 17 point 8): few ticks, labels that drop
rather than overlap, long names cut on the axis but whole in the tooltip, segment colours far apart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from moat.charts.licenses import waste_bars
from moat.charts.profitability import margin_scatter
from moat.charts.style import LABEL_LIMIT
from moat.charts.utilization import utilization_bars
from moat.metrics import licenses, profitability
from moat.metrics.periods import Period
from tests.helpers import run_page

PERIOD = Period(date(2026, 8, 1), date(2026, 10, 31))


def _months_caption(at) -> str:  # noqa: ANN001
    return next(c.value for c in at.caption if c.value.startswith("Forecast:"))


def test_trends_follows_the_period_picker(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    at = run_page("trends.py", "analyst")
    assert not at.exception
    assert at.selectbox(key="trends_period").value == "Last 12 months"
    assert _months_caption(at).endswith("Months Nov 2025 to Oct 2026.")
    at.selectbox(key="trends_period").set_value("Last 6 months").run()
    assert not at.exception
    assert _months_caption(at).endswith("Months May 2026 to Oct 2026.")
    at.selectbox(key="trends_period").set_value("Last 3 months").run()
    assert _months_caption(at).endswith("Months Aug 2026 to Oct 2026.")
    # the series picker shows words, not field names
    assert "gross_margin" not in at.selectbox(key="trends_series").options
    assert "Gross margin" in at.selectbox(key="trends_series").options


def test_segment_colours_are_distinct_and_axes_sparse(demo_con) -> None:
    spec = margin_scatter(profitability(demo_con, PERIOD), 0.3).to_dict()
    points = next(layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "circle")
    assert points["encoding"]["color"]["scale"]["scheme"] == "tableau10"
    for axis in ("x", "y"):
        assert points["encoding"][axis]["axis"]["labelOverlap"] is True
        assert points["encoding"][axis]["axis"]["tickCount"] == 5


def test_long_names_are_cut_on_the_axis_and_whole_in_the_tooltip(demo_con) -> None:
    spec = waste_bars(licenses(demo_con, PERIOD, by="client"), "client_name", "Client").to_dict()
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == LABEL_LIMIT
    assert spec["encoding"]["tooltip"][0] == {"field": "client_name", "type": "nominal", "title": "Client"}
    assert spec["encoding"]["x"]["axis"]["labelOverlap"] is True


def test_utilisation_legend_reads_in_words(demo_con) -> None:
    from moat.metrics import utilization
    from moat.metrics.totals import with_band

    spec = utilization_bars(with_band(utilization(demo_con, PERIOD), 0.7, 0.8), 0.7, 0.8).to_dict()
    bars = spec["layer"][1]
    assert "Below target" in bars["encoding"]["color"]["legend"]["labelExpr"]
