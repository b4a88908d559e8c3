"""Scoring `moat ask` on the paraphrase families: one outcome per question, then the report table.

Outcomes (README of this folder): exact, partial (not exact but flagged: provisional, confidence below
``review_confidence`` or words reported as ignored), confidently_wrong (not exact and not flagged),
wrongly_refused, correctly_refused. ``classify`` is a pure function of the answer, the family and the expected
rows so the test can feed it a known-correct and a known-wrong answer.
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bench.eval_families.expected import MONEY, expected
from bench.eval_families.families import Family, Setting

OUTCOMES = ("exact", "partial", "confidently_wrong", "wrongly_refused", "correctly_refused")


@dataclass
class Scored:
    family: str
    part: str
    question: str
    outcome: str
    confidence: float
    provisional: bool
    ms: float
    interpretation: str | None
    got: list[list[Any]]
    want: list[tuple[Any, ...]] | None
    answerable: bool = True


def _num(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (Decimal, int, float)):
        return float(value)
    return None


def _same(a: Any, b: Any, tol: float) -> bool:
    fa, fb = _num(a), _num(b)
    if fa is None or fb is None:
        return fa is None and fb is None and a is None and b is None
    return abs(fa - fb) <= tol + 1e-9 * abs(fb)


def _tol(metric: str) -> float:
    return 0.005001 if metric in MONEY else 1e-6


_QUARTER = re.compile(r"(?:(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*-?\s*(\d{4}))", re.IGNORECASE)


def _label(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:7]
    text = str(value)
    quarter = _QUARTER.fullmatch(text.strip())  # h18: "Q3 2026" / "2026-Q3" is the quarter's first month
    if quarter:
        year, q = (quarter[1], quarter[2]) if quarter[1] else (quarter[4], quarter[3])
        return f"{year}-{3 * int(q) - 2:02d}"
    return text[:7] if len(text) >= 7 and text[4:5] == "-" else text.strip().casefold()


def _strip_name(row: list[Any]) -> list[Any]:
    return row[1:] if row and isinstance(row[0], str) else row


def matches(fam: Family, got: list[list[Any]], want: list[tuple[Any, ...]]) -> bool:
    """Whether ``got`` (answer rows) is the exact answer ``want`` under the README's conventions."""
    tol = _tol(fam.metric)
    if fam.answer in ("total", "count", "share"):  # a share is a fraction (ratio tolerance), whatever it is a share of
        if len(got) != 1 or len(want) != 1:
            return False
        row = _strip_name(list(got[0])) if fam.answer != "count" else list(got[0])
        return bool(row) and _same(row[0], want[0][0], tol if fam.answer == "total" else 1e-6)
    if fam.answer == "compare" and want and len(want[0]) == 3:  # one row: a, b, change
        if len(got) != 1:
            return False
        return _compare_row(_strip_name(list(got[0])), want[0], tol)
    if len(got) != len(want):
        return False
    if fam.answer == "mom":  # h18: [month, value, change from the month before] (an empty change only where expected)
        return all(len(g) >= 3 and _label(g[0]) == _label(w[0]) and _same(g[1], w[1], tol) and _same(g[2], w[2], tol)
                   for g, w in zip(got, want, strict=True))
    if fam.answer == "trend":
        return all(len(g) >= 2 and _label(g[0]) == _label(w[0]) and _same(g[1], w[1], tol)
                   for g, w in zip(got, want, strict=True))
    pairs = list(zip(got, want, strict=True))
    if not fam.order:  # a plain list: the same entities with the same values, in any order
        pairs = list(zip(sorted(got, key=lambda r: _label(r[0]) if r else ""),
                         sorted(want, key=lambda r: _label(r[0])), strict=True))
    for g, w in pairs:
        if len(g) < 2 or _label(g[0]) != _label(w[0]):
            return False
        if fam.each:  # h54: [name, value in each period ...], every period's value checked
            if len(g) < len(w) or not all(_same(a, b, tol) for a, b in zip(g[1:len(w)], w[1:], strict=True)):
                return False
        elif fam.answer == "compare":
            if not _compare_row(list(g[1:]), w[1:], tol):
                return False
        elif not _same(g[1], w[1], tol):
            return False
    return True


def _compare_row(got: list[Any], want: tuple[Any, ...], tol: float) -> bool:
    """[a, b, change]: both values, and the change as b - a or relative to |a|."""
    if len(got) < 3:
        return False
    a, b, _ = want
    if not (_same(got[0], a, tol) and _same(got[1], b, tol)):
        return False
    change = _num(got[2])
    fa, fb = _num(a), _num(b)
    if change is None or fa is None or fb is None:
        return False
    ok_abs = abs(change - (fb - fa)) <= tol + 1e-9 * abs(fb - fa)
    ok_rel = fa != 0 and abs(change - (fb - fa) / abs(fa)) <= 1e-6
    return ok_abs or ok_rel


def routed(fam: Family, answer: Any) -> bool:
    """A "why" / "what should we do" answer: the right kind of answer, about the named entity."""
    words = ("expla", "why", "contribution", "shapley") if fam.route == "explanation" else (
        "insight", "recommend", "action", "suggest")
    text = " ".join([str(answer.intent or ""), *map(str, answer.columns)]).casefold()
    if not any(w in text for w in words):
        return False
    name = fam.filter.get("client") or fam.filter.get("technician")
    if not name:
        return True
    cells = " ".join(str(c) for row in answer.rows for c in row)
    return name.casefold() in (cells + " " + str(answer.interpretation or "")).casefold()


def flagged(answer: Any, review: float) -> bool:
    return bool(answer.provisional or answer.confidence < review or getattr(answer, "ignored", None))


def classify(fam: Family, answer: Any, want: list[tuple[Any, ...]] | None, review: float) -> str:
    """The outcome of one answer (see the module docstring)."""
    if fam.answer == "refuse":
        if answer.refused and not answer.rows:
            return "correctly_refused"
        return "partial" if flagged(answer, review) else "confidently_wrong"
    if answer.refused:
        return "wrongly_refused"
    ok = routed(fam, answer) if fam.answer == "route" else matches(fam, answer.rows, want or [])
    if ok:
        return "exact"
    return "partial" if flagged(answer, review) else "confidently_wrong"


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else 0.0


def summarise(scored: list[Scored]) -> dict[str, Any]:
    """Counts and shares of each outcome; exact and wrongly refused as shares of the answerable questions."""
    n = len(scored)
    counts = {o: sum(s.outcome == o for s in scored) for o in OUTCOMES}
    answerable = sum(s.answerable for s in scored)
    refusals = n - answerable
    ms = [s.ms for s in scored]
    return {
        "questions": n, "answerable": answerable, "refusals": refusals, **counts,
        "wrong": counts["partial"] + counts["confidently_wrong"],
        "exact_share": round(counts["exact"] / answerable, 4) if answerable else None,
        "wrongly_refused_share": round(counts["wrongly_refused"] / answerable, 4) if answerable else None,
        "correctly_refused_share": round(counts["correctly_refused"] / refusals, 4) if refusals else None,
        "exact_provisional": sum(s.outcome == "exact" and s.provisional for s in scored),
        "ms_p50": round(statistics.median(ms), 1) if ms else None, "ms_p95": round(_pct(ms, 0.95), 1),
    }


def run(con: Any, cfg: Any, user: Any, families: list[Family], setting: Setting, model: Any = None,
        label: str = "") -> list[Scored]:
    """Ask every question (uncached, in-process) and classify each answer."""
    import sys

    from moat.ai.engine import LIMITER, ask

    out: list[Scored] = []
    total = sum(len(f.questions) for f in families)
    for fam in families:
        want = expected(con, fam, setting)
        for question in fam.questions:
            LIMITER.reset()
            started = time.perf_counter()
            answer = ask(con, user, question, setting.as_of, use_cache=False, config=cfg, model=model)
            ms = (time.perf_counter() - started) * 1000
            out.append(Scored(fam.id, fam.part, question, classify(fam, answer, want, cfg.review_confidence),
                              float(answer.confidence), bool(answer.provisional), ms, answer.interpretation,
                              [list(r) for r in answer.rows[:6]], want, fam.answerable))
            if len(out) % 50 == 0:
                print(f"eval_families{' ' + label if label else ''}: {len(out)}/{total} questions", file=sys.stderr)
    return out
