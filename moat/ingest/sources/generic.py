"""Generic sources: files that already use the canonical field names, and the original MoatMetrics CSV layout."""

from __future__ import annotations

from moat.datasets import DATASETS
from moat.ingest.sources.model import Source

_ALTERNATIVES = {"month": "month|start_date", "unit_cost": "unit_cost|total_cost", "billable": "billable|non_billable"}
_DERIVED = {"time_entries": ("non_billable",), "licenses": ("total_cost",), "clients": ("is_active",), "technicians": ("inactive",)}


def _canonical(dataset: str) -> Source:
    d = DATASETS[dataset]
    names = d.field_names + list(_DERIVED.get(dataset, ()))
    required = tuple(_ALTERNATIVES.get(f, f) for f in d.required)
    if dataset == "licenses":
        required += ("month|start_date",)
    return Source(f"canonical_{dataset}", "MoatMetrics", f"canonical {dataset} (template names)", dataset,
                  {f: (f,) for f in names}, required, priority=-1,
                  verified="sample file")


SOURCES = [
    *(_canonical(name) for name in DATASETS),
    Source(
        "moat_original_clients", "MoatMetrics (original)", "clients.csv", "clients",
        {"client_name": ("name",), "segment": ("industry",), "is_active": ("is_active",), "contact_email": ("contact_email",)},
        ("client_name", "segment", "contact_email"), ("contact_phone",), verified="sample file",
    ),
    Source(
        "moat_original_invoices", "MoatMetrics (original)", "invoices.csv", "invoices",
        {"client_name": ("client_name",), "invoice_number": ("invoice_number",), "date": ("date",), "currency": ("currency",),
         "amount": ("total_amount",), "status": ("status",), "lines_json": ("lines_json",)},
        ("client_name", "date", "amount", "lines_json"), ("due_date",), verified="sample file",
        cannot_supply="tax: total_amount is taken as written",
    ),
    Source(
        "moat_original_time_logs", "MoatMetrics (original)", "time_logs.csv", "time_entries",
        {"client_name": ("client_name",), "technician_name": ("staff_name",), "date": ("date",), "hours": ("hours",),
         "bill_rate": ("rate",), "billable": ("billable",), "notes": ("task_description",), "work_type": ("project_name",)},
        ("client_name", "technician_name", "date", "hours", "billable"), ("staff_email",), verified="sample file",
        cannot_supply="labour cost: `rate` is a billing rate; load a technicians file for hourly costs",
    ),
    Source(
        "moat_original_licenses", "MoatMetrics (original)", "licenses.csv", "licenses",
        {"client_name": ("client_name",), "product": ("product",), "vendor": ("vendor",), "seats_purchased": ("seats_purchased",),
         "seats_assigned": ("seats_used",), "unit_cost": ("cost_per_seat",), "total_cost": ("total_cost",),
         "start_date": ("start_date",), "end_date": ("end_date",)},
        ("client_name", "product", "seats_purchased", "seats_assigned", "unit_cost", "start_date"),
        ("license_type", "is_active", "auto_renew"),
        verified="sample file",
    ),
]
