"""`make bench` (= ``python -m bench [--quick] [--out bench/results]``): measured figures, each against a baseline.

Every ``bench/bench_*.py`` module defines ``measure(tmpdir: Path) -> dict`` (it may also accept ``quick: bool``;
``BENCH_QUICK=1`` is set in its environment either way). The runner calls each one in its own subprocess, so one
module's peak memory, crash or hang cannot spoil another's figures, and writes ``report.md`` and ``report.json``.

What a module returns is free-form JSON-able data, rendered as tables; two conventions make it a report:
- a dict with a ``target`` key is a *target figure*: give it ``name``, ``value``, ``unit``, ``target`` (text such
  as "< 1 s" or "<= 2x"), ``met`` (True/False) and, when not met, ``note`` saying why. ``baseline`` and ``ratio``
  (value / baseline, measured in the same run on the same machine) are shown when present. The report's first
  table lists every target figure of every module; its notes list the ones that are not met, with the reason.
- ``title`` names the section, ``notes`` (list of text) are printed under it; ``figure``/``ratio`` below help.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def figure(name: str, value: float | None, unit: str, *, target: str | None = None, met: bool | None = None,
           baseline: float | None = None, note: str | None = None, paired: float | None = None,
           **extra: Any) -> dict[str, Any]:
    """One measured figure; ``ratio`` = value / baseline when a baseline was measured, or ``paired`` (the median
    of per-round ratios from ``interleaved``) when given."""
    out: dict[str, Any] = {"name": name, "value": value, "unit": unit}
    if baseline is not None:
        out["baseline"] = baseline
        out["ratio"] = ratio(value, baseline) if paired is None else paired
    if paired is not None:
        out["ratio_is"] = "median of per-round ratios, run and baseline interleaved"
    if target is not None:
        out["target"] = target
        out["met"] = met
    if note:
        out["note"] = note
    out.update(extra)
    return out


def ratio(value: float | None, baseline: float | None) -> float | None:
    if value is None or not baseline:
        return None
    return value / baseline


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Median wall seconds of ``repeat`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def interleaved(fns: dict[str, Callable[[], Any]], repeat: int) -> tuple[dict[str, list[float]], dict[str, Any]]:
    """Wall seconds of each of ``fns`` over ``repeat`` rounds, one call of each per round, and each one's last
    result.

    Timed one after the other (all rounds of one, then all of the next), a ratio drifts with the machine: on a
    shared VM the same call varied 1.1-2.1 s within a minute, so a slow spell landing on one block moved the
    analytics ratio from 2.4 to 4. Interleaved, the two sides of each round see the same machine, and the median of
    the per-round ratios (``paired_ratio``) is what the report judges.
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    results: dict[str, Any] = {}
    for _ in range(max(1, repeat)):
        for name, fn in fns.items():
            started = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - started)
    return times, results


def paired_ratio(values: list[float], baselines: list[float]) -> float:
    """Median over rounds of value / baseline (rounds from ``interleaved``)."""
    return statistics.median(v / b for v, b in zip(values, baselines, strict=True))


def round_ratios(values: list[float], baselines: list[float]) -> list[float]:
    """Each round's value / baseline from the unrounded times, to 2 places (what the report lists beside the
    median). Recomputing them from seconds rounded to milliseconds would not do: a 15 ms baseline rounded moves
    its ratio by up to 3%."""
    return [round(v / b, 2) for v, b in zip(values, baselines, strict=True)]


def rss_mb() -> float:
    """Resident memory of this process now, in MB."""
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6
