"""h54 (issue 15): a condition checked in each of several periods, and one total over the entities a condition picks.

Each period is computed by the same ``run`` as a one-period question (so each value is the number the pages show for
that period, exact money while the condition is checked); only the pairing of the periods' rows, the condition per
period and the intersection (every period) or union (at least one) happen here. One total is the sum of the passing
entities' values, computed from the same rows a list of them shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from moat.ai.catalogue import METRICS, Intent
from moat.ai.compile.result import EXACT_MONEY, CannotFilter, Result, coverage
from moat.ai.safety import SafeConnection
from moat.formatting import money
from moat.metrics.periods import Period

Runner = Callable[[SafeConnection, Intent], Result]


class PeriodNotCovered(CannotFilter):
    """A period the condition must be checked in that the data does not cover whole (the data ends inside it): the
    engine refuses it as it refuses a filter it cannot apply, naming the period."""


def _values(con: SafeConnection, intent: Intent, run: Runner, start: Any, end: Any, metric: str) -> dict[str, Any]:
    """Every entity's exact value of ``metric`` in start..end (no threshold, no cut), by name."""
    plain = replace(intent, metric=metric, start=start, end=end, each=(), each_mode="all", passing_total=False,
                    where_metric=None, threshold=None, count=False, limit=None, order=None)
    token = EXACT_MONEY.set(True)
    try:
        result = run(con, plain)
    finally:
        EXACT_MONEY.reset(token)
    if result.shape == "single":  # one named entity: its value
        names = plain.filter(plain.grouping)
        return {names[0]: result.rows[0][0]} if names and result.rows else {}
    return {row[0]: row[1] for row in result.rows}


def _shown(metric: str, value: Any) -> Any:
    if value is None:
        return None
    kind = METRICS[metric].kind
    return money(value) if kind == "money" else value


def run_each(con: SafeConnection, intent: Intent, run: Runner) -> Result:
    """[entity, value in each period ...] for the entities passing the threshold in every period (each_mode "all") or
    in at least one ("any"), or their count; a period the data does not cover whole raises ``PeriodNotCovered``."""
    assert intent.threshold is not None
    per_period: list[dict[str, Any]] = []
    for start, end in intent.each:
        period = Period(start, end)
        if coverage(con, period) < 1:
            raise PeriodNotCovered(f"The data does not cover {_label(period)} whole ({coverage(con, period):.0%} of "
                                   "its days)", "check the condition in periods the data covers whole")
        per_period.append(_values(con, intent, run, start, end, intent.metric))
    names = sorted(set().union(*per_period))
    passed = [[intent.threshold.passes(values.get(name)) for values in per_period] for name in names]
    keep = all if intent.each_mode == "all" else any
    rows = [[name] + [_shown(intent.metric, values.get(name)) for values in per_period]
            for name, ok in zip(names, passed, strict=True) if keep(ok)]
    executed = list(con.executed)
    if intent.count:
        return Result(["count"], [[len(rows)]], "count", None, executed, 0, 1.0)
    order = intent.order or ("asc" if intent.threshold.op in ("<", "<=") else "desc")
    last = len(intent.each)  # sorted by the last period's value (undefined last), then name
    rows.sort(key=lambda r: (r[last] is None, 0.0 if r[last] is None else
                             (float(r[last]) if order == "asc" else -float(r[last])), str(r[0])))
    entity = {"client": "client_name", "technician": "technician_name", "product": "product"}[intent.grouping]
    columns = [entity] + [f"{intent.metric} {_label(Period(s, e))}" for s, e in intent.each]
    return Result(columns, rows, "ranking", None, executed, 0, 1.0)


def _label(p: Period) -> str:
    from moat.ai.each_period import _name

    return _name(p)


def run_passing_total(con: SafeConnection, intent: Intent, run: Runner) -> Result:
    """[[total, n]]: the sum of ``metric`` over the entities whose ``where_metric`` (else ``metric``) passes."""
    assert intent.threshold is not None
    values = _values(con, intent, run, intent.start, intent.end, intent.metric)
    on = values if not intent.where_metric else _values(con, intent, run, intent.start, intent.end, intent.where_metric)
    passing = sorted(name for name, v in on.items() if intent.threshold.passes(v))
    nulls = sum(1 for name in passing if values.get(name) is None)
    total = sum((Decimal(str(values[n])) for n in passing if values.get(n) is not None), Decimal(0))
    kind = METRICS[intent.metric].kind
    shown: Any = money(total) if kind == "money" else (int(total) if kind == "seats" else total.normalize())
    who = {"client": "clients", "technician": "technicians", "product": "products"}[intent.grouping]
    executed = list(con.executed)
    return Result([intent.metric, who], [[shown, len(passing)]], "single", None, executed, nulls,
                  coverage(con, intent.period))
