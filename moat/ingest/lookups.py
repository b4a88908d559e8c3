"""``--lookup FILE``: names behind the ids of an export (Autotask resourceID -> Resources, ticketID -> Tickets -> Companies).

A lookup file is recognised by its headers (its id column and name columns as the source declares them). A file
that needs lookups and has none is refused naming the exports it needs; an id missing from the lookup quarantines
its row ("resourceID 29682885 is not in the Resources lookup"): a numeric id never becomes a name.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import values
from moat.ingest.headings import exact_col
from moat.ingest.mapping import header_key
from moat.ingest.readers import Table
from moat.ingest.sources import Lookup

REJECT = "__reject"


def _columns(table: Table, alts: tuple[str, ...]) -> str | None:
    keys = {header_key(h): h for h in table.header}
    return next((keys[header_key(a)] for a in alts if header_key(a) in keys), None)


def find(spec: Lookup, tables: list[Table]) -> tuple[Table, str, list[str]] | None:
    """The lookup file holding ``spec``'s id and name columns, with those column names."""
    for t in tables:
        key = _columns(t, spec.key)
        names = [_columns(t, part) for part in spec.name]
        if key and all(names) and key not in names:
            return t, key, [n for n in names if n]
    return None


def _table_map(spec: Lookup, tables: list[Table]) -> dict[str, str] | None:
    found = find(spec, tables)
    if not found:
        return None
    t, key, names = found
    df = t.rows.select(values.text(exact_col(key)).alias("k"),
                       pl.concat_str([values.text(exact_col(n)) for n in names], separator=" ", ignore_nulls=True).str.strip_chars().alias("v"))
    df = df.filter(pl.col("k").is_not_null() & (pl.col("v") != ""))
    return dict(zip(df["k"].to_list(), df["v"].to_list(), strict=True))


def _describe(spec: Lookup) -> str:
    cols = ", ".join([spec.key[0], *(p[0] for p in spec.name)])
    return f"{spec.entity} ({cols})"


def resolve(run: Any, tables: list[Table]) -> None:
    """Fill technician_name / client_name from the ids through the lookups (``run`` is shaping's working state)."""
    src = run.source
    needed: list[str] = []
    plans: list[tuple[Lookup, dict[str, str], dict[str, str] | None]] = []
    for target in dict.fromkeys(spec.target for spec in src.lookups):
        options = [s for s in src.lookups if s.target == target and run.has(s.id_column)]
        if not options:
            continue
        chosen = None
        for spec in options:
            first = _table_map(spec, tables)
            second = _table_map(spec.via, tables) if spec.via else None
            if first is not None and (spec.via is None or second is not None):
                chosen = (spec, first, second)
                break
        if chosen is None:
            spec = options[0]
            needed.append(_describe(spec) + (f" and {_describe(spec.via)}" if spec.via else "") + f" for {spec.id_column}")
        else:
            plans.append(chosen)
    if needed:
        raise FileRejected(run.ctx.file_name, f"{src.name} holds ids, not names: it needs the lookups {'; '.join(needed)}",
                           f"export them from the PSA and run again: moat ingest {run.ctx.file_name} " + " ".join(
                               f"--lookup {entity.lower()}.csv" for entity in dict.fromkeys(
                                   e for spec in src.lookups for e in (spec.entity, spec.via.entity if spec.via else None) if e)))
    reasons = []
    for spec, first, second in plans:
        ids = values.text(exact_col(run.col(spec.id_column)))
        hop = ids.replace_strict(first, default=None, return_dtype=pl.Utf8)
        name = hop.replace_strict(second, default=None, return_dtype=pl.Utf8) if second is not None else hop
        col = f"__lk_{spec.target}"
        run.df = run.df.with_columns(name.alias(col), ids.alias(f"{col}_id"), hop.alias(f"{col}_hop"))
        miss_first = exact_col(f"{col}_id").is_not_null() & exact_col(f"{col}_hop").is_null()
        why = pl.when(exact_col(f"{col}_id").is_null()).then(pl.lit(f"no {spec.id_column} on this row"))
        if spec.id_column == "ticket_id" and run.has("task_id"):  # Autotask project time (h41 D11): say what it is
            task = values.text(exact_col(run.col("task_id")))
            why = pl.when(exact_col(f"{col}_id").is_null() & task.is_not_null()).then(pl.format(
                "project time (taskID {}, no ticketID): its client is the project's company, which the Resources, Tickets "
                "and Companies lookups cannot give; load this time from Autotask's UI time export (Time Entries report "
                "with the Account column) for the same dates instead", task)).otherwise(why)
            why = pl.when(exact_col(f"{col}_id").is_null()).then(why)
        why = why.when(miss_first).then(pl.format(f"{spec.id_column} {{}} is not in the {spec.entity} lookup", exact_col(f"{col}_id")))
        if spec.via:
            why = why.when(exact_col(col).is_null()).then(pl.format(f"{spec.via.id_column} {{}} (of {spec.id_column} {{}}) is not in the "
                                                                   f"{spec.via.entity} lookup", exact_col(f"{col}_hop"), exact_col(f"{col}_id")))
        reasons.append(why.otherwise(None))
        run.m.columns[spec.target] = col
        if spec.via:  # the hop's value is the via entity's id (ticket -> companyID): rules may read it
            run.m.columns.setdefault(spec.via.id_column, f"{col}_hop")
        run.count(f"ids_resolved_{spec.target}", run.df.filter(exact_col(col).is_not_null()).height)
    if reasons:
        joined = pl.concat_str(reasons, separator="; ", ignore_nulls=True).replace("", None)
        prev = pl.col(REJECT) if REJECT in run.df.columns else pl.lit(None, dtype=pl.Utf8)
        run.df = run.df.with_columns(pl.coalesce(prev, joined).alias(REJECT))
