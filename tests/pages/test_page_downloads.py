"""Every table on every page offers CSV and Excel downloads, by role and policy (issue 8): the pages owned elsewhere
(Overview, Ask, Upload) and the configuration that keeps Streamlit's own table download off. The other pages' download
tests are in their own modules (``tests/pages/test_<page>.py``).

The buttons are drawn by ``moat.ui.downloads.download_buttons`` with the key ``<table key>_download_<fmt>`` or
``download_<name>_<fmt>``; these tests read the keys of the download buttons each page draws, per role.
Default policy: ``client_export_admin_only`` is off, so rows per client or technician download for the roles holding
``export_client_level`` (Admins and Analysts, never Viewers); switched on, they download only for Admins.
Aggregates (per product, per segment, DP releases, settings) download for every role that may see them.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from moat import db
from moat.governance import policies
from moat.governance.permissions import local_operator
from moat.ingest import Options, ingest_bytes
from tests.helpers import ROOT, as_role, run_page
from tests.pages.checks import downloads, refused, with_con

ADMIN = local_operator("test-setup")


def admins_only(path: Path) -> None:
    """Switch the policy on: rows per client download only for Admins."""
    with_con(path, lambda con: policies.set_value(con, ADMIN, "client_export_admin_only", True))


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
    with_con(demo, lambda con: ingest_bytes(con, ADMIN, text.encode(), "halo.csv", Options()))
    admin = run_page("upload.py", "admin")
    assert downloads(admin) == {"upload_quarantine_download"}
    assert downloads(run_page("upload.py", "analyst")) == {"upload_quarantine_download"}
    admins_only(demo)
    analyst = run_page("upload.py", "analyst")
    assert downloads(analyst) == set() and refused(analyst) == 1
    assert downloads(run_page("upload.py", "admin")) == {"upload_quarantine_download"}
    assert not admin.exception and not analyst.exception


def test_tables_offer_no_download_the_policy_has_not_checked() -> None:
    """Streamlit's own table toolbar ("Download as CSV") would bypass policy and audit: it is switched off, so the
    only downloads are the pages' buttons, drawn only for who may download (issue 17 point 9)."""
    import tomllib

    from tests.conftest import ROOT

    client = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["client"]
    assert client["disableDataExport"] is True
