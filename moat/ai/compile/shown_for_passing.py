"""h132: "licence cost for clients over 1000 in waste": the entities whose ``where_metric`` passes the threshold, the
asked measure shown for each (highest first), the condition's value beside it. Both figures come from the ordinary
single-metric runs, so each is computed as everywhere else."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from moat.ai.catalogue import METRICS, Intent
from moat.ai.compile.result import Result

if TYPE_CHECKING:
    from moat.ai.safety import SafeConnection


def listed_for_passing(run: Callable[[SafeConnection, Intent], Result], con: SafeConnection, intent: Intent) -> Result:
    """[name, asked value, condition value] for the entities passing the condition on ``intent.where_metric``."""
    assert intent.where_metric is not None
    on = run(con, replace(intent, metric=intent.where_metric, where_metric=None, order="desc"))
    if on.shape != "ranking":
        return on
    asked = run(con, replace(intent, where_metric=None, threshold=None, order="desc"))
    values = {row[0]: row[1] for row in asked.rows}
    rows = [[row[0], values.get(row[0]), row[1]] for row in on.rows]
    rows.sort(key=lambda row: (row[1] is None, -float(row[1] or 0), str(row[0])))
    note = (f"the rows are those whose {METRICS[intent.where_metric].label} passes the condition, "
            f"{METRICS[intent.metric].label} shown for each")
    return replace(on, columns=[on.columns[0], asked.columns[1], on.columns[1]], rows=rows,
                   executed=[*on.executed, *asked.executed], notes=[*on.notes, note])
