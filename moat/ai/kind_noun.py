"""h58 (issue 15, reviewer h52's D3): a kind of entity written right before the measure ("client profitability
report", "techs' hours", "vendors' licence costs", "technician utilization report") or as the subject asked about
("how are the techs doing on billable %") asks for the measure per that kind. Before, the noun was marked used (the
measure can be per client) and the company total was answered at full confidence: the kind the user named was dropped.

The rule: the noun qualifies the measure, so the answer is one row per entity of that kind, singular or plural
("tech util last month", "customer profitability Q4", "clients' margins"): a reviewer and the abbreviation tests agree
that the kind named is what is listed. "Revenue from our clients" (the noun after the measure) and "total client
revenue" (a total word) stay one total."""

from __future__ import annotations

import re

from moat.ai import lexicon as lx
from moat.ai.catalogue import ENTITY_COUNTS, groupings_of
from moat.ai.kind_totals import kind_totals_grouping
from moat.ai.reading import Reading
from moat.ai.whole_company import company_wide

_METRIC_STARTS = [lx.compile_words(p) for p, _ in lx.METRIC_PATTERNS]
_KINDS = [(name, re.compile(p)) for name, p in lx.GROUP_PATTERNS if name not in ("month", "segment")]
_SUBJECT = re.compile(r"\bhow (?:are|is|r) (?:the |our |my |all (?:the |our )?)?(?P<noun>\w+) (?:doing|performing|going|"
                      r"looking|tracking)\b")
_PLURAL = re.compile(r"s'?$")
# h89: the technicians' time as the thing costed ("cost of tech hours", "engineer time cost"): a compound naming the
# measure (labour cost), not a grouping; "technician hours report" (no money) keeps one row per technician
_TIME = re.compile(r"(?:hours?|hrs?|time)$")
# h89: "what our customers paid us", "what the clients were billed": the clients are who paid / were billed, and "what"
# asks the amount (as "what did our clients pay us" does, h57): one total, not a row per client
_AMOUNT_PAID = re.compile(r"\bwhat\s+(?:(?:did|do|does|have|has|had|our|my|the|all|of)\s+)*(?:clients?|customers?|"
                          r"accounts?)\s+(?:(?:have|had|were|was|got|get)\s+)?(?:paid|pay|pays|paying|billed|invoiced|"
                          r"charged)\b")


def _kind_of(word: str) -> str | None:
    return next((name for name, pattern in _KINDS if pattern.fullmatch(word)), None)


def _before_measure(text: str) -> tuple[str, str, int] | None:
    """(kind, the noun as written, where the measure ends) for a kind noun directly followed by a measure phrase."""
    for m in re.finditer(r"\b(\w+)\s+", text):
        kind = _kind_of(m.group(1))
        if kind is None:
            continue
        for pattern in _METRIC_STARTS:
            measure = pattern.match(text, m.end())
            if measure is not None and measure.start() == m.end():
                return kind, m.group(1), measure.end()
    return None


def kind_named_grouping(r: Reading) -> None:
    """Group a company total by the kind of entity the question names before its measure (see the module docstring)."""
    if r.grouping == "company" and company_wide(r):  # h104: "firm-wide engineer utilisation": the company's figure
        return
    if kind_totals_grouping(r):  # h115: "vendor seat totals", "product-level licence cost": one row per vendor / product
        return
    if (r.grouping != "company" or r.metric is None or r.metric in ENTITY_COUNTS or r.metric == "clients" or r.share
            or r.summed or r.count or r.threshold is not None or r.mom or r.order or r.limit or lx.TOTAL_WORD.search(r.raw.lower())):
        return
    if _AMOUNT_PAID.search(r.text):
        return
    found = _before_measure(r.text)
    if found is not None:
        kind, written, _ = found
    elif (subject := _SUBJECT.search(r.text)) and (kind := _kind_of(subject["noun"])) and _PLURAL.search(subject["noun"]):
        written = subject["noun"]
    else:
        return
    if kind in r.filters or kind not in groupings_of(r.metric):
        return
    if found is not None and (time := _costed_time(r, kind, found[2])) is not None:
        r.use(time.span())  # "the cost of our techs' hours": the hours costed, read
        r.reasons.append(f"'{written} {r.text[:found[2]].split()[-1]}' costed read as labour cost, one amount (ask "
                         f"'by {kind}' for one row each)")
        return
    r.grouping = kind
    r.reasons.append(f"'{written}' named with the measure: one row per {kind}")


def _costed_time(r: Reading, kind: str, measure_end: int) -> re.Match[str] | None:
    """The hours / time word after a technician noun when that time is asked in money (labour cost): "cost of tech
    hours", "what did engineer time cost" are the labour cost of that time, one amount."""
    if kind != "technician" or r.metric != "labour_cost":
        return None
    return _TIME.search(r.text, 0, measure_end)
