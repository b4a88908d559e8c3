"""Sums of the rows a file loads, reported with every ingest (so a person, and the fixture tests, can check them)."""

from __future__ import annotations

from typing import Any

import polars as pl


def _fmt(value: Any) -> str:
    return f"{(value or 0):.2f}"


def totals(dataset: str, rows: pl.DataFrame) -> dict[str, Any]:
    if dataset == "time_entries":
        hours = rows["hours"].sum() if rows.height else 0
        billable = rows.select(pl.col("hours").filter(pl.col("billable")).sum()).item() if rows.height else 0  # no copy of the rows
        return {"hours": _fmt(hours), "billable_hours": _fmt(billable), "entries": rows.height}
    if dataset == "invoices" and rows.height and "status" in rows.columns:
        # what revenue is built from: draft and void documents load (a re-export voiding an earlier invoice) but count 0
        counted = ~pl.col("status").str.strip_chars().str.to_lowercase().is_in(["draft", "void"]).fill_null(False)
        return {"amount": _fmt(rows.select(pl.col("amount").filter(counted).sum()).item()), "documents": rows.height}
    if dataset in ("invoices", "costs"):
        return {"amount": _fmt(rows["amount"].sum() if rows.height else 0), "documents": rows.height}
    if dataset == "licenses":
        if not rows.height:
            return {"seats_purchased": 0, "seats_assigned": 0, "seats_active": 0, "cost": "0.00", "lines": 0}
        cost = rows.select((pl.col("seats_purchased").cast(pl.Decimal(18, 4)) * pl.col("unit_cost")).sum()).item()
        return {"seats_purchased": int(rows["seats_purchased"].sum() or 0), "seats_assigned": int(rows["seats_assigned"].sum() or 0),
                "seats_active": int(rows["seats_active"].sum() or 0), "cost": _fmt(cost), "lines": rows.height}
    return {"count": rows.height}
