"""h127 (h121 C): a yes/no about the company's own CHANGE against a mark ("did revenue rise by more than 5% in Q2",
"did gross profit fall by over 10k in July") is the company's two values, the change and whether the change clears
the mark. Before, the mark went over the clients and their list answered ("Redwood Accounting +11,208"), another
question: h90's ``own_figure`` read the company's figure for a yes/no with one period only.

``own_figure`` now lets a second period through when the question says a direction (rise / fall); ``sql`` /
``compare`` give one row ``[before, after, change(, change_pct), passes]``, the mark checked on the size of the change
in the direction asked (``compare._thresholded``), and the narrative says yes or no."""

from __future__ import annotations

from typing import Any

from moat.ai.catalogue import METRICS, Intent


def company_change_checked(intent: Intent) -> bool:
    """Whether ``intent`` is the company's change against a mark (module doc)."""
    return intent.compared and intent.threshold is not None and intent.change in ("up", "down") \
        and intent.grouping == "company" and not intent.count


def checked_row(intent: Intent, row: list[Any], thresholded: Any) -> list[Any]:
    """The company's row with whether its change clears the mark appended (``thresholded``: the size the mark is
    checked on, the change in the direction asked, None when undefined)."""
    assert intent.threshold is not None
    return [*row, intent.threshold.passes(thresholded)]


def checked_text(intent: Intent, row: list[Any], fmt: Any) -> str:
    """ "rise > 5%: no" said after both values and the change."""
    assert intent.threshold is not None
    kind = "percent" if intent.relative else METRICS[intent.metric].kind
    mark = intent.threshold.text(kind) if kind == "percent" else \
        f"{intent.threshold.op} {fmt(intent.metric, intent.threshold.value)}"
    which = "rise" if intent.change == "up" else "fall"
    return f" A {which} {'in percent ' if intent.relative else ''}{mark}: {'yes' if row[-1] else 'no'}."
