"""Overhead: the costs with no client dated in a period (DESIGN glossary: "costs with no client are overhead: reported
for the company, never spread over clients"). One function, so the Overview tile, `moat metrics` and Ask give the same
figure."""

from __future__ import annotations

from decimal import Decimal

from moat.db import Connection, scalar
from moat.metrics.periods import Period


def overhead(con: Connection, period: Period) -> Decimal:
    """The sum of the cost rows without a client dated in ``period`` (0 when there are none)."""
    value = scalar(con, "SELECT coalesce(sum(amount), 0) FROM cur_costs WHERE client_key IS NULL AND date BETWEEN ? AND ?",
                   [period.start, period.end])
    return Decimal(str(value))
