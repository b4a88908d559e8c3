"""Totals over the per-client / per-product / per-technician frames of the metric functions.

Pages show headline figures for whatever selection the user made (a segment, a period), so the roll-ups live
here, next to the glossary, instead of in page scripts. Ratios are recomputed from summed numerators and
denominators (the glossary's definitions), never averaged; a total over a column with an unknown value is
unknown (None), and a ratio with a zero denominator is undefined (None), never a made-up zero.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl

from moat.frames import python_map


def column_total(df: pl.DataFrame, column: str) -> Decimal | None:
    """Exact sum of ``column``: 0 for no rows, None (unknown) when any value is missing, never a float."""
    if df.is_empty():
        return Decimal(0)
    if df[column].null_count():
        return None
    return Decimal(str(df[column].sum()))


def _ratio(numerator: Decimal | float | None, denominator: Decimal | float | None) -> float | None:
    if numerator is None or denominator is None or not denominator:
        return None
    return float(Decimal(str(numerator)) / Decimal(str(denominator)))


def profitability_totals(prof: pl.DataFrame) -> dict[str, Any]:
    """Revenue, costs, gross profit/margin, hours, EHR, client count and loss-making clients of a selection."""
    revenue, labour = column_total(prof, "revenue"), column_total(prof, "labour_cost")
    license_cost, other, hours = column_total(prof, "license_cost"), column_total(prof, "other_cost"), column_total(prof, "hours")
    gross = None if None in (revenue, labour, license_cost, other) else revenue - labour - license_cost - other
    loss = prof.filter(pl.col("gross_profit") < 0).height if prof.height else 0
    return {
        "revenue": revenue, "labour_cost": labour, "license_cost": license_cost, "other_cost": other,
        "gross_profit": gross, "gross_margin": _ratio(gross, revenue), "hours": hours, "ehr": _ratio(revenue, hours),
        "clients": prof.height, "loss_making": loss,
    }


def license_totals(lic: pl.DataFrame) -> dict[str, Any]:
    """Seat counts, licence cost and waste, utilisation (assigned/purchased), activity (active/assigned) and the
    share of licence cost that is waste."""
    purchased, assigned, active = column_total(lic, "seats_purchased"), column_total(lic, "seats_assigned"), column_total(lic, "seats_active")
    return {
        "seats_purchased": purchased, "seats_assigned": assigned, "seats_active": active,
        "license_cost": column_total(lic, "license_cost"), "license_waste": column_total(lic, "license_waste"),
        "license_utilization": _ratio(assigned, purchased), "license_activity": _ratio(active, assigned),
        "waste_share": _ratio(column_total(lic, "license_waste"), column_total(lic, "license_cost")),
        "without_active": int(lic["months_without_active"].sum()) if lic.height else 0,
    }


def band(value: float | None, low: float, high: float) -> str | None:
    """Where a utilisation lies against the healthy band [low, high]: "below", "within" or "above"."""
    if value is None:
        return None
    return "below" if value < low else "above" if value > high else "within"


def with_band(util: pl.DataFrame, low: float, high: float) -> pl.DataFrame:
    """The utilisation frame plus a ``band`` column for billable utilisation."""
    return util.with_columns(
        python_map(util["billable_utilization"], lambda v: band(v, low, high), pl.Utf8).alias("band")
    )


def utilization_totals(util: pl.DataFrame, low: float, high: float) -> dict[str, Any]:
    """Team billable/total utilisation (summed hours over summed availability) and head counts per band."""
    available = float(util["available_hours"].sum()) if util.height else 0.0
    billable, worked = column_total(util, "billable_hours"), column_total(util, "worked_hours")
    bands = [band(v, low, high) for v in util["billable_utilization"].to_list()] if util.height else []
    return {
        "available_hours": available, "billable_hours": billable, "worked_hours": worked,
        "billable_utilization": _ratio(billable, available), "total_utilization": _ratio(worked, available),
        "technicians": util.height, "entries": int(util["entries"].sum()) if util.height else 0,
        "below": bands.count("below"), "within": bands.count("within"), "above": bands.count("above"),
    }


def by_segment(prof: pl.DataFrame) -> pl.DataFrame:
    """Profitability per client segment (for roles that may not see client-level rows)."""
    money = ["revenue", "labour_cost", "license_cost", "other_cost", "gross_profit", "hours"]
    out = (
        prof.with_columns(pl.col("segment").fill_null("(no segment)"))
        .group_by("segment")
        .agg([pl.len().alias("clients")] + [pl.col(c).sum() for c in money]
             + [pl.col(c).null_count().alias(f"_{c}_nulls") for c in money])
    )
    # A sum over unknown values is unknown (polars would skip the nulls).
    out = out.with_columns([pl.when(pl.col(f"_{c}_nulls") > 0).then(None).otherwise(pl.col(c)).alias(c) for c in money])
    margin = pl.when(pl.col("revenue") == 0).then(None).otherwise(pl.col("gross_profit").cast(pl.Float64) / pl.col("revenue").cast(pl.Float64))
    return out.with_columns(margin.alias("gross_margin")).drop([f"_{c}_nulls" for c in money]).sort("revenue", descending=True)


def change(value: Any, previous: Any, kind: str) -> float | None:
    """Change against the previous period, as ``moat.metrics.summary`` reports it: absolute for ratios
    ("percent"), relative for amounts; None when either side is undefined or the previous amount is 0."""
    if value is None or previous is None:
        return None
    if kind == "percent":
        return float(value) - float(previous)
    if not previous:
        return None
    return (float(value) - float(previous)) / abs(float(previous))


# --- small groups (moat.access applies them to users kept to aggregates) ---------------------------------------
# A segment total over one client *is* that client's row. Where the policy keeps a Viewer to aggregates, a group
# (segment) with fewer than this many clients is pooled with the other small ones, and a lone small group with
# the next smallest, so that the company total minus the groups shown gives nothing smaller either.
MIN_GROUP_CLIENTS = 3
POOLED_SEGMENTS = f"(segments of fewer than {MIN_GROUP_CLIENTS} clients, pooled)"
NO_SEGMENT = "(no segment)"


def pooled_groups(counts: dict[str, int]) -> set[str]:
    """The groups whose figures would describe fewer than ``MIN_GROUP_CLIENTS`` clients (see above)."""
    small = {g for g, n in counts.items() if n < MIN_GROUP_CLIENTS}
    if small and sum(counts[g] for g in small) < MIN_GROUP_CLIENTS:
        rest = sorted((n, g) for g, n in counts.items() if g not in small)
        if rest:
            small.add(rest[0][1])
    return small


# The figures whose contributors are counted: a client contributes to a total when its own value in it is not 0.
# A client listed for its time entries alone does not make a day's revenue (one invoice) any less that client's.
CONTRIBUTING_MEASURES = ("revenue", "hours")
# Costs a client may have in a period with no revenue and no hours (a licences or costs file reaching further back
# than the invoices and time entries): then they are the period's figures, and the clients holding them count.
COST_MEASURES = ("license_cost", "other_cost")


# h102 (h97 U1): the technicians rule. A figure made of technicians' time (hours, utilisation, labour cost, and what
# is computed from it: gross profit and margin, direct cost, the effective hourly rate) over a slice in which fewer
# than this many technicians logged time is their own figure (an on-call Saturday: one technician's hours given as
# the company's). The same k as for clients.
MIN_GROUP_TECHNICIANS = MIN_GROUP_CLIENTS
# The glossary figures NOT made of technicians' time: only these skip the technicians rule (any other name, a new
# figure included, is checked: the list fails closed).
TIME_FREE_MEASURES = frozenset({
    "revenue", "license_cost", "other_cost", "license_waste", "license_utilization", "license_activity",
    "seats_purchased", "seats_assigned", "seats_active", "seats_unused", "seats_assigned_inactive", "seats_unassigned",
    "clients", "segments", "products", "vendors", "invoices",
})


def made_of_time(measure: str | None) -> bool:
    """Whether ``measure`` (a glossary or Ask figure name) needs the technicians rule: every figure but
    ``TIME_FREE_MEASURES`` (None, a reading of several figures, is checked)."""
    return measure not in TIME_FREE_MEASURES


# h113 (h102's open dominance item): the dominance rule. Three contributors pass the count rule even when one of them
# makes nearly all of a figure (95% of a day's revenue: the company's total is that client's figure within 5%). The
# convention used is the p% rule of statistical disclosure control (Hundepool et al., ESSnet "Handbook on Statistical
# Disclosure Control", 2010, section 4.2; the "concentration rule" of Eurostat's glossary): a total is sensitive when
# what the contributors other than the two largest make is less than p% of the largest, i.e. the second largest (or
# anyone who knows its value: a technician knows their own hours) could tell the largest within p%. It implies the
# (1, k) dominance rule for k = 100/(1 + p/100): with p = 10, any total one contributor makes more than 90.9% of is
# sensitive. Magnitudes are absolute values (a credit note is a contribution too), as in sdcTable/GaussSuppression.
DOMINANCE_P = 0.10


def dominated(values: Any) -> bool:
    """Whether a total of ``values`` (each contributor's share of it: a client's revenue, a technician's hours) is
    sensitive under the p% rule (``DOMINANCE_P``). Fewer than 3 non-zero contributors are the count rule's
    (``MIN_GROUP_CLIENTS``) to refuse: False here, so the refusal names the count."""
    sizes = sorted((abs(float(v)) for v in values if v is not None and v != 0), reverse=True)
    if len(sizes) < MIN_GROUP_CLIENTS:
        return False
    return sum(sizes[2:]) < DOMINANCE_P * sizes[0]


def dominated_measure(prof: pl.DataFrame) -> str | None:
    """The first measure (of ``CONTRIBUTING_MEASURES``, or ``COST_MEASURES`` when no client contributes to those,
    as ``contributing_clients`` counts) whose total over ``prof``'s clients one client dominates (``dominated``);
    None when none is."""
    measures = [c for c in CONTRIBUTING_MEASURES if c in prof.columns
                and prof.filter(pl.col(c).is_not_null() & (pl.col(c) != 0)).height]
    if not measures:
        measures = [c for c in COST_MEASURES if c in prof.columns]
    return next((c for c in measures if dominated(prof[c].to_list())), None)


def contributing_clients(prof: pl.DataFrame) -> int:
    """How many clients the totals of ``prof`` (profitability rows) describe: the fewest clients with a non-zero
    value over ``CONTRIBUTING_MEASURES`` (a measure nobody contributes to is 0 and tells nothing). When no client
    contributes to any of them, the clients with a licence or other cost (h97 F9: a month of one client's licences
    and nothing else gave that client's licence cost as the company's; counted 0, "nothing happened"); 0 when no
    client has any of these (nothing happened: nothing to protect)."""
    counts = [prof.filter(pl.col(c).is_not_null() & (pl.col(c) != 0)).height for c in CONTRIBUTING_MEASURES
              if c in prof.columns]
    counts = [n for n in counts if n]
    if counts:
        return min(counts)
    costs = [pl.col(c).is_not_null() & (pl.col(c) != 0) for c in COST_MEASURES if c in prof.columns]
    return prof.filter(pl.any_horizontal(costs)).height if costs else 0


def too_few_clients(prof: pl.DataFrame) -> bool:
    """Whether totals over ``prof`` would be the figures of fewer than ``MIN_GROUP_CLIENTS`` clients (a short
    period, or a segment in a short period, in which one or two clients invoiced): the same rule as segments."""
    return 0 < contributing_clients(prof) < MIN_GROUP_CLIENTS


def segment_counts(prof: pl.DataFrame) -> dict[str, int]:
    """Contributing clients per segment (``contributing_clients``; a segment where nobody contributes counts its
    rows: its totals are 0)."""
    if "segment" not in prof.columns or prof.is_empty():
        return {}
    seg = prof.with_columns(pl.col("segment").fill_null(NO_SEGMENT))
    return {str(name): contributing_clients(part) or part.height
            for (name,), part in seg.group_by("segment", maintain_order=True)}


def pooled_segments(prof: pl.DataFrame) -> set[str]:
    """``pooled_groups`` of ``segment_counts``, widened while the pooled row itself has too few contributors (a
    count per measure does not add up across segments: one invoicing client in each of two small segments of
    many time-loggers is still one client's revenue per segment)."""
    pooled = pooled_groups(segment_counts(prof))
    seg = pl.col("segment").fill_null(NO_SEGMENT)
    counts = segment_counts(prof)
    while pooled and too_few_clients(prof.filter(seg.is_in(list(pooled)))):
        rest = sorted((n, g) for g, n in counts.items() if g not in pooled)
        if not rest:
            break
        pooled.add(rest[0][1])
    return pooled


def pooled_by_segment(prof: pl.DataFrame, pooled: set[str] | None = None) -> pl.DataFrame:
    """``moat.metrics.totals.by_segment`` with the segments of ``pooled`` (by default ``pooled_segments``; callers
    with the period pass ``small_slices.pooled_segments_in``, which counts technicians too) summed into one row."""
    pooled = pooled_segments(prof) if pooled is None else pooled
    if not pooled:
        return by_segment(prof)
    seg = pl.col("segment").fill_null(NO_SEGMENT)
    return by_segment(prof.with_columns(pl.when(seg.is_in(list(pooled))).then(pl.lit(POOLED_SEGMENTS))
                                        .otherwise(pl.col("segment")).alias("segment")))
