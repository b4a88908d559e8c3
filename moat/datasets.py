"""The canonical datasets of DESIGN.md as data: fields, types, which are required, natural keys.

Upload templates, validation schemas, mapping, the docs and the question catalogue all read this module, so a
field is declared exactly once. Types are DuckDB types of the stored column.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # VARCHAR | DATE | MONEY | HOURS | INTEGER | BOOLEAN | NUMBER
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Dataset:
    name: str
    fields: tuple[Field, ...]
    id_field: str | None  # natural id column when the file has one
    key_fields: tuple[str, ...]  # natural key when there is no id column (content key otherwise)
    date_field: str | None  # what a replace-range upload covers
    doc: str

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "clients",
            (
                Field("client_name", "VARCHAR", True, "client as people type it; matched by normalised name"),
                Field("segment", "VARCHAR", doc="e.g. healthcare, legal, manufacturing"),
                Field("agreement_type", "VARCHAR", doc="managed / block / t&m"),
                Field("monthly_fee", "MONEY", doc="recurring fee per month"),
                Field("status", "VARCHAR", doc="active / churned / prospect"),
                Field("start_date", "DATE"),
                Field("end_date", "DATE"),
            ),
            None,
            ("client_key",),
            None,
            "one row per client",
        ),
        Dataset(
            "technicians",
            (
                Field("technician_name", "VARCHAR", True),
                Field("hourly_cost", "MONEY", True, "fully loaded cost per hour (not the billing rate)"),
                Field("weekly_capacity_hours", "HOURS", doc="default 40"),
                Field("role", "VARCHAR"),
                Field("active", "BOOLEAN", doc="false = disabled / inactive in the PSA: no capacity for a period it logged no time in"),
                Field("end_date", "DATE", doc="last working day (ConnectWise inactiveDate): no capacity after it"),
            ),
            None,
            ("technician_key",),
            None,
            "one row per technician",
        ),
        Dataset(
            "time_entries",
            (
                Field("entry_id", "VARCHAR", doc="the PSA's id; without it rows are keyed by content"),
                Field("technician_name", "VARCHAR", True),
                Field("client_name", "VARCHAR", True),
                Field("date", "DATE", True),
                Field("hours", "HOURS", True, "in (0, 24]"),
                Field("billable", "BOOLEAN", True),
                Field("work_type", "VARCHAR"),
                Field("notes", "VARCHAR"),
                Field("cost_rate", "MONEY", doc="hourly cost of this entry; overrides the technician's"),
                Field("bill_rate", "MONEY", doc="what the hour is billed at; never a cost"),
            ),
            "entry_id",
            (),
            "date",
            "one row per logged piece of work",
        ),
        Dataset(
            "invoices",
            (
                Field("invoice_number", "VARCHAR"),
                Field("client_name", "VARCHAR", True),
                Field("date", "DATE", True),
                Field("amount", "MONEY", True, "credit notes negative"),
                Field("currency", "VARCHAR"),
                Field("category", "VARCHAR", doc="e.g. managed services, project, hardware"),
                Field("status", "VARCHAR", doc="draft and void invoices are not revenue"),
            ),
            "invoice_number",
            (),
            "date",
            "one row per invoice (or invoice line with its own number)",
        ),
        Dataset(
            "costs",
            (
                Field("cost_id", "VARCHAR"),
                Field("client_name", "VARCHAR", doc="empty = company overhead"),
                Field("date", "DATE", True),
                Field("amount", "MONEY", True),
                Field("category", "VARCHAR", True),
            ),
            "cost_id",
            (),
            "date",
            "direct costs per client and overhead",
        ),
        Dataset(
            "licenses",
            (
                Field("client_name", "VARCHAR", True),
                Field("vendor", "VARCHAR"),
                Field("product", "VARCHAR", True),
                Field("month", "DATE", doc="billed month; or give start_date (+ end_date) for a subscription"),
                Field("start_date", "DATE"),
                Field("end_date", "DATE"),
                Field("seats_purchased", "INTEGER", True),
                Field("seats_assigned", "INTEGER"),
                Field("seats_active", "INTEGER"),
                Field("unit_cost", "MONEY", True, "per seat per month"),
                Field("unit_price", "MONEY", doc="what the client pays per seat per month"),
            ),
            None,
            ("client_key", "product_key", "month_or_start"),
            "month",
            "monthly licence billing lines or subscriptions",
        ),
    )
}

# Stored columns every dataset table has besides its fields (see migrations/001_core.sql).
SYSTEM_COLUMNS = ("snapshot_id", "row_key", "is_current", "source_row")
# Resolved keys stored beside the names.
KEY_COLUMNS = {
    "clients": ("client_key",),
    "technicians": ("technician_key",),
    "time_entries": ("technician_key", "client_key"),
    "invoices": ("client_key",),
    "costs": ("client_key",),
    "licenses": ("client_key",),
}


def get(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        from moat.errors import MoatError

        raise MoatError(f"unknown dataset {name!r}", f"datasets are: {', '.join(DATASETS)}") from None
