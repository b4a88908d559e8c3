"""Total rows the layout check cannot see: other languages' words and worded totals (h60 F19).

``phases.skip_flags`` skips a row labelled only ``Total`` / ``Grand Total`` / ``Subtotal``. Exports and hand-made
sheets write their totals in many more ways, and a dated one loads as a client's invoice (revenue doubled), an
undated one in a clients file as a client (fees doubled). After a file is prepared, a row is a total row when:

* a text cell of it is a total word of another language or with a qualifier (``Gesamtsumme``, ``Summe``,
  ``Totaal``, ``Totalt``, ``Totale``, ``Total général``, ``Zwischensumme``, ``TOTAL (USD)``, ``Report Total``,
  ``Overall Total``, ``Grand Total (24 clients)``) — skipped on its label alone; or
* a text cell holds a total-like word (``Sum``, ``Summa``, ``Total Revenue``, ``Total MRR``, ``Net Total``,
  ``All Customers`` ...) *and* its amount (fee, hours) equals the sum of at least two loaded rows above it (since
  the file's start or its previous total) — a client called "Total Wine" with its own amount still loads.

Such a row is skipped as ``total`` with a warning naming it, and never counts or creates a client."""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ingest.headings import exact_col
from moat.ingest.readers import ROW

_WORDS = (r"totals?|totaal|totale|totalt|totaux|gesamtsumme|gesamtbetrag|endsumme|zwischensumme|summe|gesamt|summa|"
          r"suma\s+total|total\s+g[ée]n[ée]ral|totale\s+generale|somme\s+totale|grand\s+totals?")
# a total word alone, with a prefix a report puts before it or a qualifier in brackets / after a colon
STRONG = (rf"(?i)^\s*(?:(?:grand|sub|report|overall|net|sum|page|all)\s*-?\s*)?(?:{_WORDS})\s*"
          r"(?:\([^)]*\))?\s*:?\s*$")
# a cell with a total-like word anywhere: a total only when its amount is the sum of the rows above
WEAK = r"(?i)(?:^|[^\w])(?:total[a-z]*|sum|summ[ae]|gesamt\w*|somme|suma|all\s+(?:customers|clients))(?:$|[^\w])"

_MEASURE = {"invoices": "amount", "costs": "amount", "clients": "monthly_fee", "time_entries": "hours"}
_NOT_LABELS = {"row_key", "client_key", "technician_key", "currency", "status", "source_row"}


def skip_worded_totals(prepared: Any, original: Any) -> None:
    """Move the prepared rows (and quarantined rows) that are total rows to ``skipped`` (see the module doc)."""
    rows = prepared.rows
    if rows.height == 0 and prepared.quarantine.height == 0:
        return
    labels = [c for c, t in rows.schema.items() if t == pl.Utf8 and c not in _NOT_LABELS]
    found: dict[int, str] = {}  # file row -> its label
    if labels and rows.height:
        strong = _first_match(rows, labels, STRONG)
        found.update(strong)
        measure = _MEASURE.get(prepared.dataset)
        if measure in rows.columns:
            weak = {r: t for r, t in _first_match(rows, labels, WEAK).items() if r not in found}
            weak = {r: t for r, t in weak.items() if r not in _dated_with_own_id(rows, prepared.dataset)}
            if weak:
                found.update(_sums_above(rows, measure, weak, prepared.skipped))
    held = _quarantined_totals(prepared, original)
    if not found and not held:
        return
    if found:
        prepared.rows = rows.filter(~pl.col("source_row").is_in(list(found)))
        _forget_names(prepared, rows.filter(pl.col("source_row").is_in(list(found))))
    if held:
        prepared.quarantine = prepared.quarantine.filter(~pl.col("row_number").is_in(list(held)))
        found.update(held)
    prepared.skipped = sorted(prepared.skipped + [{"row": r, "kind": "total"} for r in found], key=lambda s: s["row"])
    shown = ", ".join(f"row {r} '{t}'" for r, t in sorted(found.items())[:10])
    prepared.warnings.append(f"skipped {len(found)} total row(s) by their label (and, for a worded one, its amount = the "
                             f"sum of the rows above): {shown}; never loaded as data")


def _dated_with_own_id(rows: pl.DataFrame, dataset: str) -> set[int]:
    """File rows with their own date and their own number (an invoice `T-3` of "Total Care Dental"): data rows, never
    totals by a total-like word and a coinciding sum (h69 D28)."""
    ident = {"invoices": "invoice_number", "costs": "cost_id", "time_entries": "entry_id"}.get(dataset)
    if ident not in rows.columns or "date" not in rows.columns:
        return set()
    hit = rows.filter(pl.col("date").is_not_null() & exact_col(ident).is_not_null()
                      & (exact_col(ident).cast(pl.Utf8).str.strip_chars() != ""))
    return set(hit["source_row"].to_list())


def _first_match(rows: pl.DataFrame, labels: list[str], pattern: str) -> dict[int, str]:
    hit = rows.select("source_row", pl.coalesce([pl.when(exact_col(c).str.contains(pattern).fill_null(False))
                                                 .then(exact_col(c)) for c in labels]).alias("__label"))
    hit = hit.filter(pl.col("__label").is_not_null())
    return {int(r): str(t).strip() for r, t in hit.iter_rows()}


def _sums_above(rows: pl.DataFrame, measure: str, weak: dict[int, str], skipped: list[dict[str, Any]]) -> dict[int, str]:
    """The weak candidates whose measure equals the sum of >= 2 loaded rows above it since the last total (or since
    the start of the file, for a grand total under subtotals)."""
    ordered = rows.select("source_row", exact_col(measure).cast(pl.Float64).fill_null(0.0).alias("m")).sort("source_row")
    bounds = sorted(s["row"] for s in skipped if s.get("kind") == "total")
    out: dict[int, str] = {}
    run_sum, run_n, all_sum, all_n = 0.0, 0, 0.0, 0
    for r, m in ordered.iter_rows():
        while bounds and bounds[0] < r:
            bounds.pop(0)
            run_sum, run_n = 0.0, 0
        if r in weak and ((run_n >= 2 and abs(m - run_sum) <= 0.011) or (all_n >= 2 and abs(m - all_sum) <= 0.011)):
            out[r] = weak[r]
            run_sum, run_n = 0.0, 0
            continue
        run_sum, run_n, all_sum, all_n = run_sum + m, run_n + 1, all_sum + m, all_n + 1
    return out


def _quarantined_totals(prepared: Any, original: Any) -> dict[int, str]:
    """Quarantined rows (an undated total: "not a date") with a strong total label in any cell."""
    q = prepared.quarantine
    if q.height == 0 or original is None or ROW not in original.rows.columns:
        return {}
    cells = [c for c in original.header if c in original.rows.columns]
    if not cells:
        return {}
    mine = original.rows.filter(pl.col(ROW).is_in(q["row_number"].unique().to_list()))
    found = [mine.get_column(c).alias(f"__t{i}") for i, c in enumerate(cells) if mine.schema[c] == pl.Utf8]  # renamed: a heading is no pattern
    if not found:
        return {}
    label = pl.select(pl.coalesce([pl.when(v.str.contains(STRONG).fill_null(False)).then(v) for v in found]).alias("x"))["x"]
    hit = pl.DataFrame({ROW: mine[ROW], "__label": label}).filter(pl.col("__label").is_not_null())
    return {int(r): str(t).strip() for r, t in hit.iter_rows()}


def _forget_names(prepared: Any, gone: pl.DataFrame) -> None:
    """A total's label is no new client or technician: drop it from the new names unless a loaded row has it."""
    for kind, col in (("client", "client_name"), ("technician", "technician_name")):
        names = prepared.new_names.get(kind)
        if not names or col not in gone.columns:
            continue
        still = set(prepared.rows[col].drop_nulls().to_list()) if col in prepared.rows.columns else set()
        dropped = set(gone[col].drop_nulls().to_list()) - still
        if not dropped:
            continue
        prepared.new_names[kind] = left = [n for n in names if n not in dropped]
        said = f"{len(names)} new {kind}{'s' if len(names) != 1 else ''} (no similar known name): "
        now = (f"{len(left)} new {kind}{'s' if len(left) != 1 else ''} (no similar known name): "
               + ", ".join(left[:5]) + (" ..." if len(left) > 5 else "")) if left else None
        prepared.warnings = [w for w in (now if w.startswith(said) else w for w in prepared.warnings) if w]
