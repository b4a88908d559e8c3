"""The source rows behind a client's margin, whose sums are exactly the figures they explain.

Each query repeats the filter of ``moat.metrics.profitability`` (same period, same draft/void exclusion, same
cost-rate fallback, same licence-month expansion), so the rows' DECIMAL sums equal revenue, labour cost, licence
cost and other cost to the cent and beyond (a test checks equality, not closeness). Every row carries its
snapshot and source row number, so it can be found in the uploaded file.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from moat.db import Connection, frame
from moat.governance.permissions import User, require
from moat.metrics.licenses import LICENSE_MONTHS
from moat.metrics.periods import Period
from moat.names import normalize

INVOICES_SQL = """
SELECT invoice_number, date, amount, category, status, snapshot_id, source_row FROM cur_invoices
WHERE client_key = ? AND date BETWEEN ? AND ? AND coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')
ORDER BY date, invoice_number
"""
ENTRIES_SQL = """
SELECT te.entry_id, te.date, te.technician_name, te.work_type, te.hours, te.billable,
    coalesce(te.cost_rate, t.hourly_cost) AS cost_rate, te.hours * coalesce(te.cost_rate, t.hourly_cost) AS labour_cost,
    te.bill_rate, te.snapshot_id, te.source_row
FROM cur_time_entries te LEFT JOIN cur_technicians t USING (technician_key)
WHERE te.client_key = ? AND te.date BETWEEN ? AND ? ORDER BY te.date, te.entry_id
"""
LICENSES_SQL = f"""
WITH {LICENSE_MONTHS}
SELECT product, vendor, billed_month, seats_purchased, seats_assigned, seats_active, unit_cost,
    seats_purchased * unit_cost AS license_cost, snapshot_id, source_row
FROM lm WHERE client_key = ? ORDER BY billed_month, product
"""
COSTS_SQL = """
SELECT cost_id, date, category, amount, snapshot_id, source_row FROM cur_costs
WHERE client_key = ? AND date BETWEEN ? AND ? ORDER BY date, cost_id
"""


@dataclass(frozen=True)
class Drilldown:
    client_key: str
    period: Period
    invoices: pl.DataFrame
    time_entries: pl.DataFrame
    licenses: pl.DataFrame
    costs: pl.DataFrame

    @property
    def by_technician(self) -> pl.DataFrame:
        """Hours and labour cost per technician (sums of ``time_entries``)."""
        return self.time_entries.group_by("technician_name").agg(
            pl.col("hours").sum(), pl.col("labour_cost").sum(), pl.len().alias("entries")
        ).sort("labour_cost", descending=True)

    def totals(self) -> dict[str, Decimal | None]:
        """Revenue, labour/licence/other cost and gross profit summed from the rows (exact decimals)."""
        def total(df: pl.DataFrame, column: str) -> Decimal | None:
            if df[column].null_count():
                return None
            return sum((Decimal(str(v)) for v in df[column].to_list()), Decimal(0))

        out = {
            "revenue": total(self.invoices, "amount"), "labour_cost": total(self.time_entries, "labour_cost"),
            "license_cost": total(self.licenses, "license_cost"), "other_cost": total(self.costs, "amount"),
            "hours": total(self.time_entries, "hours"),
        }
        parts = [out["revenue"], out["labour_cost"], out["license_cost"], out["other_cost"]]
        out["gross_profit"] = None if None in parts else parts[0] - parts[1] - parts[2] - parts[3]
        return out


def client_rows(con: Connection, user: User, client: str, period: Period) -> Drilldown:
    """Rows behind ``client``'s profitability in ``period`` (name as typed or its key)."""
    require(user, "view_client_level")
    key = normalize(client)
    s, e = period.start, period.end
    return Drilldown(
        key, period,
        frame(con, INVOICES_SQL, [key, s, e]),
        frame(con, ENTRIES_SQL, [key, s, e]),
        frame(con, LICENSES_SQL, [s, e, key]),
        frame(con, COSTS_SQL, [key, s, e]),
    )
