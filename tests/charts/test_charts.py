"""Chart builders (``moat.charts``): valid Vega-Lite, money rounded to cents in the data, money/percent formats in
tooltips; readable (issue 17 point 8): few ticks, labels that drop rather than overlap, long names cut on the axis but
whole in the tooltip, segment colours far apart."""

from __future__ import annotations

import json
from datetime import date

from moat.charts.licenses import waste_bars
from moat.charts.profitability import margin_scatter, trend
from moat.charts.style import LABEL_LIMIT
from moat.charts.utilization import utilization_bars
from moat.metrics import licenses, profitability, utilization
from moat.metrics.periods import Period
from moat.metrics.totals import with_band
from moat.metrics.trends import monthly

PERIOD = Period(date(2026, 8, 1), date(2026, 10, 31))


def spec(chart) -> dict:
    return chart.to_dict()  # validates against the Vega-Lite schema


def values(spec_: dict) -> list[dict]:
    return [row for data in spec_.get("datasets", {}).values() for row in data]


def tooltip_formats(spec_: dict) -> dict[str, str]:
    found: dict[str, str] = {}
    for layer in json.loads(json.dumps(spec_)).get("layer", [spec_]):
        for sub in layer.get("layer", [layer]):
            for tip in sub.get("encoding", {}).get("tooltip", []):
                found[tip["field"]] = tip.get("format", "")
    return found


def test_trend_has_cent_values_and_money_tooltips(demo_con) -> None:
    months = monthly(demo_con, PERIOD)
    chart = spec(trend(months))
    rows = values(chart)
    assert [r["revenue"] for r in rows] == [float(round(v, 2)) for v in months["revenue"]]
    formats = tooltip_formats(chart)
    assert formats["revenue"] == "$,.2f" and formats["gross_margin"] == ".1%"


def test_scatter_names_travel_as_data(demo_con) -> None:
    prof = profitability(demo_con, PERIOD)
    chart = spec(margin_scatter(prof, 0.3))
    names = {r["client_name"] for r in values(chart) if "client_name" in r}
    assert names == set(prof["client_name"])
    assert tooltip_formats(chart)["ehr"] == "$,.2f"


def test_waste_bars_keep_the_largest(demo_con) -> None:
    lic = licenses(demo_con, PERIOD, by="client")
    chart = spec(waste_bars(lic, "client_name", "Client", top=5))
    rows = [r for r in values(chart) if "client_name" in r]
    assert [r["client_name"] for r in rows] == lic.sort("license_waste", descending=True)["client_name"].head(5).to_list()
    assert rows[0]["client_name"] == "Harbor Logistics"


def test_utilization_band_comes_from_settings(demo_con) -> None:
    util = with_band(utilization(demo_con, PERIOD), 0.65, 0.85)
    chart = spec(utilization_bars(util, 0.65, 0.85))
    assert {"low": 0.65, "high": 0.85} in values(chart)
    bands = {r["technician_name"]: r["band"] for r in values(chart) if "technician_name" in r}
    assert bands["Priya Shah"] == "above" and bands["Tom Becker"] == "below"


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
