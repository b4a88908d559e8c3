"""Invoices the vendor closed to write off their unpaid part (Harvest's `closed`, h124 L5).

Such an invoice was issued, so it is revenue by the glossary (only drafts and voids are not), but the money never
came: loaded silently, the client looks as profitable as if it had paid. Each one is warned naming the document,
the client, the revenue counted and the amount at stake (the vendor's balance due, ``open_balance``), so the user can
record the written-off balance as a cost (bad debt) or take the invoice out. Which values mean it is the source's
declaration (``States.written_off``); nothing here knows a vendor.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.headings import exact_col, series
from moat.ingest.readers import ROW

_SHOWN = 5  # documents named in the warning; the rest are counted


def warn(run: Any, df: pl.DataFrame, comma: bool) -> None:
    """Add a warning (and the ``written_off_counted`` rule) for ``df``'s documents whose status the source declares
    written off. ``df`` holds one row per document with its net amount in ``__net``."""
    states = run.source.status
    if states is None or not states.written_off or not run.has(states.column):
        return
    key = values.text(exact_col(run.col(states.column))).str.to_lowercase().str.strip_chars()
    for value, meaning in states.written_off.items():
        hit = df.filter((key == value).fill_null(False))
        if not hit.height:
            continue
        due = (values.money(series(hit, run.col("open_balance")), comma) if run.has("open_balance")
               else pl.Series([None] * hit.height, dtype=values.MONEY_DTYPE))
        number = run.col(run.source.documents.number) if run.source.documents else None
        client = run.col("client_name")
        named = []
        for i, row in enumerate(hit.iter_rows(named=True)):
            if i == _SHOWN:
                break
            doc = f"#{row[number]}" if number and row.get(number) else f"row {row[ROW]}"
            who = f" ({row[client]})" if client and row.get(client) else ""
            owed = due[i]
            stake = (f"due_amount {owed:.2f} written off" if owed is not None and owed != 0 else
                     "due_amount 0.00 or empty: how much was written off is not in the file")
            net = row["__net"]  # unreadable: the pipeline quarantines the row, so nothing of it is counted
            counted = f"{net:.2f} counted" if net is not None else "amount unreadable (quarantined, not counted)"
            named.append(f"{doc}{who} {counted}, {stake}")
        more = f" and {hit.height - _SHOWN} more" if hit.height > _SHOWN else ""
        at_stake = sum((d for d in due.to_list() if d is not None), start=0)
        run.count("written_off_counted", hit.height - hit["__net"].null_count())
        run.warnings.append(
            f"{hit.height} `{value}` invoice(s) count as issued revenue, but {meaning}: {'; '.join(named)}{more} "
            f"(balance due written off: {at_stake:.2f}). Revenue stays as issued (only drafts and voids are not "
            "revenue); load the written-off balance as a cost (bad debt) for the client, or remove the invoice and "
            "load the file again, if you want the client's profit without it")
