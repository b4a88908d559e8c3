"""h122 (issue 15): a threshold, a target or a best month asked without the measure word was refused (no measure found,
or "$100/hour" unread) though the same question with the measure is answered. Each is written in the form the parser's
rules read:

- a loss over an amount ("clients losing more than 10k", "which accounts lost over $5,000 in Q4") is gross profit under
  minus that amount; over a percent ("clients losing over 5%") a gross margin under minus that percent, flagged (a fall
  in revenue is the other reading);
- a rate per hour written with a slash ("under $100/hr") is "per hour" (the effective hourly rate's threshold);
- a target the company hit with no measure ("did we hit 700k in Q1") is revenue, as h86 reads "in how many months did
  we clear 200k" (an amount the company makes is its takings);
- clients over an amount of money listed with no measure ("which 3 clients were over 20k") are by revenue, flagged, as
  h77 reads the count ("how many clients over 11k");
- "was March our best (worst) month (ever)" is the month with the highest (lowest) revenue over all the data, flagged:
  the answer names the best month, which says whether the one asked is it.
"""

from __future__ import annotations

import re

from moat.ai import implied_threshold_words as w

_MEASURE = re.compile(w.MEASURE_NAMED)
_PER_HOUR = re.compile(r"(?P<amt>\d[\d,]*(?:\.\d+)?)" + w.PER_HOUR)
_LOSS = re.compile(r"\b(?P<noun>" + w.ENTITY + r"|who|which)\s+(?:(?:that|who|which)\s+)?(?:(?:are|were|is|was|have|has|had)\s+)?"
                   r"(?:been\s+)?" + w.LOSS_VERB + r"\s+(?:(?:us|money)\s+)?" + w.MORE_THAN + r"\s*(?P<amt>" + w.AMOUNT
                   + r")(?P<pct>\s*%|\s*percent\b)?")
_TARGET = re.compile(r"\b(?P<aux>did|have|has|will)\s+" + w.WE + r"\s+(?P<verb>" + w.TARGET_VERB + r")\s+(?P<amt>"
                     + w.MONEY_AMOUNT + r")")
_OVER_AMOUNT = re.compile(r"\b(?P<which>which|what)\s+(?P<n>\d+\s+)?(?P<noun>" + w.CLIENT + r")\s+(?:(?:were|are|was|is)\s+)?"
                          r"(?P<op>" + w.MORE_THAN + "|" + w.LESS_THAN + r")\s*(?P<amt>" + w.MONEY_AMOUNT + r")")
_BEST_MONTH = re.compile(r"\b(?:was|is|were)\s+(?P<month>" + w.MONTH + r"(?:\s+(?:19|20)\d\d)?)\s+(?:our|the)\s+"
                         r"(?:(?P<best>" + w.BEST + r")|(?P<worst>" + w.WORST + r"))\s+month"
                         r"(?:\s+(?:for|by|in terms of|on)\s+(?P<measure>(?:[a-z]+\s+)?" + w.MEASURE_NAMED + r"(?:\s+" + w.MEASURE_NAMED + r")?))?" + w.EVER
                         + r"(?!\s+(?:of|in|this|last|for)\b)")


def implied_threshold(text: str) -> tuple[str, list[str], float]:
    """The folded question in the parser's forms (module doc), the reasons to report and the confidence factor."""
    text = _PER_HOUR.sub(lambda m: f"{m['amt']} per hour", text)
    if m := _BEST_MONTH.search(text):  # before the measure check: "our best month for hours" names its measure
        sup, measure = m["best"] or m["worst"], (m["measure"] or "revenue").strip()
        high = bool(m["best"]) != bool(re.search(r"costs?|spend|waste|expenses?|overhead", measure))  # a cost's best is its lowest
        new = f"which month had the {'highest' if high else 'lowest'} {measure} ever"
        return _done(text, m, new, w.BEST_MONTH_REASON.format(month=m["month"], sup=sup, measure=measure), w.FLAG)
    if _MEASURE.search(text):
        return text, [], 1.0
    if m := _LOSS.search(text):
        amount = re.sub(r"[$\s]", "", m["amt"])
        if m["pct"]:
            new = f"{m['noun']} with gross margin below -{amount} percent"
            return _done(text, m, new, w.LOSS_PERCENT_REASON.format(amount=amount + "%"), w.FLAG)
        return _done(text, m, f"{m['noun']} with gross profit below -{amount}",
                     w.LOSS_MONEY_REASON.format(amount=amount), 1.0)
    if m := _TARGET.search(text):
        verb = m["verb"] if m["verb"] in ("at least", "over", "more than") else "at least"
        new = f"{'did' if m['aux'] != 'will' else 'will'} revenue {verb} {m['amt']}"
        return _done(text, m, new, w.TARGET_REASON.format(verb=m["verb"], amount=m["amt"].strip()), w.TARGET)
    if m := _OVER_AMOUNT.search(text):
        new = f"{m['which']} {m['n'] or ''}{m['noun']} had revenue {m['op']} {m['amt']}"
        return _done(text, m, new, w.OVER_AMOUNT_REASON, w.FLAG)
    return text, [], 1.0


def _done(text: str, m: re.Match[str], new: str, reason: str, factor: float) -> tuple[str, list[str], float]:
    out = re.sub(r"\s{2,}", " ", text[:m.start()] + new + " " + text[m.end():]).strip()
    return out, [reason], factor
