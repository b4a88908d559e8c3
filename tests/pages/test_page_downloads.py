"""Every table on every page offers CSV and Excel downloads, by role and policy (issue 8).

The buttons are drawn by ``moat.ui.downloads.download_buttons`` with the key ``<table key>_download_<fmt>`` or
``download_<name>_<fmt>``; these tests read the keys of the download buttons each page draws, per role.
Default policy: ``client_export_admin_only`` is off, so rows per client or technician download for the roles holding
``export_client_level`` (Admins and Analysts, never Viewers); switched on, they download only for Admins.
Aggregates (per product, per segment, DP releases, settings) download for every role that may see them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from moat import db
from moat.governance import approvals, policies
from moat.governance.permissions import User, local_operator
from moat.ingest import Options, ingest_bytes
from moat.metrics import profitability
from moat.metrics.periods import default_period
from moat.privacy import packs, releases
from tests.governance.gov_util import add_result
from tests.helpers import ROOT, as_role, run_page

ADMIN = local_operator("test-setup")
NOT_ALLOWED = "Downloading these rows is not allowed for your role or by policy."


def downloads(at: AppTest) -> set[str]:
    """The tables a page offers for download: the button keys without their ``_csv``/``_xlsx`` ending.

    Each table must offer both formats, so an Excel button without its CSV twin fails here.
    """
    keys = {b.key for b in at.download_button}
    stems = {k.removesuffix("_xlsx") for k in keys if k.endswith("_xlsx")}  # only table downloads offer Excel
    for stem in stems:
        assert f"{stem}_csv" in keys, stem
    return stems


def refused(at: AppTest) -> int:
    return sum(c.value == NOT_ALLOWED for c in at.caption)


def setup(path: Path, fn) -> None:  # noqa: ANN001 - a set-up step run on a private connection
    con = db.connect(path)
    try:
        fn(con)
    finally:
        con.close()


@pytest.fixture
def demo(app_env, demo_path: Path) -> Path:  # noqa: ANN001
    app_env(demo_path)
    return demo_path


def admins_only(path: Path) -> None:
    """Switch the policy on: rows per client download only for Admins."""
    setup(path, lambda con: policies.set_value(con, ADMIN, "client_export_admin_only", True))


def test_overview_report_for_everyone_client_tables_by_role_and_policy(demo: Path) -> None:
    client_tables = {"overview_top_download", "overview_bottom_download"}
    for role in ("admin", "analyst"):
        at = run_page("overview.py", role)
        assert downloads(at) == client_tables and refused(at) == 0, role
        assert [b.label for b in at.download_button if b.key == "download_report"] == ["Executive report (PDF)"]
        assert not at.exception
    viewer = run_page("overview.py", "viewer")  # sees the client tables (default policy), may not download them
    assert downloads(viewer) == set() and refused(viewer) == 2
    assert [b.key for b in viewer.download_button] == ["download_report"]
    admins_only(demo)
    analyst = run_page("overview.py", "analyst")
    assert downloads(analyst) == set() and refused(analyst) == 2
    assert [b.key for b in analyst.download_button] == ["download_report"]
    assert downloads(run_page("overview.py", "admin")) == client_tables
    assert not viewer.exception and not analyst.exception


def overview_keeping_media(page: str) -> None:
    """Run a page after keeping the media manager, so the test can "click" (run the deferred file)."""
    import runpy

    import streamlit as st
    from streamlit.runtime import Runtime

    st.session_state["media"] = Runtime.instance().media_file_mgr
    runpy.run_path(page)


def test_overview_download_writes_the_shown_rows_and_an_audit_row(demo: Path) -> None:
    at = AppTest.from_function(overview_keeping_media, args=(str(ROOT / "pages" / "overview.py"),), default_timeout=30)
    as_role(at, "admin")
    at.run()
    top = at.dataframe[0].value
    button = at.download_button(key="overview_top_download_csv")
    manager = at.session_state["media"]
    url = manager.execute_deferred(button.proto.deferred_file_id)
    text = manager._storage.get_file(url.rsplit("/", 1)[-1].split(".")[0]).content.decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "client_name,revenue,gross_profit,gross_margin"
    assert [line.split(",")[0] for line in lines[1:]] == top["client_name"].tolist()
    assert [float(line.split(",")[1]) for line in lines[1:]] == top["revenue"].tolist()  # cents, as shown
    con = db.connect(demo)
    try:
        assert db.rows(con, "SELECT user_name, action, object FROM audit_log WHERE action = 'export'") == [
            ("test-admin", "export", "table:top-clients")]
    finally:
        con.close()
    assert not at.exception


def test_profitability_by_role_and_policy(demo: Path) -> None:
    assert downloads(run_page("profitability.py", "admin")) == {"profit_table_download"}
    assert downloads(run_page("profitability.py", "analyst")) == {"profit_table_download"}
    viewer = run_page("profitability.py", "viewer")  # the permission table refuses Viewers client rows
    assert downloads(viewer) == set() and refused(viewer) == 1
    admins_only(demo)
    analyst = run_page("profitability.py", "analyst")
    assert downloads(analyst) == set() and refused(analyst) == 1
    assert downloads(run_page("profitability.py", "admin")) == {"profit_table_download"}
    viewer = run_page("profitability.py", "viewer")
    assert downloads(viewer) == set() and refused(viewer) == 1
    setup(demo, lambda con: policies.set_value(con, ADMIN, "viewers_see_client_rows", False))
    viewer = run_page("profitability.py", "viewer")  # aggregates only: those a Viewer may download
    assert downloads(viewer) == {"profit_segments_download"} and refused(viewer) == 0
    assert not viewer.exception


def test_licenses_products_for_everyone_clients_by_role(demo: Path) -> None:
    both = {"licenses_products_download", "licenses_clients_download"}
    assert downloads(run_page("licenses.py", "admin")) == both
    assert downloads(run_page("licenses.py", "analyst")) == both
    viewer = run_page("licenses.py", "viewer")
    assert downloads(viewer) == {"licenses_products_download"} and refused(viewer) == 1
    assert not viewer.exception


@pytest.mark.parametrize(("page", "stems"), [
    ("utilization.py", {"utilization_table_download"}),
    ("insights.py", {"insights_table_download"}),
    ("trends.py", {"download_anomalies", "download_client-risk"}),
])
def test_per_technician_and_client_tables(demo: Path, page: str, stems: set[str]) -> None:
    admin = run_page(page, "admin")
    assert downloads(admin) == stems
    assert downloads(run_page(page, "analyst")) == stems
    viewer = run_page(page, "viewer")
    assert downloads(viewer) == set()
    assert not admin.exception and not viewer.exception


def test_explain_and_whatif_by_role_and_policy(demo: Path) -> None:
    labels = ("invoices", "time_entries", "by_technician", "licences", "costs")
    drill_down = {"explain_contrib_download"} | {f"explain_dl_{label}" for label in labels}
    admin = run_page("explain.py", "admin")
    assert downloads(admin) == drill_down
    analyst = run_page("explain.py", "analyst")
    assert downloads(analyst) == drill_down and refused(analyst) == 0
    admin.radio(key="explain_what").set_value("Technician utilisation").run()
    admin.text_input(key="explain_tech").set_value("Tom Becker").run()
    assert downloads(admin) == {"explain_tech_types_download", "explain_tech_clients_download"}
    assert downloads(run_page("whatif.py", "admin")) == {"download_what-if"}
    assert downloads(run_page("whatif.py", "analyst")) == {"download_what-if"}
    admins_only(demo)
    analyst = run_page("explain.py", "analyst")
    assert downloads(analyst) == set() and refused(analyst) == 1 + len(labels)
    assert downloads(run_page("explain.py", "admin")) == drill_down
    assert downloads(run_page("whatif.py", "analyst")) == set()
    assert not admin.exception and not analyst.exception


def test_ask_answers_by_shape(demo: Path) -> None:
    viewer = run_page("ask.py", "viewer")
    viewer.chat_input[0].set_value("What was our revenue in Q3 2026?").run()
    assert downloads(viewer) == {"ask_dl_0"}  # a company figure: not client-level
    analyst = run_page("ask.py", "analyst")
    analyst.chat_input[0].set_value("top 3 clients by revenue in Q3 2026").run()
    assert downloads(analyst) == {"ask_dl_0"}  # client rows: analysts hold export_client_level
    admins_only(demo)
    analyst = run_page("ask.py", "analyst")
    analyst.chat_input[0].set_value("top 3 clients by revenue in Q3 2026").run()
    assert downloads(analyst) == set() and refused(analyst) == 1
    admin = run_page("ask.py", "admin")
    admin.chat_input[0].set_value("top 3 clients by revenue in Q3 2026").run()
    assert downloads(admin) == {"ask_dl_0"}
    assert not viewer.exception and not analyst.exception and not admin.exception


def test_upload_quarantine_by_role_and_policy(demo: Path) -> None:
    text = "Member,Company,Date,Hours,Billable\nPriya Shah,Meridian Dental Grop,2026-10-01,2,Yes\n"
    setup(demo, lambda con: ingest_bytes(con, ADMIN, text.encode(), "halo.csv", Options()))
    admin = run_page("upload.py", "admin")
    assert downloads(admin) == {"upload_quarantine_download"}
    assert downloads(run_page("upload.py", "analyst")) == {"upload_quarantine_download"}
    admins_only(demo)
    analyst = run_page("upload.py", "analyst")
    assert downloads(analyst) == set() and refused(analyst) == 1
    assert downloads(run_page("upload.py", "admin")) == {"upload_quarantine_download"}
    assert not admin.exception and not analyst.exception


def test_approvals_tables(demo: Path) -> None:
    def results(con: db.Connection) -> None:
        add_result(con, entity="Meridian Dental Group", status="pending_review", confidence=0.4)
        approved = add_result(con, entity="Harbor Logistics", status="approved", confidence=0.9)
        request_id = approvals.request(con, User("ana", "analyst"), approved, "sending Harbor a price increase")
        approvals.decide(con, User("ada", "admin"), request_id, "approve", "numbers check out")

    setup(demo, results)
    viewer = run_page("approvals.py", "viewer")  # approved results name clients
    assert downloads(viewer) == set() and refused(viewer) == 1
    admin = run_page("approvals.py", "admin")
    assert downloads(admin) == {"approvals_pending_download", "approvals_decided_download"}
    assert not viewer.exception and not admin.exception


def test_admin_pages(demo: Path) -> None:
    assert downloads(run_page("audit.py", "admin")) == {"audit_export"}
    assert downloads(run_page("users.py", "admin")) == {"download_users"}
    assert downloads(run_page("policies.py", "admin")) == {"download_policies"}
    share = run_page("share.py", "admin")
    assert downloads(share) == {"download_release-accuracy"}
    share.button(key="share_release").click().run()
    assert downloads(share) == {"download_release-accuracy", "download_release-values"}
    assert not share.exception


def test_benchmarks_for_every_role(demo: Path) -> None:
    def peer(con: db.Connection) -> None:
        pack = json.loads(packs.to_json(releases.release(con, ADMIN, releases.request(con, ["mean_margin"], 1.0)).pack))
        pack["label"] = "peer A"
        packs.import_pack(con, ADMIN, json.dumps(pack).encode(), "peer.json")

    setup(demo, peer)
    for role in ("viewer", "admin"):
        at = run_page("benchmarks.py", role)
        assert downloads(at) == {"download_benchmarks"}, role
        assert not at.exception


def test_viewer_sees_the_same_client_rows_but_cannot_download_them(demo: Path) -> None:
    """Default policies: Viewers see client rows, and the permission table (not the export policy) refuses them."""
    con = db.connect(demo)
    try:
        policy = policies.get(con)
        period = default_period(con)
        clients = profitability(con, period).height
    finally:
        con.close()
    assert policy.viewers_see_client_rows and not policy.client_export_admin_only
    at = run_page("profitability.py", "viewer")
    assert len(at.dataframe[0].value) == clients
    assert downloads(at) == set() and refused(at) == 1
    assert not at.exception


def test_tables_offer_no_download_the_policy_has_not_checked() -> None:
    """Streamlit's own table toolbar ("Download as CSV") would bypass policy and audit: it is switched off, so the
    only downloads are the pages' buttons, drawn only for who may download (issue 17 point 9)."""
    import tomllib

    from tests.conftest import ROOT

    client = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["client"]
    assert client["disableDataExport"] is True
