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
from moat.formatting import hours_text, money_text, percent_text
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


def _details(ev: Evidence, dec: pl.DataFrame, currency: str = "USD") -> pl.DataFrame:
    """One short phrase of evidence per component and client (who worked the hours, what the revenue did, which
    SKU): client_key, d_labour, d_revenue, d_licences (null where there is nothing to say). Money is written in
    ``currency`` by the one formatter ("invoiced $15,822.00 of $26,370.00 agreed"; it read "15,822 of 26,370", h81)."""
    out = dec.select("client_key")
    techs = dict(zip(ev.techs["technician_key"].to_list(), ev.techs["technician_name"].to_list(), strict=True)) \
        if ev.techs.height else {}
    labour: dict[str, str] = {}
    if not ev.detail.is_empty():  # the labour detail covers a few hundred clients (moat.analytics.analysis.DETAIL_CLIENTS)
        cost = pl.col("labour_cost")
        top = ev.detail.filter(cost == cost.max().over("client_key")).sort(  # the costliest line; ties: a fixed choice
            ["client_key", "hours", "technician_key", "work_type"], descending=[False, True, False, False]
        ).group_by("client_key", maintain_order=True).first()
        for key, tech, hours, work_type in top.select("client_key", "technician_key", "hours", "work_type").iter_rows():
            labour[key] = f"{techs.get(tech, tech)} {float(hours):,.0f} h on {work_type}"
    revenue: dict[str, str] = {}
    short = dec.filter(pl.col("reference_revenue") > pl.col("revenue").cast(pl.Float64) + 0.005)
    if short.height:  # clients invoiced below their agreed fee: say how much, and from when it dropped
        inv = ev.client_month.filter((pl.col("source") == "invoices") & pl.col("client_key").is_in(short["client_key"].implode()))
        series = {key: (months, amounts) for key, months, amounts in inv.sort("month").group_by("client_key").agg(
            pl.col("month"), pl.col("amount").cast(pl.Float64)).iter_rows()}
        for key, invoiced, agreed in short.select("client_key", "revenue", "reference_revenue").iter_rows():
            phrase = f"invoiced {money_text(invoiced, currency)} of {money_text(agreed, currency)} agreed"
            step = revenue_step(*series.get(key, ([], [])))
            if step:
                phrase += f"; down {step[1]:.0%} from {step[0]:%Y-%m}"
            revenue[key] = phrase
    key = pl.col("client_key")
    out = out.with_columns(key.replace_strict(labour, default=None, return_dtype=pl.Utf8).alias("d_labour"),
                           key.replace_strict(revenue, default=None, return_dtype=pl.Utf8).alias("d_revenue"))
    if ev.seats.height:  # the client's costliest SKU in its last billed month
        top = ev.seats.with_columns((pl.col("seats_purchased") * pl.col("unit_cost")).alias("cost")) \
            .sort("cost", descending=True).group_by("client_key", maintain_order=True).first()
        lic = top.select("client_key", pl.format("{} {} seats", "product", "seats_purchased").alias("d_licences"))
        return out.join(lic, on="client_key", how="left")
    return out.with_columns(pl.lit(None, pl.Utf8).alias("d_licences"))


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


def client(ev: Evidence, name: str, ref: Reference | None = None, currency: str = "USD") -> dict[str, Any]:
    """Ranked contributions and a sentence for one client (JSON-ready apart from Decimals), money in ``currency``
    (the base currency)."""
    found = explanations(ev, ref, keys=[find_client(ev, name)], currency=currency)
    if found.is_empty():
        raise NotEnoughData(f"{name} has no margin in {ev.period} (no revenue or unknown labour cost)",
                            "load its invoices and technicians' hourly costs, or choose another period")
    return found.row(0, named=True)


def _one_decimal(value: pl.Expr) -> pl.Expr:
    """A number of points to one decimal, as the parts beside it ("135.9 points below the median (40.1%)"; it read
    "136 points below the median (40%)" above a caption of "the portfolio median (40.1%)", h112)."""
    return value.round(1, mode="half_away_from_zero").cast(pl.Utf8)


def _pts(value: pl.Expr) -> pl.Expr:
    """``+12.3 pts`` / ``−12.3 pts`` (a true minus sign) for a column of points."""
    sign = pl.when(value < 0).then(pl.lit("−")).otherwise(pl.lit("+"))
    return pl.concat_str([sign, value.abs().round(1, mode="half_away_from_zero").cast(pl.Utf8), pl.lit(" pts")])


def explanations(ev: Evidence, ref: Reference | None = None, keys: list[str] | None = None,
                 currency: str = "USD") -> pl.DataFrame:
    """One explanation per client with a margin (``keys``: only those clients), built column-wise because a run
    explains thousands: client, client_key, period, margin, median_margin, gap_pts, gap_money,
    reference_revenue, contributions (ranked by size: component, label, contribution_pts, contribution_money,
    detail) and sentence, its money in ``currency`` (the base currency). Raises NotEnoughData when no client has a
    margin to compare with."""
    ref = ref or reference(ev.prof)
    dec = decompose(ev, ref)
    if keys is not None:
        dec = dec.filter(pl.col("client_key").is_in(keys))
    dec = dec.join(_details(ev, dec, currency), on="client_key", how="left").with_row_index("_row")
    revenue = pl.col("revenue").cast(pl.Float64)
    parts = pl.concat([dec.select(
        "_row", pl.lit(i).alias("_order"), pl.lit(c).alias("component"), pl.lit(LABELS[c]).alias("label"),
        (pl.col(f"c_{c}") * 100).round(4).alias("contribution_pts"),
        (pl.col(f"c_{c}") * revenue).round(2).alias("contribution_money"),
        (pl.col(f"d_{c}") if f"d_{c}" in dec.columns else pl.lit(None, pl.Utf8)).alias("detail"),
    ) for i, c in enumerate(COMPONENTS)]).sort("_row", pl.col("contribution_pts").abs(), "_order", descending=[False, True, False])
    detail = pl.col("detail")
    bit = pl.concat_str([pl.col("label"), pl.lit(" "), _pts(pl.col("contribution_pts")),
                         pl.when(detail.is_not_null()).then(pl.format(" ({})", detail)).otherwise(pl.lit(""))])
    ranked = parts.group_by("_row", maintain_order=True).agg(
        pl.struct("component", "label", "contribution_pts", "contribution_money", "detail").alias("contributions"),
        bit.filter(pl.col("contribution_pts").abs() >= 0.05).str.join(", ").alias("_bits"),
    )
    gap = pl.col("gap")
    return dec.join(ranked, on="_row", how="left").sort("_row").select(
        pl.col("client_name").alias("client"), "client_key", pl.lit(str(ev.period)).alias("period"),
        pl.col("gross_margin").alias("margin"), pl.lit(ref.median_margin, pl.Float64).alias("median_margin"),
        (gap * 100).round(4).alias("gap_pts"), (gap * revenue).round(2).alias("gap_money"),
        pl.col("reference_revenue").round(2), "contributions",
        pl.concat_str([pl.col("client_name"), pl.lit("'s margin is "), _one_decimal(gap.abs() * 100),
                       pl.when(gap < 0).then(pl.lit(" points below")).otherwise(pl.lit(" points above")),
                       pl.lit(f" the median ({percent_text(ref.median_margin)}): "), pl.col("_bits"), pl.lit(".")]).alias("sentence"),
    )


def all_clients(ev: Evidence, currency: str = "USD") -> pl.DataFrame:
    """Explanations of every client with a margin (what a full run stores), money in ``currency``; empty when none
    has one."""
    try:
        return explanations(ev, currency=currency)
    except NotEnoughData:
        return pl.DataFrame()


def technician(ev: Evidence, name: str, low: float, high: float) -> dict[str, Any]:
    """Hours by work type and by client behind a technician's utilisation, and where it sits against the band."""
    key = normalize(name)
    util = ev.util.filter(pl.col("technician_key") == key)
    if util.is_empty():
        raise NotEnoughData(f"no technician {name!r} is known", "check the spelling against the technicians the "
                            "Utilisation page lists (`moat metrics utilization` on the command line)")
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
    # the Utilisation page's figures, rounded as it rounds them (half-up, one decimal): the sentence said "25% ...
    # 130 h billable" beside the page's 24.7% and 130.5 h (Python's half-even rounding of 130.5, h112)
    sentence = (f"{u['technician_name']} is at {percent_text(rate)} billable utilisation ({where} the {low:.0%}-{high:.0%} "
                "band): " if rate is not None else f"{u['technician_name']}: ")
    sentence += f"{hours_text(u['billable_hours'])} billable of {hours_text(u['available_hours'])} available"
    if by_client.height:
        top = by_client.row(0, named=True)
        sentence += f"; most hours at {top['client_name'] or top['client_key']} ({hours_text(top['hours'])})"
    if by_type.height:
        top = by_type.row(0, named=True)
        sentence += f", mostly {top['work_type']} ({hours_text(top['hours'])})"
    return {"technician": u["technician_name"], "billable_utilization": rate, "band": where,
            "by_work_type": by_type, "by_client": by_client, "sentence": sentence + "."}
