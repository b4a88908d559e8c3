"""The same export again with a column added or dropped: id-less rows that are rows already loaded.

Rows without ids are keyed by their whole content (``moat.snapshots.CONTENT_COLUMNS``), descriptive columns
included. An export re-run with the PSA's Notes (or Work Type, or rate) column switched on therefore gives every
entry a new key, and every entry would load a second time beside the first: hours doubled, and the "possible
re-export" warning (which compares keys) never fires. This check compares the entries' own fields (who, for whom,
when, how much) and treats a descriptive column that one side has empty and the other filled as the same entry.
Two entries whose notes both exist and differ are different entries and are never matched."""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.db import Connection, one
from moat.errors import FileRejected

# per dataset: the fields that make an entry what it is, and the descriptive ones an export may add or drop
_CORE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "time_entries": (("technician_key", "client_key", "date", "hours", "billable"),
                     ("work_type", "notes", "cost_rate", "bill_rate")),
    "invoices": (("client_key", "date", "amount", "currency", "status"), ("category",)),
    "costs": (("client_key", "date", "amount"), ("category",)),
}


def _idless_rows(prepared: Any) -> tuple[pl.DataFrame, str, tuple[str, ...], tuple[str, ...]] | None:
    """The file's id-less rows (row keys made from content, "c:") with their core and descriptive columns, the dataset
    and those column names; None for a dataset or file the re-export checks do not apply to."""
    d = prepared.dataset
    if d not in _CORE or prepared.rows.height == 0 or "date" not in prepared.rows.columns:
        return None
    core, extra = _CORE[d]
    extra = tuple(c for c in extra if c in prepared.rows.columns)
    if not extra or any(c not in prepared.rows.columns for c in core):
        return None
    mine = prepared.rows.filter(pl.col("row_key").str.starts_with("c:")).select(
        pl.int_range(pl.len()).alias("__i"), "row_key", *core, *extra)
    return mine, d, core, extra


def refuse_same_rows_other_columns(con: Connection, prepared: Any) -> None:
    """Refuse a file whose id-less rows are, for at least half of them, rows already current that differ only in a
    descriptive column the earlier file did not have (or this one lacks): loaded, each would count twice.

    The refusal names how many rows, the columns that differ, the files that hold them, and the fixes: load it with
    ``--replace-range`` over its span (it replaces what is there), or load it without the added column."""
    if (found := _idless_rows(prepared)) is None or found[0].height == 0:
        return
    mine, d, core, extra = found
    lo, hi = mine["date"].min(), mine["date"].max()
    table = d  # identifiers from the allow-list above
    con.register("_moat_reexport", mine)
    try:
        row = one(con, _sql(table, core, extra), [lo, hi])
    finally:
        con.unregister("_moat_reexport")
    if not row or not row[0]:
        return
    matched, theirs, files, *flags = row
    if min(matched, theirs) * 2 < mine.height:
        return
    cols = [c for c, f in zip(extra, flags, strict=True) if f] or list(extra)
    shown = ", ".join(_header_of(prepared, c) for c in cols)
    raise FileRejected(
        prepared.file_name,
        f"{min(matched, theirs)} of its {mine.height} rows without ids are rows already loaded from {files} "
        f"({', '.join(core).replace('_key', '')} equal) that differ only in {shown}, which one of the two files does "
        f"not fill: this looks like the same export with a column added or removed, and every such row would count "
        f"twice; nothing was loaded",
        f"to make this file the truth for its dates, load it with --replace-range {lo} {hi}; or roll the earlier load "
        "back (`moat snapshots list`, `moat snapshots rollback N`) and load this file again")


def _sql(table: str, core: tuple[str, ...], extra: tuple[str, ...]) -> str:
    """Rows of the file (registered as ``_moat_reexport``) whose key is new but whose entry fields equal a current
    id-less row of the file's date span, with any descriptive column empty on one side: how many file rows, how many
    current rows, the files holding those, and per descriptive column whether it was filled on one side only."""
    same_core = " AND ".join(f'f."{c}" IS NOT DISTINCT FROM t."{c}"' for c in core)
    compatible = " AND ".join(f'(f."{c}" IS NULL OR t."{c}" IS NULL OR f."{c}" = t."{c}")' for c in extra)
    flags = ", ".join(f'bool_or((f."{c}" IS NULL) <> (t."{c}" IS NULL))' for c in extra)
    return f"""
        WITH cur AS (SELECT t.*, s.file_name FROM {table} t JOIN snapshots s USING (snapshot_id)
                     WHERE t.is_current AND t.row_key LIKE 'c:%' AND t.date BETWEEN ? AND ?)
        SELECT count(DISTINCT f.__i), count(DISTINCT t.row_key), string_agg(DISTINCT t.file_name, ', '), {flags}
        FROM _moat_reexport f JOIN cur t ON {same_core} AND {compatible}
        WHERE f.row_key NOT IN (SELECT row_key FROM cur)"""


def _header_of(prepared: Any, field: str) -> str:
    """The file's header for a field (``Notes``), else the field's name."""
    for header, mapped in prepared.columns.items():
        if mapped == field:
            return f"`{header}`"
    return f"`{field}`"


def refuse_edited_reexport(con: Connection, prepared: Any) -> None:
    """Refuse a corrected re-export of id-less rows (h69 D24): most of its rows are current rows already (same key),
    and the rest equal current rows in their own fields with a descriptive column both files fill but edited (a note
    rewritten): loaded, each edited row would count a second time beside the one it corrects (7 entries for 5)."""
    if (found := _idless_rows(prepared)) is None or found[0].height < 2:
        return
    mine, d, core, extra = found
    lo, hi = mine["date"].min(), mine["date"].max()
    table = d  # identifiers from the allow-list above
    same_core = " AND ".join(f'f."{c}" IS NOT DISTINCT FROM t."{c}"' for c in core)
    edited = " OR ".join(f'(f."{c}" IS NOT NULL AND t."{c}" IS NOT NULL AND f."{c}" <> t."{c}")' for c in extra)
    con.register("_moat_edited", mine)
    try:
        row = one(con, f"""
            WITH cur AS (SELECT t.*, s.file_name FROM {table} t JOIN snapshots s USING (snapshot_id)
                         WHERE t.is_current AND t.row_key LIKE 'c:%' AND t.date BETWEEN ? AND ?)
            SELECT (SELECT count(*) FROM _moat_edited WHERE row_key IN (SELECT row_key FROM cur)),
                   count(DISTINCT f.__i), string_agg(DISTINCT t.file_name, ', ')
            FROM _moat_edited f JOIN cur t ON {same_core} AND ({edited})
            WHERE f.row_key NOT IN (SELECT row_key FROM cur)""", [lo, hi])
    finally:
        con.unregister("_moat_edited")
    if not row or not row[1]:
        return
    same, changed, files = row
    if (same + changed) * 2 < mine.height or same == 0:
        return
    shown = ", ".join(_header_of(prepared, c) for c in extra if c in (prepared.columns or {}).values()) or "a column"
    raise FileRejected(
        prepared.file_name,
        f"{same} of its {mine.height} rows without ids are rows already loaded from {files}, and {changed} more equal "
        f"loaded rows in {', '.join(core).replace('_key', '')} with {shown} edited: this looks like a corrected "
        "re-export, and each edited row would count a second time beside the row it corrects; nothing was loaded",
        f"to make this file the truth for its dates, load it with --replace-range {lo} {hi}")
