"""Which column of a money file is the customer: never the ledger (GL / income) account beside a customer column.

Accounting exports put the customer and the income account side by side: NetSuite's transaction search has
``Name`` (the entity) and ``Account`` (``4000 Sales : Managed Services``), Xero's reports ``Contact`` and
``Account`` (``200 - Sales``), Sage ``Account Reference`` (the customer's account code) beside ``Nominal A/C Ref``.
"Account" is a customer only in a CRM's vocabulary; in an invoice or cost file with a column that names the
other party (a customer, contact, entity, debtor, bill-to ...) it is the ledger account, and revenue attributed to
it would create clients named after income accounts while the real clients get nothing (h60 F8).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from moat.errors import FileRejected

# headings (mapping.header_key form) of the ledger account: a customer only when nothing else names the party
LEDGER_ACCOUNT = {"account", "gl account", "income account", "ledger account", "account code", "nominal code",
                  "nominal account", "revenue account", "sales account"}
# headings that name the other party of a sale or a cost, most specific first (the first present is the client)
PARTY = ["customer", "customer name", "client", "client name", "company", "company name", "contact", "contact name",
         "account name", "account reference", "account ref", "a c ref", "customer account", "customer code",
         "customer ref", "customer reference", "customer number", "customer no", "customer id", "client id",
         "client code", "customer project", "customer job", "bill to", "billed to", "sold to", "debtor", "debtor name",
         "payer", "payer name", "billing name", "entity", "entity name", "name"]
# what the synonyms may take as an invoice's client besides the usual names (the party headings above)
EXTRA_INVOICE_CLIENT = [p for p in PARTY if p not in {"name"}]
DATASETS = ("invoices", "costs")


def prefer_party(dataset: str, keys: dict[str, str], chosen: dict[str, str], notes: list[str]) -> None:
    """Give ``client_name`` to the party column when the synonyms gave it to a ledger-account column.

    ``keys``: file header -> comparison key of the headers the profile left to the synonyms; ``chosen``: header ->
    field, changed in place. A profile's own choice is never overruled (its headers are not in ``keys``)."""
    if dataset in DATASETS:
        prefer_client_column(keys, chosen, notes, LEDGER_ACCOUNT, PARTY,
                             "`{taken}` is the ledger account beside the customer column `{named}`: the client is `{named}`")


def prefer_client_column(keys: dict[str, str], chosen: dict[str, str], notes: list[str], wrong: Collection[str],
                         preferred: list[str], note: str) -> None:
    """Move ``client_name`` from a column whose heading is one of ``wrong`` to the first free column whose heading is
    in ``preferred`` (in that order), and say so in ``notes``: the one mechanism behind ``prefer_party`` (a ledger
    account beside the customer) and ``moat.ingest.legal_names`` (a legal name beside the display name).

    ``keys``: file header -> comparison key of the headers the profile left to the synonyms, so a profile's own choice
    is never overruled; ``chosen``: header -> field, changed in place; ``note``: the sentence, with ``{taken}`` (the
    column that had ``client_name``) and ``{named}`` (the column that gets it). Nothing changes when no column has
    ``client_name`` by a ``wrong`` heading, or no ``preferred`` column is free."""
    taken = next((c for c, t in chosen.items() if t == "client_name" and keys.get(c) in wrong), None)
    if taken is None:
        return
    free = {k: c for c, k in keys.items() if c not in chosen}
    named = next((free[k] for k in preferred if k in free), None)
    if named is None:
        return
    del chosen[taken]
    chosen[named] = "client_name"
    notes.append(note.format(taken=taken, named=named))


# a chart-of-accounts entry: a code of 3-6 digits, then the account's name (`4000 Sales : Managed Services`,
# `200 - Sales`, `4010 Project income`)
_LEDGER_VALUE = re.compile(r"^\s*\d{3,6}(?:\.\d+)?\s*(?:[-:.]\s*|\s+)[A-Za-z]")


def refuse_ledger_client(table: Any, det: Any, file_name: str, header_key: Any) -> None:
    """A client column whose heading is a ledger account's and whose values are chart-of-accounts entries
    (`4000 Sales : Managed Services`) holds income accounts, not customers: refused naming the mapping to give."""
    if det.dataset not in DATASETS:
        return
    col = next((c for c, t in det.columns.items() if t == "client_name"), None)
    if col is None or header_key(col) not in LEDGER_ACCOUNT or col not in table.rows.columns:
        return
    cells = [str(v) for v in table.rows.get_column(col).alias("__value").drop_nulls().to_list() if str(v).strip()]
    ledger = [v for v in cells if _LEDGER_VALUE.match(v)]
    if not cells or len(ledger) * 2 <= len(cells):
        return
    raise FileRejected(
        file_name, f"`{col}` holds ledger (income) accounts such as `{ledger[0][:40]}`, not customers, and no other column "
        "names the customer; nothing was loaded",
        f"export the customer (Name / Customer / Contact) with the rows, or map the column that holds it: moat ingest "
        f"{file_name} --dataset {det.dataset} --mapping map.yaml with columns: {{\"<customer column>\": client_name, "
        f"\"{col}\": ignore}}")
