"""The Benchmarks page: the MSP's own exact KPIs against the noisy values of peers' packs.

Own figures are computed per public segment and for all clients together (the two groupings a pack may hold), so
every peer value finds the own value of the same metric and segment. A difference inside a peer's interval is within
noise: the sentences and the verdicts say so rather than claim a difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from moat.charts.benchmarks import benchmark_chart
from moat.config import Config
from moat.db import Connection
from moat.frames import python_map
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.privacy import packs, releases
from moat.privacy.bounds import METRICS

TABLE_VALUES = ("own", "value", "low", "high")  # printed by the metric's unit (moat.formatting via packs.value_text)


def peers(con: Connection) -> pl.DataFrame:
    """Every value of every imported peer pack (empty: none imported yet)."""
    return packs.peer_values(con)


def import_pack(con: Connection, user: User, data: bytes, name: str) -> str:
    """Import a peer's pack (validated, audited); the sentence the user reads."""
    return f"Imported as pack {packs.import_pack(con, user, data, name)}."


def own_kpis(con: Connection, user: User, period: Period, cfg: Config | None = None) -> pl.DataFrame:
    """Own exact KPIs (metric, segment, value) per public segment and for all clients together, one row each."""
    return pl.concat([releases.own_kpis(con, user, period, "segment", cfg),
                      releases.own_kpis(con, user, period, "all", cfg)]).unique(["metric", "segment"], keep="first")


@dataclass(frozen=True)
class MetricComparison:
    """One metric: the chart, a sentence per segment, and the table of own and peer values as text."""

    chart: Any
    sentences: list[str]
    table: pl.DataFrame  # segment, peer, own, value, low, high, verdict, epsilon


@dataclass(frozen=True)
class Comparison:
    """Own KPIs joined to every peer value of the same metric and segment, with a verdict each."""

    compared: pl.DataFrame
    metrics: list[str]  # the metrics some peer released, in catalogue order

    def metric(self, metric: str) -> MetricComparison:
        chosen = self.compared.filter(pl.col("metric") == metric)
        sentences = [packs.sentence(metric, segment, chosen.filter(pl.col("segment") == segment))
                     for segment in chosen["segment"].unique(maintain_order=True).to_list()]
        unit = METRICS[metric].unit
        table = chosen.select(
            "segment", pl.col("label").alias("peer"),
            *[python_map(chosen[c], lambda v, u=unit: packs.value_text(u, v), pl.Utf8, skip_nulls=False) for c in TABLE_VALUES],
            "verdict", "epsilon",
        )
        return MetricComparison(benchmark_chart(self.compared, metric), sentences, table)


def compare(con: Connection, user: User, peer_values: pl.DataFrame, cfg: Config | None = None) -> Comparison:
    """Each peer pack's values against own KPIs over that pack's own period.

    The page compared every pack with own figures of the period picked above it: "Last 12 months" put a year of
    own revenue ($2.6M) against a peer's three months and called it "above 1 beyond the noise" (h112). A pack is
    a release over fixed dates, so those dates are the only ones its values can be set against."""
    parts = [packs.compare(own_kpis(con, user, Period(start, end), cfg), values)
             for (start, end), values in peer_values.group_by(["period_start", "period_end"], maintain_order=True)]
    compared = pl.concat([p for p in parts if p.height], how="diagonal_relaxed") if any(p.height for p in parts) \
        else pl.DataFrame()
    present = set(compared["metric"].to_list()) if compared.height else set()
    return Comparison(compared, [m for m in METRICS if m in present])


def periods_text(peer_values: pl.DataFrame) -> str:
    """Which dates each pack covers, the ones own figures are computed over: "Your exact figures are computed over
    each pack's own period: Peer MSP A 01 Jun 2026 to 31 Aug 2026."."""
    packs_ = peer_values.select("label", "period_start", "period_end").unique(maintain_order=True)
    spans = [f"{r['label']} {r['period_start']:%d %b %Y} to {r['period_end']:%d %b %Y}" for r in packs_.iter_rows(named=True)]
    return "Your exact figures are computed over each pack's own period: " + "; ".join(spans) + "."


def empty_text(can_import: bool) -> str:
    """What to do while no pack is imported: the page's own import box for those who may use it (it said
    "`moat benchmarks import PACK.json`" right under that box, h112), an analyst or admin for the others."""
    if can_import:
        return "No peer packs yet. Import a pack a peer shared with you under \"Import a peer pack\" above."
    return "No peer packs yet. Ask an analyst or an admin to import a pack a peer shared with you."


def metric_label(metric: str) -> str:
    return METRICS[metric].label
