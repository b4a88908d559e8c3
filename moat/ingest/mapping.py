"""Column mapping: which dataset a file holds and which of its columns is which canonical field.

Headers are compared by a key that ignores case, punctuation and camelCase ("IsNonBillable" = "is non billable"),
against synonyms that cover the export dialects MSPs bring (ConnectWise Manage, Autotask, HaloPSA, QuickBooks,
Xero, Pax8/Ingram, the Microsoft 365 admin centre) and the original MoatMetrics CSV layout, so those load with no
mapping at all. Anything else is mapped by a person, once, as a profile (YAML for the CLI, the same dict from the
Upload page's editor), which overrides the synonyms column by column.

Besides the canonical fields of ``moat.datasets`` a column may map to a *derived* field that the pipeline turns
into a canonical one: ``non_billable`` (inverted into billable), ``total_cost`` (licence row total -> unit cost
= total / seats; a given unit cost wins, and the report says where they disagree), ``is_active`` (clients:
status active/churned), or ``ignore``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from moat.datasets import DATASETS, Dataset, get
from moat.errors import FileRejected, MoatError
from moat.ingest import currency_headings, legal_names, party_columns
from moat.ingest.name_columns import NAME_FIELDS, is_question

IGNORE = "ignore"
DERIVED = {"non_billable": "time_entries", "total_cost": "licenses", "is_active": "clients",
           # units the header states, turned into the canonical field before parsing (``moat.ingest.units``)
           "minutes": "time_entries", "seconds": "time_entries", "billable_hours": "time_entries", "annual_cost": "technicians", "monthly_cost": "technicians", "fte": "technicians",
           "daily_capacity_hours": "technicians", "monthly_capacity_hours": "technicians",  # h63 F7: hours a day / a month
           "inactive": "technicians",  # h75: a disabled / inactive flag, inverted into ``active``
           "tax": "invoices"}  # h101: the tax in a mapped document total, subtracted from it (``moat.ingest.mapped_tax``)

# Derived targets only a mapping profile names, never a header synonym: a `Tax` column is subtracted from the amount
# only when a person says the amount includes it (h101)
NAMED_ONLY = {"tax"}

# A file's currency column in datasets that store no currency of their own: it decides which rate converts the row's
# money (licence costs/prices, time entries' cost and bill rates), never summed as base currency (h41 D16)
CURRENCY_HELPER = ("licenses", "time_entries")


def _helpers(dataset: str) -> list[str]:
    return ["currency"] if dataset in CURRENCY_HELPER and "currency" not in get(dataset).field_names else []


# Synonyms common to every dataset that has the field, most specific first (the first header found wins).
COMMON: dict[str, list[str]] = {
    "client_name": [
        "client name", "client", "company name", "company",
        "companyname",  # WHMCS GetInvoices / GetClients write it as one lower-case word (h111 L2, h124)
        "customer name", "customer", "customer full name", "account name", "account", "contact name", "organization", "organisation", "organization name", "tenant",
        "tenant name", "client company", "end customer",
    ],
    "technician_name": [
        "technician name", "technician", "tech", "member name", "member", "resource name", "resource", "agent name",
        "agent", "staff name", "staff", "employee name", "employee", "engineer", "worked by", "logged by",
        "team member",  # FreshBooks' time reports name the person so (h69 D27)
        "first name last name",  # name_parts.COLUMN: two columns joined (h70), before a login beside them (h75)
        "user name",
    ],
    "currency": ["currency", "currency code", "cur", "ccy",
                 "currencycode"],  # WHMCS GetInvoices (h124: a GBP invoice was summed as base currency)
}
SPECIFIC: dict[str, dict[str, list[str]]] = {
    "clients": {
        "client_name": ["name", "client"],
        "segment": ["segment", "industry", "vertical", "sector", "market", "client type", "company type"],
        "agreement_type": ["agreement type", "agreement", "contract type", "billing type", "service plan", "plan", "agreement name"],
        "monthly_fee": ["monthly fee", "mrr", "monthly recurring revenue", "monthly recurring", "monthly amount", "recurring revenue", "fee", "monthly price"],
        "status": ["status", "client status", "company status", "state", "organization status name", "organization status",
                   "organisation status"],  # IT Glue (h74 D7)
        "is_active": ["is active", "active"],
        "start_date": ["start date", "client since", "contract start", "onboarded", "start", "date created"],
        "end_date": ["end date", "contract end", "churn date", "end", "date churned"],
    },
    "technicians": {
        "technician_name": ["name", "full name"],
        "hourly_cost": ["hourly cost", "cost rate", "cost per hour", "loaded cost", "loaded hourly cost", "internal cost", "hourly cost rate", "cost"],
        "annual_cost": ["annual cost", "annual loaded cost", "loaded annual cost", "yearly cost", "cost per year", "annual salary",
                        "yearly salary", "salary", "annual"],
        "monthly_cost": ["monthly cost", "monthly salary", "cost per month", "monthly loaded cost"],
        "weekly_capacity_hours": ["weekly capacity hours", "weekly capacity", "capacity", "hours per week", "weekly hours", "standard hours"],
        "fte": ["fte", "full time equivalent", "fte fraction"],
        "daily_capacity_hours": ["daily capacity hours", "daily capacity", "hours per day", "hours a day", "daily hours",
                                 "capacity per day", "hours day", "work hours per day", "working hours per day", "hrs per day"],
        "monthly_capacity_hours": ["monthly capacity hours", "monthly capacity", "hours per month", "hours a month",
                                   "monthly hours", "capacity per month", "hours month", "working hours per month"],
        "role": ["role", "title", "job title", "position", "level", "tier"],
        # h75: whether the person still works there (Autotask resources `isActive`; HaloPSA agents `Is Disabled` and
        # ConnectWise members `inactiveFlag` say the opposite) and the last working day (ConnectWise `inactiveDate`)
        "active": ["active", "is active", "enabled", "is enabled"],
        "inactive": ["inactive", "is inactive", "inactive flag", "disabled", "is disabled", "deactivated", "is deactivated"],
        "end_date": ["end date", "inactive date", "termination date", "date terminated", "terminated on", "leave date",
                     "leaving date", "date left", "last day", "last working day", "departure date"],
    },
    "time_entries": {
        "entry_id": ["entry id", "time entry id", "timeentry id", "time entry", "time id", "record id", "entry", "id"],
        "date": ["date", "date worked", "work date", "date start", "entry date", "time entry date", "start date", "date performed"],
        "hours": [
            "hours", "hours actual", "actual hours", "hours worked", "worked hours", "time taken", "hours logged",
            "time spent", "duration", "total hours", "hrs", "time hours", "time hrs", "time spent hours", "time spent hrs",
            "duration hours", "duration hrs", "hours spent",
        ],
        # a duration the header says is in minutes: hours = minutes / 60 (``moat.ingest.units``)
        "minutes": [
            "minutes", "mins", "min", "time spent min", "time spent mins", "time spent minutes", "duration min", "duration mins",
            "duration minutes", "minutes spent", "minutes worked", "time minutes", "time min", "time mins", "total minutes",
        ],
        # a duration the header says is in seconds (Zendesk's time tracking, API pulls): hours = seconds / 3600 (h74 D2)
        "seconds": [
            "seconds", "secs", "duration seconds", "duration secs", "duration sec", "duration s", "time spent seconds",
            "time spent secs", "time spent sec", "time spent s", "total time spent sec", "total time spent seconds",
            "time spent last update sec", "total seconds", "seconds spent", "seconds worked", "time seconds", "time secs",
        ],
        "billable": ["billable", "billable option", "is billable", "billable flag", "billing status", "billable status", "charge type"],
        "non_billable": ["is non billable", "non billable", "nonbillable", "do not bill", "no charge"],
        # a number of billable hours: the entry is billable when it is above 0 (h41 D13: a mapping could not name it)
        "billable_hours": ["billable hours", "billed hours", "hours to bill", "billable hrs", "hours billed"],
        "work_type": ["work type", "billing code", "activity type", "activity", "work role", "service type", "task type", "type"],
        "notes": ["notes", "note", "summary notes", "description", "task description", "summary", "internal notes", "details", "comments", "work description"],
        "cost_rate": ["cost rate", "hourly cost", "internal cost rate", "cost per hour", "labor cost rate", "labour cost rate"],
        "bill_rate": ["bill rate", "billing rate", "hourly rate", "charge rate", "billable rate", "rate"],
    },
    "invoices": {
        "client_name": ["client name", "client", "company name", "company", "customer name", "customer", "customer full name",
                        "account name", "account", "name",  # QuickBooks' "Name" column is the customer
                        # the other party under an accounting package's heading (h60 F1, F8: Sage's Account Reference)
                        *[p for p in party_columns.EXTRA_INVOICE_CLIENT
                          if p not in {"customer id", "client id", "customer number", "customer no"}]],
        "invoice_number": ["invoice number", "invoice no", "invoice", "invoicenum", "invoice id", "num", "no", "number", "doc number", "document number", "reference"],
        "date": ["date", "invoice date", "txn date", "transaction date", "issue date", "date issued", "billing date"],
        # revenue is net of tax: a net column wins over a gross one (D2); a gross/total column beside a tax column and
        # no net one is refused (``tax_refusal``)
        "amount": ["net amount", "net", "amount excl vat", "amount excl tax", "amount excl gst", "amount ex vat", "amount ex tax",
                   "amount ex gst", "amount excluding tax", "amount excluding vat", "amount before tax", "net total", "subtotal",
                   "sub total", "total excl vat", "total excl tax", "total excl gst", "total ex tax", "total ex vat", "total ex gst",
                   "net value", "amount", "total", "total amount", "invoice total", "invoice amount", "gross", "total inc tax",
                   "amount inc tax"],
        "category": ["category", "product service", "product", "item", "service", "class", "transaction type", "type", "line type"],
        "status": ["status", "invoice status", "state", "payment status", "voucher status"],  # lexoffice (h101)
    },
    "costs": {
        "cost_id": ["cost id", "expense id", "bill number", "bill no", "reference", "ref", "id"],
        "date": ["date", "expense date", "transaction date", "bill date", "posting date", "txn date"],
        "amount": ["amount", "cost", "total", "expense amount", "total amount", "net amount"],
        "category": ["category", "expense category", "cost category", "expense type", "type", "gl account", "account code", "expense account"],
    },
    "licenses": {
        "vendor": ["vendor", "vendor name", "manufacturer", "publisher", "brand"],
        "product": [
            "product", "product name", "product title", "sku", "sku name", "license", "licence", "license name",
            "licence name", "subscription", "subscription name", "plan", "offer name", "service",
        ],
        "month": ["month", "billing month", "billing period", "period", "service month", "invoice month", "invoice date", "charge date"],
        "start_date": ["start date", "subscription start", "billing start", "term start", "commitment start", "start"],
        "end_date": ["end date", "subscription end", "term end", "commitment end", "renewal date", "end"],
        "seats_purchased": [
            "seats purchased", "purchased", "quantity", "qty", "seats", "licenses purchased", "licences purchased",
            "total licenses", "total licences", "prepaid units", "prepaid units enabled", "purchased licenses", "licenses", "units",
        ],
        "seats_assigned": ["seats assigned", "assigned", "assigned licenses", "assigned licences", "seats used", "used", "consumed units", "consumed", "licenses assigned"],
        "seats_active": ["seats active", "active seats", "active users", "active", "active licenses", "active licences"],
        "unit_cost": ["unit cost", "cost per seat", "partner cost", "unit partner cost", "partner price", "buy price", "cost price", "cost"],
        "unit_price": ["unit price", "price per seat", "retail price", "sell price", "customer price", "price", "msrp"],
        "total_cost": ["total cost", "line total", "extended cost", "partner total", "total"],
    },
}
# Words in a file name that hint at its dataset (tie-breaks between datasets with similar columns).
NAME_HINTS = {
    "clients": ("client", "customer", "compan", "account"),
    "technicians": ("technician", "tech", "staff", "member", "resource", "employee", "agent"),
    "time_entries": ("time", "timesheet", "hour", "log"),
    "invoices": ("invoice", "billing", "sales", "revenue"),
    "costs": ("cost", "expense", "bill", "purchase"),
    "licenses": ("licen", "subscription", "seat", "pax8", "m365", "office"),
}


def header_key(header: str) -> str:
    """Comparison key: camelCase split, lower case, punctuation to single spaces ('Hours_Actual' = 'hours actual')."""
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", str(header))
    text = text.replace("#", " number ").replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def synonyms(dataset: str) -> dict[str, list[str]]:
    """field -> header keys, dataset-specific first. Includes the canonical name itself."""
    d = get(dataset)
    fields = d.field_names + [f for f, ds in DERIVED.items() if ds == dataset and f not in NAMED_ONLY] + _helpers(dataset)
    out: dict[str, list[str]] = {}
    for f in fields:
        keys = [header_key(f)] + [header_key(s) for s in SPECIFIC.get(dataset, {}).get(f, [])]
        keys += [header_key(s) for s in COMMON.get(f, [])]
        out[f] = list(dict.fromkeys(keys))
    return out


_ALL_KEYS = {k for ds in DATASETS for keys in synonyms(ds).values() for k in keys}


def is_known_header(cell: str) -> bool:
    return header_key(cell) in _ALL_KEYS


@dataclass
class Profile:
    """A mapping profile: the YAML a person writes once per export shape."""

    dataset: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # file header -> field | derived | "ignore"
    dayfirst: bool | None = None
    sheet: str | None = None
    currency: str | None = None
    constants: dict[str, str] = field(default_factory=dict)  # field -> value for every row (e.g. the M365 tenant's client)
    name: str | None = None  # a saved profile's name: a user-defined source "mapping:<name>"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"dataset": self.dataset, "columns": dict(self.columns)}
        for key in ("dayfirst", "sheet", "currency"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.constants:
            out["constants"] = dict(self.constants)
        return out

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.as_dict(), sort_keys=False, allow_unicode=True)


def targets(dataset: str) -> list[str]:
    """What a column of this dataset may be mapped to (for the editor and for checking profiles)."""
    return get(dataset).field_names + [f for f, ds in DERIVED.items() if ds == dataset] + _helpers(dataset) + [IGNORE]


def load_profile(source: str | Path | dict[str, Any]) -> Profile:
    """Read and check a profile (path to YAML, YAML text or a dict). Bad profiles are refused with the reason."""
    if isinstance(source, dict):
        data = source
        where = "mapping"
    else:
        path = Path(source)
        where = str(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        except (OSError, yaml.YAMLError) as err:
            raise MoatError(f"cannot read mapping {where}: {err}", "check the YAML syntax") from err
        if data is None:
            raise MoatError(f"mapping file {where} does not exist or is empty", "give the path of a YAML mapping profile")
    if not isinstance(data, dict):
        raise MoatError(f"mapping {where} must be a YAML mapping with 'dataset' and 'columns'")
    unknown = set(data) - {"dataset", "columns", "dayfirst", "sheet", "currency", "constants", "name"}
    if unknown:
        raise MoatError(f"mapping {where}: unknown keys {sorted(unknown)}", "allowed: dataset, columns, dayfirst, sheet, currency, constants")
    dataset = data.get("dataset")
    if dataset is not None and dataset not in DATASETS:
        raise MoatError(f"mapping {where}: unknown dataset {dataset!r}", f"datasets are: {', '.join(DATASETS)}")
    columns = {str(k): str(v) for k, v in (data.get("columns") or {}).items()}
    if dataset:
        allowed = set(targets(dataset))
        bad = {k: v for k, v in columns.items() if v not in allowed}
        if bad:
            raise MoatError(f"mapping {where}: {bad} are not fields of {dataset}", f"fields are: {', '.join(targets(dataset))}")
    dayfirst = data.get("dayfirst")
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise MoatError(f"mapping {where}: dayfirst must be true or false")
    constants = {str(k): str(v) for k, v in (data.get("constants") or {}).items()}
    currency = data.get("currency")
    return Profile(dataset, columns, dayfirst, data.get("sheet"), str(currency).upper() if currency else None, constants,
                   str(data["name"]) if data.get("name") else None)


@dataclass
class Detection:
    dataset: str
    columns: dict[str, str]  # file header -> target
    unmapped: list[str]
    missing: list[str]  # required fields with no column
    scores: dict[str, float]
    notes: list[str] = field(default_factory=list)  # why a column was not taken (shown in a refusal)


_UNLISTED = {"billable_hours"}  # satisfies a requirement when found, but a refusal asks for the usual fields


def _required_groups(d: Dataset) -> list[tuple[str, ...]]:
    """Required fields, where alternatives satisfy one requirement (licences: month or start_date; unit_cost or total_cost; time: billable or non_billable)."""
    alternatives = {"month": ("month", "start_date"), "unit_cost": ("unit_cost", "total_cost"), "billable": ("billable", "non_billable", "billable_hours"),
                    "client_name": ("client_name",), "hours": ("hours", "minutes", "seconds"),
                    "hourly_cost": ("hourly_cost", "annual_cost", "monthly_cost")}
    groups = [alternatives.get(f, (f,)) for f in d.required]
    if d.name == "licenses":
        groups.append(("month", "start_date"))
    return groups


def map_columns(dataset: str, header: list[str], profile: Profile | None = None) -> Detection:
    """Map ``header`` onto ``dataset``: the profile's choices first, then synonyms (best synonym wins a field)."""
    d = get(dataset)
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    for col in header:
        if profile and col in profile.columns:
            chosen[col] = profile.columns[col]
            if profile.columns[col] != IGNORE:
                taken.add(profile.columns[col])
    if profile:
        taken |= set(profile.constants)
    # a currency the heading states (`Amount (EUR)`) is the cells' currency, not part of the field's name (h60 F4)
    keys = {col: header_key(currency_headings.bare(col)) for col in header if col not in chosen}
    for target, syns in synonyms(dataset).items():
        if target in taken:
            continue
        for syn in syns:
            hit = next((col for col, k in keys.items() if k == syn and col not in chosen
                        and not (target in NAME_FIELDS and is_question(col))), None)  # `Employee?` is yes/no (D25)
            if hit:
                chosen[hit] = target
                taken.add(target)
                break
    notes = _price_total_not_cost(dataset, chosen, taken)
    party_columns.prefer_party(dataset, keys, chosen, notes)  # h60 F8: `Account` beside `Name` is the ledger account
    legal_names.prefer_display_name(dataset, keys, chosen, notes)  # h74 D3: `Company name` beside `Customer` is legal
    columns = {col: chosen[col] for col in header if col in chosen}
    unmapped = [col for col in header if col not in chosen]
    missing = [" or ".join(f for f in g if f not in _UNLISTED) for g in _required_groups(d) if not any(f in taken for f in g)]
    matched_required = sum(1 for g in _required_groups(d) if any(f in taken for f in g))
    score = 2 * matched_required + sum(1 for t in columns.values() if t != IGNORE) - 3 * len(missing)
    return Detection(dataset, columns, unmapped, missing, {dataset: score}, notes)


# Licence totals named like a cost; any other total ("Line Total", "Total") beside a selling price is quantity x price:
# what the client pays, never the MSP's cost (D26).
_COST_TOTALS = {"total cost", "extended cost", "partner total", "cost total", "total partner cost"}


def _price_total_not_cost(dataset: str, chosen: dict[str, str], taken: set[str]) -> list[str]:
    if dataset != "licenses" or "unit_price" not in taken or "unit_cost" in taken:
        return []
    by_field = {t: c for c, t in chosen.items()}
    total = by_field.get("total_cost")
    if total is None or header_key(total) in _COST_TOTALS or "cost" in header_key(total).split():
        return []
    del chosen[total]
    taken.discard("total_cost")
    return [f"`{total}` is a total beside the selling price `{by_field['unit_price']}` (quantity x price, what the client pays), "
            "not the MSP's cost; the file has no cost column"]


# Tax columns of an invoice file (revenue is net of tax, DESIGN glossary).
_TAX_KEYS = {"tax", "vat", "gst", "hst", "sales tax", "tax amount", "vat amount", "gst amount", "total tax", "tax total"}
_GROSS_WORDS = {"total", "gross", "incl", "inc", "including"}
_NET_WORDS = {"sub", "net", "ex", "excl", "excluding", "exclusive", "before", "pre"}


def tax_refusal(det: Detection, file_name: str) -> FileRejected | None:
    """An invoice file whose amount column is a gross/total one beside a tax column (and no net column): the amount
    may include the tax, so the file is refused naming the mapping that settles it (D2)."""
    if det.dataset != "invoices":
        return None
    amount = next((c for c, t in det.columns.items() if t == "amount"), None)
    tax = next((c for c in det.unmapped if header_key(c) in _TAX_KEYS), None)
    words = set(header_key(amount).split()) if amount else set()
    # `Sub Total` / `SubTotal` (Xero's API) is the amount before tax, whatever its "total" says (h98)
    if amount is None or tax is None or not (_GROSS_WORDS & words) or words & _NET_WORDS:
        return None
    return FileRejected(
        file_name, f"`{amount}` may include the tax in `{tax}`, and revenue is net of tax; the file has no net amount column",
        f"export the amount before tax (a Net / Subtotal column), or, if `{amount}` is before tax, map it: moat ingest "
        f"{file_name} --dataset invoices --mapping map.yaml with columns: {{\"{amount}\": amount, \"{tax}\": ignore}}")


def detect(header: list[str], file_name: str = "", profile: Profile | None = None, dataset: str | None = None) -> Detection:
    """Pick the dataset (given, from the profile, or the best complete match) and map its columns.

    Raises ``FileRejected`` (exit 2, nothing written) when no dataset's required fields are all present.
    """
    wanted = dataset or (profile.dataset if profile else None)
    if wanted:
        found = map_columns(wanted, header, profile)
        if found.missing:
            raise FileRejected(
                file_name, f"no column for {', '.join(found.missing)} of {wanted} (columns are: {', '.join(header)})",
                f"map them in a mapping file: moat ingest {file_name} --mapping map.yaml with columns: {{\"<your header>\": <field>}}",
            )
        return found
    lowered = file_name.lower()
    results = []
    for name in DATASETS:
        found = map_columns(name, header, profile)
        bonus = 3 if any(h in lowered for h in NAME_HINTS[name]) else 0
        results.append((0 if found.missing else 1, found.scores[name] + bonus, found))
    complete = [r for r in results if r[0]]
    if not complete:
        near = max(results, key=lambda r: r[1])[2]
        raise FileRejected(
            file_name,
            f"no recognisable columns: none of the datasets fits (closest: {near.dataset}, missing {', '.join(near.missing)}; "
            f"columns are: {', '.join(header[:20])})",
            "give --dataset NAME and a --mapping file that says which column is which (see the template CSVs)",
        )
    best = max(complete, key=lambda r: r[1])[2]
    best.scores = {r[2].dataset: r[1] for r in results}
    rivals = contradicting(best, [r[2] for r in results], header)
    if rivals:
        raise content_refusal(file_name, best, rivals, header)
    return best


def _used(det: Detection) -> int:
    return sum(1 for t in det.columns.values() if t != IGNORE)


_PERSON = {header_key(s) for s in COMMON["technician_name"] + ["technician", "tech"]} - {"user name"}
_DURATION = {k for f in ("hours", "minutes", "seconds") for k in synonyms("time_entries")[f]} | {
    "billable hours", "non billable hours", "nonbillable hours", "billed hours", "start time", "end time", "time"}


def contradicting(best: Detection, others: list[Detection], header: list[str]) -> list[Detection]:
    """The datasets whose columns the file holds more of than ``best`` explains (D1): the file is not ``best``.

    What the columns hold decides: a dataset that maps more of them than ``best`` does; a person column (technician)
    beside a dataset with no person; a duration column beside a dataset with no hours. ``best`` is kept only when
    nothing contradicts it (a clients file is names and client facts, not work dates and hours)."""
    used = _used(best)
    fields = set(get(best.dataset).field_names)
    unused = [header_key(c) for c in best.unmapped]
    out = []
    for other in others:
        if other.dataset == best.dataset:
            continue
        more = _used(other) > used
        person = "technician_name" not in fields and any(k in _PERSON for k in unused) and other.dataset in ("time_entries", "technicians")
        duration = "hours" not in fields and any(k in _DURATION for k in unused) and other.dataset == "time_entries"
        if more or person or duration:
            out.append(other)
    return sorted(out, key=lambda d: -_used(d))[:3]


def content_refusal(file_name: str, best: Detection, rivals: list[Detection], header: list[str]) -> FileRejected:
    """Refuse a file whose columns say it is another dataset than the one its header synonyms complete."""
    def said(d: Detection) -> str:
        cols = ", ".join(f"{c} -> {t}" for c, t in d.columns.items() if t != IGNORE)
        lack = f"; no column for {', '.join(d.missing)}" if d.missing else ""
        return f"{d.dataset} ({cols}{lack})"

    first = rivals[0]
    notes = "; ".join(n for d in rivals for n in d.notes)
    return FileRejected(
        file_name,
        f"its columns do not make one dataset: they read as {'; or as '.join(said(d) for d in rivals)}, but "
        + (f"{best.dataset} has every required column too" if any(not d.missing for d in rivals)
           else f"only {best.dataset} has every required column")
        + f", and that would leave {', '.join(best.unmapped) or 'nothing'} unused"
        + (f" ({notes})" if notes else "") + "; nothing was loaded",
        f"say which dataset it is: moat ingest {file_name} --dataset {first.dataset} --mapping map.yaml with columns: "
        f"{{\"<your header>\": <field>}} for {', '.join(first.missing) or 'the columns'} (or --dataset {best.dataset} "
        f"if it really is a {best.dataset} file)")


def template_csv(dataset: str) -> str:
    """Header line of a dataset's canonical fields plus one example row (the Upload page's download)."""
    examples = {"VARCHAR": "", "DATE": "2026-10-31", "MONEY": "120.00", "HOURS": "1.5", "INTEGER": "10", "BOOLEAN": "true", "NUMBER": "1"}
    named = {"client_name": "Acme Corporation", "technician_name": "Priya Shah", "product": "Microsoft 365 Business Premium",
             "vendor": "Microsoft", "category": "managed services", "agreement_type": "managed", "status": "active",
             "entry_id": "TE-0000001", "invoice_number": "INV-1001", "cost_id": "C-1", "currency": "USD", "month": "2026-10-01",
             "weekly_capacity_hours": "40", "role": "L2 technician", "segment": "healthcare", "work_type": "helpdesk",
             "notes": "password reset", "end_date": ""}
    d = get(dataset)
    header = ",".join(d.field_names)
    row = ",".join(named.get(f.name, examples.get(f.type, "")) for f in d.fields)
    return header + "\n" + row + "\n"
