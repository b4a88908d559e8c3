"""The MSP's exact values against peers' noisy ones: a verdict per peer value, a sentence per metric and segment,
and a pack's values as the pages print them."""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.privacy.bounds import METRICS


def verdict(own: float | None, low: float | None, high: float | None) -> str:
    """How the MSP's exact value stands against a peer's noisy interval, in plain words."""
    if own is None:
        return "no value of yours to compare"
    if low is None or high is None:
        return "peer value too noisy to compare"
    if low <= own <= high:
        return "within noise"
    return "above peer" if own > high else "below peer"


def compare(own: pl.DataFrame, peers: pl.DataFrame) -> pl.DataFrame:
    """Own exact KPIs (metric, segment, value) against every peer value of the same metric and segment."""
    if peers.is_empty():
        return pl.DataFrame()
    joined = peers.join(own.rename({"value": "own"}), on=["metric", "segment"], how="left")
    verdicts = [verdict(r["own"], r["low"], r["high"]) for r in joined.iter_rows(named=True)]
    return joined.with_columns(pl.Series("verdict", verdicts, dtype=pl.Utf8))


def value_text(unit: str, value: Any) -> str:
    """A released or own value as the pages print it (money via moat.formatting, half-up to cents). A count is a
    whole number, a noisy one rounded half-up ("Clients, all: yours 40", never "40.0": h112)."""
    from moat.formatting import value_text as formatted

    return formatted(value, unit if unit in ("money", "percent", "hours", "count") else "number")


def display_rows(pack: dict[str, Any]) -> list[dict[str, str]]:
    """The values of a pack as text rows: metric, segment, value, interval at the stated confidence, note."""
    units = {m["name"]: (m["unit"], m["label"]) for m in pack["metrics"]}
    conf = f"{1 - float(pack['privacy']['alpha']):.0%}"
    out = []
    for v in pack["values"]:
        unit, label = units[v["metric"]]
        interval = ("n/a" if v["low"] is None or v["high"] is None
                    else f"{value_text(unit, v['low'])} to {value_text(unit, v['high'])}")
        out.append({"metric": label, "segment": v["segment"], "noisy value": value_text(unit, v["value"]),
                    f"{conf} interval": interval, "note": v["note"] or ""})
    return out


def sentence(metric: str, segment: str, group: pl.DataFrame) -> str:
    """One plain-language line per metric and segment: how the MSP's exact value compares with every peer."""
    spec = METRICS[metric]
    own = group["own"][0]
    counts = {k: group.filter(pl.col("verdict") == k).height for k in ("within noise", "above peer", "below peer")}
    peers = group.height
    head = f"{spec.label}, {segment}: yours {value_text(spec.unit, own)}"
    if own is None:
        return f"{head} (you have no value for this segment)."
    parts = []
    if counts["within noise"]:
        parts.append(f"within noise of {counts['within noise']} of {peers} peer pack(s), so no real difference can be claimed there")
    if counts["above peer"]:
        parts.append(f"above {counts['above peer']} beyond the noise")
    if counts["below peer"]:
        parts.append(f"below {counts['below peer']} beyond the noise")
    too_noisy = peers - sum(counts.values())
    if too_noisy:
        parts.append(f"{too_noisy} peer value(s) too noisy to compare")
    return f"{head} — " + "; ".join(parts) + "."
