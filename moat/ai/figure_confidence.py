"""The data-quality confidence of the figures an answer shows: the one `moat metrics` reports for them.

h43 F8: Ask measured only how much of the asked period the data covers, so a figure `moat metrics` scores 0.70 or
less (few rows, months missing, names matched through aliases, a few rows dominating) was "data 100%" on Ask and
unflagged, while the rest of the app sent it to review. One figure has one confidence: this module asks
``moat.analytics.confidence`` (the scorer behind `moat metrics`' ``confidence`` column) for the entities, metric
and period of the answer, and the engine takes the minimum of that and its own coverage measure.

Which score, as ``annotate`` picks it for `moat metrics`: licence figures by client (seats, waste, licence
utilisation) use the licence confidence; a technician's figures the technician confidence; any other client figure
the client (profitability) confidence; figures of no one entity (the company, a product, a month) the company
confidence. An answer over several entities (a named set, a segment, a list) takes the lowest of theirs: it is only
as sure as its weakest figure.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import polars as pl

from moat.ai.catalogue import METRICS, Intent
from moat.metrics.periods import Period

# What a low part means, in the words a reader can act on (moat/analytics/confidence.py defines the parts).
PART_WORDS = {
    "completeness": "months or fields missing",
    "sample_size": "few rows behind it",
    "recency": "no recent rows",
    "name_match": "names matched through aliases or rows quarantined",
    "outliers": "a few large rows make most of it",
}
_LICENCE_SOURCE = "licenses_client"
_CACHE: OrderedDict[tuple[Any, ...], pl.DataFrame | dict[str, float]] = OrderedDict()
_CACHE_SIZE = 32
_LOCK = threading.Lock()


@dataclass(frozen=True)
class FigureConfidence:
    """The lowest data-quality confidence among the figures an answer shows, and the entity it belongs to."""

    value: float
    entity: str  # "Harbor Logistics", "the company"
    parts: dict[str, float]

    def note(self, review: float) -> str:
        """What the score is and its weakest parts ("the data behind Harbor Logistics's figure scores only 69.6% ...")."""
        weak = sorted((v, k) for k, v in self.parts.items() if v < 0.9)[:3]
        why = ", ".join(f"{PART_WORDS.get(k, k)} ({k.replace('_', ' ')} {v:.2f})" for v, k in weak)
        return (f"the data behind {self.entity}'s figure scores {'only ' if self.value < review else ''}"
                f"{self.value:.1%} on the app's data-quality check (the confidence `moat metrics` reports; the review "
                f"line is {review:.0%})" + (f": {why}" if why else ""))


def _scores(con: Any, version: Any, period: Period, kind: str) -> pl.DataFrame | dict[str, float]:
    """The per-entity (or company) confidence frame of ``kind`` for ``period``, as `moat metrics` computes it;
    kept per data version, since the bench and a page ask many questions about the same few periods."""
    from moat.analytics import confidence as qc
    from moat.analytics.evidence import gather

    key = (version, period.start, period.end, kind)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    ev = gather(con, period, with_detail=False)
    value: pl.DataFrame | dict[str, float]
    if kind == "licence":
        value = qc.license_confidence(ev).join(ev.clients.select("client_key", pl.col("client_name").alias("name")),
                                               on="client_key", how="left")
    elif kind == "client":
        value = qc.client_confidence(ev).join(ev.clients.select("client_key", pl.col("client_name").alias("name")),
                                              on="client_key", how="left")
    elif kind == "technician":
        value = qc.technician_confidence(ev).join(
            ev.techs.select("technician_key", pl.col("technician_name").alias("name")), on="technician_key", how="left")
    else:
        value = qc.company_confidence(ev)
    with _LOCK:
        _CACHE[key] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def _segment_clients(con: Any, segments: tuple[str, ...]) -> set[str]:
    from moat.db import rows

    marks = ", ".join("?" for _ in segments)
    return {r[0] for r in rows(con, f"SELECT DISTINCT client_name FROM cur_clients WHERE lower(segment) IN ({marks})",
                               [s.lower() for s in segments])}


def _shown_names(result_rows: list[list[Any]]) -> set[str]:
    return {cell for row in result_rows for cell in row if isinstance(cell, str)}


def figure_confidence(con: Any, version: Any, intent: Intent, result_rows: list[list[Any]]) -> FigureConfidence | None:
    """The lowest `moat metrics` confidence among the figures ``intent``'s answer (``result_rows``) is built on, for
    its period (and its earlier period, when two are compared); None when the metric has no such score (counts,
    anomalies) or nothing could be matched."""
    metric = METRICS.get(intent.metric)
    if metric is None or metric.kind not in ("money", "percent", "hours", "seats"):
        return None
    technicians = intent.filter("technician")
    clients = set(intent.filter("client"))
    if intent.filter("segment"):
        clients |= _segment_clients(con, intent.filter("segment"))
    shown = _shown_names(result_rows)
    if technicians or intent.grouping == "technician":
        kind, names = "technician", set(technicians) or shown
    elif clients or intent.grouping in ("client", "segment"):
        source = metric.by.get("client", ("", ""))[0]
        kind = "licence" if source == _LICENCE_SOURCE else "client"
        names = clients if clients else shown
        if intent.grouping == "segment" and not clients:
            names = _segment_clients(con, tuple(s for s in shown))
    else:
        kind, names = "company", set()
    periods = [intent.period]
    if intent.compare_start is not None and intent.compare_end is not None:
        periods.append(Period(intent.compare_start, intent.compare_end))
    worst: FigureConfidence | None = None
    for period in periods:
        scores = _scores(con, version, period, kind)
        if isinstance(scores, dict):
            found = [FigureConfidence(float(scores["confidence"]), "the company",
                                      {k: float(v) for k, v in scores.items() if k != "confidence"})]
        else:
            if not names:
                continue
            frame = scores.filter(pl.col("name").is_in(sorted(names)))
            parts = [c for c in PART_WORDS if c in frame.columns]
            found = [FigureConfidence(float(r["confidence"]), r["name"], {p: float(r[p]) for p in parts})
                     for r in frame.iter_rows(named=True) if r["confidence"] is not None]
        for fc in found:
            if worst is None or fc.value < worst.value:
                worst = fc
    return worst
