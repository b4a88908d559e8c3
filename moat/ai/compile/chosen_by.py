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
from moat.ai.compile.shown_for_passing import listed_for_passing
from moat.ai.compile.shown_order import shown_as_asked
from moat.ai.compile.ties import cut, doubt, ranked_run

if TYPE_CHECKING:
    from moat.ai.safety import SafeConnection


def ranked_answer(run: Callable[[SafeConnection, Intent], Result], con: SafeConnection, intent: Intent) -> Result:
    """``ranked_run``'s answer, its rows chosen by ``intent.chosen_by`` when set, then sorted as asked."""
    if intent.where_metric is not None and not intent.passing_total and not intent.each:  # h132
        return listed_for_passing(run, con, intent)
    if intent.chosen_by is None or intent.compared:  # h131: compared, the rows are chosen in ``compare``
        return running_rows(shown_as_asked(ranked_run(run, con, intent), intent), intent)
    if intent.share:
        return _chosen_share(run, con, intent)
    asked = run(con, replace(intent, chosen_by=None, limit=None, order="desc"))
    values = {row[0]: row[1] for row in asked.rows}
    if intent.threshold is None:
        size = ranked_run(run, con, replace(intent, metric=intent.chosen_by, chosen_by=None, shown=None))
    else:  # h132: the biggest N of the entities whose asked measure passes the threshold
        size = run(con, replace(intent, metric=intent.chosen_by, chosen_by=None, shown=None, threshold=None, limit=None))
        if size.shape == "ranking":
            kept, tie = cut([row for row in size.rows if row[0] in values], intent.limit)
            size = replace(size, rows=kept, notes=[*size.notes, *tie], doubt=min(size.doubt, doubt(tie)))
    if size.shape != "ranking":
        return size
    rows = [[row[0], values.get(row[0]), row[1]] for row in size.rows]
    if intent.shown is not None:  # h132: "ranked by EHR", "most profitable first": sorted by the shown measure
        rows = sorted(rows, key=lambda row: (row[1] is None, _signed(row[1], intent.shown), str(row[0])))
    note = (f"the rows are chosen by {METRICS[intent.chosen_by].label} (their size), "
            f"{METRICS[intent.metric].label} shown for them")
    if intent.picked:  # h138: "which of our 5 biggest clients has the lowest margin": the one row (ties kept)
        rows, note = picked_rows(rows, intent.picked), note + f"; the one with the {_SIDE[intent.picked]} of them kept"
    return replace(size, columns=[size.columns[0], asked.columns[1], size.columns[1]], rows=rows,
                   executed=[*size.executed, *asked.executed], notes=[*size.notes, note])


def _signed(value: object, way: str) -> float:
    number = 0.0 if value is None else float(value)  # type: ignore[arg-type]
    return number if way == "asc" else -number


def _chosen_share(run: Callable[[SafeConnection, Intent], Result], con: SafeConnection, intent: Intent) -> Result:
    """h132: "what share of revenue comes from our 3 busiest clients": the N entities chosen by their size, their part
    of the asked measure over everyone's (the share of those named entities)."""
    size = ranked_run(run, con, replace(intent, metric=intent.chosen_by, chosen_by=None, share=False))
    if size.shape != "ranking":
        return size
    names = tuple(str(row[0]) for row in size.rows)
    filters = tuple(sorted({**dict(intent.filters), intent.grouping: names}.items()))
    share = run(con, replace(intent, chosen_by=None, limit=None, order=None, filters=filters))
    note = (f"the {len(names)} {intent.grouping}s are chosen by {METRICS[intent.chosen_by].label} (their size): "
            f"{', '.join(names)}")
    return replace(share, executed=[*size.executed, *share.executed], notes=[*share.notes, *size.notes, note],
                   doubt=min(share.doubt, size.doubt))


_SIDE = {"asc": "lowest", "desc": "highest"}


def picked_rows(rows: list[list[object]], side: str) -> list[list[object]]:
    """The row(s) with the lowest (``asc``) / highest (``desc``) asked value of the chosen rows; a tie keeps each tied
    row, so the pick never hides one that is just as low."""
    valued = [row for row in rows if row[1] is not None]
    if not valued:
        return []
    best = (min if side == "asc" else max)(float(row[1]) for row in valued)  # type: ignore[arg-type]
    return [row for row in valued if abs(float(row[1]) - best) <= 1e-9]  # type: ignore[arg-type]
