"""Client risk (churn / health) score: a transparent weighted sum of four signals, with its reasons.

The period's months are split into a first and a second half and compared:

    revenue_decline = clamp(-(revenue2 - revenue1) / revenue1 / 0.30, 0, 1)   (30% lower = full signal)
    hours_decline   = clamp(-(hours2 - hours1) / hours1 / 0.30, 0, 1)         (the client uses us less)
    margin_fall     = clamp(-(margin2 - margin1) / 0.20, 0, 1)               (20 points lower = full signal)
    ticket_rise     = clamp((entries2 - entries1) / entries1 / 0.50, 0, 1)    (50% more time entries = full)

    risk = 100 x (0.30 revenue_decline + 0.20 hours_decline + 0.30 margin_fall + 0.20 ticket_rise)

A signal whose first-half base is zero or undefined contributes 0 (and the reason says there is no baseline).
No model is trained: an analyst can recompute any score by hand from the reasons.
"""

from __future__ import annotations

import polars as pl

from moat.analytics.evidence import Evidence

WEIGHTS = {"revenue_decline": 0.30, "hours_decline": 0.20, "margin_fall": 0.30, "ticket_rise": 0.20}
FULL = {"revenue_decline": 0.30, "hours_decline": 0.30, "margin_fall": 0.20, "ticket_rise": 0.50}


def _clamp(x: float) -> float:
    return max(0.0, min(1.0, x))


def signals(first: dict[str, float], second: dict[str, float]) -> dict[str, float]:
    """The four signals in [0, 1] from half-period totals (revenue, costs, hours, entries)."""
    def change(key: str) -> float | None:
        base = first.get(key) or 0.0
        return None if base <= 0 else (second.get(key, 0.0) - base) / base

    def margin(h: dict[str, float]) -> float | None:
        return None if not h.get("revenue") else 1 - h.get("costs", 0.0) / h["revenue"]

    rev, hrs, ent = change("revenue"), change("hours"), change("entries")
    m1, m2 = margin(first), margin(second)
    return {
        "revenue_decline": 0.0 if rev is None else _clamp(-rev / FULL["revenue_decline"]),
        "hours_decline": 0.0 if hrs is None else _clamp(-hrs / FULL["hours_decline"]),
        "margin_fall": 0.0 if m1 is None or m2 is None else _clamp(-(m2 - m1) / FULL["margin_fall"]),
        "ticket_rise": 0.0 if ent is None else _clamp(ent / FULL["ticket_rise"]),
    }


def score(first: dict[str, float], second: dict[str, float]) -> tuple[float, list[str]]:
    """Risk score (0-100) and the reasons behind it, ranked by weight x signal."""
    sig = signals(first, second)
    total = 100 * sum(WEIGHTS[k] * v for k, v in sig.items())
    return round(total, 2), reasons(sig, first, second)


def reasons(sig: dict[str, float], first: dict[str, float], second: dict[str, float]) -> list[str]:
    """The reasons behind the positive signals ``sig`` of ``signals(first, second)``, ranked by weight x signal."""
    def pct(key: str) -> str:
        return f"{(second.get(key, 0.0) - first[key]) / first[key]:+.0%}"

    texts = {
        "revenue_decline": lambda: f"revenue {pct('revenue')} (second half vs first)",
        "hours_decline": lambda: f"hours {pct('hours')}",
        "margin_fall": lambda: "margin {:+.1f} pts".format(
            100 * ((1 - second['costs'] / second['revenue']) - (1 - first['costs'] / first['revenue']))),
        "ticket_rise": lambda: f"time entries {pct('entries')}",
    }
    ranked = sorted((k for k, v in sig.items() if v > 0), key=lambda k: -WEIGHTS[k] * sig[k])
    return [f"{texts[k]()} -> {100 * WEIGHTS[k] * sig[k]:.0f} of 100" for k in ranked]


def halves(ev: Evidence) -> pl.DataFrame:
    """Per client and half (1, 2): revenue, costs, hours, entries."""
    months = ev.months
    cut = months[len(months) // 2] if len(months) >= 2 else None
    cm = ev.client_month
    if cut is None or cm.is_empty():
        return pl.DataFrame(schema={"client_key": pl.Utf8, "half": pl.Int32, "revenue": pl.Float64, "costs": pl.Float64,
                                    "hours": pl.Float64, "entries": pl.Float64})
    f = pl.Float64
    src = pl.col("source")
    return cm.with_columns(pl.when(pl.col("month") < cut).then(1).otherwise(2).cast(pl.Int32).alias("half")).group_by(
        "client_key", "half").agg(
        pl.col("amount").filter(src == "invoices").cast(f).sum().alias("revenue"),
        pl.col("amount").filter(src != "invoices").cast(f).sum().alias("costs"),
        pl.col("hours").cast(f).sum().alias("hours"),
        pl.col("n").filter(src == "time_entries").cast(f).sum().alias("entries"),
    )


def _signal_exprs() -> dict[str, pl.Expr]:
    """``signals`` as polars expressions over the columns <key>_1 / <key>_2 (same operations in the same order, so
    the same floats; thousands of clients per run)."""
    def change(key: str) -> pl.Expr:
        base, second = pl.col(f"{key}_1"), pl.col(f"{key}_2")
        return pl.when(base > 0).then((second - base) / base)

    def margin(half: int) -> pl.Expr:
        revenue = pl.col(f"revenue_{half}")
        return pl.when(revenue != 0).then(1 - pl.col(f"costs_{half}") / revenue)

    clamp = {"lower_bound": 0.0, "upper_bound": 1.0}
    return {
        "revenue_decline": (-change("revenue") / FULL["revenue_decline"]).clip(**clamp).fill_null(0.0),
        "hours_decline": (-change("hours") / FULL["hours_decline"]).clip(**clamp).fill_null(0.0),
        "margin_fall": (-(margin(2) - margin(1)) / FULL["margin_fall"]).clip(**clamp).fill_null(0.0),
        "ticket_rise": (change("entries") / FULL["ticket_rise"]).clip(**clamp).fill_null(0.0),
    }


def client_risk(ev: Evidence) -> pl.DataFrame:
    """client_key, client_name, risk_score, reasons (list), signals, highest risk first."""
    h = halves(ev)
    keys = ["revenue", "costs", "hours", "entries"]
    schema = {"client_key": pl.Utf8, "client_name": pl.Utf8, "risk_score": pl.Float64, "reasons": pl.List(pl.Utf8),
              **{k: pl.Float64 for k in WEIGHTS}}
    if h.is_empty():
        return pl.DataFrame(schema=schema)
    first = h.filter(pl.col("half") == 1).select("client_key", *[pl.col(k).alias(f"{k}_1") for k in keys])
    second = h.filter(pl.col("half") == 2).select("client_key", *[pl.col(k).alias(f"{k}_2") for k in keys])
    sig = _signal_exprs()
    wide = first.join(second, on="client_key", how="full", coalesce=True).with_columns(
        [pl.col(f"{k}_{i}").cast(pl.Float64).fill_null(0.0) for k in keys for i in (1, 2)]).with_columns(
        **sig).with_columns(
        (100 * (WEIGHTS["revenue_decline"] * pl.col("revenue_decline") + WEIGHTS["hours_decline"] * pl.col("hours_decline")
                + WEIGHTS["margin_fall"] * pl.col("margin_fall") + WEIGHTS["ticket_rise"] * pl.col("ticket_rise")))
        .alias("_total"))
    names = dict(zip(ev.clients["client_key"].to_list(), ev.clients["client_name"].to_list(), strict=True)) if ev.clients.height else {}
    columns = {c: wide[c].to_list() for c in wide.columns}
    texts: list[str] = []  # one line per reason: a list column built from Python lists costs ~50 us a row
    for i in range(wide.height):
        s = {k: columns[k][i] for k in WEIGHTS}
        if any(v > 0 for v in s.values()):  # reasons are worded only where a signal fires
            texts.append("\n".join(
                reasons(s, {k: columns[f"{k}_1"][i] for k in keys}, {k: columns[f"{k}_2"][i] for k in keys})))
        else:
            texts.append("")
    out = pl.DataFrame({
        "client_key": columns["client_key"],
        "client_name": [names.get(k, k) for k in columns["client_key"]],
        "risk_score": [round(t, 2) for t in columns["_total"]],
        "reasons": texts,
        **{k: [round(v, 4) for v in columns[k]] for k in WEIGHTS},
    }, schema=schema | {"reasons": pl.Utf8}).with_columns(
        pl.when(pl.col("reasons") == "").then(pl.lit([], pl.List(pl.Utf8))).otherwise(pl.col("reasons").str.split("\n"))
        .alias("reasons"))
    return out.sort("risk_score", "client_name", descending=[True, False])
