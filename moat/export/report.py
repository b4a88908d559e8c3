"""The executive report for a period: KPIs with deltas, trend charts, top risks and recommendations, approved results.

``build`` gathers everything into a ``Report`` (plain data, numbers already formatted exactly as they are shown:
the KPIs from ``report_kpis``, the charts from ``report_charts``, risks and approved results from ``report_results``),
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

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from moat.config import Config
from moat.config import load as load_config
from moat.db import Connection
from moat.errors import MoatError, NotEnoughData
from moat.export.report_charts import Chart, charts
from moat.export.report_kpis import Kpi, kpi_lines
from moat.export.report_results import Risk, analytics_run, approved_results, may_name_clients, risks
from moat.export.tables import check_export
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.snapshots import data_version

REPORT_FORMATS = ("pdf", "html")


class ReportFormatError(MoatError):
    """The requested report format is not one we write (a command-line mistake: exit code 2)."""

    exit_code = 2


@dataclass
class Report:
    """Everything the report shows, gathered once; ``moat.export.report_render`` draws it as HTML or PDF."""

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


def build(con: Connection, user: User, period: Period, cfg: Config | None = None, *, with_charts: bool = True) -> Report:
    """Gather the report for ``period`` (needs permission ``export``); raises ``NotEnoughData`` for an empty period."""
    check_export(con, user, client_level=False)
    cfg = cfg or load_config()
    from moat.metrics.small_slices import require_enough_clients

    # a period (or a month of it) in which fewer than 3 clients invoiced: its totals are a client's (h42 F1)
    require_enough_clients(con, user, period, "the report", cfg=cfg, by_month=True, with_previous=True)
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
        report.charts = charts(con, period, pool_small_products=not may_name_clients(con, user))
    run_id, report.notes = analytics_run(con, user, period, cfg)
    report.run_id = run_id
    report.risks = risks(con, user, run_id)
    report.approved, report.pending_left_out = approved_results(con, user, run_id)
    from moat.metrics.summary import summary

    for note in summary(con, period)["note"].drop_nulls().unique(maintain_order=True).to_list():
        report.notes.append(note)  # why a change is not shown (partial coverage, unequal licence months)
    from moat.metrics.last_month import early_stop_note

    if (early := early_stop_note(con, period)) is not None:  # the last month's rows stop well before its end (h125)
        report.notes.append(early)
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
