"""h117: rows chosen by one order and shown in the other ("the top 3, lowest first"): the cut is made by
``Intent.order`` and ``Intent.limit``; the kept rows are then listed as asked."""
from __future__ import annotations

from dataclasses import replace

from moat.ai.catalogue import Intent
from moat.ai.compile.result import Result


def shown_as_asked(result: Result, intent: Intent) -> Result:
    """The ranking's rows reversed when the question sorts them the other way from the side that chose them."""
    if intent.shown is None or intent.shown == intent.order or result.shape != "ranking":
        return result
    return replace(result, rows=list(reversed(result.rows)))
