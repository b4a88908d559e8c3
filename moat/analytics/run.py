"""An analytics run: every metric, confidence, explanation, insight and risk score of a period, stored in
``results`` with the snapshots it read, so pages read stored numbers and any number can be traced.

Each result row: metric, entity, period, value, snapshot_ids (the snapshots feeding that metric), confidence and
its parts, explanation (formula, inputs, and for margins the ranked Shapley contributions), status. Status is
``pending_review`` when the governance policy says so (confidence below ``review_confidence``, default 0.7, or a
metric that always needs review), else ``approved``; the approval queue (``moat.governance.approvals``) takes it
from there. Rows, the run row and the audit row are written in one transaction.
"""

from __future__ import annotations

import functools
import json
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

import polars as pl

from moat import config as config_mod
from moat.analytics import anomalies, confidence, explain, insights, risk
from moat.analytics.evidence import Evidence, gather
from moat.analytics.evidence import detail as evidence_detail
from moat.db import Connection, frame, one, retry_conflicts, scalar, transaction
from moat.errors import MoatError
from moat.governance import audit, policies
from moat.governance.permissions import User, require
from moat.metrics.periods import Period
from moat.snapshots import data_version

# The glossary's formulas, shown in "how was this computed".
FORMULAS = {
    "revenue": "sum of invoice amounts dated in the period, except draft and void invoices (credit notes negative)",
    "labour_cost": "sum of hours x the entry's cost_rate (else the technician's hourly_cost), billable or not",
    "license_cost": "sum over licence months in the period of seats_purchased x unit_cost",
    "other_cost": "sum of the client's costs dated in the period",
    "gross_profit": "revenue - labour cost - licence cost - other cost",
    "gross_margin": "gross profit / revenue (undefined when revenue is 0)",
    "ehr": "effective hourly rate = revenue / hours (undefined when hours is 0)",
    "license_waste": "sum over licence months of (seats_purchased - seats_active) x unit_cost; seats_active falls back to seats_assigned",
    "billable_utilization": "billable hours / available hours; available = weekly capacity x weekdays / 5",
    "total_utilization": "worked hours / available hours",
    "risk_score": "100 x (0.30 revenue decline + 0.20 hours decline + 0.30 margin fall + 0.20 ticket rise), halves compared",
    "insight": "rule-based recommendation; monthly_effect is the money at stake per month",
}
CLIENT_METRICS = ("revenue", "gross_profit", "gross_margin", "ehr")
TECH_METRICS = ("billable_utilization", "total_utilization")
PROFIT_DATASETS = ("clients", "technicians", "time_entries", "invoices", "licenses", "costs")


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    period: str
    results: int
    pending_review: int
    insights: int
    seconds: float


@dataclass
class Analysis:
    """Everything a run computes, before it is stored (tests and the bench inspect it)."""

    evidence: Evidence
    client_conf: pl.DataFrame
    license_conf: pl.DataFrame
    tech_conf: pl.DataFrame
    company_conf: dict[str, float]
    explanations: pl.DataFrame
    anomalies: pl.DataFrame
    insights: list[dict[str, Any]]
    risk: pl.DataFrame


# Explanations name the technician and work type behind labour for the clients furthest below the median only:
# the full client x technician x work-type grid is ~900k groups at 1M entries. Any other client gets the same
# phrase when explained on its own (CLI, Explain page); its Shapley numbers are stored either way.
DETAIL_CLIENTS = 250


def _detail_keys(ev: Evidence) -> list[str]:
    try:
        dec = explain.decompose(ev)
    except MoatError:
        return []
    worst = dec.with_columns((pl.col("gap") * pl.col("revenue").cast(pl.Float64)).alias("gap_money")).sort("gap_money")
    return worst.head(DETAIL_CLIENTS)["client_key"].to_list()


def _scores(ev: Evidence) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, dict[str, float], pl.DataFrame]:
    """Confidence of every entity and the anomalies: polars work that needs no labour detail."""
    return (confidence.client_confidence(ev), confidence.license_confidence(ev), confidence.technician_confidence(ev),
            confidence.company_confidence(ev), anomalies.detect(ev))


def analyse(con: Connection, period: Period, thresholds: insights.Thresholds | None = None) -> Analysis:
    """Compute the whole analysis of ``period`` (nothing is written); without ``thresholds``, all but the insights.

    Confidence and anomalies run in a second thread beside the labour-detail query, explanations and risk: both
    sides spend their time in DuckDB and polars, which release the GIL, so on two cores they overlap (a tenth of a
    run at 1M entries). The connection stays on this thread, so a caller's read snapshot covers every query.
    A run leaves the insights out here and computes them (Python work, ~12k rows) while it builds and inserts
    the metric rows (DuckDB and polars work), see ``run``.
    """
    ev = gather(con, period, with_detail=False)
    keys = _detail_keys(ev)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="moat-analyse") as pool:
        side = pool.submit(_scores, replace(ev))  # its own Evidence: this thread sets .detail below
        ev.detail = evidence_detail(con, period, client_keys=keys)
        explanations, client_risk = explain.all_clients(ev), risk.client_risk(ev)
        cc, lc, tc, company, flagged = side.result()
    a = Analysis(evidence=ev, client_conf=cc, license_conf=lc, tech_conf=tc, company_conf=company,
                 explanations=explanations, anomalies=flagged, insights=[], risk=client_risk)
    if thresholds is not None:
        a.insights = _insights(a, thresholds)
    return a


def _insights(a: Analysis, thresholds: insights.Thresholds) -> list[dict[str, Any]]:
    return insights.insights(a.evidence, thresholds, client_conf=a.client_conf, tech_conf=a.tech_conf,
                             license_conf=a.license_conf, flagged=a.anomalies)


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


_PART_COLUMNS = (*confidence.PARTS, "months_present", "months_total", "fields_present", "rows", "age_days",
                 "alias_rows", "quarantined_rows", "top_share")
_SCHEMA = {"metric": pl.Utf8, "entity_type": pl.Utf8, "entity": pl.Utf8, "value": pl.Float64, "snapshot_ids": pl.Utf8,
           "confidence": pl.Float64, "confidence_parts": pl.Utf8, "explanation": pl.Utf8}


def _metric_rows(base: pl.DataFrame, conf: pl.DataFrame, key: str, name: str, entity_type: str, metrics: tuple[str, ...],
                 inputs: tuple[str, ...], snaps: list[int], extra: dict[str, str] | None = None) -> pl.DataFrame:
    """Result rows for ``metrics`` of every entity in ``base``, JSON built vectorised (thousands of entities)."""
    if base.is_empty():
        return pl.DataFrame(schema=_SCHEMA)
    f = pl.Float64
    joined = base.join(conf, on=key, how="left").with_columns(pl.col("confidence").fill_null(0.0))
    joined = joined.with_columns(  # encoded once per entity, shared by its metrics' rows
        pl.struct([pl.col(c) for c in _PART_COLUMNS if c in joined.columns]).struct.json_encode().alias("_parts"),
        pl.struct([pl.col(c).cast(f) for c in inputs]).struct.json_encode().alias("_inputs"))
    parts, inputs_json = pl.col("_parts"), pl.col("_inputs")
    frames = []
    for metric in metrics:
        explanation = pl.format('{"formula": {}, "inputs": {}}', pl.lit(json.dumps(FORMULAS[metric])), inputs_json)
        if extra and metric in extra:  # a column of ready JSON (e.g. the margin decomposition)
            explanation = pl.format('{"formula": {}, "inputs": {}, "decomposition": {}}', pl.lit(json.dumps(FORMULAS[metric])),
                                    inputs_json, pl.col(extra[metric]).fill_null("null"))
        frames.append(joined.select(
            pl.lit(metric).alias("metric"), pl.lit(entity_type).alias("entity_type"), pl.col(name).alias("entity"),
            pl.col(metric).cast(f).alias("value"), pl.lit(json.dumps(snaps)).alias("snapshot_ids"),
            pl.col("confidence").cast(f), parts.alias("confidence_parts"), explanation.alias("explanation"),
        ))
    return pl.concat(frames)


def build_rows(a: Analysis) -> pl.DataFrame:
    """The result rows of an analysis (without ids, status and run metadata), one frame, in the order a run
    stores them: metric and risk rows, insights, company figures.

    The insights' rows (Python taking ~12k dicts apart) are built in a second thread while this one builds the
    metric rows in polars, which releases the GIL.
    """
    prof_json = json.dumps(a.evidence.snapshots_for(*PROFIT_DATASETS))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="moat-rows") as pool:
        later = pool.submit(_insight_rows, a.insights, prof_json)
        return pl.concat([_metric_rows_of(a), later.result(), _company_rows(a)])


def _metric_rows_of(a: Analysis) -> pl.DataFrame:
    """Every metric's and the risk score's rows per client and technician."""
    ev = a.evidence
    prof_snaps = ev.snapshots_for(*PROFIT_DATASETS)
    prof = ev.prof
    if a.explanations.height:
        prof = prof.join(a.explanations.select("client_key", pl.struct(pl.all()).struct.json_encode().alias("_dec")),
                         on="client_key", how="left", maintain_order="left")
    else:
        prof = prof.with_columns(pl.lit(None, pl.Utf8).alias("_dec"))
    frames = [
        _metric_rows(prof, a.client_conf, "client_key", "client_name", "client", CLIENT_METRICS,
                     ("revenue", "labour_cost", "license_cost", "other_cost", "hours"), prof_snaps,
                     {"gross_margin": "_dec"}),
        _metric_rows(ev.lic, a.license_conf, "client_key", "client_name", "client", ("license_waste",),
                     ("seats_purchased", "seats_active", "license_cost"), ev.snapshots_for("licenses")),
        _metric_rows(ev.util, a.tech_conf, "technician_key", "technician_name", "technician", TECH_METRICS,
                     ("available_hours", "billable_hours", "worked_hours"), ev.snapshots_for("technicians", "time_entries")),
    ]
    if a.risk.height:  # explanation JSON built vectorised (one row per client)
        frames.append(a.risk.join(a.client_conf.select("client_key", "confidence"), on="client_key", how="left").select(
            pl.lit("risk_score").alias("metric"), pl.lit("client").alias("entity_type"), pl.col("client_name").alias("entity"),
            pl.col("risk_score").cast(pl.Float64).alias("value"), pl.lit(json.dumps(prof_snaps)).alias("snapshot_ids"),
            pl.col("confidence").cast(pl.Float64).fill_null(0.0), pl.lit("{}").alias("confidence_parts"),
            pl.struct(pl.lit(FORMULAS["risk_score"]).alias("formula"), pl.col("reasons"),
                      pl.struct([pl.col(k) for k in risk.WEIGHTS]).alias("signals")).struct.json_encode().alias("explanation"),
        ))
    return pl.concat(frames)


def _company_rows(a: Analysis) -> pl.DataFrame:
    ev = a.evidence
    prof_json = json.dumps(ev.snapshots_for(*PROFIT_DATASETS))
    rows = [{"metric": metric, "entity_type": "company", "entity": "company", "value": value, "snapshot_ids": prof_json,
             "confidence": a.company_conf["confidence"], "confidence_parts": _json(a.company_conf),
             "explanation": _json({"formula": FORMULAS.get(metric, "")})} for metric, value in _company(ev).items()]
    return pl.DataFrame(rows, schema=_SCHEMA)


def _insight_rows(items: list[dict[str, Any]], snapshot_ids: str) -> pl.DataFrame:
    """Result rows of the insights, built per kind with its explanation JSON made from columns."""
    frames = [pl.DataFrame(schema=_SCHEMA)]
    for kind, positions in insights.by_kind(items).items():
        group = [items[i] for i in positions]
        column = {k: list(map(itemgetter(k), group)) for k in ("entity_type", "entity", "monthly_effect", "confidence", "action")}
        frame = pl.DataFrame({
            "entity_type": column["entity_type"], "entity": column["entity"], "value": insights.plain(column["monthly_effect"]),
            "confidence": column["confidence"], "action": column["action"],
        }, schema_overrides={"value": pl.Float64, "confidence": pl.Float64}).with_columns(insights.evidence_column(group))
        frames.append(frame.select(
            pl.lit(f"insight_{kind}").alias("metric"), "entity_type", "entity", "value", pl.lit(snapshot_ids).alias("snapshot_ids"),
            "confidence", pl.lit("{}").alias("confidence_parts"),
            pl.struct(pl.lit(FORMULAS["insight"]).alias("formula"), "action", "evidence").struct.json_encode().alias("explanation"),
        ))
    return pl.concat(frames)


def _company(ev: Evidence) -> dict[str, float | None]:
    from moat.metrics.totals import license_totals, profitability_totals

    p, lt = profitability_totals(ev.prof), license_totals(ev.lic)
    available = float(ev.util["available_hours"].sum()) if ev.util.height else 0.0
    billable = float(ev.util["billable_hours"].cast(pl.Float64).sum()) if ev.util.height else 0.0
    return {"revenue": _num(p["revenue"]), "gross_profit": _num(p["gross_profit"]), "gross_margin": p["gross_margin"],
            "ehr": p["ehr"], "license_waste": _num(lt["license_waste"]),
            "billable_utilization": billable / available if available else None}


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


_ENCODER = json.JSONEncoder(default=_default, allow_nan=False)  # one encoder: json.dumps(default=...) builds one a call


def _json(value: Any) -> str:
    """JSON for the stored explanation (C encoder: tens of thousands of rows per run; values are for reading)."""
    return _ENCODER.encode(value) if value is not None else "null"


ATTEMPTS = 3  # analyses of one run when uploads keep committing under it


class _DataChanged(Exception):
    """The data changed between the analysis and its storing (an upload or rollback committed meanwhile)."""


def run(con: Connection, user: User, period: Period, cfg: config_mod.Config | None = None) -> RunSummary:
    """Analyse ``period`` and store every result; returns what was stored.

    The analysis asks many queries outside any transaction, so an upload that commits meanwhile could leave it
    half old, half new. The data version is read before the analysis and checked again inside the transaction that
    stores it: when it moved, nothing is stored and the analysis runs again on the new data (``ATTEMPTS`` times),
    so a stored run always describes one state of the data and ``is_stale`` compares against that state. A
    write-write conflict on the audit chain only repeats the storing.

    The insights (Python, one dict per recommendation) are computed in a second thread while this one builds the
    metric rows and inserts them (polars and DuckDB, which release the GIL); their rows follow in the same
    transaction.
    """
    require(user, "run_analytics")
    cfg = cfg or config_mod.load()
    started = time.perf_counter()
    thresholds = insights.Thresholds.from_config(cfg)
    for _ in range(ATTEMPTS):
        version = data_version(con)
        analysis = analyse(con, period)
        if analysis.evidence.client_month.is_empty():  # no activity: no results of zero
            raise MoatError(f"there is nothing to analyse in {period}", "load data or choose a period with activity")
        policy = policies.get(con, cfg)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="moat-insights") as pool:
            later = pool.submit(_insights_and_rows, analysis, thresholds)
            parts = [functools.partial(_with_status, _metric_rows_of(analysis), policy),
                     functools.partial(_later_rows, later, _company_rows(analysis), policy)]
            try:
                run_id, seconds, results, pending = retry_conflicts(functools.partial(
                    _store, con, user, period, analysis, parts, version, policy, thresholds, started))
            except _DataChanged:
                continue
            analysis.insights = later.result()[0]
        return RunSummary(run_id, str(period), results, pending, len(analysis.insights), round(seconds, 3))
    raise MoatError(f"the data changed during each of {ATTEMPTS} analyses of {period} (uploads or rollbacks kept committing)",
                    "run the analysis again once the uploads are done")


def _insights_and_rows(a: Analysis, thresholds: insights.Thresholds) -> tuple[list[dict[str, Any]], pl.DataFrame]:
    items = _insights(a, thresholds)
    return items, _insight_rows(items, json.dumps(a.evidence.snapshots_for(*PROFIT_DATASETS)))


def _later_rows(later: Future[tuple[list[dict[str, Any]], pl.DataFrame]], company: pl.DataFrame,
                policy: policies.Policy) -> pl.DataFrame:
    """The insights' rows (waited for inside the storing transaction) and the company figures."""
    return _with_status(pl.concat([later.result()[1], company]), policy)


def _with_status(table: pl.DataFrame, policy: policies.Policy) -> pl.DataFrame:
    return table.with_columns(pl.when(policy.needs_review_expr()).then(pl.lit("pending_review"))
                              .otherwise(pl.lit("approved")).alias("status"))


def _store(con: Connection, user: User, period: Period, analysis: Analysis, parts: list[Any], version: str,
           policy: policies.Policy, thresholds: insights.Thresholds, started: float) -> tuple[int, float, int, int]:
    """Write the results (``parts``: callables giving row frames, inserted in order), the run row and the audit
    row in one transaction, if the data is still ``version``. Returns run id, seconds, results, pending review."""
    now = datetime.now(UTC).replace(tzinfo=None)
    results = pending = 0
    with transaction(con):
        if data_version(con) != version:
            raise _DataChanged
        run_id = int(scalar(con, "SELECT nextval('run_seq')"))
        for part in parts:
            table = part()
            results, pending = results + table.height, pending + int((table["status"] == "pending_review").sum())
            con.register("_moat_results", table)
            try:
                con.execute(
                    "INSERT INTO results (result_id, run_id, metric, entity_type, entity, period_start, period_end, value, "
                    "snapshot_ids, confidence, confidence_parts, explanation, status, created_by, created_at) "
                    "SELECT nextval('result_seq'), ?, metric, entity_type, entity, ?, ?, value, snapshot_ids::JSON, "
                    "confidence, confidence_parts::JSON, explanation::JSON, status, ?, ? FROM _moat_results",
                    [run_id, period.start, period.end, user.name, now],
                )
            finally:
                con.unregister("_moat_results")
        seconds = time.perf_counter() - started
        con.execute(
            "INSERT INTO analytics_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, period.start, period.end, user.name, now, json.dumps(analysis.evidence.snapshot_ids),
             version, results, pending, seconds, json.dumps(asdict(thresholds))],
        )
        audit.append(con, user, "analytics_run", f"run:{run_id}",
                     {"period": str(period), "results": results, "pending_review": pending,
                      "review_confidence": policy.review_confidence})
    return run_id, seconds, results, pending


def latest_run(con: Connection, period: Period) -> int | None:
    """The newest run of exactly this period, if any."""
    return scalar(con, "SELECT max(run_id) FROM analytics_runs WHERE period_start = ? AND period_end = ?",
                  [period.start, period.end])


def is_stale(con: Connection, run_id: int) -> bool:
    """Whether the data changed since the run (a newer upload or a rollback)."""
    row = one(con, "SELECT data_version FROM analytics_runs WHERE run_id = ?", [run_id])
    return row is None or row[0] != data_version(con)


def stored(con: Connection, user: User, run_id: int, metric: str | None = None) -> pl.DataFrame:
    """Stored results of a run; Viewers (no ``view_provisional``) see approved rows only."""
    require(user, "view_results")
    provisional = user.can("view_provisional")
    return frame(
        con,
        "SELECT result_id, metric, entity_type, entity, value, confidence, status, status <> 'approved' AS provisional, "
        "CAST(snapshot_ids AS VARCHAR) AS snapshot_ids, CAST(confidence_parts AS VARCHAR) AS confidence_parts, "
        "CAST(explanation AS VARCHAR) AS explanation FROM results "
        "WHERE run_id = ? AND (? IS NULL OR metric = ?) AND (? OR status = 'approved') ORDER BY result_id",
        [run_id, metric, metric, provisional],
    )


def compare_runs(con: Connection, user: User, before: int, after: int) -> pl.DataFrame:
    """What changed in company and client KPIs between two runs (e.g. before and after a re-upload).

    One row per metric and entity present in either run: value before/after, change, and whether the snapshots
    the figure read differ (so an unchanged value from changed data is visible too).
    """
    require(user, "view_results")
    return frame(
        con,
        """
        WITH a AS (SELECT metric, entity_type, entity, value, CAST(snapshot_ids AS VARCHAR) AS snaps FROM results
                   WHERE run_id = ? AND metric NOT LIKE 'insight_%'),
             b AS (SELECT metric, entity_type, entity, value, CAST(snapshot_ids AS VARCHAR) AS snaps FROM results
                   WHERE run_id = ? AND metric NOT LIKE 'insight_%')
        SELECT coalesce(a.metric, b.metric) AS metric, coalesce(a.entity_type, b.entity_type) AS entity_type,
            coalesce(a.entity, b.entity) AS entity, a.value AS before, b.value AS after, b.value - a.value AS change,
            a.snaps IS DISTINCT FROM b.snaps AS snapshots_changed
        FROM a FULL JOIN b USING (metric, entity_type, entity)
        WHERE a.value IS DISTINCT FROM b.value
        ORDER BY entity_type = 'company' DESC, abs(coalesce(b.value - a.value, 0)) DESC, metric, entity
        """,
        [before, after],
    )
