"""h86 (issue 15, held-out class): "how many clients had revenue over 10k and margin under 20%", "techs over 150 hours
but under 60% utilisation": thresholds on two different measures, joined in one question.

Why: an answer holds one measure and one condition on it (a range is two bounds on the same measure), so the parser
kept one measure and read the other bound as its threshold ("gross margin > 10000%"), or dropped it: a garbled count,
flagged at best. Such a question is refused, naming the two one-threshold questions that can be asked (the clients in
both answers are those passing both). Two bounds on one measure ("revenue over 5k and under 9k") stay a range, and a
bound said once per period (h54, "under 20% in Q1 and in Q2") names no second measure and is left alone.
"""

from __future__ import annotations

import re

from moat.ai.catalogue import METRICS
from moat.ai.lexicon import METRIC_PATTERNS, compile_words
from moat.ai.reading import Parse, Reading

# A comparison with an amount ("over 10k", "less than 20 percent", "topped $5,000", "> 40")
_BOUND = re.compile(r"(?P<op>more than|less than|greater than|fewer than|higher than|lower than|at least|at most|over|above|"
                    r"under|below|exceeding|exceeded|topped|beat|cleared|north of|south of|>=|<=|>|<)\s*"
                    r"(?P<amount>\$?\s*\d[\d,]*(?:\.\d+)?\s*(?:k|thousand|grand|m|million|percent|points?)?)(?![\w.])")
# What joins the two conditions
_JOIN = re.compile(r"\b(?:and|or|but|while|whilst|although|though|yet|with|plus|as well as|also)\b|[,&;]")
_MEASURES = [(compile_words(p), name) for p, name in METRIC_PATTERNS if name in METRICS]
_COUNT = re.compile(r"\b(?:how many|number of|count)\b")
_NOUNS = (("technician", re.compile(r"\btechnicians?\b|\bengineers?\b|\bstaff\b|\bwho\b")),
          ("month", re.compile(r"\bmonths?\b")), ("product", re.compile(r"\bproducts?\b")))


def _measure(text: str) -> str | None:
    hits = [(m.start(), name) for pattern, name in _MEASURES if (m := pattern.search(text))]
    return min(hits)[1] if hits else None


def two_measure_thresholds(r: Reading) -> Parse | None:
    """The refusal of thresholds on two measures joined in one question (module doc); a parser step."""
    bounds = list(_BOUND.finditer(r.text))
    if len(bounds) < 2:
        return None
    first, second = bounds[0], bounds[1]
    joins = list(_JOIN.finditer(r.text, first.end(), second.start()))
    if not joins:
        return None
    cut = joins[-1].start()
    one, two = _measure(r.text[:cut]), _measure(r.text[cut:])
    if (one is None) != (two is None):  # "margin under 20% and over 10k": the unnamed bound's unit is another measure's
        named, other = (one, second) if two is None else (two, first)
        if _kind(other["amount"]) not in (None, METRICS[named].kind):  # type: ignore[index]
            return _unnamed_refusal(r, named, first if other is second else second, other)
        return None
    if one is None or two is None or one == two:
        return None
    noun = _noun(r)
    asks = []
    for metric, bound in ((one, first), (two, second)):
        label, said = METRICS[metric].label, f"{bound['op']} {' '.join(bound['amount'].split())}"
        asks.append(f"How many {noun}s had {label} {said}?" if _COUNT.search(r.text) else
                    f"Which {noun}s had {label} {said}?")
    return r.refuse(f"That asks for two conditions on two measures ({METRICS[one].label} and {METRICS[two].label}); an "
                    f"answer holds one condition on one measure, so ask them one at a time: \"{asks[0]}\" and "
                    f"\"{asks[1]}\" (the {noun}s in both answers pass both).", asks)


def _kind(amount: str) -> str | None:
    """The unit an amount is written in: percent, money, or None (a bare number fits several measures)."""
    if "percent" in amount or "point" in amount:
        return "percent"
    return "money" if re.search(r"\$|\d\s*(?:k|thousand|grand|m|million)\b", amount) else None


def _unnamed_refusal(r: Reading, named: str, bound: re.Match[str], other: re.Match[str]) -> Parse:
    """Two bounds in two units, one of them with no measure named: which measure it is of is asked back."""
    label, said = METRICS[named].label, f"{bound['op']} {' '.join(bound['amount'].split())}"
    unnamed = f"{other['op']} {' '.join(other['amount'].split())}"
    money = _kind(other["amount"]) == "money"
    examples = "revenue or gross profit" if money else "gross margin or utilisation"
    noun = _noun(r)
    return r.refuse(f"'{unnamed}' is in another unit than {label} and names no measure, and an answer holds one condition "
                    f"on one measure: ask \"Which {noun}s had {label} {said}?\", then the same with the measure "
                    f"'{unnamed}' is of ({examples}).",
                    [f"Which {noun}s had {label} {said}?",
                     f"Which {noun}s had {'revenue' if money else 'billable utilisation' if noun == 'technician' else 'gross margin'} {unnamed}?"])


def _noun(r: Reading) -> str:
    """What the question counts or lists: technicians, months, products, else clients."""
    return next((n for n, p in _NOUNS if p.search(r.text)), "client")
