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

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from moat.analytics import anomalies as anomalies_mod
from moat.analytics import confidence as conf_mod
from moat.analytics.evidence import Evidence

KINDS = ("reprice", "reclaim_seats", "rebalance", "chase_unbilled", "anomaly")


@dataclass(frozen=True)
class Thresholds:
    target_margin: float = 0.30
    utilization_low: float = 0.70
    utilization_high: float = 0.80
    inactive_seat_tolerance: float = 0.05

    @classmethod
    def from_config(cls, cfg: Any) -> Thresholds:
        return cls(cfg.target_margin, cfg.utilization_low, cfg.utilization_high, cfg.inactive_seat_tolerance)


def _dec(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _conf_map(frame: pl.DataFrame, key: str) -> dict[str, float]:
    return dict(zip(frame[key].to_list(), frame["confidence"].to_list(), strict=True)) if frame.height else {}


def reprice(ev: Evidence, th: Thresholds, conf: dict[str, float]) -> list[dict[str, Any]]:
    months = Decimal(len(ev.months))
    target = Decimal(str(th.target_margin))
    out = []
    for r in ev.prof.filter(pl.col("labour_cost").is_not_null()).iter_rows(named=True):
        revenue = _dec(r["revenue"])
        costs = _dec(r["labour_cost"]) + _dec(r["license_cost"]) + _dec(r["other_cost"])
        margin = r["gross_margin"]
        if costs <= 0 or (margin is not None and margin >= th.target_margin):
            continue
        target_fee = costs / (1 - target) / months
        effect = target_fee - revenue / months
        if effect <= 0:
            continue
        out.append({
            "kind": "reprice", "entity": r["client_name"], "entity_key": r["client_key"], "entity_type": "client",
            "action": f"reprice {r['client_name']}: a monthly fee of {target_fee:,.2f} reaches the {th.target_margin:.0%} target margin",
            "evidence": {"gross_margin": margin, "target_margin": th.target_margin, "revenue": revenue, "costs": costs,
                         "months": int(months), "monthly_revenue": revenue / months, "target_fee": target_fee},
            "monthly_effect": effect, "confidence": conf.get(r["client_key"], 0.0),
        })
    return out


def reclaim_seats(ev: Evidence, th: Thresholds, conf: dict[str, float]) -> list[dict[str, Any]]:
    names = dict(zip(ev.clients["client_key"].to_list(), ev.clients["client_name"].to_list(), strict=True)) if ev.clients.height else {}
    out = []
    for r in ev.seats.iter_rows(named=True):
        purchased, active = int(r["seats_purchased"] or 0), int(r["seats_active"] or 0)
        inactive = purchased - active
        tolerated = math.floor(th.inactive_seat_tolerance * purchased)
        reclaim = inactive - tolerated
        if purchased <= 0 or reclaim <= 0 or inactive / purchased <= th.inactive_seat_tolerance:
            continue
        unit = _dec(r["unit_cost"])
        name = names.get(r["client_key"], r["client_key"])
        out.append({
            "kind": "reclaim_seats", "entity": name, "entity_key": r["client_key"], "entity_type": "client",
            "action": f"reclaim {reclaim} {r['product']} seats at {name}",
            "evidence": {"product": r["product"], "month": r["month"], "seats_purchased": purchased, "seats_active": active,
                         "inactive_share": inactive / purchased, "tolerance": th.inactive_seat_tolerance,
                         "seats_to_reclaim": reclaim, "unit_cost": unit, "active_from_assigned": bool(r["active_missing"])},
            "monthly_effect": unit * reclaim, "confidence": conf.get(r["client_key"], 0.0),
        })
    return out


def rebalance(ev: Evidence, th: Thresholds, conf: dict[str, float]) -> list[dict[str, Any]]:
    months = len(ev.months)
    util = ev.util.filter(pl.col("billable_utilization").is_not_null()).join(
        ev.techs.select("technician_key", "hourly_cost"), on="technician_key", how="left")
    rows = list(util.iter_rows(named=True))
    over = [r for r in rows if r["billable_utilization"] > th.utilization_high]
    under = [r for r in rows if r["billable_utilization"] < th.utilization_low]

    def spare(r: dict[str, Any]) -> float:  # hours per month to reach the band from r's side
        u = r["billable_utilization"]
        edge = th.utilization_high if u > th.utilization_high else th.utilization_low
        return abs(u - edge) * r["available_hours"] / months

    out = []
    for r in over + under:
        hours = spare(r)
        partners = under if r in over else over
        partner = max(partners, key=spare)["technician_name"] if partners else None
        is_over = r in over
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


def anomaly_insights(ev: Evidence, conf: dict[str, float], flagged: pl.DataFrame | None = None) -> list[dict[str, Any]]:
    flagged = anomalies_mod.detect(ev) if flagged is None else flagged
    out = []
    for r in flagged.filter(pl.col("direction") == "up").iter_rows(named=True):
        out.append({
            "kind": "anomaly", "entity": r["client_name"], "entity_key": r["client_key"], "entity_type": "client",
            "action": f"look into {r['series']} at {r['client_name']} in {r['month']:%Y-%m}: {r['value']:,.1f} vs a usual {r['median']:,.1f}",
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
            + anomaly_insights(ev, cc, flagged))
    rows.sort(key=lambda r: (-r["monthly_effect"], r["kind"], r["entity"]))
    return rows


def as_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Insights as a flat frame (evidence as JSON text) for tables and CSV."""
    from moat.formatting import dumps

    return pl.DataFrame(
        [{"kind": r["kind"], "entity": r["entity"], "action": r["action"], "monthly_effect": r["monthly_effect"],
          "confidence": r["confidence"], "evidence": dumps(r["evidence"])} for r in rows],
        schema={"kind": pl.Utf8, "entity": pl.Utf8, "action": pl.Utf8, "monthly_effect": pl.Decimal(38, 4),
                "confidence": pl.Float64, "evidence": pl.Utf8},
    )


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
