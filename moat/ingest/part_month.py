"""A licence charge for part of one month (h60 F12): counted in its month, or held saying why.

Licence lines without a billed month are subscriptions billed for every month whose first day their start..end
covers. A prorated charge (``Prorated Addition`` 2026-03-16..2026-03-31) covers no month's first day: it was stored
and reported as loaded but was worth 0.00 in every period, so the file's totals and the metrics disagreed. Now:

* when the file has that month's line of the same client and product (a line billed for that one month), the
  charge is summed into it — seats added (the seats bought by the month's end) and the cost per seat weighted —
  and its file row is reported as skipped "summed into row N" (rows read = loaded + quarantined + skipped holds);
* otherwise it waits in the quarantine saying that a part-month charge is no subscription and where it belongs.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import polars as pl

from moat.ingest.headings import exact_col
from moat.ingest.readers import ROW


def _month_end(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def count_part_month_charges(prepared: Any, original: Any) -> None:
    """Sum each part-month charge into its month's line of the file, or quarantine it (see the module doc)."""
    rows = prepared.rows
    need = ("client_key", "product", "start_date", "end_date", "seats_purchased", "unit_cost")
    if prepared.dataset != "licenses" or rows.height == 0 or any(c not in rows.columns for c in need):
        return
    month = pl.col("month") if "month" in rows.columns else pl.lit(None, dtype=pl.Date)
    first = pl.col("start_date").dt.truncate("1mo")
    part = rows.filter(month.is_null() & pl.col("start_date").is_not_null() & pl.col("end_date").is_not_null()
                       & (pl.col("start_date").dt.day() != 1) & (pl.col("end_date") < first.dt.offset_by("1mo")))
    if part.height == 0:
        return
    lines: dict[tuple[str, str, date], dict[str, Any]] = {}
    for r in rows.iter_rows(named=True):
        m = r.get("month")
        s, e = r["start_date"], r["end_date"]
        one_month = m if m is not None else s if (s is not None and s.day == 1 and e is not None and e <= _month_end(s)) else None
        if one_month is not None:
            lines.setdefault((r["client_key"], str(r["product"]).strip().lower(), one_month), r)
    seats = dict(zip(rows["source_row"].to_list(), rows["seats_purchased"].to_list(), strict=True))
    cost = {k: float(v) if v is not None else None
            for k, v in zip(rows["source_row"].to_list(), rows["unit_cost"].to_list(), strict=True)}
    summed: dict[int, int] = {}
    held: dict[int, str] = {}
    for r in part.iter_rows(named=True):
        s, e, row = r["start_date"], r["end_date"], r["source_row"]
        line = lines.get((r["client_key"], str(r["product"]).strip().lower(), s.replace(day=1)))
        if line is None or r["seats_purchased"] is None or r["unit_cost"] is None or cost[line["source_row"]] is None:
            held[row] = (f"a charge for part of a month ({s}..{e}) is no monthly subscription and no line of "
                         f"{s:%Y-%m} for {r['product']} is in this file to add it to: load it in the same file as that "
                         f"month's line (it is summed into it), or give it month {s:%Y-%m}-01 if it is the month's "
                         "only charge")
            continue
        target = line["source_row"]
        n_line, n_part = seats[target], r["seats_purchased"]
        total = n_line * cost[target] + n_part * float(r["unit_cost"])
        seats[target] = n_line + n_part
        cost[target] = total / seats[target] if seats[target] else cost[target]
        summed[row] = target
    if summed:
        fixed = rows.filter(~pl.col("source_row").is_in(list(summed)))
        changed = list(set(summed.values()))
        fixed = fixed.with_columns(
            pl.when(pl.col("source_row").is_in(changed))
            .then(pl.col("source_row").replace_strict({t: seats[t] for t in changed}, default=None))
            .otherwise(pl.col("seats_purchased")).cast(rows.schema["seats_purchased"]).alias("seats_purchased"),
            pl.when(pl.col("source_row").is_in(changed))
            .then(pl.col("source_row").replace_strict({t: round(cost[t], 4) for t in changed}, default=None,
                                                      return_dtype=pl.Float64))
            .otherwise(pl.col("unit_cost").cast(pl.Float64)).cast(rows.schema["unit_cost"]).alias("unit_cost"))
        prepared.rows = fixed
        prepared.skipped = sorted(prepared.skipped + [{"row": r, "kind": f"part-month charge (summed into row {t})"}
                                                      for r, t in summed.items()], key=lambda x: x["row"])
    if held:
        prepared.rows = prepared.rows.filter(~pl.col("source_row").is_in(list(held)))
        prepared.quarantine = pl.concat([prepared.quarantine, _quarantine(prepared, original, held)]).sort("row_number")
    prepared.warnings.append(
        f"{len(part)} licence charge(s) cover part of one month ({', '.join(f'row {r}' for r in sorted([*summed, *held])[:10])}):"
        + (f" {len(summed)} summed into their month's line of the same product (seats added, cost per seat weighted)"
           if summed else "")
        + (f"{';' if summed else ''} {len(held)} held in the quarantine (no line of their month to add them to)"
           if held else ""))


def _quarantine(prepared: Any, original: Any, held: dict[int, str]) -> pl.DataFrame:
    schema = prepared.quarantine.schema
    cells = [c for c in original.header if c in original.rows.columns] if original is not None else []
    raw: dict[int, str] = {}
    if cells and ROW in original.rows.columns:
        for rec in original.rows.filter(pl.col(ROW).is_in(list(held))).select(exact_col(ROW), *[exact_col(c) for c in cells]).iter_rows(named=True):
            raw[int(rec[ROW])] = json.dumps({c: rec[c] for c in cells})
    out = pl.DataFrame({"file_name": [prepared.file_name] * len(held), "row_number": list(held),
                        "column_name": ["start_date"] * len(held), "value": [None] * len(held),
                        "reason": list(held.values()), "raw": [raw.get(r, "{}") for r in held]})
    return out.select([exact_col(c).cast(t) for c, t in schema.items()])
