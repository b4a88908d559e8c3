"""F14: a download is produced when the user clicks, after the page run has ended and closed its cursors.

``app.py`` wraps every script run in ``moat.ui.state.page_run``, which closes the run's cursors once the page is
drawn. The deferred download used to keep one of those cursors, so every CSV, Excel and PDF download failed with
"Connection already closed!" and the browser received nothing. These tests run the page inside ``page_run`` (as
``app.py`` does), let the run end, and only then "click": the file must hold the rows the page showed.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT, as_role


def page_in_a_run(page: str) -> None:
    """Run ``page`` the way app.py does (inside ``state.page_run``), keeping the media manager for the "click"."""
    import runpy

    import streamlit as st
    from streamlit.runtime import Runtime

    from moat.ui import state

    st.session_state["media"] = Runtime.instance().media_file_mgr
    with state.page_run():
        runpy.run_path(page)


def click(at: AppTest, key: str) -> bytes:
    """What the browser receives when the user clicks the deferred download ``key`` (after the run ended)."""
    manager = at.session_state["media"]
    url = manager.execute_deferred(at.download_button(key=key).proto.deferred_file_id)
    return manager._storage.get_file(url.rsplit("/", 1)[-1].split(".")[0]).content


def test_csv_download_after_the_page_run_holds_the_shown_rows(demo: Path) -> None:
    at = AppTest.from_function(page_in_a_run, args=(str(ROOT / "pages" / "overview.py"),), default_timeout=60)
    as_role(at, "admin")
    at.run()
    assert not at.exception
    top = at.dataframe[0].value
    lines = click(at, "overview_top_download_csv").decode("utf-8").splitlines()
    assert lines[0] == "client_name,revenue,gross_profit,gross_margin"
    assert len(lines) - 1 == len(top) > 0
    assert [line.split(",")[0] for line in lines[1:]] == top["client_name"].tolist()


def test_excel_and_report_downloads_after_the_page_run(demo: Path) -> None:
    at = AppTest.from_function(page_in_a_run, args=(str(ROOT / "pages" / "overview.py"),), default_timeout=60)
    as_role(at, "admin")
    at.run()
    xlsx = click(at, "overview_top_download_xlsx")
    assert xlsx[:2] == b"PK"  # a zip container: an .xlsx workbook
    pdf = click(at, "download_report")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
