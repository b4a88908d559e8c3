"""moat.views.insights: what the Insights page says for each role, and the figures of the kinds picked."""

from __future__ import annotations

from moat import config
from moat.analytics import insights
from moat.analytics.evidence import gather
from moat.formatting import count_text
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from moat.views import insights as view


def test_live_recommendations_for_an_analyst(demo_con) -> None:
    period, cfg = default_period(demo_con), config.load(env={})
    found = insights.insights(gather(demo_con, period), insights.Thresholds.from_config(cfg))
    page = view.insights(demo_con, User("ana", "analyst"), period, cfg)
    assert page.awaiting is None and page.empty is None
    assert page.kinds == sorted({r["kind"] for r in found})
    assert page.thresholds.startswith("Source: live. Thresholds: target margin ")
    picked = view.chosen(page, ["reclaim_seats"], "USD")
    seats = [r for r in found if r["kind"] == "reclaim_seats"]
    tiles = {t["label"]: t["value"] for t in picked.tiles}
    assert tiles["Recommendations"] == len(seats) == picked.table.height
    assert abs(float(tiles["Money at stake per month"]) - float(sum(r["monthly_effect"] for r in seats))) < 0.01
    assert set(picked.table["status"]) <= {"Provisional", ""}
    assert len(picked.evidence) == min(len(seats), view.EVIDENCE_SHOWN)
    assert picked.evidence[0][0].startswith("**Licences paid for but unused - ")
    assert view.chosen(page, [], "USD").tiles[0]["value"] == 0


def test_a_viewer_without_a_stored_run_reads_how_many_await(demo_con) -> None:
    period, cfg = default_period(demo_con), config.load(env={})
    found = len(insights.insights(gather(demo_con, period), insights.Thresholds.from_config(cfg)))
    page = view.insights(demo_con, User("vic", "viewer"), period, cfg)
    assert page.awaiting == (f"{count_text(found, 'recommendation')} for this period await approval, and none has been "
                             "sent for review yet. An analyst stores the analysis of this period (with \"Run and "
                             "store the analysis of this period\"), then an admin approves them on the "
                             "Approvals page; approved ones appear here.")  # h112: one colon too many before
    assert page.empty is None and page.view.rows.is_empty()
