"""Which declared source a file is, and how sure: refuse rather than guess.

Each source's header signature is matched against the file's header (headers compared by ``mapping.header_key``;
a declared ``*Name`` only matches a file header that has the star, as in Xero's import template). A source
matches when every required field has a column. Among matches the one with most headers found wins; when the
best two are different datasets with as many headers found and a similar share of their signature, the file is
refused with exit 2 listing both (``--source ID`` picks one). A source that matches all but one or two required
fields makes the file a refusal naming, for each missing field, the header that looks like it (by its values).
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field

import polars as pl

from moat.errors import FileRejected
from moat.ingest import values
from moat.ingest.currency_headings import stated
from moat.ingest.headings import series
from moat.ingest.mapping import header_key as _header_key
from moat.ingest.sources import SOURCES, Source
from moat.ingest.units import said_unit
from moat.ingest.vendor_evidence import vendor_evident

_TYPES = {"date": "DATE", "month": "DATE", "start_date": "DATE", "hours": "HOURS", "amount": "MONEY", "line_amount": "MONEY",
          "total": "MONEY", "unit_cost": "MONEY", "seats_purchased": "NUMBER"}


@dataclass
class Match:
    source: Source
    columns: dict[str, str]  # field -> file header
    missing: list[str]  # required groups without a column
    hits: int
    stars: int
    total: int
    covered: int = 0  # file headers this source explains (fields and typical headers)

    @property
    def share(self) -> float:
        return self.hits / self.total if self.total else 0.0

    @property
    def confidence(self) -> str:
        return f"{self.source.name}: {self.hits} of {self.total} headers"


@dataclass
class Recognition:
    """The source a file was recognised as (``source`` None: the synonym mapping or a mapping profile)."""

    source_id: str
    source_name: str
    confidence: str
    dataset: str
    match: Match | None = None
    candidates: list[str] = field(default_factory=list)


class AmbiguousSource(FileRejected):
    """Two declared sources fit the header equally well: a person says which."""

    def __init__(self, file: str, matches: list[Match]) -> None:
        self.candidates = [m.source.id for m in matches]
        listed = "; ".join(f"{m.source.id} ({m.source.dataset}, {m.confidence})" for m in matches)
        super().__init__(file, f"two readings are plausible: {listed}",
                         f"run again with --source {matches[0].source.id} (or --source {matches[1].source.id})")


@functools.lru_cache(maxsize=4096)
def header_key(header: str) -> str:
    """``mapping.header_key``, cached: every source's alternatives are compared with every file's header."""
    return _header_key(header)


def _file_keys(header: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for h in header:
        out.setdefault(("*" if h.strip().startswith("*") else "") + header_key(h), h)
    return out


def _find(alts: tuple[str, ...], keys: dict[str, str]) -> tuple[str | None, bool]:
    for alt in alts:
        if alt.startswith("*"):
            hit = keys.get("*" + header_key(alt))
            if hit:
                return hit, True
            continue
        k = header_key(alt)
        hit = keys.get(k) or keys.get("*" + k)
        if hit:
            return hit, False
    return None, False


def match(source: Source, header: list[str]) -> Match:
    keys = _file_keys(header)
    columns: dict[str, str] = {}
    stars = 0
    for fld, alts in source.columns.items():
        hit, star = _find(alts, keys)
        if hit and hit not in columns.values():
            columns[fld] = hit
            stars += star
    missing = [group for group in source.required if not any(f in columns for f in group.split("|"))]
    typical = sum(1 for t in source.typical if _find((t,), keys)[0] and _find((t,), keys)[0] not in columns.values())
    return Match(source, columns, missing, len(columns) + typical, stars, len(source.columns) + len(source.typical),
                 len(columns) + typical)


def recognise(header: list[str], file_name: str, *, dataset: str | None = None, source_id: str | None = None,
              sources: list[Source] | None = None) -> Match | None:
    """The matching source, None when no declared source fits (the synonym mapping then tries).

    Raises ``AmbiguousSource`` for two equally plausible readings, ``FileRejected`` when ``source_id`` is given
    but does not fit.
    """
    pool = [s for s in (SOURCES if sources is None else sources)
            if (dataset is None or s.dataset == dataset) and (source_id is None or s.id == source_id)]
    if source_id and not pool:
        from moat.ingest.sources import BY_ID

        raise FileRejected(file_name, f"there is no source {source_id!r}", f"sources are: {', '.join(sorted(BY_ID))}")
    matches = [match(s, header) for s in pool]
    complete = sorted((m for m in matches if not m.missing), key=lambda m: (m.stars, m.hits, m.share, m.source.priority), reverse=True)
    if source_id:
        if not complete:
            raise refusal(file_name, matches[0], header, None)
        return complete[0]
    if not complete:
        return None
    best = complete[0]
    near = near_miss(header, dataset, matches if sources is None else None) if source_id is None else None  # same pool: no 2nd match
    # a source that explains more of the file lacks a column: ask, never load; but never on plain headings alone (h101,
    # h98 L6: `Number, Customer, Date, Due Date, ...` is no QuickBooks Invoice List, nor Syncro's API pull)
    if near and near.covered >= best.covered + 2 and vendor_evident(near, header):
        raise refusal(file_name, near, header, None)
    rival = next((m for m in complete[1:] if m.source.dataset != best.source.dataset), None)
    if rival and rival.stars == best.stars and rival.hits == best.hits and abs(rival.share - best.share) < 0.1:
        raise AmbiguousSource(file_name, [best, rival])
    return best


def near_miss(header: list[str], dataset: str | None = None, matches: list[Match] | None = None) -> Match | None:
    """The declared source the file most resembles while lacking one or two required fields (None if none).
    ``matches``: every declared source of ``dataset`` already matched against ``header`` (``recognise`` has them)."""
    pool = matches if matches is not None else [match(s, header) for s in SOURCES if dataset is None or s.dataset == dataset]
    near = [m for m in pool if 0 < len(m.missing) <= 2 and len(m.columns) >= max(2, len(m.source.columns) / 2)
            and (m.hits * 2 >= m.total or not _only_own_fields_missing(m))]
    return max(near, key=lambda m: (m.covered, m.share), default=None)


def _only_own_fields_missing(m: Match) -> bool:
    """Whether every field ``m`` lacks is the source's own (QuickBooks' due_date / open_balance), none of its dataset.

    Asking for a report's own column only makes sense when the file is surely that report: at least half its
    headers (h63 F2: a Sage list with 5 of QuickBooks' 11, all of them plain Date / Customer / Total, was refused as
    QuickBooks asking for `Due Date`)."""
    from moat.datasets import get

    canonical = set(get(m.source.dataset).field_names) | set(_MAP_AS)
    return all(f not in canonical for group in m.missing for f in group.split("|"))


def nearest_header(fld: str, source: Source, header: list[str], used: set[str], rows: pl.DataFrame | None) -> str | None:
    """The unused header that looks most like ``fld``: by its values (dates, numbers) first, then by its name."""
    free = [h for h in header if h not in used and not h.startswith("__")]
    kind = _TYPES.get(fld)
    if rows is not None and kind and rows.height:
        sample = rows.head(200)
        if kind == "DATE":  # a column of bare integers (an id: 51201) reads as Excel day numbers: a real date column first
            free = sorted(free, key=lambda h: h in sample.columns and bool(series(sample, h).drop_nulls().str.strip_chars().str.contains(r"^\d+$").all()))
        fits: list[str] = []
        for h in free:
            if h not in sample.columns:
                continue
            col = series(sample, h).drop_nulls()
            col = col.filter(col.str.strip_chars() != "")
            if col.len() == 0:
                continue
            if kind != "DATE" and _id_like(h, col):  # a partner/customer id is never hours or money (h41 D28)
                continue
            if kind == "HOURS" and clock_time(h):  # h69 D2: `Start Time` 09:00 is a time of day, never 9 hours
                continue
            if kind == "HOURS" and (stated(h) or re.search(r"\b(?:rate|amount|price|cost|fee|revenue)\b", header_key(h))):
                continue  # h87: Clockify's `Billable Rate (USD)` 125.00 is money, never 125 hours
            if fld == "hours" and re.search(r"deduct|\bbilled\b", header_key(h)):  # h69 D20: hoursDeduct is an
                continue  # agreement block's deduction, hoursBilled what was invoiced: neither is the time worked
            parsed = values.date(col, None) if kind == "DATE" else values.hours(col) if kind == "HOURS" else values.money(col)
            if parsed.null_count() <= col.len() * 0.2:
                fits.append(h)
        if fits:  # among the columns whose values fit, the one whose name says so (h41 D12, D13)
            return max(fits, key=lambda h: _name_score(fld, h))  # max keeps the first of equals: file order
    if kind is None and fld.endswith("_name"):  # a numeric id never becomes a name: never offer an id column for one
        free = [h for h in free if not _id_column(h, rows)]
    if fld in _NAME_WORDS:  # a product is named by an offer/SKU/subscription *name* column (Partner Center legacy: OfferName)
        named = [h for h in free if not _id_column(h, rows) and header_key(h).endswith("name")
                 and any(w in header_key(h).split() for w in _NAME_WORDS[fld])]
        if named:  # the word that names the thing bought best first ("OfferName" over "SubscriptionName")
            return min(named, key=lambda h: min(_NAME_WORDS[fld].index(w) for w in header_key(h).split() if w in _NAME_WORDS[fld]))
    names = {header_key(a): a for a in source.columns.get(fld, (fld,))}
    best = difflib.get_close_matches(header_key(fld), [header_key(h) for h in free], n=1, cutoff=0.6)
    for alt in names:
        best = best or difflib.get_close_matches(alt, [header_key(h) for h in free], n=1, cutoff=0.6)
    if best:
        return next(h for h in free if header_key(h) == best[0])
    return None


# words in a header that say what a numeric column holds, per field (h41 D12, D13, D28): values alone cannot tell
# "Total Hours" from "Non-Billable Hours", or a unit price from a partner id
_FIELD_WORDS = {
    "HOURS": (("hour", "hrs", "duration", "time", "worked", "minute", "mins", "second", "secs"), ("total", "worked", "actual", "spent")),
    "MONEY": (("cost", "price", "amount", "rate", "fee", "charge", "total", "subtotal"), ("unit", "effective", "per")),
}
_NAME_WORDS = {"product": ("product", "offer", "sku", "subscription", "item", "service", "plan")}
_AGAINST = ("non", "un", "not", "no", "tax", "discount", "vat", "billable")  # a part or another quantity, not the whole


def _name_score(fld: str, header: str) -> int:
    """How much a header's words say it is ``fld``: its kind's words count, a word of a part counts against."""
    words = header_key(header).split()
    joined = "".join(words)
    kind = _TYPES.get(fld, "")
    main, extra = _FIELD_WORDS.get(kind, ((), ()))
    score = 3 * any(w in joined for w in main) + any(w in words for w in extra)
    score -= 2 * sum(1 for w in words if w in _AGAINST or (w.startswith("non") and len(w) > 3))
    if kind == "HOURS" and fld == "hours" and said_unit(header) in ("minutes", "seconds"):
        score -= 1  # a minutes (seconds) column is offered as `minutes` (`seconds`), after a column of hours
    return score


def clock_time(header: str) -> bool:
    """A heading that names a point in time (`Start Time`, `End Time`, `Time In`, `Clock Out`, `Started`): its hh:mm
    cells are times of day, never durations (h69 D2: 09:00 offered as hours loaded 9 hours)."""
    words = header_key(header).split()
    point = {"start", "started", "begin", "began", "end", "ended", "finish", "finished", "stop", "stopped", "clock",
             "arrival", "departure", "timestamp", "datetime"}
    inout = "time" in words and any(w in ("in", "out", "from", "to") for w in words) and len(words) == 2  # `Time In`
    return (inout or any(w in point for w in words)) and not any(w in ("duration", "hours", "hrs", "minutes", "mins", "spent", "worked")
                                                      for w in words)


def _id_like(header: str, col: pl.Series) -> bool:
    """An id by its name (`MpnId`, `company.id`) or its values (whole numbers of 5 or more digits: 4390934)."""
    if re.search(r"(?:^| )(?:id|number|no|code|zip|phone)$", header_key(header)):
        return True
    text = col.cast(pl.Utf8).str.strip_chars()
    return bool(text.str.contains(r"^\d{5,}$").all())


def suggested_field(fld: str, header: str) -> str:
    """The field a hint maps ``header`` to: a "... Minutes" ("... (sec)") column for hours is mapped as `minutes`
    (`seconds`), converted, never as `hours` (which would load 15 minutes as 15 hours, h41 D12; h74 D2)."""
    said = said_unit(header) if fld == "hours" else None
    return said if said in ("minutes", "seconds") else fld


def _id_column(header: str, rows: pl.DataFrame | None) -> bool:
    """`company.id`, `memberID`, or a column of bare integers: an id, which loads as a name like "250"."""
    if re.search(r"(?:^| )id$", header_key(header)):
        return True
    if rows is None or header not in rows.columns:
        return False
    col = series(rows, header).head(200).drop_nulls().cast(pl.Utf8).str.strip_chars()
    col = col.filter(col != "")
    return col.len() > 0 and bool(col.str.contains(r"^\d+$").all())


def refusal(file_name: str, m: Match, header: list[str], rows: pl.DataFrame | None) -> FileRejected:
    """"no column for date; `timeStart` looks like one: map it with ..." for each missing field of ``m``."""
    used = set(m.columns.values())
    parts, mapped, unmatched = [], [], []
    from moat.datasets import get

    canonical = set(get(m.source.dataset).field_names) | set(_MAP_AS)
    from moat.ingest.vendor_evidence import vendor_evident

    named = vendor_evident(m, header)  # h70: never "looks like Sherweb" on plain headings alone (a TD SYNNEX file)
    from moat.ingest.mapping import synonyms

    plain = {} if named else synonyms(m.source.dataset)
    for group in m.missing:
        fields = group.split("|")
        # h111 (h101 L5): a vendor's own heading missing from a file of plain headings is no missing field when the
        # header synonyms find a column for it (`Customer` for Syncro's `customer_business_then_name`): name it mapped
        found = next(((h, f) for f in fields for h in header if h not in used and _header_key(h) in plain.get(f, ())), None)
        if found is not None:
            used.add(found[0])
            mapped.append(f'"{found[0]}": {found[1]}')
            continue
        if not any(f in canonical for f in fields):  # the source's own columns (QuickBooks' Due Date): no field to map
            parts.append("no " + " or ".join(f"`{m.source.columns.get(f, (f,))[0]}`" for f in fields) + " column"
                         + (f", which {m.source.vendor}'s {m.source.report} has" if named else ""))
            continue
        said = [f for f in fields if not (f == "client_name" and "group_label" in fields)]
        wanted = " or ".join(_USER_WORDS.get(f) or (f"{f} (`{m.source.columns.get(f, (f,))[0]}`)" if named else f) for f in said)
        fields = [_MAP_AS.get(f, f) for f in fields]
        near = next((h for f in fields if (h := nearest_header(f, m.source, header, used, rows))), None)
        if near:
            used.add(near)
            parts.append(f"no column for {wanted}; `{near}` looks like one")
            target = next((f for f in fields if nearest_header(f, m.source, header, used - {near}, rows) == near), fields[0])
            mapped.append(f'"{near}": {suggested_field(target, near)}')
        else:
            parts.append(f"no column for {wanted}")
            unmatched.append(fields[0] if fields[0] in canonical else "")
    # h69 D27: a hint that maps only the fields it found a column for still leaves the file refused: every missing field
    # the dataset has is in the mapping, the ones with no likely column as a placeholder to fill in
    mapped += [f'"<your column for {f}>": {f}' for f in unmatched if f and mapped]
    hint = (f"export the file again with those columns, or map them: moat ingest {file_name} --dataset {m.source.dataset} "
            f"--mapping map.yaml with columns: {{{', '.join(mapped) or '<your header>: <field>'}}}")
    if not mapped:  # h63 F2: never ask to map a field the dataset does not have
        fields = ", ".join(f for f in get(m.source.dataset).field_names if f not in ("client_key",))
        hint = (("if it is that report, export it again with those columns; else " if named else "")
                + f"map its columns to {m.source.dataset} "
                f"fields ({fields}): moat ingest {file_name} --dataset {m.source.dataset} --mapping map.yaml with "
                "columns: {\"<your header>\": <field>}")
    what = m.confidence if named else (f"{m.source.dataset} ({', '.join(f'`{h}`' for h in m.columns.values())}: "
                                       "headings of no one vendor's export)")
    return FileRejected(file_name, f"looks like {what}, but " + "; ".join(parts), hint)


# internal fields a user cannot map, said in the file's terms, and the field a mapping gives instead (h41 D22, D24)
_USER_WORDS = {"group_label": "the customer (a Customer column, or each customer's name on a row of its own above its "
                              "lines, as the report grouped by customer writes it)"}
_MAP_AS = {"group_label": "client_name"}

_CANONICAL = {"client_name", "technician_name", "date", "hours", "billable", "amount", "invoice_number", "product", "month",
              "seats_purchased", "unit_cost", "category"}
