"""Why a client's margin differs from the portfolio median, and why a technician is busy or idle.

Margin decomposition. A client's margin is m = 1 - (L + C + O) / R (labour, licences, other costs, revenue). Its
reference is "the same client at the portfolio median": revenue at its agreed fee, R* = max(R, monthly_fee x
months) for managed/block clients (else R* = R), and each cost at the median share of revenue, X* = x* R*, where
the median shares x* (medians of L/R, C/R, O/R over clients with a defined margin) are rescaled so that
1 - l* - c* - o* = the median margin m*. The reference margin is therefore exactly m*.

The four components are players of a game whose value v(S) is the margin with the components in S at the client's
actual values and the rest at the reference. Each component's contribution is its exact Shapley value, computed
over all 16 coalitions (not sampled); by Shapley's efficiency property they sum to v(all) - v(none) = m - m*
exactly. When revenue equals its reference the game is additive and each contribution reduces to the plain
difference of cost shares, -(X/R - x*). Contributions are signed effects on the margin in points (negative =
pulls the margin down); ``contribution_money`` is points x revenue, so those sum to gross profit - m* x revenue.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from math import factorial
from typing import Any

import numpy as np
import polars as pl

from moat.analytics.evidence import Evidence
from moat.errors import NotEnoughData
from moat.names import normalize

COMPONENTS = ("revenue", "labour", "licences", "other")
LABELS = {"revenue": "revenue shortfall", "labour": "labour", "licences": "licences", "other": "other costs"}


def shapley(actual: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Exact Shapley values of the margin game for each row.

    ``actual`` and ``reference`` are (rows x 4) arrays of (R, L, C, O). Returns (rows x 4) contributions to the
    margin (fractions, not points) in COMPONENTS order.
    """
    actual, reference = np.asarray(actual, float), np.asarray(reference, float)
    n = actual.shape[1]

    def value(mask: tuple[int, ...]) -> np.ndarray:
        pick = np.array(mask, bool)
        x = np.where(pick, actual, reference)
        with np.errstate(divide="ignore", invalid="ignore"):
            return 1 - (x[:, 1] + x[:, 2] + x[:, 3]) / x[:, 0]

    values = {mask: value(mask) for mask in itertools.product((0, 1), repeat=n)}
    out = np.zeros_like(actual)
    for i in range(n):
        for mask, v in values.items():
            if mask[i]:
                continue
            size = sum(mask)
            weight = factorial(size) * factorial(n - size - 1) / factorial(n)
            with_i = tuple(1 if j == i else mask[j] for j in range(n))
            out[:, i] += weight * (values[with_i] - v)
    return out


@dataclass(frozen=True)
class Reference:
    """The portfolio median the gaps are measured against."""

    median_margin: float
    labour_share: float
    license_share: float
    other_share: float
    clients: int


def reference(prof: pl.DataFrame) -> Reference:
    """Median margin and rescaled median cost shares over clients with a defined margin."""
    ok = prof.filter(pl.col("gross_margin").is_not_null() & pl.col("labour_cost").is_not_null() & (pl.col("revenue") > 0))
    if ok.is_empty():
        raise NotEnoughData("no client has revenue and known costs in this period", "choose a period with invoices")
    r = ok["revenue"].cast(pl.Float64)
    m = float(ok["gross_margin"].median())
    shares = [float((ok[c].cast(pl.Float64) / r).median()) for c in ("labour_cost", "license_cost", "other_cost")]
    total = sum(shares)
    scaled = [s * (1 - m) / total for s in shares] if total > 0 else [(1 - m) / 3] * 3
    return Reference(m, scaled[0], scaled[1], scaled[2], ok.height)


def contracted_revenue(ev: Evidence) -> pl.DataFrame:
    """client_key -> monthly_fee x months in the period, for managed/block clients with a fee."""
    months = len(ev.months)
    return ev.clients.filter(
        pl.col("agreement_type").str.to_lowercase().is_in(["managed", "block"]) & (pl.col("monthly_fee") > 0)
    ).select("client_key", (pl.col("monthly_fee").cast(pl.Float64) * months).alias("contracted"))


def decompose(ev: Evidence, ref: Reference | None = None) -> pl.DataFrame:
    """One row per client with a margin: gap and the four Shapley contributions ``c_<component>`` (fractions)."""
    ref = ref or reference(ev.prof)
    ok = ev.prof.filter(pl.col("gross_margin").is_not_null() & pl.col("labour_cost").is_not_null() & (pl.col("revenue") > 0))
    ok = ok.join(contracted_revenue(ev), on="client_key", how="left")
    r = ok["revenue"].cast(pl.Float64).to_numpy()
    r_ref = np.maximum(r, ok["contracted"].fill_null(0.0).to_numpy())
    actual = np.column_stack([r] + [ok[c].cast(pl.Float64).to_numpy() for c in ("labour_cost", "license_cost", "other_cost")])
    reference_values = np.column_stack([r_ref, ref.labour_share * r_ref, ref.license_share * r_ref, ref.other_share * r_ref])
    contrib = shapley(actual, reference_values) if ok.height else np.zeros((0, 4))
    return ok.select("client_key", "client_name", "revenue", "gross_profit", "gross_margin").with_columns(
        (pl.col("gross_margin") - ref.median_margin).alias("gap"),
        pl.Series("reference_revenue", r_ref),
        *[pl.Series(f"c_{name}", contrib[:, i]) for i, name in enumerate(COMPONENTS)],
    )


def _fmt_pts(value: float) -> str:
    return f"{value * 100:+.1f} pts".replace("-", "\u2212")


class _Lookup:
    """Per-client evidence phrases' inputs, indexed once (a run explains thousands of clients)."""

    def __init__(self, ev: Evidence) -> None:
        techs = dict(zip(ev.techs["technician_key"].to_list(), ev.techs["technician_name"].to_list(), strict=True)) \
            if ev.techs.height else {}
        self.labour: dict[str, str] = {}
        if not ev.detail.is_empty():
            top = ev.detail.sort("labour_cost", descending=True, nulls_last=True).group_by("client_key", maintain_order=True).first()
            for r in top.iter_rows(named=True):
                name = techs.get(r["technician_key"], r["technician_key"])
                self.labour[r["client_key"]] = f"{name} {float(r['hours']):,.0f} h on {r['work_type']}"
        inv = ev.client_month.filter(pl.col("source") == "invoices").sort("month") if not ev.client_month.is_empty() else None
        self.revenue: dict[str, tuple[list[Any], list[float]]] = {}
        if inv is not None and inv.height:
            grouped = inv.group_by("client_key").agg(pl.col("month"), pl.col("amount").cast(pl.Float64))
            self.revenue = {r["client_key"]: (r["month"], r["amount"]) for r in grouped.iter_rows(named=True)}
        self.licences: dict[str, str] = {}
        if ev.seats.height:
            top = ev.seats.with_columns((pl.col("seats_purchased") * pl.col("unit_cost")).alias("cost")) \
                .sort("cost", descending=True).group_by("client_key", maintain_order=True).first()
            self.licences = {r["client_key"]: f"{r['product']} {r['seats_purchased']} seats" for r in top.iter_rows(named=True)}

    def details(self, row: dict[str, Any]) -> dict[str, str]:
        """One short phrase of evidence per component (who worked the hours, what the revenue did, which SKU)."""
        key = row["client_key"]
        out: dict[str, str] = {}
        if key in self.labour:
            out["labour"] = self.labour[key]
        if row["reference_revenue"] > float(row["revenue"]) + 0.005:
            phrase = f"invoiced {float(row['revenue']):,.0f} of {row['reference_revenue']:,.0f} agreed"
            months, amounts = self.revenue.get(key, ([], []))
            step = revenue_step(months, amounts)
            if step:
                phrase += f"; down {step[1]:.0%} from {step[0]:%Y-%m}"
            out["revenue"] = phrase
        if key in self.licences:
            out["licences"] = self.licences[key]
        return out


def revenue_step(months: list[Any], amounts: list[float], min_drop: float = 0.15) -> tuple[Any, float] | None:
    """The month from which monthly revenue stays lowest against before (mean after <= (1-min_drop) mean before)."""
    n = len(amounts)
    if n < 2:
        return None
    total, before_sum, best = float(sum(amounts)), 0.0, None
    for k in range(1, n):
        before_sum += amounts[k - 1]
        before, after = before_sum / k, (total - before_sum) / (n - k)
        if before > 0 and after <= (1 - min_drop) * before:
            drop = 1 - after / before
            if best is None or drop > best[1]:
                best = (months[k], drop)
    return best


def _tech_name(ev: Evidence, key: str) -> str:
    hit = ev.techs.filter(pl.col("technician_key") == key)
    return hit["technician_name"][0] if hit.height else key


def find_client(ev: Evidence, name: str) -> str:
    """client_key of a client named as people type it (normalised match)."""
    key = normalize(name)
    keys = set(ev.prof["client_key"].to_list())
    if key in keys:
        return key
    close = [k for k in keys if key and key in k]
    if len(close) == 1:
        return close[0]
    raise NotEnoughData(f"no client {name!r} has activity in {ev.period}",
                        "check the spelling (`moat metrics profitability` lists clients) or choose another period")


def client(ev: Evidence, name: str, ref: Reference | None = None) -> dict[str, Any]:
    """Ranked contributions and a sentence for one client (JSON-ready apart from Decimals)."""
    key = find_client(ev, name)
    ref = ref or reference(ev.prof)
    dec = decompose(ev, ref).filter(pl.col("client_key") == key)
    if dec.is_empty():
        raise NotEnoughData(f"{name} has no margin in {ev.period} (no revenue or unknown labour cost)",
                            "load its invoices and technicians' hourly costs, or choose another period")
    row = dec.row(0, named=True)
    return explanation(ev, row, ref)


def explanation(ev: Evidence, row: dict[str, Any], ref: Reference, lookup: _Lookup | None = None) -> dict[str, Any]:
    revenue = float(row["revenue"])
    details = (lookup or _Lookup(ev)).details(row)
    parts = sorted(
        ({"component": c, "label": LABELS[c], "contribution_pts": round(row[f"c_{c}"] * 100, 4),
          "contribution_money": round(row[f"c_{c}"] * revenue, 2), "detail": details.get(c)} for c in COMPONENTS),
        key=lambda p: -abs(p["contribution_pts"]),
    )
    gap = row["gap"]
    direction = "below" if gap < 0 else "above"
    bits = [f"{p['label']} {_fmt_pts(p['contribution_pts'] / 100)}" + (f" ({p['detail']})" if p["detail"] else "")
            for p in parts if abs(p["contribution_pts"]) >= 0.05]
    sentence = (f"{row['client_name']}'s margin is {abs(gap) * 100:.0f} points {direction} the median "
                f"({ref.median_margin:.0%}): " + ", ".join(bits) + ".")
    return {
        "client": row["client_name"], "client_key": row["client_key"], "period": str(ev.period),
        "margin": row["gross_margin"], "median_margin": ref.median_margin, "gap_pts": round(gap * 100, 4),
        "gap_money": round(gap * revenue, 2), "reference_revenue": round(row["reference_revenue"], 2),
        "contributions": parts, "sentence": sentence,
    }


def all_clients(ev: Evidence) -> list[dict[str, Any]]:
    """Explanations of every client with a margin (what a full run stores)."""
    try:
        ref = reference(ev.prof)
    except NotEnoughData:
        return []
    lookup = _Lookup(ev)
    return [explanation(ev, row, ref, lookup) for row in decompose(ev, ref).iter_rows(named=True)]


def technician(ev: Evidence, name: str, low: float, high: float) -> dict[str, Any]:
    """Hours by work type and by client behind a technician's utilisation, and where it sits against the band."""
    key = normalize(name)
    util = ev.util.filter(pl.col("technician_key") == key)
    if util.is_empty():
        raise NotEnoughData(f"no technician {name!r} is known", "check the spelling (`moat metrics utilization`)")
    u = util.row(0, named=True)
    d = ev.detail.filter(pl.col("technician_key") == key) if not ev.detail.is_empty() else ev.detail
    names = ev.clients.select("client_key", "client_name")
    by_type = (d.group_by("work_type").agg(pl.col("hours").sum(), pl.col("billable_hours").sum()).sort("hours", descending=True)
               if d.height else pl.DataFrame(schema={"work_type": pl.Utf8, "hours": pl.Float64, "billable_hours": pl.Float64}))
    by_client = (d.group_by("client_key").agg(pl.col("hours").sum(), pl.col("billable_hours").sum())
                 .join(names, on="client_key", how="left").sort("hours", descending=True)
                 if d.height else pl.DataFrame(schema={"client_key": pl.Utf8, "hours": pl.Float64, "billable_hours": pl.Float64, "client_name": pl.Utf8}))
    rate = u["billable_utilization"]
    where = "no available hours" if rate is None else "above" if rate > high else "below" if rate < low else "within"
    sentence = f"{u['technician_name']} is at {rate:.0%} billable utilisation ({where} the {low:.0%}-{high:.0%} band): " if rate is not None else f"{u['technician_name']}: "
    sentence += f"{float(u['billable_hours']):,.0f} h billable of {u['available_hours']:,.0f} h available"
    if by_client.height:
        top = by_client.row(0, named=True)
        sentence += f"; most hours at {top['client_name'] or top['client_key']} ({float(top['hours']):,.0f} h)"
    if by_type.height:
        top = by_type.row(0, named=True)
        sentence += f", mostly {top['work_type']} ({float(top['hours']):,.0f} h)"
    return {"technician": u["technician_name"], "billable_utilization": rate, "band": where,
            "by_work_type": by_type, "by_client": by_client, "sentence": sentence + "."}
