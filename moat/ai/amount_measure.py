"""h77 (issue 15): the measure behind an amount when the question names none.

- A verb of takings ("generated", "grossed", "the top-grossing month", "pulled in", "raked in") is what a client or a
  month brings in: revenue. Unread, the verb left the question without a measure: refused ("which month grossed the
  most"), or a count of every client with activity ("how many clients generated 15k or more"), the amount dropped.
- A count over an amount with no measure at all ("how many clients over 11k last month", "number of accounts north of
  20 grand", "how many techs over 10k") was answered as the count of every client with activity, with confidence: the
  amount was silently dropped. An amount of money a client (or a month) is "over" is most often what it bills, so it is
  read as revenue, flagged (gross profit offered); an amount in no unit ("over 500", "over 50%"), or money over
  technicians, products, vendors or segments, cannot be placed on any one measure and is refused, naming the measures
  to ask with.
"""

from __future__ import annotations

import re

from moat.ai.lexicon import compile_words
from moat.ai.reading import Parse, Reading

# What a client (or a month) brings in, said with a verb: revenue (h77); with its compound ("top-grossing")
TAKINGS = compile_words(r"(?:\b[a-z]+-)?\b(?:generat(?:e|es|ed|ing)|gross(?:ed|es|ing)|(?:pull|pulls|pulled|pulling|rake|rakes|raked|"
                        r"raking|haul|hauls|hauled|hauling) in)\b")
# Another measure said beside the verb ("generated the most hours"): the verb is then that measure's
_OTHER_MEASURE = re.compile(r"\b(?:hours?|time|seats?|licen[cs]es?|waste|utili[sz](?:ation|ed)|costs?|margins?|"
                            r"profits?)\b")
# An amount of money as typed ("$11,000", "15k", "20 grand", "eleven thousand dollars")
_MONEY = re.compile(r"\$\s*\d|\d\s*(?:k|thousand|grand|m|million)\b|\b(?:thousand|grand|dollars?|bucks)\b")
# Things counted whose money is no client's revenue ("how many techs over 10k": labour? billed?): asked back
_OTHER_KINDS = re.compile(r"\b(?:technicians?|techs?|engineers?|staff|people|employees|products?|skus?|vendors?|"
                          r"suppliers?|segments?|industr(?:y|ies)|verticals?)\b")


def measure_of_amount(r: Reading) -> Parse | None:
    """Fix the measure from a verb of takings or an amount of money (module doc); a refusal for an amount with no
    unit on a count of clients; None otherwise (other rules decide)."""
    verb = TAKINGS.search(r.text)
    if verb is not None and r.metric in (None, "revenue") and not _OTHER_MEASURE.search(r.text):
        r.use(verb.span())
        if r.metric is None:
            r.metric = "revenue"
            r.reasons.append(f"'{verb.group(0)}' read as revenue (what was brought in)")
        return None
    if r.metric is not None or not r.count or r.threshold_raw is None:
        return None
    said = r.raw.lower()
    if r.threshold_raw[3] or not _MONEY.search(said) or _OTHER_KINDS.search(said):
        return r.refuse("I can't tell which measure that amount is of: say it with the amount (e.g. \"how many clients "
                        "had revenue over 10k\", \"... gross margin under 20%\", \"... over 100 hours\").",
                        ["How many clients had revenue over $10,000 last month?",
                         "How many clients had a gross margin under 20% last month?"])
    r.metric, r.candidates = "revenue", ["revenue", "gross_profit"]
    r.confidence *= 0.6
    r.reasons.append("an amount of money with no measure named: read as revenue (gross profit offered); say "
                     "'revenue' or 'gross profit' to be sure")
    return None
