"""What the KPI pages share: a tile's figure with its change against the previous period, and when that change must
not be shown (``moat.metrics.periods``: a period partly covered by data, or licence figures over periods holding
different numbers of licence months)."""

from __future__ import annotations

from typing import Any

from moat.db import Connection
from moat.metrics.periods import Period, comparison_note, licence_months_note
from moat.metrics.totals import change


def withheld(con: Connection, period: Period, *, licence_based: bool = False) -> bool:
    """Whether a change against the previous period must not be shown."""
    return comparison_note(con, period) is not None or (licence_based and licence_months_note(period) is not None)


def tile(label: str, now: dict[str, Any], before: dict[str, Any] | None, metric: str, kind: str, **extra: Any) -> dict[str, Any]:
    """One tile (``moat.ui.widgets.tiles``): ``now[metric]`` with its change against ``before[metric]``; no change
    when ``before`` is None (withheld) or holds None for it."""
    previous = None if before is None else before.get(metric)
    return {"label": label, "value": now[metric], "kind": kind, "change": change(now[metric], previous, kind), **extra}
