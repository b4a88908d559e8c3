"""Recognition phase: which source a table is, its row rules applied, and the mapping the pipeline then uses.

Order: a mapping profile (a user-defined source) is applied as written; else the declared sources are matched
(``moat.ingest.recognise``); else the header synonyms of ``moat.ingest.mapping`` try (source ``generic``), unless
a declared source nearly matched and its dataset differs (then the file is refused naming the missing fields:
never loaded as a dataset its content contradicts); a file nothing fits is refused naming the nearest source's
missing fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import excel_cells, generic_rows, mapping, name_columns, readers, recognise, shaping, units
from moat.ingest.headings import series
from moat.ingest.readers import Table


@dataclass
class Recognised:
    """What recognition and the source's row rules did before the pipeline maps and parses (see ``recognition``)."""

    source: str
    source_name: str
    confidence: str
    columns: dict[str, str] = field(default_factory=dict)  # file header -> field
    rules: dict[str, Any] = field(default_factory=dict)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    rows_read: int | None = None
    merged: list[tuple[int, int]] = field(default_factory=list)  # (row that loads, file row counted into it)
    warnings: list[str] = field(default_factory=list)



def _lookups(options: Any) -> list[Table]:
    out = []
    for name, data in options.lookups:
        out.append(readers.read(data, name, is_known=mapping.is_known_header))
    return out


# Helper fields a declaration requires only to tell its vendor apart (no rule reads them): the synonyms need not
# supply them for a file that resembles the source.
SIGNATURE_ONLY = {"sku", "billing_cycle", "agreement", "ticket_number", "ticket_subject", "contact_email", "lines_json",
                  "due_date", "open_balance", "vendor_name", "remaining_credit", "invoice_ref"}


def title_lines(data: bytes, table: Table) -> list[str]:
    """The lines above the header of a CSV (a report's name and period), decoded as the file is."""
    if table.kind == "xlsx":
        return list(table.title)  # h41 D9: a QuickBooks "Export to Excel" keeps the report's name above the header
    if table.kind != "csv" or table.header_row <= 1 or not data:
        return []
    text = data[:65536].decode(table.encoding or "utf-8", errors="replace").lstrip("\ufeff")
    return [ln.strip().strip(",").strip() for ln in text.splitlines()[: table.header_row - 1] if ln.strip().strip(",")]


def recognise_table(con: Any, table: Table, options: Any, data: bytes = b"") -> tuple[Table, mapping.Detection, Any]:
    """``_recognise_table``; a refusal for a missing client names ``--client`` (h63 F21)."""
    from moat.ingest import client_option

    try:
        return _recognise_table(con, table, options, data)
    except FileRejected as exc:
        better = client_option.refusal(exc, table, options, title_lines(data, table))
        if better is not None:
            raise better from None
        raise


def _recognise_table(con: Any, table: Table, options: Any, data: bytes = b"") -> tuple[Table, mapping.Detection, Any]:
    name = table.file_name
    from moat.ingest import weekly_grids

    grid = weekly_grids.unpivot(table, options)  # h74 D4: a column per day is a time entry per day
    if grid is not None:
        return _weekly_grid(*grid, options)
    if options.profile is not None:
        det = mapping.detect(table.header, name, options.profile, options.dataset)
        label = options.profile.name or "mapping profile"
        said: list[str] = []
        generic_rows.customer_jobs(table, det, said)  # h41 D22: "Customer:Job" counts for the customer
        table = units.apply(table, det, said, by_person=True)
        name_columns.refuse_yes_no_names(name, det.columns, table.rows)
        from moat.ingest import mapped_tax

        table, tax_rules = mapped_tax.apply(table, det, options.profile, said)  # h101 (h98 L1): revenue is net of tax
        read = table.rows.height
        # h98: a type column the profile does not name still says which rows are bills / credit notes
        skipped = generic_rows.mapped_doc_types(table, det, name, said, set(options.profile.columns))
        amount = next((c for c, t in det.columns.items() if t == "amount"), None)
        if amount is not None and amount not in options.profile.columns:  # h101: the synonyms chose it, not the person
            from moat.ingest import gross_amounts

            if (caveat := gross_amounts.total_caveat(det)) is not None:
                said.append(caveat)
        used = sum(1 for t in det.columns.values() if t != mapping.IGNORE)
        rec = Recognised(f"mapping:{label}" if label != "mapping profile" else "mapping", f"user-defined ({label})",
                         f"user-defined ({label}): {used} of {len(table.header)} headers mapped",
                         {h: t for h, t in det.columns.items() if t != mapping.IGNORE}, tax_rules, skipped=skipped, rows_read=read)
        rec.warnings = said
        return table, det, rec
    found = recognise.recognise(table.header, name, dataset=options.dataset, source_id=options.source)
    if found is not None and not options.source and not _report_shaped(found, table.header):
        found = None  # a plain invoice list with a Customer / Name column: the synonyms' rules read it
    from moat.ingest import report_kinds  # h41 D9: reports that are not sales

    title = title_lines(data, table)
    report_kinds.check_title(name, title)  # a P&L / A/R aging / balance report is not sales, whatever its header (h41 D9)
    report_kinds.check_header(name, table.header)
    from moat.ingest import gross_amounts

    gross_amounts.refuse_known_gross(name, table.header)  # h101: lexoffice's voucherlist holds gross totals only
    report_kinds.check_grouping(name, title, table.header)  # h69 D32: groups of products are never clients
    if found is not None and _synonyms_explain_more(table, found, options):
        return _generic(table, options)
    if found is None:
        saved = _saved_profile(con, table, options)
        if saved is not None:
            options = replace(options, profile=saved)
            return recognise_table(con, table, options, data)
        moved = None if _synonyms_load(table, options) else _reheader(data, table, options)
        if moved is None:
            return _generic(table, options)
        moved_table, title = moved
        report_kinds.check_title(name, title)
        found = recognise.recognise(moved_table.header, name, dataset=options.dataset, source_id=options.source)
        if found is None:  # the row below the title is no source's header either: read the file as it stands (h56)
            return _generic(table, options)
        table = moved_table
    report_kinds.check_labels(name, table.rows, [c for f, c in found.columns.items() if f in ("group_label", "client_name")])
    if not _report_labels(table, found):
        used = set(found.columns.values()) | set(found.source.typical)
        excel_cells.refuse_unread_blank(table, {h for h in used if not excel_cells.BLANK_NAME.fullmatch(h)}, name)
    from moat.ingest import cost_doc_types  # a vendor / expense list is costs (h63 F15)

    cost_doc_types.refuse_as_sales(table, found.source.dataset)
    ctx = shaping.Context(client=options.client, lookups=_lookups(options) if options.lookups else [],
                          own_company=options.own_company, file_name=name, title=title)
    shaped = shaping.shape(found.source, found, table, ctx, con)
    new_table = Table(name, table.kind, shaped.header, shaped.rows, table.encoding, table.delimiter, table.sheet, table.sheets,
                      table.header_row)
    det = mapping.Detection(found.source.dataset, dict(shaped.columns), [h for h in shaped.header if h not in shaped.columns and h not in found.columns.values()], [],
                            {found.source.dataset: found.hits})
    shown = {h: f for f, h in found.columns.items()}
    recognised = Recognised(found.source.id, found.source.name, found.confidence, shown, shaped.rules, shaped.skipped,
                            table.rows.height, shaped.merged)
    recognised.warnings = list(shaped.warnings)
    if options.client and not found.source.needs_client:
        recognised.rules["client_option_ignored"] = f"{found.source.name} names its clients; --client was not used"
    return new_table, det, recognised


def _weekly_grid(table: Table, profile: mapping.Profile, done: dict[str, Any], options: Any) -> tuple[Table, mapping.Detection, Any]:
    """A weekly time grid unpivoted by ``weekly_grids``: read as time entries with the grid's mapping; a field the
    grid lacks (billable, the person) is refused naming the mapping that supplies it."""
    from moat.ingest import weekly_grids

    name = table.file_name
    det = mapping.map_columns("time_entries", table.header, profile)
    missing = [m.split(" or ")[0] for m in det.missing]
    if missing:
        said_by = {"billable": "whether its hours are billable", "technician_name": "who worked them",
                   "client_name": "the client they were for"}
        example = {"billable": 'constants: {billable: "yes"} (or "no": every entry of the grid)'}
        fixes = [example.get(m, f'columns: {{"<the column>": {m}}}') for m in missing]
        raise FileRejected(
            name, f"it is a weekly time grid (a column of hours per day: {', '.join(f'`{d}`' for d in done['days'][:7])}), "
            f"read as one time entry per day, but no column says {' nor '.join(said_by.get(m, m) for m in missing)}; "
            "nothing was loaded",
            f"say it in a mapping: moat ingest {name} --mapping map.yaml with dataset: time_entries and "
            + "; ".join(fixes) + " (the day columns and the week need no mapping)")
    said = list(done["warnings"])
    table = units.apply(table, det, said, by_person=True)
    name_columns.refuse_yes_no_names(name, det.columns, table.rows)
    used = {h: t for h, t in det.columns.items() if t != mapping.IGNORE}
    entries = table.rows.height
    rec = Recognised("weekly_grid", "weekly time grid (a column of hours per day)",
                     f"weekly time grid: {len(done['days'])} day columns, one entry per day worked ({entries})", used,
                     {weekly_grids.RULE: entries}, list(done["skipped"]), done["rows_read"])
    rec.warnings = said
    return table, det, rec


# An ungrouped QuickBooks detail (the customer a column, no group rows: h41 D22, D24) is told from a plain invoice
# list by the report's own headings; a column the report never has (an invoice Status) makes it a list.
_UNGROUPED_MARKS = {"qbo_sales_customer_detail": ({"transaction type"},), "qbd_sales_customer_detail": ({"name", "memo"},)}


def _report_shaped(found: recognise.Match, header: list[str]) -> bool:
    marks = _UNGROUPED_MARKS.get(found.source.id)
    if marks is None or "group_label" in found.columns:
        return True
    keys = {mapping.header_key(h) for h in header}
    return "status" not in keys and any(m <= keys for m in marks)


def _report_labels(table: Table, m: recognise.Match) -> bool:
    """Whether ``m`` reads the file's first column, unheaded, as a report's group labels (QuickBooks puts the
    customer there): an unheaded column anywhere else is what a spreadsheet left, not a report's layout."""
    label = m.columns.get("group_label")
    return label is not None and bool(table.header) and label == table.header[0] and bool(excel_cells.BLANK_NAME.fullmatch(label))


def _synonyms_explain_more(table: Table, found: recognise.Match, options: Any) -> bool:
    """A source that leaves most of the file unused yields to the header synonyms when they explain more of it
    (D1, D3, D25): a template-named ``Client Name`` beside invoice columns is not a clients file, and ``Customer`` +
    ``Total`` beside a date and an invoice number per row is not a QuickBooks summary. A ``canonical_*`` match with
    any column left over always goes to the synonyms (they know every canonical name too)."""
    named = [h for h in table.header if h.strip() and not h.startswith("__")]
    if found.covered >= len(named) or options.source:
        return False
    if found.source.id.startswith("canonical_"):
        return True
    if found.covered * 2 > len(named):
        return False
    try:
        det = mapping.detect(table.header, table.file_name, None, options.dataset)
    except FileRejected:  # the synonyms' refusal names what the file lacks when they explain more than the source
        return max(sum(1 for t in mapping.map_columns(ds, table.header).columns.values() if t != mapping.IGNORE)
                   for ds in ([options.dataset] if options.dataset else mapping.DATASETS)) > found.covered
    return sum(1 for t in det.columns.values() if t != mapping.IGNORE) > found.covered


def _synonyms_load(table: Table, options: Any) -> bool:
    """Whether the header the reader took already makes a dataset by its synonyms: then no later line (a timesheet's
    `,,,Total:,5.50,` footer) is taken for a declared source's header (D3)."""
    try:
        mapping.detect(table.header, table.file_name, None, options.dataset)
    except FileRejected:
        return False
    return True


def _saved_profile(con: Any, table: Table, options: Any) -> mapping.Profile | None:
    """A mapping profile saved from the Upload page is a user-defined source: used when all its headers are here."""
    if con is None:
        return None
    from moat.ingest import profiles

    try:
        saved = profiles.list_profiles(con)
    except Exception:  # a database without the table (old file opened read-only): no saved sources
        return None
    present = set(table.header)
    best: tuple[int, mapping.Profile] | None = None
    for name in saved["name"].to_list():
        prof = profiles.get(con, name)
        used = [h for h, t in prof.columns.items() if t != mapping.IGNORE]
        if used and all(h in present for h in prof.columns) and (options.dataset in (None, prof.dataset)):
            if best is None or len(used) > best[0]:
                prof.name = name
                best = (len(used), prof)
    return best[1] if best else None


def _reheader(data: bytes, table: Table, options: Any) -> tuple[Table, list[str]] | None:
    """A header the reader did not take (one named cell, e.g. QuickBooks' ``,Total``): the first line of a CSV that
    a declared source matches completely becomes the header; the lines above it are title rows."""
    import csv

    from moat.ingest.table import ROW, dedupe

    if table.kind != "csv" or not data:
        return None
    text = data.decode(table.encoding or "utf-8", errors="replace").lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines[:30]):
        cells = next(csv.reader([line], delimiter=table.delimiter or ","), [])
        if not any(c.strip() for c in cells):
            continue
        try:
            hit = recognise.recognise(dedupe(cells), table.file_name, dataset=options.dataset, source_id=options.source)
        except FileRejected:
            hit = None
        if hit is None or hit.source.id.startswith("canonical_"):
            continue
        moved = readers.read("".join(lines[i:]).encode("utf-8"), table.file_name, is_known=mapping.is_known_header)
        moved.rows = moved.rows.with_columns(pl.col(ROW) + i)
        moved.header_row += i
        moved.encoding = table.encoding
        return moved, [t.strip().strip(",").strip('"') for t in lines[:i] if t.strip().strip(",")]
    return None


def _synonyms_complete(near: recognise.Match, det: mapping.Detection) -> bool:
    """Whether the synonyms may load a file that nearly matches ``near``: as its dataset, with a column for every
    field it misses, and never a column the source itself knows as something else (Xero's ``Reference`` is not
    its invoice number)."""
    if det.dataset != near.source.dataset:
        return False
    known = {recognise.header_key(h) for alts in near.source.columns.values() for h in alts}
    known |= {recognise.header_key(h) for h in near.source.typical}
    by_field = {t: c for c, t in det.columns.items()}
    # a field the source builds from parts (Harvest: First Name + Last Name -> technician) that the file names whole
    composed = {part: whole for whole, parts in (near.source.compose or {}).items() for part in parts}
    for group in near.missing:
        fields = group.split("|")
        if all(f in SIGNATURE_ONLY for f in fields):
            continue
        if all(composed.get(f) in by_field for f in fields):
            continue
        if not any(f in by_field and recognise.header_key(by_field[f]) not in known for f in fields):
            return False
    return True


def _template_missing_mapped(near: recognise.Match, header: list[str]) -> bool:
    """A template-named (``canonical_*``) near miss whose missing fields the header synonyms do find (``Customer`` is
    a client_name): its "no column for client_name" would be false, so its refusal is not the one to give (h41 D17)."""
    if not near.source.id.startswith("canonical_"):
        return False
    found = set(mapping.map_columns(near.source.dataset, header).columns.values())
    return all(any(f in found for f in group.split("|")) for group in near.missing)


_CURRENCY_HEADERS = {"currency", "currency code", "ccy", "cur", "currencycode"}


def _currency_unheld(det: mapping.Detection, table: Table, options: Any) -> None:
    """A currency column beside costs, which have no currency field: amounts in another currency than the
    base one would be summed as base money, so such a file is refused naming the currencies (h41 D17)."""
    from moat.datasets import get

    if det.dataset != "costs" or "currency" in get(det.dataset).field_names:
        return  # other datasets' currency columns are their own rules' (licences, time cost rates: h41 D16)
    base = str(getattr(options, "base_currency", "USD") or "USD").upper()
    for col in table.header:
        if mapping.header_key(col) not in _CURRENCY_HEADERS or det.columns.get(col, mapping.IGNORE) != mapping.IGNORE:
            continue
        seen = sorted({str(v).strip().upper() for v in series(table.rows, col).drop_nulls().to_list() if str(v).strip()})
        other = [c for c in seen if c != base]
        if other:
            raise FileRejected(
                table.file_name, f"a {det.dataset} file whose `{col}` column holds {', '.join(other[:5])} besides the base "
                f"currency {base}: {det.dataset} amounts are held in {base} only, so they would be summed as {base}",
                f"convert the amounts to {base} in the file (or export them in {base}) and load it again; "
                f"`{col}` may stay when every row says {base}")


def _generic(table: Table, options: Any) -> tuple[Table, mapping.Detection, Any]:
    name = table.file_name
    from moat.ingest import client_option

    table = client_option.add_column(table, options)  # --client for a file with no client column (h63 F21)
    from moat.ingest import name_parts

    table = name_parts.add_full_name(table, options)  # h70: ConnectWise members' firstName + lastName
    near = recognise.near_miss(table.header, options.dataset)
    if near is not None and not _report_labels(table, near) and "group_label" in near.columns:
        near = None  # an unheaded column that is not the first is no QuickBooks customer column (h34 D9)
    if near is None or not _report_labels(table, near):
        excel_cells.refuse_unread_blank(table, set(), name)
    try:
        det = mapping.detect(table.header, name, None, options.dataset)
    except FileRejected:
        from moat.ingest import gross_amounts

        if (gross := gross_amounts.unread_refusal(table.header, name)) is not None:
            raise gross from None  # h60 F13: name the tax-inclusive column, not "no column for amount"
        if near and not _template_missing_mapped(near, table.header):
            raise recognise.refusal(name, near, table.header, table.rows) from None
        raise  # the synonyms' own refusal names the datasets the columns read as (h41 D17)
    from moat.ingest import gross_amounts, party_columns, report_kinds, sales_documents

    det = sales_documents.not_costs(table, det, name, options.dataset)  # h60 F1: SI / SC / SR rows are sales
    party_columns.refuse_ledger_client(table, det, name, mapping.header_key)  # h60 F8: `4000 Sales : Managed Services` is no client
    report_kinds.check_labels(name, table.rows, [c for c, t in det.columns.items() if t == "client_name"])  # h41 D9
    _currency_unheld(det, table, options)  # h41 D17
    from moat.ingest import cost_doc_types  # a vendor / expense list is costs (h63 F15)

    cost_doc_types.refuse_as_sales(table, det.dataset)
    from moat.ingest.not_clients import refuse_list_per_client

    refuse_list_per_client(table, det, options)  # a device list is no clients file (h63 F10)
    from moat.ingest import client_facts

    client_facts.refuse_events(table, det, options)  # h74 D1: a ticket view is no clients file
    from moat.ingest.frequency_columns import unmap_frequency_dates

    said: list[str] = []
    unmap_frequency_dates(det, table, said)  # `Billing Period` of Yearly/Monthly is no month (h63 F5)
    client_facts.check_status(table, det, said)  # h74 D1, D3: `State` of IL / OR, a ticket's Solved are no status
    # it looks like a declared source but lacks a column: the synonyms may load it only as that source's dataset
    # and only when they name a column for every field the source misses; else ask rather than guess
    if near and near.source.dataset != det.dataset and \
            sum(1 for t in det.columns.values() if t != mapping.IGNORE) > near.covered:
        near = None  # another dataset's near miss that explains less of the file than the synonyms (a notes column)
    if near and not _synonyms_complete(near, det):
        raise recognise.refusal(name, near, table.header, table.rows)
    taxed = mapping.tax_refusal(det, name)
    if taxed is not None:
        raise taxed
    gross = gross_amounts.refusal(det, name)  # h60 F13: `Amount Inc Tax` alone is not net revenue
    if gross is not None:
        raise gross
    if (caveat := gross_amounts.total_caveat(det)) is not None:
        said.append(caveat)  # h70: `Invoice Total` may include tax (the caveat the QuickBooks Invoice List has)
    name_columns.refuse_yes_no_names(name, det.columns, table.rows)
    read = table.rows.height
    table = units.apply(table, det, said)
    skipped = generic_rows.apply(table, det, name, said)
    skipped += cost_doc_types.apply(table, det, said)  # bill payments are no costs (h63 F15)
    used = sum(1 for t in det.columns.values() if t != mapping.IGNORE)
    rec = Recognised("generic", f"generic {det.dataset} (header synonyms)",
                     f"generic {det.dataset} by header synonyms: {used} of {len(table.header)} headers", dict(det.columns),
                     skipped=skipped, rows_read=read)
    rec.warnings = said
    return table, det, rec
