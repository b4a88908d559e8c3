"""The same entries loaded again under another key: never added a second time (h60 F22, F16).

A row's key is its id (invoice number, entry id) or, without one, a hash of its content. Two loads of the same
entries can therefore carry different keys, and each would count:

* an export re-saved by Excel loses the leading zeros of its numbers (``00001045`` -> ``1045``): the invoice is the
  one already loaded when its number is equal once leading zeros are ignored and its client and its date or amount
  are equal. The file's row takes the key already current, so it *replaces* that row (a corrected amount wins) —
  it is never added beside it;
* the same month pulled from a PSA's API (with ids) and from its UI grid or a report (no ids): a file whose rows
  are, for at least half of them, rows already current with the other kind of key (ids vs none) in their own
  fields (technician, client, date, hours, billable / client, date, amount, currency) is refused, in either
  order, naming the files and the ways out (``--replace-range`` over its span, or a rollback).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.db import Connection, frame, one
from moat.errors import FileRejected

_ID_DATASETS = ("time_entries", "invoices", "costs")

# per dataset: the fields that make an entry the same entry, and descriptive ones that must agree when both are filled
_CORE: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "time_entries": (("technician_key", "client_key", "date", "hours", "billable"), ("notes", "work_type")),
    "invoices": (("client_key", "date", "amount", "currency"), ()),
}


def _unpadded(expr: pl.Expr) -> pl.Expr:
    """A key of digits without its leading zeros (``00001045`` -> ``1045``, ``000`` -> ``0``); other keys: null."""
    text = expr.str.strip_chars()
    return pl.when(text.str.contains(r"^[0-9]+$")).then(
        text.str.strip_chars_start("0").replace("", "0")).otherwise(None)


def adopt_unpadded_keys(con: Connection, prepared: Any) -> None:
    """Give a file row the key of the current row it is once leading zeros are ignored (see the module doc)."""
    d = prepared.dataset
    rows = prepared.rows
    if d not in _ID_DATASETS or rows.height == 0 or "row_key" not in rows.columns or "date" not in rows.columns:
        return
    mine = rows.select(pl.int_range(pl.len()).alias("__i"), "row_key", _unpadded(pl.col("row_key")).alias("__n"),
                       *[c for c in ("client_key", "date", "amount", "hours") if c in rows.columns])
    mine = mine.filter(pl.col("__n").is_not_null())
    if mine.height == 0:
        return
    measure = "amount" if "amount" in mine.columns else "hours" if "hours" in mine.columns else None
    same_client = 'f.client_key IS NOT DISTINCT FROM t.client_key' if "client_key" in mine.columns else "TRUE"
    same_when = ("(f.date = t.date" + (f" OR f.{measure} = t.{measure})" if measure else ")"))
    table = d  # identifiers from the allow-list above
    con.register("_moat_unpadded", mine)
    try:
        found = frame(con, f"""
            SELECT f.__i, min(t.row_key) AS old_key, min(s.file_name) AS file_name
            FROM _moat_unpadded f
            JOIN {table} t ON t.is_current AND t.row_key NOT LIKE 'c:%' AND t.row_key <> f.row_key
                 AND regexp_full_match(trim(t.row_key), '[0-9]+')
                 AND coalesce(nullif(ltrim(trim(t.row_key), '0'), ''), '0') = f.__n
                 AND {same_client} AND {same_when}
            JOIN snapshots s USING (snapshot_id)
            WHERE f.row_key NOT IN (SELECT row_key FROM {table} WHERE is_current)
            GROUP BY f.__i
            ORDER BY f.__i""")
    finally:
        con.unregister("_moat_unpadded")
    if found.height == 0:
        return
    # two file rows never take one key; polars' scatter wants its indices sorted (GROUP BY gives no order)
    found = found.sort("__i").unique("old_key", keep="first", maintain_order=True)
    idx = pl.Series(found["__i"].cast(pl.Int64))
    keys = prepared.rows["row_key"].scatter(idx, found["old_key"])
    prepared.rows = prepared.rows.with_columns(keys.alias("row_key"))
    pairs = [f"{new} = {old}" for new, old in zip(rows["row_key"].gather(idx).to_list(), found["old_key"].to_list(),
                                                  strict=True)]
    prepared.warnings.append(
        f"{found.height} row(s) have the number of a row already loaded from {', '.join(sorted(set(found['file_name'])))} "
        f"but for leading zeros (a file re-saved by Excel drops them): {', '.join(pairs[:10])}; same client and date or "
        "amount, so each replaces that row instead of counting twice")


def refuse_ids_beside_no_ids(con: Connection, prepared: Any) -> None:
    """Refuse a file whose rows are, for at least half of them, current rows keyed the other way (see the module doc)."""
    d = prepared.dataset
    rows = prepared.rows
    if d not in _CORE or rows.height == 0 or "row_key" not in rows.columns:
        return
    core, extra = _CORE[d]
    if any(c not in rows.columns for c in core):
        return
    extra = tuple(c for c in extra if c in rows.columns)
    mine = rows.select(pl.int_range(pl.len()).alias("__i"), "row_key",
                       pl.col("row_key").str.starts_with("c:").alias("__content"), *core, *extra)
    lo, hi = mine["date"].min(), mine["date"].max()
    if lo is None:
        return
    same = " AND ".join(f'f."{c}" IS NOT DISTINCT FROM t."{c}"' for c in core)
    agree = "".join(f' AND (f."{c}" IS NULL OR t."{c}" IS NULL OR f."{c}" = t."{c}")' for c in extra)
    table = d  # identifiers from the allow-list above
    con.register("_moat_other_keys", mine)
    try:
        row = one(con, f"""
            WITH cur AS (SELECT t.*, s.file_name FROM {table} t JOIN snapshots s USING (snapshot_id)
                         WHERE t.is_current AND t.date BETWEEN ? AND ?)
            SELECT count(DISTINCT f.__i), count(DISTINCT t.row_key), string_agg(DISTINCT t.file_name, ', '),
                   bool_or(f.__content)
            FROM _moat_other_keys f JOIN cur t ON {same}{agree} AND f.__content <> (t.row_key LIKE 'c:%')
            WHERE f.row_key NOT IN (SELECT row_key FROM cur)""", [lo, hi])
    finally:
        con.unregister("_moat_other_keys")
    if not row or not row[0]:
        return
    matched, theirs, files, file_without_ids = row
    if min(matched, theirs) * 2 < rows.height:
        return
    ids = "invoice numbers" if d == "invoices" else "entry ids"
    how = (f"this file has no {ids} and they were loaded with them" if file_without_ids else
           f"they were loaded without {ids} and this file has them")
    raise FileRejected(
        prepared.file_name,
        f"{min(matched, theirs)} of its {rows.height} rows are rows already loaded from {files} "
        f"({', '.join(core).replace('_key', '')} equal), but {how}: the same entries from two kinds of export "
        "(an API pull and a grid or report export) would count twice; nothing was loaded",
        f"keep one export per period: to make this file the truth for its dates, load it with --replace-range {lo} {hi}; "
        "or roll the earlier load back (`moat snapshots list`, `moat snapshots rollback N`) and load this file again")
