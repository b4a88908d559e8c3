"""A file never removes rows of a period it does not cover (h60 F9).

Rows with ids (invoice numbers, entry ids, cost ids) replace the current row of the same id: that is how a corrected
re-export updates an invoice. But when the current row of that id is dated outside everything the new file covers,
the id is not the same document: a ticket number repeated on next month's time report, a recurring agreement
reference on every month's invoice, invoice numbers restarted in a new accounting system. Superseding would
silently remove March's hours or last June's revenue. Such a file is refused naming the ids, the dates and both
fixes; nothing is written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from moat.db import Connection, frame
from moat.errors import FileRejected
from moat.ingest.headings import exact_col

_DATED = ("time_entries", "invoices", "costs")
_ID_FIELD = {"time_entries": "entry_id", "invoices": "invoice_number", "costs": "cost_id"}


def refuse_moved(con: Connection, prepared: Any, replace_range: tuple[Any, Any] | None = None) -> None:
    """Refuse a load whose id-keyed rows would supersede current rows dated outside the file's own date span (and
    outside ``--replace-range``, which says the file is the truth for that range)."""
    d = prepared.dataset
    rows = prepared.rows
    if d not in _DATED or rows.height == 0 or "date" not in rows.columns or "row_key" not in rows.columns:
        return
    keyed = rows.filter(~pl.col("row_key").str.starts_with("c:") & pl.col("date").is_not_null())
    if keyed.height == 0:
        return
    lo, hi = keyed["date"].min(), keyed["date"].max()
    if replace_range is not None:
        lo, hi = min(lo, replace_range[0]), max(hi, replace_range[1])  # type: ignore[type-var]
    table = d  # identifiers from the allow-list above
    con.register("_moat_clash_keys", keyed.select(pl.col("row_key").alias("k"), pl.col("date").alias("new_date")))
    try:
        old = frame(con, f"""SELECT t.row_key, t.date AS old_date, f.new_date, s.snapshot_id, s.file_name
                             FROM {table} t JOIN _moat_clash_keys f ON t.row_key = f.k
                             JOIN snapshots s USING (snapshot_id)
                             WHERE t.is_current AND (t.date < ? OR t.date > ?)
                             ORDER BY t.date, t.row_key""", [lo, hi])
    finally:
        con.unregister("_moat_clash_keys")
    if old.height == 0:
        return
    shown = "; ".join(f"`{k}` {o} -> {n}" for k, o, n in old.select("row_key", "old_date", "new_date").head(5).iter_rows())
    files = ", ".join(sorted({f"{f} (snapshot {s})" for s, f in old.select("snapshot_id", "file_name").iter_rows()}))
    column = next((c for c, t in (prepared.columns or {}).items() if t == _ID_FIELD[d]), None)
    ignore = (f"if they are different {'documents' if d != 'time_entries' else 'entries'} (a ticket number, a "
              f"recurring reference, numbering restarted), load it with `{column}` ignored so its rows are keyed by "
              f"their content: --mapping map.yaml with columns: {{\"{column}\": ignore}}" if column else
              "if they are different documents, export them without the id column")
    raise FileRejected(
        prepared.file_name,
        f"{old.height} of its rows have the {_ID_FIELD[d]} of rows already loaded for dates outside this file's span "
        f"{lo}..{hi} ({shown}; from {files}): loading it would remove those rows from their own period; nothing was loaded",
        f"{ignore}; if the old rows really are these documents re-dated, roll their load back first "
        f"(moat snapshots rollback {' / '.join(str(s) for s in sorted(set(old['snapshot_id'].to_list())))}) and load "
        "this file again")


_OWN = {"invoices": "amount", "costs": "amount", "time_entries": "hours"}


def refuse_other_client(con: Connection, prepared: Any, replace_range: tuple[Any, Any] | None = None) -> None:
    """Refuse a load whose id-keyed rows have the id of a current row of ANOTHER client and another amount (hours)
    (h69 D23): two legal entities or two accounting files number their invoices from the same start (INV-0001,
    1001), and the second file's 1001 silently replaced the first's, taking Acme Dental's revenue away. A corrected
    re-export that moves a document to another client keeps its amount and still loads; a time entry is another
    one only when its technician differs too. Rows inside ``--replace-range`` are exempt: the file is declared the truth
    there, so the rows it replaces are meant to go."""
    d = prepared.dataset
    rows = prepared.rows
    own = _OWN.get(d)
    if d not in _DATED or rows.height == 0 or "client_key" not in rows.columns or own not in rows.columns:
        return
    keyed = rows.filter(~pl.col("row_key").str.starts_with("c:") & pl.col("client_key").is_not_null())
    if keyed.height == 0:
        return
    table = d  # identifiers from the allow-list above
    # a time entry moved to another client (a correction) keeps its technician: another technician too is another
    # PSA's entry with the same number (h69 D23: a subcontractor's export of ids 5001, 5002)
    timed = d == "time_entries" and "technician_key" in keyed.columns
    other_tech = "AND t.technician_key <> f.new_tech" if timed else ""
    tech = [pl.col("technician_key").alias("new_tech")] if timed else []
    if d == "time_entries" and not timed:
        return
    declared, params = "", []
    if replace_range is not None:  # the range's rows are replaced as declared: never a clash
        declared, params = "AND NOT (t.date BETWEEN ? AND ?)", [date.fromisoformat(str(v)[:10]) for v in replace_range]
    con.register("_moat_client_keys", keyed.select(pl.col("row_key").alias("k"), pl.col("client_key").alias("new_client"),
                                                  pl.col("client_name").alias("new_name"),
                                                  exact_col(own).cast(pl.Float64).alias("new_own"), *tech))
    try:
        old = frame(con, f"""SELECT t.row_key, t.client_name AS old_name, f.new_name, s.snapshot_id, s.file_name
                             FROM {table} t JOIN _moat_client_keys f ON t.row_key = f.k
                             JOIN snapshots s USING (snapshot_id)
                             WHERE t.is_current AND t.client_key IS NOT NULL AND t.client_key <> f.new_client
                               AND abs(CAST(t.{own} AS DOUBLE) - f.new_own) > 0.005 {other_tech} {declared}
                             ORDER BY t.row_key""", params)
    finally:
        con.unregister("_moat_client_keys")
    if old.height == 0:
        return
    shown = "; ".join(f"`{k}` {o} -> {n}" for k, o, n in old.select("row_key", "old_name", "new_name").head(5).iter_rows())
    files = ", ".join(sorted({f"{f} (snapshot {s})" for s, f in old.select("snapshot_id", "file_name").iter_rows()}))
    column = next((c for c, t in (prepared.columns or {}).items() if t == _ID_FIELD[d]), None)
    raise FileRejected(
        prepared.file_name,
        f"{old.height} of its rows have the {_ID_FIELD[d]} of current rows of another client with another "
        f"{'technician and hours' if timed else 'amount'} ({shown}; from {files}): they are other documents "
        "with the same number (two companies or accounting files numbering from the same start?), and loading them "
        "would replace those rows; nothing was loaded",
        (f"load it with `{column}` ignored so its rows are keyed by their content (--mapping map.yaml with columns: "
         f"{{\"{column}\": ignore}}), or give each entity's numbers a prefix in the export" if column else
         "export them without the id column") + "; if the old rows really were these documents, roll their load back "
        f"first (moat snapshots rollback {' / '.join(str(s) for s in sorted(set(old['snapshot_id'].to_list())))})")
