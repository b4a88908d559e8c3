"""h59 (issue 15, reviewer h51's minor classes): figures the data does not hold, refused naming what to ask.

Each was answered with a neighbouring figure before: "payroll taxes" as labour cost, "new clients we signed" as the
clients with activity, "revenue per seat" as the seats purchased, "gross profit on 3 March 2025" as that one day's
invoices less its costs (a confident number the glossary never defines: money is held per invoice and per month).
The rules name the kind of thing asked for, never a phrasing:
- a tax (payroll / sales tax, VAT, GST) is in no table;
- clients won / signed / onboarded / new ones: the data holds clients with activity, not when each was won;
- a measure per seat / licence / user / device / endpoint: no ratio of the glossary divides by those;
- one day (a period whose first and last day are the same, however the date was written) for anything but hours.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

TAX = re.compile(r"\b(?P<what>(?:payroll |sales |income |corporate |withholding )?tax(?:es)?|vat|gst|hst)\b"
                 r"(?! (?:season|time|year|day)s?\b)")  # "during tax season" is a vague period, refused as one
_CLIENT = r"(?:clients?|customers?|accounts?|logos?)"
# h77: "landed / ended up in the 5-25% range" is where a value fell (the range, read as "between", follows), not a win
_WON = r"(?:signed|sign|onboarded|onboard|won|win|acquired|acquire|(?:landed|land)(?! (?:\w+ ){0,3}?(?:between|range|band|bracket)\b))"
NEW_CLIENTS = re.compile(
    rf"\bnew {_CLIENT}\b|\b{_CLIENT} (?:\w+ ){{0,3}}?{_WON}\b(?! (?:us |me )?(?:the )?(?:most|more|money|revenue|profit))|"
    rf"\b{_WON} (?:\w+ ){{0,2}}?(?:new )?{_CLIENT}\b")
PER_UNIT = re.compile(
    r"\b(?P<measure>revenue|sales|income|profit|margins?|hours|time|labor(?: cost)?)\b(?: \w+){0,4}? per "
    r"(?P<unit>seats?|licenses?|users?|endpoints?|devices?|machines?|mailboxes|mailbox|employees?|heads?)\b")


def unheld_refusal(r: Any, names_a_name: Callable[[str], bool]) -> Any | None:
    """The refusal for a figure the data does not hold, or None. ``names_a_name`` keeps a client named "New Wave" or
    a vendor named "Tax Co" a name."""
    text = r.text
    if (tax := TAX.search(text)) and not names_a_name(tax.group(0)):
        return r.refuse(f"I can't answer about {tax['what']}: taxes are not held (invoices, costs, time entries and "
                        "licences are). Ask for revenue or labour cost instead.",
                        ["What was our revenue last quarter?", "What was our labour cost last quarter?"])
    if (new := NEW_CLIENTS.search(text)) and not names_a_name(new.group(0)):
        return r.refuse("I can't say which clients were won or signed in a period: the answers count clients with "
                        "activity (invoices, time or licences), not when a client started. Ask how many clients had "
                        "activity in each period, or revenue by client.",
                        ["How many clients had activity last quarter?", "Revenue by client last quarter"])
    if per := PER_UNIT.search(text):
        return r.refuse(f"I can't give {per['measure']} per {per['unit']}: no measure is divided by seats, users or "
                        f"devices. Ask for {per['measure']} and for the seats separately.",
                        [f"What was our {per['measure']} last month?", "How many seats did we pay for last month?"])
    return None


def one_day(r: Any) -> bool:
    """A period of one day, however it was written ("on 2025-03-15", "3 March 2025", "yesterday")."""
    return bool(r.day) or (r.period is not None and r.period.start == r.period.end)
