"""What a clients file mapped by header synonyms may say of a client: its name as the MSP calls it, and a status
from the clients' own vocabulary (h74 D1, D3).

The synonyms read `State` and `Status` as a client's status and `Company name` as its name. A QuickBooks customer
list's `State` is the US state of the address (IL, OR, CO), a Zendesk ticket view's `Status` the ticket's (Solved,
Closed): loaded, each known client's status was overwritten with exit 0, and QuickBooks' `Company name` (the legal
name, `Harbor Logistics Inc`) renamed the clients its `Customer` column names as the MSP does. Here:

* a clients file with a display-name column beside a legal-name one takes the display name (``legal_names``);
* a row-per-event export (a ticket id, a subject, a requester or assignee, ticket states) is refused as no clients
  list;
* a status column whose values are regions (two-letter codes beside an address) or ticket states is no status: not
  read, said in a warning; any other label outside the clients' vocabulary refuses the file naming the labels —
  never written over a client's status.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.errors import FileRejected
from moat.ingest import mapping, values
from moat.ingest.headings import series

# ticket states (Zendesk, Freshdesk, ServiceNow, PSAs) that are no client's status
TICKET_STATES = {"new", "open", "solved", "closed", "resolved", "in progress", "on hold", "waiting", "waiting on customer",
                 "awaiting customer", "reopened", "assigned", "escalated", "hold", "work in progress", "completed",
                 "cancelled by user"}
# headings of an address beside which a two-letter `State` is a region
ADDRESS = {"city", "zip", "zip code", "postal code", "postcode", "country", "street", "street address", "address",
           "address 1", "address line 1", "billing city", "billing state", "region", "county", "province"}
# the signs of one row per ticket / event: its id, its subject, the people on it
EVENT_ID = {"ticket id", "ticket number", "ticket no", "ticket", "incident number", "incident", "case number", "case id",
            "request id", "issue id", "issue key"}
EVENT_SUBJECT = {"subject", "ticket subject", "ticket title", "ticket summary", "issue summary", "short description"}
EVENT_PEOPLE = {"requester", "requester name", "requester email", "requested by", "requestor", "assignee", "assignee name",
                "assigned to", "submitter", "submitted by", "reported by", "opened by", "caller", "ticket owner"}


def _distinct(table: Any, col: str) -> list[str]:
    cells = values.text(series(table.rows, col).cast(pl.Utf8)).drop_nulls().unique().to_list()
    return sorted(str(c) for c in cells if str(c).strip())


def _key(label: str) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in label.lower()).split())


def refuse_events(table: Any, det: mapping.Detection, options: Any) -> None:
    """Refuse a file the synonyms read as clients when it has one row per ticket (or other event) per client."""
    if det.dataset != "clients" or options.dataset or options.profile is not None:
        return
    keys = {c: mapping.header_key(c) for c in table.header}
    signs = [[c for c, k in keys.items() if k in group] for group in (EVENT_ID, EVENT_SUBJECT, EVENT_PEOPLE)]
    status = next((c for c, t in det.columns.items() if t == "status"), None)
    states = [v for v in _distinct(table, status) if _key(v) in TICKET_STATES] if status else []
    if states:
        signs.append([status])
    found = [c for group in signs if group for c in group]
    if sum(1 for group in signs if group) < 2:
        return
    said = ", ".join(f"`{c}`" for c in found[:5])
    raise FileRejected(
        table.file_name, f"it has one row per ticket or event ({said}"
        + (f"; `{status}` holds ticket states: {', '.join(states[:4])}" if states else "")
        + "), not one row per client: a clients list would overwrite your clients' status with the tickets'; "
        "nothing was loaded",
        f"export the company / organisation list (one row per client); if the file carries time spent, load it as time "
        f"entries: moat ingest {table.file_name} --dataset time_entries --mapping map.yaml with columns: "
        "{\"<client column>\": client_name, \"<technician column>\": technician_name, \"<date column>\": date, "
        "\"<duration column>\": hours (or minutes, seconds)}")


def check_status(table: Any, det: mapping.Detection, warnings: list[str]) -> None:
    """A status column the synonyms chose must hold the clients' status vocabulary (see the module)."""
    if det.dataset != "clients":
        return
    col = next((c for c, t in det.columns.items() if t == "status"), None)
    if col is None or col not in table.rows.columns:
        return
    labels = _distinct(table, col)
    known = values.enum_known(pl.Series(labels, dtype=pl.Utf8), "status").fill_null(False).to_list()
    unknown = [v for v, k in zip(labels, known, strict=True) if not k]
    if not unknown:
        return
    address = [c for c in table.header if mapping.header_key(c) in ADDRESS]
    region = all(len(v) == 2 and v.isalpha() and v.isupper() for v in unknown) and (address or not any(known))
    ticket = any(_key(v) in TICKET_STATES for v in unknown)
    vocabulary = "active / inactive / prospect / churned"
    if region or ticket:
        what = (f"regions of the address (beside {', '.join(f'`{c}`' for c in address[:3])})" if region and address
                else "regions (two-letter codes)" if region else "ticket states")
        det.columns[col] = mapping.IGNORE
        warnings.append(f"`{col}` holds {', '.join(unknown[:5])}: {what}, not a client status ({vocabulary}); not read")
        return
    raise FileRejected(
        table.file_name, f"`{col}` holds {', '.join(repr(v) for v in unknown[:5])}, which is no client status "
        f"({vocabulary}, or a word for one such as current, former, lead): written as a status it would replace your "
        "clients' status; nothing was loaded",
        f"write each status as one of {vocabulary}, or leave the column out: moat ingest {table.file_name} --dataset "
        f"clients --mapping map.yaml with columns: {{\"{col}\": ignore}}")
