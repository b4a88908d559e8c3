"""The Explain page per role against the scale-1 demo: a client's margin gap in words and numbers, its source rows,
how it was computed, a technician's hours; closed to Viewers; downloads by role and export policy."""

from __future__ import annotations

from pathlib import Path

from moat import db
from moat.analytics import explain
from moat.analytics.evidence import gather
from moat.formatting import percent_text
from moat.governance import policies
from moat.governance.permissions import local_operator
from moat.metrics.periods import default_period
from tests.helpers import run_page
from tests.pages.checks import downloads, no_access, refused, with_con

LABELS = ("invoices", "time_entries", "by_technician", "licences", "costs")
DRILL_DOWN = {"explain_contrib_download"} | {f"explain_dl_{label}" for label in LABELS}


def test_explain_page(demo_path, app_env) -> None:
    app_env(demo_path)
    con = db.connect(demo_path)
    expected = explain.client(gather(con, default_period(con, 3)), "Meridian Dental Group")
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
    at.selectbox(key="explain_tech").set_value("Tom Becker").run()
    assert any(m.value.startswith("Tom Becker is at") and "below the 70%-80% band" in m.value for m in at.markdown)
    assert not at.exception


def test_explain_is_closed_to_viewers(demo: Path) -> None:
    at = run_page("explain.py", "viewer")
    assert at.error and no_access(at)
    assert not at.exception


def test_explain_by_role_and_policy(demo: Path) -> None:
    admin = run_page("explain.py", "admin")
    assert downloads(admin) == DRILL_DOWN
    analyst = run_page("explain.py", "analyst")
    assert downloads(analyst) == DRILL_DOWN and refused(analyst) == 0
    admin.radio(key="explain_what").set_value("Technician utilisation").run()
    admin.selectbox(key="explain_tech").set_value("Tom Becker").run()
    assert downloads(admin) == {"explain_tech_types_download", "explain_tech_clients_download"}
    with_con(demo, lambda con: policies.set_value(con, local_operator("test-setup"), "client_export_admin_only", True))
    analyst = run_page("explain.py", "analyst")
    assert downloads(analyst) == set() and refused(analyst) == 1 + len(LABELS)
    assert downloads(run_page("explain.py", "admin")) == DRILL_DOWN
    assert not admin.exception and not analyst.exception


def test_a_technician_is_picked_and_read_as_the_utilisation_page_reads_it(demo: Path, demo_period) -> None:
    """h112: the technician was a typed name ("tom beker": "no technician is known", with a CLI command as the hint),
    and the sentence rounded half-even to whole numbers beside the Utilisation page's one decimal ("25% ... 130 h
    billable" against 24.7% and 130.5 h). A picker lists them, lowest utilisation first; the sentence reads the
    page's figures."""
    from moat import db
    from moat.formatting import hours_text
    from moat.metrics.utilization import utilization

    con = db.connect(demo)
    util = {r["technician_name"]: r for r in utilization(con, demo_period).iter_rows(named=True)}
    con.close()
    at = run_page("explain.py", "admin")
    at.radio(key="explain_what").set_value("Technician utilisation").run()
    picker = at.selectbox(key="explain_tech")
    assert sorted(picker.options) == sorted(util)
    rates = [util[n]["billable_utilization"] for n in picker.options]
    assert rates == sorted(rates)
    for name in picker.options[:3]:
        at.selectbox(key="explain_tech").set_value(name).run()
        said = next(m.value.replace("\\", "") for m in at.markdown if m.value.startswith(name))
        u = util[name]
        assert said.startswith(f"{name} is at {percent_text(u['billable_utilization'])} billable utilisation"), said
        assert f": {hours_text(u['billable_hours'])} billable of {hours_text(u['available_hours'])} available" in said
    assert not at.exception
