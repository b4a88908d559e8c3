"""h115 (issue 15, heldout18 class b): a kind of entity used as a modifier of a plural total or a breakdown word
("vendor seat totals", "client revenue totals", "vendor totals of purchased seats", "product-level licence cost") asks
for one figure per entity of that kind, never the company's one total.

Why: ``moat.ai.kind_noun`` (h58) groups by a kind noun written before the measure, but stops at any total word so that
"total client revenue" stays one amount; "totals" (plural) is one total per entity, so "vendor seat totals
(purchased)" gave the company's seats at full confidence. Only the plural / level / breakdown words do this: a singular
"total", "overall", "combined" or "altogether" beside them keeps the one amount (the h58 rule)."""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.catalogue import ENTITY_COUNTS, groupings_of
from moat.ai.reading import Reading

_KIND = {"client": r"clients?|customers?|accounts?", "vendor": r"vendors?|suppliers?",
         "product": r"products?|skus?", "technician": r"techs?|technicians?|engineers?",
         "segment": r"segments?|sectors?|verticals?"}
_KINDS = "|".join(f"(?P<{k}>{p})" for k, p in _KIND.items())
# "<kind>['s] [up to three words] totals / subtotals", "<kind>-level", "<kind> level"
KIND_TOTALS = re.compile(r"\b(?:" + _KINDS + r")'?s?'?\s+(?:[\w%()-]+\s+){0,3}?(?P<word>totals|subtotals)\b|"
                         r"\b(?:" + _KINDS.replace("?P<", "?P<l_") + r")[- ]level\b")
# a one-amount word elsewhere in the question keeps the company's total
_ONE_AMOUNT = re.compile(r"\b(?:total|overall|combined|in all|altogether|all together|sum|summed|add(?:s|ed)? up|"
                         r"grand total)\b")


def kind_totals_grouping(r: Reading) -> bool:
    """Group a company total by the kind named as a modifier of "totals" / "-level" (module docstring); True if so."""
    if (r.grouping != "company" or r.metric is None or r.metric in ENTITY_COUNTS or r.metric == "clients" or r.share
            or r.summed or r.count or r.mom):
        return False
    said = r.text.lower()
    m = KIND_TOTALS.search(said)
    if m is None or _ONE_AMOUNT.search(lx.TOTAL_WORD.sub(lambda w: "" if w.group(0) == "totals" else w.group(0), said)):
        return False
    kind = next(k.removeprefix("l_") for k, v in m.groupdict().items() if v and k != "word")
    if kind in r.filters or kind not in groupings_of(r.metric):
        return False
    r.grouping = kind
    r.use(m.span())
    r.reasons.append(f"'{m.group(0)}': one figure per {kind}")
    return True
