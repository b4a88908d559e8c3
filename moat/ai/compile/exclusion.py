"""h65 (issue 15): names left out of a figure ("revenue without Harbor", "GP excluding healthcare", "hours by everyone
but Tom") turned into the rest of the data's names, before anything is computed.

Why here and not in the parser: the rest is what the data holds (every client with activity, every technician with
hours, every product with licence rows), not the vocabulary. A segment left out becomes the clients outside it
(clients without a segment stay in: they are not in the segment left out), so per-technician and per-product figures
over those clients work as they do for a named client. The rest then narrows the rows as any filter does, so one total
covers the rest and a list lists the rest."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl

from moat.ai.catalogue import METRICS, Intent
from moat.ai.compile.result import CannotFilter
from moat.ai.safety import SafeConnection
from moat.metrics import licenses, profitability, utilization
from moat.metrics.periods import Period, data_range


def _span(con: SafeConnection, intent: Intent) -> Period:
    """Every date the answer may read: the data's range and the asked periods."""
    starts: list[date] = [intent.start] + ([intent.compare_start] if intent.compare_start else [])
    ends: list[date] = [intent.end] + ([intent.compare_end] if intent.compare_end else [])
    bounds = data_range(con)
    if bounds is not None:
        starts.append(bounds[0])
        ends.append(bounds[1])
    return Period(min(starts).replace(day=1), max(ends))


def the_rest(con: SafeConnection, intent: Intent) -> Intent:
    """``intent`` with its left-out names replaced by filters on every other name of the data."""
    if not intent.excluded:
        return intent
    span = _span(con, intent)
    filters = dict(intent.filters)
    for kind, names in intent.excluded:
        if kind in ("client", "segment"):
            rows = profitability(con, span, None)
            column = "client_name" if kind == "client" else "segment"
            kept = rows.filter(~pl.col(column).is_in(list(names)) | pl.col(column).is_null())
            rest, target = kept.get_column("client_name").to_list(), "client"
        elif kind == "technician":
            rows = utilization(con, span)
            rest, target = rows.filter(~pl.col("technician_name").is_in(list(names))).get_column("technician_name").to_list(), kind
        elif kind == "product":
            rows = licenses(con, span, "product")
            rest, target = rows.filter(~pl.col("product").is_in(list(names))).get_column("product").to_list(), kind
        else:
            raise CannotFilter(f"I can't leave {kind} {', '.join(names)} out", f"ask for every {kind} and read the others")
        if target == "client" and "client" not in METRICS[intent.metric].by:
            label = METRICS[intent.metric].label
            raise CannotFilter(f"I can't leave {kind} {', '.join(names)} out of {label}: it is measured per technician, "
                               "not per client", f"ask for {label} of every technician, or for the hours worked on the "
                               f"clients outside {', '.join(names)}")
        if target in filters:
            rest = [n for n in rest if n in set(filters[target])]
        if not rest:
            raise CannotFilter(f"leaving out {kind} {', '.join(names)} leaves no {target} with data",
                               f"ask about {', '.join(names)} itself, or about every {target}")
        filters[target] = tuple(sorted(set(rest)))
    return replace(intent, filters=tuple(sorted(filters.items())), excluded=())
