"""moat.views.benchmarks: own exact KPIs for both groupings, compared with a peer's pack metric by metric."""

from __future__ import annotations

import json

from moat import config
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from moat.privacy import packs, releases
from moat.views import benchmarks as view

ADA = User("ada", "admin")


def test_own_kpis_hold_one_row_per_metric_and_segment_including_all_clients(demo_con) -> None:
    own = view.own_kpis(demo_con, ADA, default_period(demo_con), config.load(env={}))
    assert own.height == own.select("metric", "segment").unique().height
    assert "all" in set(own["segment"]) and len(set(own["segment"])) > 2


def test_comparison_of_a_peer_pack(demo_con) -> None:
    assert view.peers(demo_con).is_empty()
    pack = json.loads(packs.to_json(releases.release(demo_con, ADA, releases.request(demo_con, ["mean_margin"], 1.0)).pack))
    pack["label"] = "peer A"
    assert view.import_pack(demo_con, ADA, json.dumps(pack).encode(), "peer.json") == "Imported as pack 1."
    compared = view.compare(demo_con, ADA, view.peers(demo_con), config.load(env={}))
    assert compared.metrics == ["mean_margin"] and view.metric_label("mean_margin") == "Mean gross margin"
    shown = compared.metric("mean_margin")
    assert len(shown.sentences) == compared.compared["segment"].n_unique()
    assert all(s.startswith("Mean gross margin, ") for s in shown.sentences)
    assert shown.table.columns == ["segment", "peer", "own", "value", "low", "high", "verdict", "epsilon"]
    assert set(shown.table["peer"]) == {"peer A"}
    assert all(v is None or v == "n/a" or v.endswith("%") for v in shown.table["own"])  # own values as text, by unit
    assert shown.chart.to_dict()  # valid Vega-Lite
