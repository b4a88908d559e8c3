"""Download buttons every page can put under a table: CSV and Excel, and the executive report.

The file is produced only when the user clicks (Streamlit calls ``data`` lazily, on its own thread), so a page
rerun costs nothing and the audit log records downloads that happened rather than buttons that were drawn.
Permission and policy are checked twice: here, to decide whether to offer the buttons at all, and again inside
``moat.export`` when the file is made — the widget is a convenience, never the check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import streamlit as st

from moat import db
from moat.access import export_refusal_text
from moat.db import Connection
from moat.errors import MoatError
from moat.export.tables import FORMATS, MIME, check_export, export_table, file_name
from moat.governance.permissions import User
from moat.metrics.periods import Period

LABELS = {"csv": "Download CSV", "xlsx": "Download Excel"}


def may_export(con: Connection, user: User, client_level: bool) -> bool:
    try:
        check_export(con, user, client_level)
    except MoatError:
        return False
    return True


def names_people(slots: dict[str, Any] | None) -> bool:
    """Whether an Ask answer's rows are per client or technician (grouped by, or filtered to, one of them).

    Such an answer is client-level for export; a company-wide figure, or one per product or segment, is not.
    Unknown shapes count as client-level: refusing a harmless export is cheaper than leaking a client's rows.
    """
    if slots is None:
        return True
    filters = slots.get("filters") or {}
    return slots.get("grouping") in ("client", "technician") or any(filters.get(k) for k in ("client", "technician"))


def _connection(con: Connection | None) -> Connection:
    if con is not None:
        return con
    from moat.ui import state

    return state.connection()


def _opener(con: Connection | None) -> Callable[[], Connection]:
    """How the click makes its own cursor: from the process-wide connection, never from the page run's cursor.

    The page run's cursor is closed when the page has been drawn, long before the user clicks (every download
    failed silently with "Connection already closed!"). A connection the caller passed in (tests, the CLI) is
    the caller's to keep open.
    """
    if con is not None:
        return lambda: db.cursor(con)
    from moat.ui import state

    return state.own_cursor


def _deferred(open_cursor: Callable[[], Connection], make: Callable[[Connection], bytes]) -> Callable[[], bytes]:
    """A zero-argument callable for ``st.download_button``: its own cursor (it runs on another thread, after the
    page run has ended), then ``make``."""

    def produce() -> bytes:
        cursor = open_cursor()
        try:
            return make(cursor)
        finally:
            cursor.close()

    return produce


def download_buttons(
    df: pl.DataFrame, name: str, user: User, client_level: bool, *, key: str | None = None,
    con: Connection | None = None,
) -> bool:
    """CSV and Excel buttons for ``df`` (the rows the page shows); returns whether they were offered.

    ``client_level``: the rows name clients or technicians (needs ``export_client_level`` and the policy).
    ``key`` namespaces the widget keys when a page shows two tables of the same ``name``.
    """
    opener = _opener(con)
    con = _connection(con)
    from moat.export.tables import names_people

    client_level = client_level or names_people(con, df)  # as export_table decides: no button it would refuse
    if not may_export(con, user, client_level):
        st.caption(export_refusal_text(user))
        return False
    key = key or f"download_{name}"
    frozen = df.clone()
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS, strict=True):
        make = _deferred(opener, lambda c, fmt=fmt: export_table(c, user, frozen, name, fmt, client_level=client_level,
                                                              details={"via": "app"}))
        column.download_button(
            LABELS[fmt], data=make, file_name=file_name(name, fmt), mime=MIME[fmt], key=f"{key}_{fmt}",
            on_click="ignore", icon=":material/download:",
        )
    return True


def report_button(period: Period, user: User, *, fmt: str = "pdf", key: str = "download_report",
                  con: Connection | None = None) -> bool:
    """One button that builds the executive report for ``period`` when clicked (permission ``export``)."""
    opener = _opener(con)
    con = _connection(con)
    if not may_export(con, user, client_level=False):
        return False
    from moat.export import report_render

    make = _deferred(opener, lambda c: report_render.report_bytes(c, user, period, fmt))
    st.download_button(
        f"Executive report ({fmt.upper()})", data=make,
        file_name=f"moat-report-{period.start.isoformat()}-{period.end.isoformat()}.{fmt}", mime=MIME[fmt], key=key,
        on_click="ignore", icon=":material/description:",
    )
    return True
