"""The executive report for a period: KPIs with deltas, trend charts, top risks and recommendations, approved results.

``build`` gathers everything into a ``Report`` (plain data, numbers already formatted exactly as they are shown),
and ``moat.export.report_render`` draws that one object as self-contained HTML or as PDF, so both files always
say the same thing. Charts are the app's own Altair charts (``moat.charts``) rendered to PNG offline by
vl-convert: no browser, no network.

KPIs are computed from the current data exactly as the Overview page computes them. Everything else — the risks
and recommendations (``moat.analytics.insights``) and the listed results — comes from the stored results of an
analytics run of this period, and only from those with status ``approved``: results still waiting for review
are counted and the report says they were left out. Risks name clients only for users who may export
client-level data; anyone else gets the same risks as counts and totals.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import polars as pl

from moat.config import Config
from moat.config import load as load_config
from moat.db import Connection, frame, scalar
from moat.errors import MoatError, NotEnoughData
from moat.export.tables import check_export
from moat.formatting import (
    MONEY_COLUMNS,
    PERCENT_COLUMNS,
    WORDS,
    change_text,
    label,
    money_text,
    number_text,
    percent_text,
    value_text,
)
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.snapshots import data_version

LABELS = {
    "revenue": "Revenue", "gross_profit": "Gross profit", "gross_margin": "Gross margin",
    "ehr": "Effective hourly rate", "labour_cost": "Labour cost", "license_cost": "Licence cost",
    "other_cost": "Other client costs", "license_waste": "Licence waste", "billable_utilization": "Billable utilisation",
    "total_utilization": "Total utilisation", "hours": "Hours worked", "overhead": "Overhead (not per client)",
    "clients": "Active clients",
}
# KPIs where a rise is bad news (the delta is coloured accordingly).
LOWER_IS_BETTER = {"labour_cost", "license_cost", "other_cost", "license_waste", "overhead"}
# KPIs whose change is neither good nor bad by itself (more hours may mean more work or less efficiency).
NEUTRAL = {"hours", "total_utilization"}
REPORT_FORMATS = ("pdf", "html")


class ReportFormatError(MoatError):
    """The requested report format is not one we write (a command-line mistake: exit code 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Kpi:
    metric: str
    label: str
    kind: str
    value: str  # formatted as shown
    previous: str
    change: str
    trend: str  # "up" | "down" | "flat" | "" (unknown)
    good: bool | None  # whether the change is good news; None when unknown or flat


@dataclass(frozen=True)
class Chart:
    title: str
    png: bytes
    alt: str


@dataclass(frozen=True)
class Risk:
    title: str
    detail: str
    action: str


@dataclass
class Report:
    period: Period
    previous: Period
    generated_at: datetime
    generated_by: str
    data_version: str
    kpis: list[Kpi]
    charts: list[Chart] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    run_id: int | None = None
    approved: list[dict[str, str]] = field(default_factory=list)
    pending_left_out: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"MoatMetrics executive report {self.period.start.isoformat()} to {self.period.end.isoformat()}"


def format_value(kind: str, raw: Any) -> str:
    """A KPI value as the report shows it (``moat.formatting.value_text``: the tiles' exact text)."""
    return value_text(raw, kind)


def format_change(kind: str, change: float | None) -> str:
    return change_text(change, kind)


def kpi_lines(con: Connection, period: Period) -> list[Kpi]:
    from moat.metrics.summary import summary

    out = []
    for row in summary(con, period).iter_rows(named=True):
        change = row["change"]
        trend = "" if change is None else "flat" if abs(change) < 0.0005 else "up" if change > 0 else "down"
        good = None if trend in ("", "flat") or row["metric"] in NEUTRAL else (trend == "down") == (row["metric"] in LOWER_IS_BETTER)
        out.append(Kpi(
            row["metric"], LABELS.get(row["metric"], row["metric"]), row["kind"],
            format_value(row["kind"], row["value"]), format_value(row["kind"], row["previous"]),
            format_change(row["kind"], change), trend, good,
        ))
    return out


def charts(con: Connection, period: Period) -> list[Chart]:
    """The trend and licence-waste charts as PNG (vl-convert renders Vega-Lite without a browser)."""
    import vl_convert

    from moat.charts.licenses import waste_bars
    from moat.charts.profitability import trend
    from moat.metrics.licenses import licenses
    from moat.metrics.trends import monthly, trend_window

    out = []
    window = trend_window(period)
    months = monthly(con, window)
    if months.height:
        title = f"Revenue, gross profit and margin by month ({window.start:%b %Y} to {window.end:%b %Y})"
        spec = trend(months).properties(width=620).to_dict()
        out.append(Chart(title, vl_convert.vegalite_to_png(spec, scale=2),
                         "Bars: revenue and gross profit per month; line: gross margin"))
    by_product = licenses(con, period, by="product")
    if by_product.height and by_product["license_waste"].drop_nulls().sum() > 0:
        title = "Licence waste by product (unused seats x unit cost)"
        spec = waste_bars(by_product, "product", "Product", top=10).properties(width=560).to_dict()
        out.append(Chart(title, vl_convert.vegalite_to_png(spec, scale=2), "Bars: licence waste per product, largest first"))
    return out


def may_name_clients(con: Connection, user: User) -> bool:
    try:
        check_export(con, user, client_level=True)
    except MoatError:
        return False
    return True


INSIGHT_TITLES = {k: WORDS[k] for k in ("reprice", "reclaim_seats", "rebalance", "chase_unbilled", "anomaly")}
TOP_RISKS = 6


def analytics_run(con: Connection, user: User, period: Period, cfg: Config) -> tuple[int | None, list[str]]:
    """The stored analytics run the report reads, and notes about it.

    Only stored results carry a review status, so the report reads a run of exactly this period. When there is
    none, or the data changed since, a user allowed to run analytics gets a fresh run (stored and audited, its
    results approved or queued by the policy as always); anyone else gets what is stored.
    """
    from moat.analytics import run as run_mod
    from moat.analytics.stored_runs import is_stale, latest_run

    notes = []
    run_id = latest_run(con, period)
    stale = run_id is not None and is_stale(con, run_id)
    if (run_id is None or stale) and user.can("run_analytics"):
        run_id = run_mod.run(con, user, period, cfg).run_id
        notes.append(f"Analytics run {run_id} was stored for this report; its results follow the review policy.")
    elif run_id is None:
        notes.append("No analytics run is stored for this period, so no reviewed recommendations can be shown: "
                     "ask an analyst to run the analysis (`moat analytics run --from ... --to ...`).")
    elif stale:
        notes.append(f"The data changed after analytics run {run_id}; its recommendations may be out of date.")
    return run_id, notes


def _stored(con: Connection, run_id: int, where: str) -> pl.DataFrame:
    return frame(
        con,
        "SELECT metric, entity_type, entity, value, confidence, status, CAST(explanation AS VARCHAR) AS explanation "
        f"FROM results WHERE run_id = ? AND {where} ORDER BY value DESC NULLS LAST, entity",
        [run_id],
    )


def risks(con: Connection, user: User, run_id: int | None) -> list[Risk]:
    """Top recommendations: the run's approved insight results, by money at stake per month.

    Users who may not export client-level data get one line per kind of risk (how many, how much) instead.
    """
    if run_id is None:
        return []
    found = _stored(con, run_id, "metric LIKE 'insight_%' AND status = 'approved'")
    if not found.height:
        return []
    if not may_name_clients(con, user):
        out = []
        grouped = found.group_by("metric").agg(pl.len().alias("n"), pl.col("value").sum().alias("total"))
        for r in grouped.sort("total", descending=True).iter_rows(named=True):
            kind = r["metric"].removeprefix("insight_")
            out.append(Risk(
                f"{INSIGHT_TITLES.get(kind, kind)}: {r['n']} case(s)",
                f"Together {money_text(r['total'])} a month at stake.",
                "Ask an analyst for the details and the named recommendations.",
            ))
        return out[:TOP_RISKS]
    out = []
    for r in found.head(TOP_RISKS).iter_rows(named=True):
        kind = r["metric"].removeprefix("insight_")
        action = str(json.loads(r["explanation"] or "{}").get("action", ""))
        out.append(Risk(
            f"{INSIGHT_TITLES.get(kind, kind)}: {r['entity']}",
            f"{money_text(r['value'])} a month at stake (confidence {percent_text(r['confidence'], 0)}).",
            action[:1].upper() + action[1:],
        ))
    return out


def approved_results(con: Connection, user: User, run_id: int | None) -> tuple[list[dict[str, str]], int]:
    """The run's approved company figures (and, for who may see names, the highest client risk scores),
    plus how many of its results are still waiting for review and so were left out everywhere in the report."""
    if run_id is None:
        return [], 0
    rows = _stored(con, run_id, "entity_type = 'company' AND status = 'approved'").to_dicts()
    if may_name_clients(con, user):
        rows += _stored(con, run_id, "metric = 'risk_score' AND status = 'approved'").head(5).to_dicts()
    pending = scalar(con, "SELECT count(*) FROM results WHERE run_id = ? AND status NOT IN ('approved', 'rejected')",
                     [run_id])
    out = []
    for r in rows:
        metric, value = r["metric"], r["value"]
        text = (money_text(value) if metric in MONEY_COLUMNS else percent_text(value) if metric in PERCENT_COLUMNS
                else number_text(value))
        out.append({"metric": LABELS.get(metric, label(metric)), "entity": str(r["entity"]),
                    "value": text, "confidence": percent_text(r["confidence"], 0)})
    return out, int(pending or 0)


def build(con: Connection, user: User, period: Period, cfg: Config | None = None, *, with_charts: bool = True) -> Report:
    """Gather the report for ``period`` (needs permission ``export``); raises ``NotEnoughData`` for an empty period."""
    check_export(con, user, client_level=False)
    cfg = cfg or load_config()
    kpis = kpi_lines(con, period)
    if all(k.value == "n/a" for k in kpis if k.metric != "clients"):
        raise NotEnoughData(
            f"there is no activity between {period.start} and {period.end} to report on",
            "choose a period with data (see `moat metrics summary`) or load data first",
        )
    report = Report(
        period=period, previous=period.previous(), generated_at=datetime.now(UTC).replace(microsecond=0),
        generated_by=user.name, data_version=data_version(con), kpis=kpis,
    )
    if with_charts:
        report.charts = charts(con, period)
    run_id, report.notes = analytics_run(con, user, period, cfg)
    report.run_id = run_id
    report.risks = risks(con, user, run_id)
    report.approved, report.pending_left_out = approved_results(con, user, run_id)
    from moat.metrics.summary import summary

    for note in summary(con, period)["note"].drop_nulls().unique(maintain_order=True).to_list():
        report.notes.append(note)  # why a change is not shown (partial coverage, unequal licence months)
    if any(k.previous == "n/a" for k in kpis if k.metric == "revenue"):
        report.notes.append(f"No data for the previous period ({report.previous.start} to {report.previous.end}): no deltas.")
    return report


def parse_period(start: str | date | None, end: str | date | None, con: Connection) -> Period:
    """``--from``/``--to`` with the pages' default (last three months with data) when either is missing."""
    if start and end:
        return Period.parse(start, end)
    from moat.metrics.periods import default_period

    found = default_period(con)
    if found is None:
        raise NotEnoughData("the database holds no activity yet", "load data first (`moat ingest` or `moat demo`)")
    return Period.parse(start or found.start, end or found.end)
