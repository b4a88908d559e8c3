"""The download widget: buttons offered by role and policy; clicking produces the escaped file and an audit row."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from streamlit.testing.v1 import AppTest

from moat import db


def script(db_path: str, role: str, client_level: bool) -> None:
    import polars as pl
    import streamlit as st
    from streamlit.runtime import Runtime

    from moat import db
    from moat.governance.permissions import User
    from moat.metrics.periods import Period
    from moat.ui.downloads import download_buttons, report_button

    con = db.connect(db_path)
    df = pl.DataFrame({"client_name": ["=cmd|' /C calc'!A0", "Acme"], "revenue": [-12.345, 10.0]})
    if not client_level:  # totals (h48: the content decides whether rows are client level, not the flag)
        df = pl.DataFrame({"segment": ["=cmd|' /C calc'!A0", "retail"], "revenue": [-12.345, 10.0]})
    download_buttons(df, "clients", User(f"test-{role}", role), client_level=client_level, con=con)
    report_button(Period.parse("2026-08-01", "2026-10-31"), User(f"test-{role}", role), fmt="html", con=con)
    st.session_state["media"] = Runtime.instance().media_file_mgr  # lets the test "click" (run the deferred file)


def run(db_path: Path, role: str, client_level: bool) -> AppTest:
    at = AppTest.from_function(script, args=(str(db_path), role, client_level), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def click(at: AppTest, label: str) -> bytes:
    button = next(b for b in at.get("download_button") if b.proto.label == label)
    manager = at.session_state["media"]
    url = manager.execute_deferred(button.proto.deferred_file_id)
    return manager._storage.get_file(url.rsplit("/", 1)[-1].split(".")[0]).content


def audit_rows(path: Path) -> list[tuple]:
    con = db.connect(path)
    try:
        return db.rows(con, "SELECT user_name, action, object FROM audit_log WHERE action IN ('export', 'report') ORDER BY seq")
    finally:
        con.close()


def test_admin_downloads_escaped_csv_and_excel_and_each_is_audited(demo_path: Path) -> None:
    at = run(demo_path, "admin", client_level=True)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download Excel", "Executive report (HTML)"]
    assert audit_rows(demo_path) == []  # drawing buttons exports nothing
    assert click(at, "Download CSV").decode("utf-8") == "client_name,revenue\r\n'=cmd|' /C calc'!A0,-12.35\r\nAcme,10.00\r\n"
    ws = openpyxl.load_workbook(io.BytesIO(click(at, "Download Excel"))).active
    assert ws["A2"].value == "'=cmd|' /C calc'!A0" and ws["B2"].value == -12.35 and ws["B2"].data_type == "n"
    html = click(at, "Executive report (HTML)").decode("utf-8")
    assert "Executive report: 2026-08-01 to 2026-10-31" in html
    assert audit_rows(demo_path) == [("test-admin", "export", "table:clients"), ("test-admin", "export", "table:clients"),
                                     ("test-admin", "report", "report:2026-08-01..2026-10-31")]


def test_viewer_gets_no_client_level_buttons(demo_path: Path) -> None:
    at = run(demo_path, "viewer", client_level=True)
    assert [b.proto.label for b in at.get("download_button")] == ["Executive report (HTML)"]
    assert at.caption[0].value == ("Downloading rows that name clients or technicians needs an analyst or an admin: "
                                    "ask one for this file.")
    totals = run(demo_path, "viewer", client_level=False)
    assert [b.proto.label for b in totals.get("download_button")][:2] == ["Download CSV", "Download Excel"]
