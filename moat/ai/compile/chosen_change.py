"""h131 (h121 C1): the change of a measure for entities chosen by their size ("is revenue for our 3 biggest clients up
on Q1", "is margin up for our biggest client"): the N entities with the most (least) of ``intent.chosen_by`` in the
later period, each with both values of the asked measure and the change, in the size order, whichever way each moved.
The direction asked is what the changes answer; it keeps no row out (a list of only the risers answered about other
clients)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from moat.ai.catalogue import METRICS, Intent


def chosen_names(con: Any, intent: Intent, run: Callable[[Any, Intent], Any]) -> list[Any]:
    """The entities chosen by size over the later period, in the size order."""
    size = run(con, replace(intent, metric=intent.chosen_by, chosen_by=None, compare_start=None, compare_end=None,
                            change=None, threshold=None, relative=False))
    return [row[0] for row in size.rows]


def chosen_rows(table: list[list[Any]], names: list[Any]) -> list[list[Any]]:
    """The compared rows of the chosen entities, in the size order (an entity with no row in either period is shown
    with empty values, never left out)."""
    by_name = {row[0]: row for row in table}
    width = len(table[0]) if table else 4
    return [by_name.get(name, [name] + [None] * (width - 1)) for name in names]


def chosen_note(intent: Intent) -> str:
    assert intent.chosen_by is not None
    return (f"the rows are chosen by {METRICS[intent.chosen_by].label} in {intent.start}..{intent.end} (their size), "
            f"the change of {METRICS[intent.metric].label} shown for each")
