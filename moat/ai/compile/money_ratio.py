"""h122 (issue 15): one money figure over another for the same rows and period ("labour cost as a % of revenue"), or a
summed figure over itself in a longer period holding the period ("what share of the first quarter's revenue came in March").

Each figure is computed by the same ``run`` as the question asking it alone (exact money while divided), so the
fraction is of the two numbers the pages show; both are shown beside it, so a share is never read as an amount.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from moat.ai.catalogue import METRICS, Intent
from moat.ai.compile.result import EXACT_MONEY, Result, coverage
from moat.ai.safety import SafeConnection
from moat.formatting import money

Runner = Callable[[SafeConnection, Intent], Result]


def _value(result: Result) -> Any:
    return result.rows[0][-1] if result.rows and result.rows[0] else None


def run_ratio(con: SafeConnection, intent: Intent, run: Runner) -> Result:
    """[[fraction, figure, the figure it is over]] (the fraction None when the second is zero or undefined)."""
    whole_metric = intent.of_metric or intent.metric
    start, end = intent.of_period or (intent.start, intent.end)
    token = EXACT_MONEY.set(True)
    try:
        top = _value(run(con, replace(intent, of_metric=None, of_period=None)))
        bottom = _value(run(con, replace(intent, metric=whole_metric, start=start, end=end, of_metric=None, of_period=None)))
    finally:
        EXACT_MONEY.reset(token)
    share = None if top is None or not bottom else float(Decimal(str(top)) / Decimal(str(bottom)))
    shown = [v if v is None or METRICS[intent.metric].kind != "money" else money(Decimal(str(v))) for v in (top, bottom)]
    columns = ["share", intent.metric, intent.of_metric or f"{intent.metric} {start.isoformat()}..{end.isoformat()}"]
    return Result(columns, [[share, *shown]], "single", None, list(con.executed),
                  int(share is None), coverage(con, intent.period))
