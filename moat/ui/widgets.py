"""Shared page widgets: the period picker, KPI tiles, formatted tables and the "no data" state.

Pages stay thin by drawing through these, and every number a user reads is formatted by ``moat.formatting``
(money rounded half-up to cents, ratios as percent), so a page test can recompute the exact text it expects.
Names (clients, technicians, products) are only ever shown through ``st.dataframe`` or chart data, never
through markdown, so a name such as ``<b>Acme</b>`` or ``**Acme**`` is displayed as typed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import polars as pl
import streamlit as st

from moat import access, formatting
from moat.db import Connection
from moat.formatting import LABELS, change_text
from moat.governance import policies
from moat.governance.permissions import User
from moat.metrics.periods import (
    Period,
    data_range,
    default_period,
    empty_note,
    partial_note,
)
from moat.ui import downloads, state

NO_DATA = "No data for this period."
PRESETS: dict[str, int | None] = {
    "Last month": 1, "Last 3 months": 3, "Last 6 months": 6, "Last 12 months": 12, "Custom": None,
}
DEFAULT_PRESET = "Last 3 months"

TITLES = LABELS  # the headers pages show (moat.formatting.LABELS); kept under the old name for callers
HOURS_COLUMNS = formatting.HOURS_COLUMNS


def no_data(detail: str | None = None) -> None:
    """Show the explicit empty state and stop the page (never a crash, never a made-up zero)."""
    st.info(f"{NO_DATA} {detail or 'Load data on the Upload page, or run `moat demo` for a sample MSP.'}")
    st.stop()


def rows_hidden(what: str) -> None:
    """The caption a page shows instead of per-client or per-technician tables a viewer's policy hides."""
    st.caption(access.hidden_rows_text(what))


def client_level_allowed(con: Connection, user: User) -> bool:
    """Whether ``user`` may see rows per client: analysts and admins always, viewers unless the admin's policy
    ``viewers_see_client_rows`` restricts them to aggregates (``moat.governance.policies``)."""
    return policies.get(con, state.settings()).client_rows_visible(user)


def period_picker(con: Connection, key: str, default: str = DEFAULT_PRESET, *, compares: bool = True,
                  shows: Collection[str] | None = None) -> Period | None:
    """A preset (default: the last 3 months holding data) or a custom range; None when the database is empty.

    ``key`` namespaces the widget keys per page (e.g. "overview"), so each page keeps its own choice; ``default``
    is the preset a page opens on (Trends: a year). Everything on the page reads the period returned here.
    ``compares``: whether the page shows changes against the previous period. A page that shows none (Trends,
    Explain, What-if, Share) names only its period; it used to say "compared with ..." and "No change shown: ...
    is only partly covered" on a page with no change anywhere (h103, h112). A period holding no data is said on
    every page. ``shows``: the KPIs (``moat.metrics.summary.KPIS`` names) whose changes the page draws, so it says
    only why one of those is withheld (the Utilisation page said "No change shown for licence figures"); None: all.
    """
    bounds = data_range(con)
    if bounds is None:
        return None
    # a value another page set (Ask's link to Explain / Insights, ``views.route_links``) is the widget's own: passing a
    # default as well makes Streamlit warn on the page that the value was set twice
    preset = st.selectbox("Period", list(PRESETS), key=f"{key}_period",
                          **({} if f"{key}_period" in st.session_state else {"index": list(PRESETS).index(default)}))
    months = PRESETS[preset]
    if months is not None:
        period = default_period(con, months)
    else:
        initial = default_period(con)
        chosen = st.date_input(
            "From - to", key=f"{key}_range", help="Any dates; a range without data shows the empty state",
            **({} if f"{key}_range" in st.session_state else {"value": (initial.start, initial.end)}),
        )
        if not isinstance(chosen, Sequence) or len(chosen) != 2:
            st.info("Pick the last day of the range.")
            st.stop()
        period = Period(chosen[0], chosen[1])
    st.caption(f"{period.start:%d %b %Y} to {period.end:%d %b %Y}"
               + (f", compared with {_span(period.previous())}" if compares else ""))
    if (partial := partial_note(period)) is not None:
        st.warning(partial, icon=":material/hourglass_top:")
    if compares:  # every reason a change is withheld, once each (``summary.change_notes``: coverage, licence
        # months, months of monthly-booked costs)
        from moat.metrics.summary import change_notes

        notes = list(dict.fromkeys(note for name, note in change_notes(con, period).items()
                                   if note and (shows is None or name in shows)))
    else:
        notes = [note for note in (empty_note(con, period),) if note]
    from moat.metrics.last_month import early_stop_note

    if (early := early_stop_note(con, period)) is not None:  # the last month counts as whole: say where its rows stop
        notes.append(early)
    for note in notes:
        st.caption(f":material/info: {note}")
    return period


def unconfirmed_note(con: Connection, period: Period) -> None:
    """A warning above executive figures that count clients nobody confirmed (``summary.unconfirmed_clients``)."""
    from moat.metrics.summary import unconfirmed_clients

    names = unconfirmed_clients(con, period)
    if not names:
        return
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    st.warning(
        f"These figures include {formatting.count_text(len(names), 'client')} nobody has confirmed: "
        f"{formatting.escape_markdown(shown)}. Each came from an upload naming someone new (no clients-file record, "
        "no alias). If it is a misspelling, map it to the right client (`moat aliases add`) and the figures move "
        "there; if it is a new client, add it to the clients file.", icon=":material/person_alert:")


def _span(period: Period) -> str:
    return f"{period.start:%d %b %Y} to {period.end:%d %b %Y}"


def value_text(value: Any, kind: str) -> str:
    """A KPI value as the tile shows it (``moat.formatting.value_text``: money in the base currency)."""
    return formatting.value_text(value, kind, currency())


def currency() -> str:
    """The base currency every amount is in (setting ``base_currency``)."""
    return state.settings().currency


def delta_text(change: float | None, kind: str) -> str | None:
    """Change against the previous period (``moat.formatting.change_text``); None when there is none."""
    return None if change is None else change_text(change, kind)


def tile(column: Any, label: str, value: Any, kind: str, change: float | None = None, *, lower_is_better: bool = False,
         help: str | None = None) -> None:
    """One KPI tile; ``lower_is_better`` turns a rising cost red; a change that rounds to 0.0 is grey, no arrow."""
    delta = delta_text(change, kind)
    flat = delta is not None and delta.lstrip("+-").startswith("0.0")
    column.metric(
        label, value_text(value, kind), delta,
        delta_color="off" if flat else "inverse" if lower_is_better else "normal",
        delta_arrow="off" if flat else "auto", help=help, border=True,
    )


def tiles(items: list[dict[str, Any]], per_row: int = 3) -> None:
    """KPI tiles in rows of ``per_row`` (Streamlit stacks columns on phone-width screens).

    Three per row by default: four leave a tile too narrow for "$640,552.30" beside the sidebar at 1280 px.

    Each item: label, value, kind, and optionally change, lower_is_better, help.
    """
    for offset in range(0, len(items), per_row):
        row = items[offset:offset + per_row]
        columns = st.columns(per_row)
        for column, item in zip(columns, row, strict=False):
            tile(column, item["label"], item["value"], item["kind"], item.get("change"),
                 lower_is_better=item.get("lower_is_better", False), help=item.get("help"))


def table(df: pl.DataFrame, columns: list[str] | None = None, *, key: str | None = None, height: int | str = "auto",
          download: str | None = None, user: User | None = None, client_level: bool = True,
          kinds: dict[str, str] | None = None) -> None:
    """A sortable table of ``columns`` (default: all) with human headers and formatted values.

    ``moat.formatting.display_frame`` rounds half-up exactly as tiles and exports print (money with the
    currency, ratios as percent, hours with "h", dates as ISO, enum values as words); numbers stay numbers so
    columns still sort. A wide table scrolls inside its own frame instead of being cut off.

    ``download`` (a file name stem) and ``user`` add the CSV/Excel buttons under it (``moat.ui.downloads``) for
    exactly these columns, unrounded (the export rounds money itself); only when the policy lets ``user``
    download these rows, so nobody sees a button that would be refused. ``client_level`` defaults to True
    because most tables name clients or technicians; pass False only for rows that name neither. ``kinds``: the
    unit of columns whose name does not say it (``formatting.display_frame``).
    """
    columns = columns or df.columns
    shown, spec = formatting.display_frame(df.select(columns), currency(), kinds)
    st.dataframe(shown, hide_index=True, column_config=column_config(spec), key=key, height=height)
    if download is not None and user is not None:
        downloads.download_buttons(df.select(columns), download, user, client_level, key=f"{key or download}_download")


def column_config(spec: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """Streamlit column settings for ``display_frame``'s (header, format) pairs."""
    config: dict[str, Any] = {}
    for column, (title, fmt) in spec.items():
        if fmt == "date":
            config[column] = st.column_config.DateColumn(title, format="YYYY-MM-DD")
        elif fmt == "datetime":
            config[column] = st.column_config.DatetimeColumn(title, format="YYYY-MM-DD HH:mm")
        elif fmt == "text":
            config[column] = st.column_config.TextColumn(title)
        else:
            named = {"$%,.2f": "dollar", "€%,.2f": "euro"}.get(fmt, fmt)
            config[column] = st.column_config.NumberColumn(title, format=named)
    return config


def chart(figure: Any, key: str) -> None:
    """Draw an Altair chart at container width (shrinks on phones)."""
    st.altair_chart(figure, width="stretch", key=key)


def result_content(shown: Any, key: str) -> None:
    """A stored result as a person reads it (``moat.governance.result_content.Content``): title, value, sentence,
    the answer's rows and the evidence, every user-typed text escaped or in a table cell, never read as Markdown."""
    st.markdown(f"**{formatting.escape_markdown(shown.title)}**")
    if shown.value:
        st.metric("Value", shown.value)
    if shown.sentence:
        st.markdown(formatting.escape_markdown(shown.sentence))
    if shown.table is not None and shown.table.height:
        table(shown.table, key=f"{key}_rows", kinds=shown.kinds)
    if shown.facts.height:
        table(shown.facts, key=f"{key}_facts", client_level=False)


def relabel(key: str) -> None:
    """Have the select box ``key`` show its selected option's label as this run will write it; call it in a callback
    that changes what the labels say ("#386 ... (waiting for approval)" -> "(approved)").

    The browser keeps the label it was sent for the selected option and Streamlit sends a new one only when the
    value is set, so after a decision the picker read the old status until the page was reloaded (h103). Setting
    the same value again makes the next run send the option's new label."""
    if key in st.session_state:
        st.session_state[key] = st.session_state[key]
