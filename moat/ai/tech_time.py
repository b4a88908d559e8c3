"""h94 (issue 15): technicians' time against capacity, and the part of it that could be billed, read as the
glossary's ratios whatever words carry them (declarations: ``moat.ai.tech_time_words``).

Why: the metric synonyms look for "utilisation" or "billable share" said outright. Said in other words, the
question was read as another measure: "out of every hour the team logged, what part could we bill" (billable hours /
hours worked) as billable utilisation (against capacity) or refused; "of the hours available, what percent did they log"
and "who filled the least of their capacity" as available hours; "billable hours over available hours" as total
utilisation over 100%; "revenue per tech hour" refused as revenue per technician; "top five clients by technician
cost" as technicians by labour cost. Two parts:
1. ``tech_time_forms`` (on the folded text, before the rule of quantities): "revenue per tech hour" is revenue per
   hour (the effective hourly rate); "billable hours over capacity" divides; "more hours than their capacity" is
   above capacity; "all-hours" and "every logged hour" are every hour; "technician cost" asked per client is labour
   cost.
2. ``tech_time_measures`` (a parser step before the ranking words, once names are read):
   - billable hours set against a person's hours ("as a share of his total hours", "the share of their own
     hours they bill") or a part of every hour logged that could be billed: the billable share;
   - every hour (or time logged / worked / filled) set against capacity with no billable-only word: total
     utilisation (hours worked / available hours).
A question these rules do not settle is left to the other rules, never guessed here.
"""

from __future__ import annotations

import re

from moat.ai import tech_time_words as w
from moat.ai.periods import number
from moat.ai.quantity_over import quantity_over_capacity
from moat.ai.reading import Reading


def tech_time_forms(text: str) -> str:
    """The folded question with technicians' time written the way the other rules read it (module doc, part 1)."""
    if w.REVENUE_WORD.search(text):
        text = w.TECH_HOUR.sub("per hour", text)
    text = w.BILLABLE_OVER_CAPACITY.sub(r"\1 vs ", text)
    text = quantity_over_capacity(text)  # h104: "time booked over time available": a ratio, whatever the nouns
    text = w.BILLABLE_BY_OWN_CAPACITY.sub(r"\1 \2 ", text)
    text = w.HOURS_AVAILABLE.sub(r"\1 \2available hours", text)
    text = w.MORE_HOURS_THAN.sub("more than ", text)
    text = w.HOURS_LETTER.sub(r"\1\2 hours", text)
    text = w.ALL_HOURS_HYPHEN.sub(r"all \1", text)
    text = w.EVERY_LOGGED_HOUR.sub(r"all hours \1", text)
    if w.CLIENT_NOUN.search(text):
        text = w.TECH_COST.sub("labor cost", text)
    text = _used_with_number(text)
    text = w.BAND_WITH_NUMBER.sub(_band_edge, text)
    return w.TEAM_MEMBER.sub("technician", w.TEAM_MEMBERS.sub("technicians", text))


def _kind(word: str | None) -> str:
    """The utilisation a threshold is on: total when said so, else billable (the glossary's plain utilisation)."""
    return "total utilization" if word and word.startswith("total") else "billable utilization"


def _used_with_number(text: str) -> str:
    """"under-utilized techs (below 72% billable)": the utilisation against the number said, not the band."""
    word, number_said = w.UNDER_OVER_USED.search(text), w.PERCENT_THRESHOLD.search(text)
    if word is None or number_said is None or w.LICENCE_WORD.search(text):  # "underused licences": seats, not people
        return text
    said = f"{_kind(number_said['kind'])} {number_said['op']} {number_said['num']} percent"
    first, second = sorted((word, number_said), key=lambda m: m.start())
    middle = text[first.end():second.start()]
    if first is word:
        return f"{text[:word.start()]}{middle}{said}{text[second.end():]}"
    return f"{text[:first.start()]}{said}{middle}{text[second.end():]}"


def _band_edge(m: re.Match[str]) -> str:
    """"below the 70% billable band": the utilisation under the number; a line or mark of no named kind is left as said
    (a margin line, a revenue mark)."""
    if m["kind"] is None and m["edge"] != "band":
        return m.group(0)
    return f"{_kind(m['kind'])} {m['side']} {m['num']} percent"


def tech_time_measures(r: Reading) -> None:
    """Read the billable share or total utilisation from how the words relate (module doc, part 2); a parser step."""
    if r.limit is None and (n_of := w.N_OF_GROUP.search(r.text)) is not None:  # "which four of our engineers"
        r.limit = number(n_of["n"])
        r.use(n_of.span("n"))
    _listed_months(r)
    if r.metric is not None:
        if r.metric == "labour_cost":
            _consumed(r)
        return None
    if _billable_share(r) or _total_utilisation(r):
        return None
    if "labor cost" in r.text and w.CLIENT_NOUN.search(r.text):
        _consumed(r)
    return None


def _consumed(r: Reading) -> None:
    """"which clients used up the most labour cost": the verb of using up a cost is read (the cost is the measure)."""
    for m in w.CONSUMED.finditer(r.text):
        r.use(m.span())


def _billable_share(r: Reading) -> bool:
    capacity = w.CAPACITY.search(r.text)
    ratio = w.BILLABLE_OF_HOURS.search(r.text)
    if ratio is not None and not w.CAPACITY.search(ratio.group(0)):
        return _read_share(r, [ratio.span()], f"'{ratio.group(0)}'")
    if capacity is not None or w.MONEY_WORD.search(r.text) or "client" in r.filters or "segment" in r.filters:
        return False  # (the billed part of revenue, or of the time spent on one client, is another question)
    bill = w.BILLABLE.search(r.text)
    if bill is None:
        return False
    own = w.OWN_HOURS.search(r.text)
    if own is not None:
        read = _read_share(r, [own.span(), bill.span()], f"'{own.group(0)}' with '{bill.group(0)}'")
        if w.BARE_HOURS.search(r.raw.lower()):  # h107: "billed under 70% of their hours": of those worked, or of
            r.candidates = ["billable_share", "billable_utilization"]  # those available? readers split: flagged
            r.confidence *= 0.6
            r.reasons.append(f"'{own.group(0)}' names no hours: of the hours worked (billable share) shown; of the hours "
                             "available is billable utilisation: say 'hours worked' or 'available hours'")
        return read
    whole, share, part = w.LOGGED_WHOLE.search(r.text), w.SHARE_WORD.search(r.text), w.BILL_PART.search(r.text)
    if whole is None or share is None or part is None:
        return False
    return _read_share(r, [whole.span(), share.span(), part.span()], f"'{whole.group(0).strip()}' and what could be billed")


def _read_share(r: Reading, spans: list[tuple[int, int]], said: str) -> bool:
    r.metric = "billable_share"
    for span in spans:
        r.use(span)
    r.reasons.append(f"{said}: the part of the hours worked that is billable (billable share: billable hours / hours "
                     "worked), not billable utilisation (against capacity)")
    return True


def _total_utilisation(r: Reading) -> bool:
    capacity = w.CAPACITY.search(r.text)
    if capacity is None:
        return False
    counted = list(w.ALL_COUNTED.finditer(r.text))
    rest = r.text
    for m in counted:  # "not just billable", "billable and not": every hour, no billable-only word
        rest = rest[:m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
    if w.BILLABLE.search(rest):
        return False
    logged = list(w.LOGGED.finditer(rest))
    part = [m for m in w.PART_OF.finditer(rest) if not (capacity.start() <= m.start() < capacity.end())]
    if not (counted or logged) or not part:
        return False
    r.metric = "total_utilization"
    for m in (capacity, *counted, *logged, *part, *w.USED.finditer(rest)):
        r.use(m.span())
    if w.COMPANY_CAPACITY.search(r.text) and not w.PER_TECH.search(rest) and "technician" not in r.filters:
        for m in w.TECH_SUBJECT.finditer(r.text):  # "our capacity the techs used": the team's one figure
            r.use(m.span(), blank=True)
        for m in w.TECH_WORD.finditer(r.text, capacity.start(), capacity.end()):  # "our tech capacity"
            r.use(m.span(), blank=True)
    said = counted[0].group(0) if counted else logged[0].group(0)
    r.reasons.append(f"'{said.strip()}' against capacity: every hour worked over the hours available (total "
                     "utilisation), not billable utilisation")
    return True


def _listed_months(r: Reading) -> None:
    """A utilisation asked for months listed one by one ("in October, November and December") is each month's: a ratio of
    capacity has no total to add up, and the months were named apart (still flagged: their combined figure may have
    been meant, asked as the range)."""
    listed = next((i for i, reason in enumerate(r.reasons) if reason.startswith("months listed (")), None)
    if listed is None or r.grouping is not None or not w.UTILISATION_WORD.search(r.text):
        return
    r.grouping = "month"
    r.reasons[listed] = (f"months listed ({r.period_label}): a utilisation for each month shown; ask for the range "
                         "(e.g. 'October to December') for their combined figure")
