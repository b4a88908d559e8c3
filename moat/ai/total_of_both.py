"""h127 (h121 E): "total revenue for Q1 and Q2", "hours across Q1 and Q2", "top 5 clients by total revenue for Q1 and
Q2" ask for ONE total over both periods, as "combined / together / in total" do (h117, ``periods_together``). The word
"total" (or "across") with two periods joined by "and" was answered as a comparison (each period and the change) at
0.99. Read as together only when nothing in the question asks for the periods apart or for a change ("vs",
"compared", "change", "grew", "each", "both", "respectively" ...): "revenue for Q1 and Q2" with no total word stays
each period shown.

h135 (heldout21): two periods written as a sum ("Q2+Q3", "October plus November") ask for their total as "total" does
("total revenue for Q3+Q4 2026" was read as Q3 against Q4 at 0.99: the "+" was folded to "and" before, so "total"
alone did not see it); the same words that ask for the periods apart keep the comparison."""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_TOTAL = re.compile(r"\b(?:total|totals|across)\b")
_AND = re.compile(r"\band\b|&")
# h135: "+" / "plus" between two periods (a quarter, a half or a month, a year after it or not): their sum
_UNIT = r"(?:q[1-4]|h[12]|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|" \
        r"august|september|october|november|december)"
_SUMMED = re.compile(r"\b" + _UNIT + r"\.?(?:\s*(?:'\d\d|\d{4}))?\s*(?:\+|\bplus\b)\s*" + _UNIT + r"\b")
_APART = re.compile(r"\b(?:vs\.?|versus|compared?|comparison|against|change[sd]?|than|differen\w*|gr[eo]w\w*|rise|rose|"
                    r"risen|fell|fall(?:en)?|drop\w*|up|down|increas\w*|decreas\w*|from|each|both|either|respectively|"
                    r"separately|apart|side by side|per (?:month|quarter|year)|by (?:month|quarter|year)|monthly|"
                    r"quarterly|better|worse|more|less|fewer)\b")


def total_of_both(r: Reading) -> bool:
    """Whether the question asks one total over its two periods by "total" / "across" alone (module doc)."""
    said = r.raw.lower()
    asked = (_TOTAL.search(said) and _AND.search(said)) or _SUMMED.search(said)
    return bool(asked and not _APART.search(said))
