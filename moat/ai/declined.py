"""h95 (issue 15): requests the app declines, refused naming what the data holds instead of a flagged neighbour.

Before, buying more seats for a client was answered with the client's seats, marking a month's invoices as paid with
that month's revenue, a count of sales calls with revenue, the clients who paid late with revenue by client and a
request for a book with the Insights page's actions, each flagged as unsure. The rules are
about the kind of request (``moat.ai.declined_words``), never one phrasing:
- an action the app cannot take (it only reads data): a verb of acting said as a request at the start;
- payments: no payment dates or amounts received are loaded, so late payers, receivables by age and "past due"
  invoices are not held; "did <client> pay more than 5k" names that and offers the client's invoiced revenue;
- sales and marketing activity (calls, leads, pipeline, win rate): no CRM data is loaded;
- advice from outside the data (a book, a podcast, a course).
A word that belongs to a name ("Mark", "Pipeline Dental") keeps its name reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from moat.ai.declined_words import (
    ACTION_VERBS,
    CLIENT_PAID,
    LEAD_IN,
    NOT_AN_ACTION_AFTER,
    OUTSIDE_ADVICE,
    PAYMENT_STATE,
    SALES_ACTIVITY,
)
from moat.ai.own_figure_words import ENTITIES

if TYPE_CHECKING:
    from moat.ai.reading import Parse, Reading

_ACTION = re.compile(LEAD_IN + r"(?P<verb>" + ACTION_VERBS + r")\b" + NOT_AN_ACTION_AFTER)
_SALES = re.compile(SALES_ACTIVITY)
_PAYMENT = re.compile(PAYMENT_STATE)
_ADVICE = re.compile(OUTSIDE_ADVICE)
_CLIENT_PAID = re.compile(CLIENT_PAID)
_CLIENT_PAID_WRITTEN = re.compile(CLIENT_PAID, re.IGNORECASE)
_ENTITIES = re.compile(ENTITIES)
_HELD = "invoices (what was billed, and when), client costs, time entries and licences"


def declined(r: Reading, names_a_name: Callable[[str], bool]) -> Parse | None:
    """The refusal of an action, of payments or sales activity, or of advice from outside the data; else None."""
    text = r.text
    if (act := _ACTION.match(text)) and not names_a_name(act["verb"]):
        return r.refuse(f"I only read your data: I cannot {act['verb']} anything (no seat, invoice or system is changed "
                        "from here). Ask what you want to see instead, e.g. \"unused Defender seats last month\" or "
                        "\"revenue by client in March\".",
                        ["Which licences are unused this month?", "Revenue by client last month"])
    if (paid := _CLIENT_PAID.match(text)) and not _ENTITIES.search(paid["who"]):  # one payer named ("did any
        return _client_paid(r, paid)  # clients pay over 10k" keeps the reading of what clients paid as revenue)
    if (pay := _PAYMENT.search(text)) and not names_a_name(pay["what"]):
        return r.refuse(f"I can't answer about {pay['what'].strip()}: the data holds {_HELD}, not payments (no payment "
                        "dates or amounts received are loaded), so nothing on what is paid, late or still owed. Ask for "
                        "revenue (what was invoiced) by client instead.",
                        ["Revenue by client last month", "What was our revenue last quarter?"])
    if (sales := _SALES.search(text)) and not names_a_name(sales["what"]):
        return r.refuse(f"I can't answer about {sales['what'].strip()}: no sales or marketing activity is loaded (the "
                        f"data holds {_HELD}). Ask for revenue or gross profit by client instead.",
                        ["Revenue by client last quarter", "What was our gross profit last quarter?"])
    if advice := _ADVICE.search(text):
        return r.refuse(f"I can't recommend {advice['what']} (books, podcasts, courses or the like): I answer from your data only ({_HELD}). For what to do "
                        "about clients and licences, ask \"what should we do about <client>?\" (the Insights page).",
                        ["Which clients lost money last quarter?", "How much do unused licences cost us per month?"])
    return None


def _client_paid(r: Reading, paid: re.Match[str]) -> Parse:
    """"did Falcon Capital pay more than 5k in January": no payments are held; the nearest figure, what was invoiced
    to that client in that period, is offered in the client's own words."""
    paid = _CLIENT_PAID_WRITTEN.match(r.raw.strip()) or paid  # the names and months as typed
    who = paid["who"].strip()
    rest = re.sub(r"[?.!\s]+$", "", paid["rest"]).strip()
    ask = f"What was {who}'s revenue{' ' + rest if rest else ''}?"
    return r.refuse(f"I can't say what {who} paid: payments are not held (the data has invoices, not the money received "
                    f"or when it came in). The nearest figure is what was invoiced to {who}, its revenue: ask \"{ask}\" "
                    "and compare it with the amount.", [ask])
