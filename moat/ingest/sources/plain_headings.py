"""Headings every invoice or billing export writes, whatever the vendor (h101, h98 L3/L6): a source matched by these
alone is no evidence the file is that vendor's. Compared as ``mapping.header_key`` keys; the header synonyms of every
dataset count as plain too (``moat.ingest.vendor_evidence``).

`Due Date` was QuickBooks Online's Invoice List's only "own" heading in a plain `Number, Customer, Date, Due Date,
Subtotal, Tax, Total` list, and Syncro's API names its columns `number`, `date`, `total`, `tax`, `due_date`.
"""

from __future__ import annotations

PLAIN: frozenset[str] = frozenset({
    "number", "date", "total", "tax", "due date", "subtotal", "sub total", "balance", "balance due", "amount due",
    "terms", "email", "memo", "note", "notes", "id", "paid", "is paid", "created at", "updated at", "po number",
})
