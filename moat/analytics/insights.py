"""Rule-based recommendations, each with its evidence numbers and its expected monthly effect in money.

Rules (thresholds from settings ``target_margin``, ``utilization_low``/``utilization_high``,
``inactive_seat_tolerance``):
- reprice: a client below the target margin; the monthly fee that reaches it is costs / (1 - target) / months,
  and the effect is that fee minus today's monthly revenue.
- reclaim_seats: per client and SKU, in the last billed month, inactive seats (purchased - active, active falling
  back to assigned) beyond tolerance x purchased; effect = seats to reclaim x unit cost.
- rebalance: a technician outside the billable-utilisation band; hours outside it per month x hourly cost (paid
  capacity left idle below the band, work at risk above it), with the colleague to move hours to or from.
- chase_unbilled: non-billable hours carrying a bill rate at T&M clients; effect = bill rate x hours per month.
- anomaly: a month far from a client's own median (``moat.analytics.anomalies``); effect = the excess in money.
Rows are ranked by money at stake. Each row carries the confidence of the figures it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any

import polars as pl

from moat.analytics import anomalies as anomalies_mod
from moat.analytics import confidence as conf_mod
from moat.analytics.evidence import Evidence
from moat.formatting import money_text, value_text

KINDS = ("reprice", "reclaim_seats", "rebalance", "chase_unbilled", "anomaly")


@dataclass(frozen=True)
class Thresholds:
    """The settings the rules read: their thresholds, and the base currency their sentences write money in (an
    action said "a monthly fee of 16,524.22" beside tables of "$16,524.22", h81)."""

    target_margin: float = 0.30
    utilization_low: float = 0.70
    utilization_high: float = 0.80
    inactive_seat_tolerance: float = 0.05
    currency: str = "USD"

    @classmethod
    def from_config(cls, cfg: Any) -> Thresholds:
        return cls(cfg.target_margin, cfg.utilization_low, cfg.utilization_high, cfg.inactive_seat_tolerance,
                   cfg.currency)


def _dec(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _conf_map(frame: pl.DataFrame, key: str) -> dict[str, float]:
    return dict(zip(frame[key].to_list(), frame["confidence"].to_list(), strict=True)) if frame.height else {}


def reprice(ev: Evidence, th: Thresholds, conf: dict[str, float]) -> list[dict[str, Any]]:
    months = Decimal(len(ev.months))
    target = Decimal(str(th.target_margin))
    out = []
    candidates = ev.prof.filter(pl.col("labour_cost").is_not_null() & (pl.col("gross_margin").is_null()
                                                                      | (pl.col("gross_margin") < th.target_margin)))
    for key, name, revenue, labour, licences, other, margin in candidates.select(  # tuples: a dict a row cost a tenth
            "client_key", "client_name", "revenue", "labour_cost", "license_cost", "other_cost", "gross_margin").iter_rows():
        revenue = _dec(revenue)
        costs = _dec(labour) + _dec(licences) + _dec(other)
        if costs <= 0:
            continue
        target_fee = costs / (1 - target) / months
        effect = target_fee - revenue / months
        if effect <= 0:
            continue
        out.append({
            "kind": "reprice", "entity": name, "entity_key": key, "entity_type": "client",
            "action": f"reprice {name}: a monthly fee of {money_text(target_fee, th.currency)} reaches the "
                      f"{th.target_margin:.0%} target margin",
            "evidence": {"gross_margin": margin, "target_margin": th.target_margin, "revenue": revenue, "costs": costs,
                         "months": int(months), "monthly_revenue": revenue / months, "target_fee": target_fee},
            "monthly_effect": effect, "confidence": conf.get(key, 0.0),
        })
    return out


def reclaim_seats(ev: Evidence, th: Thresholds, conf: dict[str, float]) -> list[dict[str, Any]]:
    names = dict(zip(ev.clients["client_key"].to_list(), ev.clients["client_name"].to_list(), strict=True)) if ev.clients.height else {}
    tolerance = th.inactive_seat_tolerance
    purchased, active = pl.col("seats_purchased").fill_null(0).cast(pl.Int64), pl.col("seats_active").fill_null(0).cast(pl.Int64)
    # the rule's arithmetic on whole columns (thousands of client x SKU rows); only the rows it keeps become dicts
    candidates = ev.seats.select(
        "client_key", "product", "month", purchased.alias("purchased"), active.alias("active"), "active_missing", "unit_cost",
        (purchased - active - (tolerance * purchased).floor().cast(pl.Int64)).alias("reclaim"),
    ).filter((pl.col("purchased") > 0) & (pl.col("reclaim") > 0)
             & ((pl.col("purchased") - pl.col("active")) / pl.col("purchased") > tolerance))
    out = []
    for key, product, month, purchased_n, active_n, missing, unit, reclaim in candidates.iter_rows():
        unit = _dec(unit)
        name = names.get(key, key)
        out.append({
            "kind": "reclaim_seats", "entity": name, "entity_key": key, "entity_type": "client",
            "action": f"reclaim {reclaim} {product} seats at {name}",
            "evidence": {"product": product, "month": month, "seats_purchased": purchased_n, "seats_active": active_n,
                         "inactive_share": (purchased_n - active_n) / purchased_n, "tolerance": tolerance,
                         "seats_to_reclaim": reclaim, "unit_cost": unit, "active_from_assigned": bool(missing)},
            "monthly_effect": unit * reclaim, "confidence": conf.get(key, 0.0),
        })
    return out


def rebalance(ev: Evidence, th: Thresholds, conf: dict[str, float]) -> list[dict[str, Any]]:
    months = len(ev.months)
    # h75: a technician disabled in the PSA or gone before the period's end takes no work and gives none away
    working = pl.col("active") & (pl.col("end_date").is_null() | (pl.col("end_date") >= ev.period.end))
    util = ev.util.filter(pl.col("billable_utilization").is_not_null() & working).join(
        ev.techs.select("technician_key", "hourly_cost"), on="technician_key", how="left")
    rows = list(util.iter_rows(named=True))
    over = [r for r in rows if r["billable_utilization"] > th.utilization_high]
    under = [r for r in rows if r["billable_utilization"] < th.utilization_low]

    def spare(r: dict[str, Any]) -> float:  # hours per month to reach the band from r's side
        u = r["billable_utilization"]
        edge = th.utilization_high if u > th.utilization_high else th.utilization_low
        return abs(u - edge) * r["available_hours"] / months

    # the colleague with the most room on the other side of the band (the same one for everyone on this side)
    most = {side: max(rows, key=spare)["technician_name"] if rows else None for side, rows in (("over", over), ("under", under))}
    out = []
    for r in over + under:
        hours = spare(r)
        is_over = r["billable_utilization"] > th.utilization_high
        partner = most["under" if is_over else "over"]
        action = (f"move {hours:,.0f} h/month from {r['technician_name']}" + (f" to {partner}" if partner else "")
                  if is_over else f"give {r['technician_name']} {hours:,.0f} h/month more billable work"
                  + (f" (e.g. from {partner})" if partner else ""))
        cost = _dec(r["hourly_cost"]) if r["hourly_cost"] is not None else Decimal(0)
        out.append({
            "kind": "rebalance", "entity": r["technician_name"], "entity_key": r["technician_key"], "entity_type": "technician",
            "action": action,
            "evidence": {"billable_utilization": r["billable_utilization"], "band": [th.utilization_low, th.utilization_high],
                         "direction": "above" if is_over else "below", "available_hours": r["available_hours"],
                         "billable_hours": r["billable_hours"], "hours_per_month_outside_band": hours,
                         "hourly_cost": cost, "partner": partner},
            "monthly_effect": cost * Decimal(str(round(hours, 4))), "confidence": conf.get(r["technician_key"], 0.0),
        })
    return out


def chase_unbilled(ev: Evidence, conf: dict[str, float]) -> list[dict[str, Any]]:
    months = Decimal(len(ev.months))
    names = dict(zip(ev.clients["client_key"].to_list(), ev.clients["client_name"].to_list(), strict=True)) if ev.clients.height else {}
    out = []
    for r in ev.unbilled.iter_rows(named=True):
        value = _dec(r["unbilled_value"])
        if value <= 0:
            continue
        name = names.get(r["client_key"], r["client_key"])
        out.append({
            "kind": "chase_unbilled", "entity": name, "entity_key": r["client_key"], "entity_type": "client",
            "action": f"bill {float(r['unbilled_hours']):,.1f} unbilled T&M hours at {name}",
            "evidence": {"unbilled_hours": r["unbilled_hours"], "unbilled_value": value, "entries": r["entries"],
                         "average_bill_rate": value / _dec(r["unbilled_hours"]), "months": int(months)},
            "monthly_effect": value / months, "confidence": conf.get(r["client_key"], 0.0),
        })
    return out


def anomaly_insights(ev: Evidence, conf: dict[str, float], flagged: pl.DataFrame | None = None,
                     currency: str = "USD") -> list[dict[str, Any]]:
    flagged = anomalies_mod.detect(ev) if flagged is None else flagged
    out = []
    for r in flagged.filter(pl.col("direction") == "up").iter_rows(named=True):
        kind = anomalies_mod.SERIES_KINDS.get(r["series"], "number")  # costs in money, hours in h, seats a number
        value, usual = value_text(r["value"], kind, currency), value_text(r["median"], kind, currency)
        out.append({
            "kind": "anomaly", "entity": r["client_name"], "entity_key": r["client_key"], "entity_type": "client",
            "action": f"look into {r['series']} at {r['client_name']} in {r['month']:%Y-%m}: {value} vs a usual {usual}",
            "evidence": {"series": r["series"], "month": r["month"], "value": r["value"], "median": r["median"],
                         "robust_z": r["robust_z"]},
            "monthly_effect": _dec(round(r["excess_money"], 4)), "confidence": conf.get(r["client_key"], 0.0),
        })
    return out


def insights(ev: Evidence, th: Thresholds, *, client_conf: pl.DataFrame | None = None,
             tech_conf: pl.DataFrame | None = None, license_conf: pl.DataFrame | None = None,
             flagged: pl.DataFrame | None = None) -> list[dict[str, Any]]:
    """Every recommendation for the period, ranked by monthly money at stake (largest first)."""
    cc = _conf_map(client_conf if client_conf is not None else conf_mod.client_confidence(ev), "client_key")
    tc = _conf_map(tech_conf if tech_conf is not None else conf_mod.technician_confidence(ev), "technician_key")
    lc = _conf_map(license_conf if license_conf is not None else conf_mod.license_confidence(ev), "client_key")
    rows = (reprice(ev, th, cc) + reclaim_seats(ev, th, lc) + rebalance(ev, th, tc) + chase_unbilled(ev, cc)
            + anomaly_insights(ev, cc, flagged, th.currency))
    return [rows[i] for i in _ranking(rows)]


def _ranking(rows: list[dict[str, Any]]) -> list[int]:
    """Positions of ``rows`` by money at stake (largest first), ties by kind, then entity, then position.

    Ordered on the float of each amount: two sorts of ~12k rows on Decimal keys in Python cost a third of the
    insights. Amounts with fewer than 15 significant digits keep their order as floats; only two that differ
    beyond that would tie, and the tie-break keeps the order deterministic.
    """
    if not rows:
        return []
    keys = pl.DataFrame({"effect": [float(r["monthly_effect"]) for r in rows], "kind": list(map(itemgetter("kind"), rows)),
                         "entity": list(map(itemgetter("entity"), rows))}, schema={"effect": pl.Float64, "kind": pl.Utf8,
                                                                                   "entity": pl.Utf8})
    return keys.with_row_index("at").sort(["effect", "kind", "entity", "at"], descending=[True, False, False, False],
                                          nulls_last=True)["at"].to_list()


def plain(values: list[Any]) -> list[Any]:
    """Money (Decimal) as float, other values as they are. A rule gives each evidence key one type (or None), so
    the first value that is not None tells whether there is money to convert. Amounts have at most 4 decimals and
    far fewer than 15 digits, so the float's shortest text is the decimal's own."""
    first = next((v for v in values if v is not None), None)
    if not isinstance(first, Decimal):
        return values
    return [None if v is None else float(v) for v in values]


def evidence_column(items: list[dict[str, Any]]) -> pl.Series:
    """The evidence of insights of ONE kind as a struct column (a rule writes the same keys for every insight).

    Built column-wise: a run or a page holds ~12k insights at scale 100, and one JSON encode per row in Python
    cost a tenth of a run and half a second of the Insights page.
    """
    keys = list(items[0]["evidence"])
    evidences = list(map(itemgetter("evidence"), items))
    frame = pl.DataFrame({k: plain(list(map(itemgetter(k), evidences))) for k in keys}, strict=False)
    return frame.select(pl.struct(pl.all()).alias("evidence")).to_series()


def by_kind(items: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Positions of the insights of each kind, in order."""
    found: dict[str, list[int]] = {}
    for index, item in enumerate(items):
        found.setdefault(item["kind"], []).append(index)
    return found


def as_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Insights as a flat frame (evidence as JSON text) for tables and CSV, in the order given."""
    schema = {"kind": pl.Utf8, "entity": pl.Utf8, "action": pl.Utf8, "monthly_effect": pl.Decimal(38, 4),
              "confidence": pl.Float64, "evidence": pl.Utf8}
    if not rows:
        return pl.DataFrame(schema=schema)
    parts = [pl.DataFrame({"_at": positions, "evidence": evidence_column([rows[i] for i in positions]).struct.json_encode()})
             for positions in by_kind(rows).values()]
    evidence = pl.concat(parts).sort("_at")["evidence"]
    columns = {k: list(map(itemgetter(k), rows)) for k in ("kind", "entity", "action", "monthly_effect", "confidence")}
    return pl.DataFrame({**columns, "evidence": evidence}, schema=schema)


def _display(value: Any) -> Any:
    """Money (Decimal) half-up to cents and ratios to 6 places: export shape, never used for sums."""
    from moat.formatting import money

    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _display(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_display(v) for v in value]
    return value


def public(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The JSON shape of ``moat insights``: kind, entity, action, evidence, monthly_effect, confidence."""
    return [{"kind": r["kind"], "entity": r["entity"], "action": r["action"], "evidence": _display(r["evidence"]),
             "monthly_effect": _display(r["monthly_effect"]), "confidence": round(r["confidence"], 4)} for r in rows]
