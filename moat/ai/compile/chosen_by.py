"""h117: a ranking whose rows are chosen by one metric and show another ("margin of our 3 biggest clients": the 3
clients with the most revenue, their margin shown beside it). Both figures come from the ordinary single-metric
runs; the rows are the size ranking's, in its order, with the asked measure put in front of the size."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from moat.ai.catalogue import METRICS, Intent
from moat.ai.compile.result import Result
from moat.ai.compile.running_total import running_rows
from moat.ai.compile.shown_order import shown_as_asked
from moat.ai.compile.ties import ranked_run

if TYPE_CHECKING:
    from moat.ai.safety import SafeConnection


def ranked_answer(run: Callable[[SafeConnection, Intent], Result], con: SafeConnection, intent: Intent) -> Result:
    """``ranked_run``'s answer, its rows chosen by ``intent.chosen_by`` when set, then sorted as asked."""
    if intent.chosen_by is None:
        return running_rows(shown_as_asked(ranked_run(run, con, intent), intent), intent)
    size = ranked_run(run, con, replace(intent, metric=intent.chosen_by, chosen_by=None))
    if size.shape != "ranking":
        return size
    asked = run(con, replace(intent, chosen_by=None, limit=None, order="desc"))
    values = {row[0]: row[1] for row in asked.rows}
    rows = [[row[0], values.get(row[0]), row[1]] for row in size.rows]
    note = (f"the rows are chosen by {METRICS[intent.chosen_by].label} (their size), "
            f"{METRICS[intent.metric].label} shown for them")
    if intent.picked:  # h138: "which of our 5 biggest clients has the lowest margin": the one row (ties kept)
        rows, note = picked_rows(rows, intent.picked), note + f"; the one with the {_SIDE[intent.picked]} of them kept"
    return replace(size, columns=[size.columns[0], asked.columns[1], size.columns[1]], rows=rows,
                   executed=[*size.executed, *asked.executed], notes=[*size.notes, note])


_SIDE = {"asc": "lowest", "desc": "highest"}


def picked_rows(rows: list[list[object]], side: str) -> list[list[object]]:
    """The row(s) with the lowest (``asc``) / highest (``desc``) asked value of the chosen rows; a tie keeps each tied
    row, so the pick never hides one that is just as low."""
    valued = [row for row in rows if row[1] is not None]
    if not valued:
        return []
    best = (min if side == "asc" else max)(float(row[1]) for row in valued)  # type: ignore[arg-type]
    return [row for row in valued if abs(float(row[1]) - best) <= 1e-9]  # type: ignore[arg-type]
