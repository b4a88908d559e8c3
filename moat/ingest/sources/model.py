"""What a *source* declaration says: one vendor export's layout, as data the ingestion engine reads.

A source is recognised from its header signature, then ``moat.ingest.shaping`` applies its rules to the raw text
rows and hands the pipeline a table in canonical field names. Nothing here runs: adding a source means adding
one ``Source(...)`` to a declaration module (``psa``, ``time_trackers``, ``accounting``, ``licences``, ``generic``), never touching
the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Billable:
    """A vendor's billable vocabulary and its written rule (values compared lower-case, spaces/_/- removed)."""

    values: dict[str, bool]
    rule: str
    false_if_contains: tuple[str, ...] = ()  # e.g. Halo charge types named "... Non-Billable ..."
    default: bool | None = None  # for values outside the vocabulary; None = the generic yes/no parser decides


@dataclass(frozen=True)
class States:
    """Document type / status vocabulary: which values make a document a credit, which exclude it."""

    column: str  # the field (in ``Source.columns``) holding the value
    credit: tuple[str, ...] = ()  # lower-case values whose amounts count negative
    exclude: dict[str, str] = field(default_factory=dict)  # lower-case value -> rule name ("draft", "voided", ...)
    # when set, the only values that are revenue (with ``credit``): any other value (a bill, an overpayment in the same
    # layout) is skipped and reported by name, never summed as revenue
    only: tuple[str, ...] = ()
    # lower-case value -> what the vendor means by it, for documents that stay revenue (issued) but whose unpaid part
    # the vendor wrote off (Harvest's `closed`, h124): each is warned naming the document and the amount at stake
    written_off: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Documents:
    """Rows sharing a document number are lines of one document: its amount counts once.

    ``total``/``tax_total`` name document-level columns repeated on every line (taken once); otherwise the line
    amounts (``line_amount`` minus ``line_tax`` when ``lines_include_tax``) are summed.
    """

    number: str = "invoice_number"
    total: str | None = None
    tax_total: str | None = None
    tax_total2: str | None = None  # a second tax of the document, also in ``total`` (Harvest's `tax2_amount`, h111)
    line_amount: str | None = None
    line_tax: str | None = None
    lines_include_tax: bool = False
    quantity: str | None = None  # line amount = quantity x unit_amount x (1 - discount %) when no line amount
    unit_amount: str | None = None
    discount_pct: str | None = None


@dataclass(frozen=True)
class Lookup:
    """An id column whose names live in another export (``--lookup FILE``)."""

    id_column: str  # helper field in ``Source.columns`` holding the id (e.g. "resource_id")
    target: str  # canonical field it fills (technician_name / client_name)
    entity: str  # what the lookup file is ("Resources", "Companies", "Tickets")
    key: tuple[str, ...]  # header alternatives of the lookup's id column
    name: tuple[tuple[str, ...], ...]  # header alternatives per name part (joined with a space)
    via: Lookup | None = None  # ticket -> company: the looked-up value is itself an id of ``via``


@dataclass(frozen=True)
class PerUserSeats:
    """A per-user licence report: count users per product (assigned) and users with any activity (active)."""

    products: str  # field holding the user's products
    separator: str = "+"
    activity: tuple[str, ...] = ()  # field names of last-activity dates
    unlicensed: tuple[str, ...] = ("unlicensed",)
    deleted: str | None = None  # field: "Is Deleted"
    refresh: str | None = None  # field: report refresh date (its month is the licence month)


@dataclass(frozen=True)
class PerClient:
    """Rows are a client's agreements (contracts), several per client: each client becomes one client row.

    The client's ``fee`` is the sum of the fees of its agreements that count (status in ``counting`` and
    ``flag`` not true); agreements with a status in ``not_counting`` add nothing. A client's agreements are held
    in the quarantine together when one of them cannot be read or has a status outside both lists: a partial sum
    would understate the fee. ``moat.ingest.agreements`` runs it.
    """

    rule: str  # the written status rule (row rules, README)
    status: str = "status"  # field holding the agreement's status
    counting: tuple[str, ...] = ("active",)  # lower-case statuses whose agreements add their fee
    not_counting: tuple[str, ...] = ("cancelled", "canceled", "expired", "inactive")
    flag: str | None = None  # field: a yes/no "cancelled" flag (true = the agreement does not count)
    fee: str = "monthly_fee"
    rank: tuple[str, ...] = ("managed", "block", "t&m")  # the client's agreement_type: the first of these its agreements have


@dataclass(frozen=True)
class Source:
    """One vendor report. ``columns`` maps a canonical (or helper) field to the headers that carry it."""

    id: str
    vendor: str
    report: str
    dataset: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]  # fields whose column must be present for the source to match
    typical: tuple[str, ...] = ()  # other headers the export has (confidence only)
    # how the layout was checked (the fixture README says against what): "sample file" (a public sample or verbatim
    # header), "column list" (a documented field list), "assumed" (no public sample found: treat as unverified)
    verified: str = "column list"
    group_rows: str | None = None  # field filled from group rows carried down until "Total for ..."
    # the group column also names the client of a data row outside any group (a summary: one row per customer; a
    # parent with sub-customers is a group closed by "Total for <parent>"): such a row counts for itself
    group_label_is_client: bool = False
    documents: Documents | None = None
    doc_type: States | None = None
    status: States | None = None
    not_revenue: dict[str, str] = field(default_factory=dict)  # doc-type value -> why (payments, deposits)
    billable: Billable | None = None
    internal: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field -> values meaning internal time
    not_work: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field -> values that are not work (holiday)
    compose: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field -> fields joined with a space
    needs_client: bool = False  # per-tenant file: `--client NAME`
    lookups: tuple[Lookup, ...] = ()
    seats: PerUserSeats | None = None
    cannot_supply: str = ""  # what the file does not hold (shown in the README and refusals)
    priority: int = 0  # tie-break between sources of the same dataset
    clean: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field -> ops: "before: - ", "drop_brackets"
    value_names: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> code -> name (SKU part numbers)
    merge_charges: bool = False  # licence charges of one client, product and month (mid-month additions) are one line
    per_client: PerClient | None = None  # rows are agreements, several per client: summed into one client row
    per_cycle: tuple[str, str] | None = None  # (amount field, billing-cycle field): an amount per cycle, made monthly
    period_from_title: bool = False  # a summary: every row is dated at the end of the period its title rows name
    export_cap: int | None = None  # the most rows the vendor's export writes: a file of exactly that many is likely cut off
    # every row is a credit document (an API's credit-memo entity pulled on its own, amounts written positive): each
    # counts negative (h101: QuickBooks Online's CreditMemo pull loaded as revenue)
    all_credits: bool = False
    # how to load this vendor's credit documents when a file named as credits has this source's columns (h111)
    credit_pull: str = ""
    # headings only this source's documents have, never its vendor's credit pull of the same headings (QuickBooks'
    # Invoice `DueDate`): a file with none of them is warned that credits would load as revenue (h111)
    kind_proof: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.vendor} {self.report}"

    def headers(self) -> list[str]:
        """Every header the signature knows (for the confidence count)."""
        out = [alts[0] for alts in self.columns.values()]
        return list(dict.fromkeys(out + list(self.typical)))
