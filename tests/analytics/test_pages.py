"""AppTest of the analysis pages, per role, against the scale-1 demo (what the user sees)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from moat import config, db
from moat.analytics import explain, insights, run, stored_runs
from moat.analytics.evidence import gather
from moat.formatting import money_text, percent_text
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from tests.helpers import run_page


def _period(path):
    con = db.connect(path)
    try:
        return con, default_period(con, 3)
    except Exception:
        con.close()
        raise


def test_insights_page_for_an_analyst(demo_path, app_env) -> None:
    app_env(demo_path)
    con, period = _period(demo_path)
    rows = insights.insights(gather(con, period), insights.Thresholds())
    con.close()
    at = run_page("insights.py", "analyst")
    assert not at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Money at stake per month"] == money_text(sum(r["monthly_effect"] for r in rows))
    assert tiles["Recommendations"] == f"{len(rows):,}"
    table = at.dataframe[0].value
    assert table["entity"].tolist()[: 3] == [r["entity"] for r in rows[:3]]
    at.multiselect(key="insights_kinds").set_value(["reclaim_seats"]).run()
    assert set(at.dataframe[0].value["kind"]) == {"Licences paid for but unused"}  # words, not the enum
    assert not at.exception


def test_insights_page_for_a_viewer_shows_only_an_approved_stored_run(demo_path, app_env) -> None:
    app_env(demo_path)
    at = run_page("insights.py", "viewer")
    assert any("await approval" in w.value for w in at.warning)  # no stored run: how many the rules found
    assert not at.exception
    con, period = _period(demo_path)
    summary = run.run(con, User("ann", "analyst"), period, config.load(env={}).with_(review_confidence=0.97))
    stored = stored_runs.stored(con, User("vic", "viewer"), summary.run_id)
    con.close()
    approved = stored.filter(stored["metric"].str.starts_with("insight_"))
    at = run_page("insights.py", "viewer")
    assert not at.exception
    assert at.dataframe[0].value.shape[0] == approved.height
    assert {m.label: m.value for m in at.metric}["Provisional"] == "0"


def test_explain_page(demo_path, app_env) -> None:
    app_env(demo_path)
    con, period = _period(demo_path)
    expected = explain.client(gather(con, period), "Meridian Dental Group")
    con.close()
    at = run_page("explain.py", "analyst")
    assert not at.exception
    at.selectbox(key="explain_client").set_value("Meridian Dental Group").run()
    texts = [m.value.replace("\\", "") for m in at.markdown]  # names are escaped for Markdown
    assert expected["sentence"] in texts
    assert len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart")) >= 1
    # analysts hold export_client_level and the export policy is off by default: the source rows download
    buttons = {b.key: b.label for b in at.download_button}
    for table in ("invoices", "time_entries"):
        assert buttons[f"explain_dl_{table}_csv"] == "Download CSV"
        assert buttons[f"explain_dl_{table}_xlsx"] == "Download Excel"
    assert any("Gross margin** = gross profit / revenue" in t and percent_text(expected["margin"]) in t for t in texts)
    assert any(t.startswith("Snapshots read: ") for t in texts)
    at.radio(key="explain_what").set_value("Technician utilisation").run()
    at.text_input(key="explain_tech").set_value("Tom Becker").run()
    assert any(m.value.startswith("Tom Becker is at") and "below the 70%-80% band" in m.value for m in at.markdown)
    assert not at.exception


def test_explain_and_whatif_are_closed_to_viewers(demo_path, app_env) -> None:
    app_env(demo_path)
    for page in ("explain.py", "whatif.py"):
        at = run_page(page, "viewer")
        assert at.error and "do not have access" in at.error[0].value
        assert not at.exception


def test_whatif_controls_change_the_figures(demo_path, app_env) -> None:
    app_env(demo_path)
    at = run_page("whatif.py", "analyst")
    assert not at.exception
    client = at.selectbox(key="whatif_client").value
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Gross margin now"] == tiles["Gross margin after"]
    at.number_input(key="whatif_fee").set_value(50000.0).run()
    con, period = _period(demo_path)
    from moat.analytics.whatif import Scenario, simulate

    out = simulate(con, User("ann", "analyst"), period, Scenario(client, new_monthly_fee=Decimal("50000")))
    con.close()
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Gross margin after"] == percent_text(out.client_after["gross_margin"])
    assert tiles["Gross margin after"] != tiles["Gross margin now"]
    assert any("fee change" in m.value for m in at.markdown)
    assert not at.exception


@pytest.mark.parametrize("role", ["viewer", "analyst"])
def test_trends_page(demo_path, app_env, role) -> None:
    app_env(demo_path)
    at = run_page("trends.py", role)
    assert not at.exception
    assert any("Forecast: linear trend" in c.value for c in at.caption)
    has_risk = any(s.value == "Client risk" for s in at.subheader)
    assert has_risk == (role == "analyst")
    if role == "analyst":
        at.selectbox(key="trends_entity").set_value("Meridian Dental Group").run()
        at.selectbox(key="trends_series").set_value("gross_margin").run()
        assert not at.exception
