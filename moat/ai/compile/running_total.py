"""h117: a running total over months: each month's row holds the sum from the period's first month up to it."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from moat.ai.catalogue import Intent
from moat.ai.compile.result import Result


def running_rows(result: Result, intent: Intent) -> Result:
    """The trend's rows summed month by month when the intent asks for a running total."""
    if not intent.running or result.shape != "trend":
        return result
    total: Decimal = Decimal(0)
    rows = []
    for row in result.rows:
        if row[1] is not None:
            total += Decimal(str(row[1]))
        rows.append([row[0], float(total) if isinstance(row[1], float) else total, *row[2:]])
    return replace(result, rows=rows)
