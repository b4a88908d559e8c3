"""An analysis shaped into result rows: one per metric and entity, with the snapshots it read, its confidence and
an explanation (formula, inputs, and for margins the ranked Shapley contributions) as JSON.

The rows have no ids, status or run metadata yet: ``moat.analytics.run`` adds those when it stores them.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

import polars as pl

from moat.analytics import confidence, insights, risk
from moat.analytics.analysis import Analysis
from moat.analytics.evidence import Evidence

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


_PART_COLUMNS = (*confidence.PARTS, "months_present", "months_total", "fields_present", "rows", "age_days",
                 "alias_rows", "quarantined_rows", "top_share")
SCHEMA = {"metric": pl.Utf8, "entity_type": pl.Utf8, "entity": pl.Utf8, "value": pl.Float64, "snapshot_ids": pl.Utf8,
           "confidence": pl.Float64, "confidence_parts": pl.Utf8, "explanation": pl.Utf8}


def _metric_rows(base: pl.DataFrame, conf: pl.DataFrame, key: str, name: str, entity_type: str, metrics: tuple[str, ...],
                 inputs: tuple[str, ...], snaps: list[int], extra: dict[str, str] | None = None) -> pl.DataFrame:
    """Result rows for ``metrics`` of every entity in ``base``, JSON built vectorised (thousands of entities)."""
    if base.is_empty():
        return pl.DataFrame(schema=SCHEMA)
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
        later = pool.submit(insight_rows, a.insights, prof_json)
        return pl.concat([metric_rows(a), later.result(), company_rows(a)])


def metric_rows(a: Analysis) -> pl.DataFrame:
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


def company_rows(a: Analysis) -> pl.DataFrame:
    """The company-wide figures, one row each, with the company's confidence and its parts."""
    ev = a.evidence
    prof_json = json.dumps(ev.snapshots_for(*PROFIT_DATASETS))
    rows = [{"metric": metric, "entity_type": "company", "entity": "company", "value": value, "snapshot_ids": prof_json,
             "confidence": a.company_conf["confidence"], "confidence_parts": _json(a.company_conf),
             "explanation": _json({"formula": FORMULAS.get(metric, "")})} for metric, value in _company(ev).items()]
    return pl.DataFrame(rows, schema=SCHEMA)


def insight_rows(items: list[dict[str, Any]], snapshot_ids: str) -> pl.DataFrame:
    """Result rows of the insights, built per kind with its explanation JSON made from columns."""
    frames = [pl.DataFrame(schema=SCHEMA)]
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


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


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
