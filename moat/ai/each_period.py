"""h44 (issue 15, reviewer h38's class C8): a condition asked to hold in EACH of several periods.

"Which clients lost money in both Jan and Feb", "techs over 90% billable in Dec as well as Jan", "clients under 20%
margin in each of the last 3 months", "made money in both Q3 and Q4": the condition must hold in every period on its
own (a client that lost money in January and made it back in February is not one of them). h54: answered, each
period computed as a period of its own and the entities passing in every one kept (``EachPeriods``, compiled by
``moat.ai.compile.each_period``), each period's value shown, never the merged period; "in either Jan or Feb", "in any
month of Q4", "at least once in H2" keep the entities passing in at least one. Every period must be complete at the
as-of date and inside the data, else the question is refused naming the period. What cannot be answered this way (a
company total, months as rows) stays refused, naming the questions that answer it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from moat.ai import lexicon as lx
from moat.ai.catalogue import Threshold
from moat.ai.periods import find_period
from moat.ai.reading import Parse, Reading
from moat.ai.running_months import CUE_WORDS, running_cue
from moat.metrics.periods import Period, add_months, month_end

# h54: a condition asked in at least one of several periods ("in either Jan or Feb", "in any month of Q4", "at least
# once in H2", "in at least one month of Q4")
ANY_PERIOD = re.compile(
    r"\beither\b|\bat\s+least\s+(?:once|one\s+(?:month|quarter|of\s+(?:the\s+)?(?:months|quarters)))\b|"
    r"\bany\s+(?:single\s+)?(?:one\s+)?(?:of\s+(?:the\s+)?)?(?:months?|quarters?)\b|\bany\s+of\s+(?:the\s+)?(?:them|these)\b|"
    r"\bany\s+(?:one\s+)?of\s+(?:the\s+)?(?:last|past|previous|prior)\s+\w+\s+(?:months|quarters)\b")  # h127 (h121 F)
_LINKS = re.compile(r"\b(?:as\s+well(?:\s+as)?|also|again|either|or|both|each|every|single|once|months?|quarters?|alike|separately|respectively|"
                    r"individually|them|these|those|one)\b")
# the rows are asked for ("which clients", "techs", "who"); "was our margin under 20% in each ..." asks about the company
_ROWS_NAMED = re.compile(r"\b(?:clients?|customers?|accounts?|techs?|technicians?|engineers?|products?|vendors?|who|"
                         r"which|whose)\b")
_ENTITY_ROWS = ("client", "technician", "product")


@dataclass(frozen=True)
class EachPeriods:
    """h54: the periods a condition must hold in, each on its own, and whether in all of them or in any."""

    periods: tuple[Period, ...]
    mode: str  # "all" | "any"
    names: tuple[str, ...]

_N = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:\s+(?:19|20)\d\d)?")
# one named period: a month, a quarter, "the last 3 months", "last month", "this quarter"
_ONE = (r"(?:" + _MONTH + r"|q[1-4](?:\s+(?:19|20)\d\d)?|(?:the\s+)?(?:last|past|previous|prior)\s+" + _N
        + r"\s+(?:months|quarters)|(?:last|this|previous)\s+(?:month|quarter)|" + _N + r"\s+(?:months|quarters))")
_LIST = _ONE + r"(?:\s*,?\s+(?:in\s+)?" + _ONE + r")*(?:\s*,?\s+(?:and|&)\s+(?:in\s+)?" + _ONE + r")?"  # h129: "in X, in Y"
# h105: periods joined by "or" ("in March or April", "mar 2026 or apr 2026", "march, april, or both") or counted "at least
# one of" ("in at least one of March and April"): the condition in any of them, like "either"
_OR_PERIODS = re.compile(r"\bat\s+least\s+one\s+of\s+(?:the\s+)?(?:months\s+|quarters\s+)?(?=" + _ONE + r"\b)|"
                         r"\b" + _ONE + r"(?:\s*,?\s+" + _ONE + r")*\s*,?\s+or\s+(?:in\s+)?" + _ONE
                         + r"(?:\s*,?\s+or\s+(?:in\s+)?both)?\b|\b" + _ONE + r"(?:\s*,?\s+" + _ONE
                         + r")+\s*,?\s+or\s+both\b")
# the cue that asks for each period on its own, before, after or between the periods (h136: "in all three of Jan, Feb
# and Mar" as "in each of" is)
EACH_PERIOD = re.compile(
    r"\b(?:both|each\s+of|every\s+(?:single\s+)?one\s+of|all\s+(?:" + _N + r"\s+)?of)\s+(?:of\s+)?(?:(?:the|these|those)\s+)?(?:in\s+)?"
    + _LIST
    + r"|\b" + _ONE + r"(?:\s*,?\s+(?:in\s+)?" + _ONE + r")*\s*,?\s+(?:and|&)\s+(?:in\s+)?" + _ONE
    + r"(?:\s+\w+){0,2}?\s*,?\s+(?:each|every\s+month|both|separately|respectively|individually|alike)\b"
    + r"|\b" + _ONE + r"\s+as\s+well\s+as\s+(?:in\s+)?" + _ONE
    + r"|\b(?:each|every)\s+(?:single\s+)?(?:month|quarter)\b(?!\s+(?:by|over)\b|\s+on\b(?!\s+(?:its|their)\s+own\b))"  # h129
    + r"|\b(?:each|every|all)\s+(?:single\s+)?(?:one\s+)?of\s+(?:the\s+)?(?:months|quarters)\b")  # h54
_ALL_N = re.compile(r"\ball\s+" + _N + r"\s+of\b")  # h136: "all three of": the count of the periods is read with them
# h89: "in jan and in feb" (the preposition said again), "in jan and again / also in feb", with a condition and no word
# of change: the condition in each period on its own (it was read as a comparison, filtered on the later period)
_AND_IN = re.compile(r"\bin\s+" + _ONE + r"\s*,?\s+(?:and|&)\s+(?:(?:also|again|then)\s+)?in\s+" + _ONE + r"\b")
_CHANGE_SAID = re.compile(r"\b(?:change[ds]?|changing|difference|delta|compared?|comparing|vs|versus|against|grow|grew|"
                          r"grown|growth|growing|rise|rose|risen|rising|fall|fell|fallen|falling|drop(?:s|ped|ping)?|"
                          r"declin\w*|increas\w*|decreas\w*|up|down|improv\w*|worsen\w*)\b")
_NO_DIRECTION = "a threshold with two periods and no direction"
# a condition about making or losing money with no number ("made money in both Q3 and Q4")
_MONEY_CONDITION = re.compile(r"\b(?:made|make|makes|making|earn(?:ed|s)?)\s+(?:us\s+)?(?:any\s+)?(?:money|a\s+profit)\b|"
                              r"\bprofitable\b|\bin\s+the\s+black\b")


# h117: "which clients lost money in Q4 and Q1": a money condition over two named periods holds in each, as "in both"
_AND_BARE = re.compile(r"\bin\s+" + _ONE + r"\s*,?\s+(?:and|&)\s+" + _ONE + r"\b")


def _money_pair(said: str) -> re.Match[str] | None:
    """h117: two periods joined by "and" after a money condition with no number ("lost money in Q4 and Q1")."""
    if lx.LOST_MONEY.search(said) is None and _MONEY_CONDITION.search(said) is None or not _ROWS_NAMED.search(said):
        return None  # one client's "did X lose money in Jan and Feb" stays flagged (h44)
    pair = _AND_BARE.search(said)  # quarters only: two months joined by a plain "and" stay flagged (h96)
    return pair if pair is not None and len(re.findall(r"\bq[1-4]\b|\bquarter\b", pair.group(0))) >= 2 else None


def each_period_condition(r: Reading, said: str, grouping: str, months_counted: bool,
                          data_span: Period | None = None) -> Parse | EachPeriods | None:
    """The periods a condition must hold in, each on its own (``said``: the folded question): ``EachPeriods`` when it
    can be answered per period (entity rows, every period complete and inside the data), a refusal naming the period
    or the questions to ask when not, else None (the reading left exactly as it was). Rows that are the periods
    themselves ("in how many of the last 3 months", per-month lists) answer it already."""
    saved = (r.metric, r.threshold, r.grouping, r.confidence, list(r.reasons), list(r.used))
    out = _condition(r, said, grouping, months_counted, data_span)
    if out is None:
        r.metric, r.threshold, r.grouping, r.confidence, r.reasons, r.used = saved
    return out


def _condition(r: Reading, said: str, grouping: str, months_counted: bool,
               data_span: Period | None) -> Parse | EachPeriods | None:
    if months_counted:
        return None
    cue = EACH_PERIOD.search(said)
    anyone = ANY_PERIOD.search(said) or _listed_with_or(r, said, cue)
    and_in = None
    if cue is None and anyone is None and r.change in (None, "any") and not _CHANGE_SAID.search(said):
        cue = and_in = _AND_IN.search(said) or _money_pair(said)  # h89: "negative GP in jan and in feb"; h117
    running = None if cue is not None or anyone is not None else running_cue(r.raw, said)
    if running is not None:  # h96: "lost money 2 months in a row (may, jun)", "under 0 in May AND Jun"
        cue = and_in = running[0]
        said = running[1]
    if grouping in ("month", "quarter"):  # h54: "which clients lost money every month of Q4": client rows, not months
        grouping = _rows_asked(r, said, grouping) if (cue or anyone) else grouping
        if grouping in ("month", "quarter"):
            return None
    if cue is not None or anyone is not None:
        grouping = _money_condition(r, said, grouping)
    condition = r.threshold is not None or lx.LOST_MONEY.search(said) or _MONEY_CONDITION.search(said)
    if (cue is None and anyone is None) or not condition or r.period is None:
        return None
    if anyone is not None:
        cue, mode = anyone, "any"
        periods = _named(said, r.as_of)  # "either Jan or Feb": the periods named; "either Harbor or Willow": none
        last = re.search(r"\b(?:either|any)\s+of\s+(?:the\s+)?(?:last|past|previous|prior)\s+\w+\s+(months|quarters)\b", said)
        if not periods and (last or re.search(r"\b(?:months?|quarters?|once)\b", anyone.group(0))):  # "any month of Q4"
            periods = _periods(r, quarters="quarter" in (last.group(1) if last else anyone.group(0)))
    else:
        mode = "all"
        periods = (_named(said, r.as_of) if running is not None else []) or _named(cue.group(0), r.as_of) or _periods(r, quarters=bool(re.search(r"\bq[1-4]\b|quarter", cue.group(0))))
    if len(periods) < 2:
        return None
    names = [_name(p) for p in periods]
    if grouping in _ENTITY_ROWS and r.threshold is not None and not r.share and _ROWS_NAMED.search(said):
        if and_in is not None:  # h89: the doubt "on the value or on the change?" is settled: the value, in each period
            doubts = [x for x in r.reasons if x.startswith(_NO_DIRECTION)]
            r.reasons = [x for x in r.reasons if x not in doubts]
            r.confidence = min(1.0, r.confidence / 0.6 ** len(doubts))
        listed = [x for x in r.reasons if x.startswith("months listed (")]  # h136: "their total shown" no longer holds
        if listed:
            r.reasons = [x for x in r.reasons if x not in listed]
            r.confidence = min(1.0, r.confidence / 0.6 ** len(listed))
        if running is not None:
            for word in CUE_WORDS.finditer(r.text):
                r.use(word.span())
        return _checked(r, periods, mode, names, data_span)
    whole = f"{periods[0].start:%b %Y} to {periods[-1].end:%b %Y}"
    head = (said[:cue.start()] + said[cue.end():]).strip(" ,")
    head = re.sub(r"\s+(?:in|for|during|over)\s*$", "", re.sub(r"\s{2,}", " ", head))
    asks = [f"{head} in {n}" for n in names[:3]]
    return r.refuse(
        f"That asks for a condition in each of {len(periods)} periods ({', '.join(names)}) on its own; I answer that "
        f"per client, technician or product only, so I won't merge them into one. Ask once per period and compare "
        f"(e.g. \"{asks[0]}\", \"{asks[1]}\"), or ask \"{head} from {whole}\" for the periods together.", asks)


def _listed_with_or(r: Reading, said: str, cue: re.Match[str] | None) -> re.Match[str] | None:
    """h105: "customers in the red in March or April": periods joined by "or" (or counted "at least one of"), with
    rows named and no word of change, are a condition in any of them; the company's figure is left as it was."""
    if cue is not None or r.change not in (None, "any") or _CHANGE_SAID.search(said) or not _ROWS_NAMED.search(said):
        return None
    return _OR_PERIODS.search(said)


_PROFIT = re.compile(r"\b(?:with|had|has|have|posted|showed|showing|turned|made)\s+an?\s+profit\b")
_REVENUE_SAID = re.compile(r"\b(?:revenue|revnue|sales|bill(?:ed|ing|ings)?|invoiced?|turnover|income)\b")
_ROWS_ASKED = re.compile(r"\b(?:clients?|customers?|accounts?|who)\b")


def _money_condition(r: Reading, said: str, grouping: str) -> str:
    """h54: "profitable", "in the black", "with a profit" in each period is gross profit > 0 per client (read as a
    total when nothing picks rows: "clients that were profitable in both Q3 and Q4"); the grouping it leaves."""
    defaulted = r.metric == "revenue" and not _REVENUE_SAID.search(said)  # no measure named: the default read
    if r.threshold is not None or r.metric not in (None, "gross_profit") and not defaulted \
            or r.count and grouping == "company":
        return grouping
    if _MONEY_CONDITION.search(said) or _PROFIT.search(said):
        r.metric, r.threshold = "gross_profit", Threshold(">", 0.0)
        m = _PROFIT.search(r.text)
        if m is not None:
            r.use(m.span())
        if grouping == "company" and _ROWS_ASKED.search(said):
            r.grouping = grouping = "client"
    return grouping


_WHICH = r"\b(?:which|what|the|our|list|show|name|how\s+many|number\s+of|count\s+of)"  # h129: "how many clients ... each month"
_KINDS = ((re.compile(_WHICH + r"\s+(?:\w+\s+){0,2}?(?:clients?|customers?|accounts?)\b"
                      r"|^(?:clients?|customers?|accounts?)\b"), "client"),
          (re.compile(_WHICH + r"\s+(?:\w+\s+){0,2}?(?:techs?|technicians?|engineers?)\b"
                      r"|^(?:techs?|technicians?|engineers?)\b"), "technician"))


def _rows_asked(r: Reading, said: str, grouping: str) -> str:
    """h54: the entity rows a question asks for by name ("which clients ... every month of Q4"), when the parser read
    the months as the rows; the grouping unchanged when it names none (or the metric is not recorded for them)."""
    from moat.ai.catalogue import METRICS

    if r.metric not in METRICS:
        return grouping
    by = METRICS[r.metric].by
    kind = next((k for pattern, k in _KINDS if pattern.search(said) and k in by), None)
    if kind is None and re.match(r"who\b", said) and len({"client", "technician"} & set(by)) == 1:
        kind = next(iter({"client", "technician"} & set(by)))  # "who lost money": clients
    if kind is None:
        return grouping
    r.grouping = kind
    flagged = [x for x in r.reasons if x.startswith("months ranked, but ")]  # the parser's doubt, now resolved
    if flagged:
        r.reasons = [x for x in r.reasons if x not in flagged]
        r.confidence = min(1.0, r.confidence / 0.6 ** len(flagged))
    return kind


def _checked(r: Reading, periods: list[Period], mode: str, names: list[str],
             data_span: Period | None) -> Parse | EachPeriods:
    """h54: every period must be whole at the as-of date and hold data; the first that does not is named."""
    for period, name in zip(periods, names, strict=True):
        if period.end > r.as_of:
            return r.refuse(f"{name} is not complete as of {r.as_of:%d %B %Y}, so a condition in each period cannot be "
                            f"checked for it yet. Ask about whole periods that have ended (e.g. \"... in both "
                            f"{_name(_earlier(periods[0], 2))} and {_name(_earlier(periods[0], 1))}\").", [])
        if data_span is None or period.start < data_span.start or period.end > data_span.end:
            held = f" (the data covers {data_span.start:%B %Y} to {data_span.end:%B %Y})" if data_span else ""
            return r.refuse(f"{name} holds no data{held}, so a condition in each of {', '.join(names)} cannot be "
                            f"checked. Ask about periods inside the data.", [])
    for pattern in (EACH_PERIOD, ANY_PERIOD, _OR_PERIODS, re.compile(r"\b" + _ONE + r"\b"), _LINKS, _ALL_N):  # the cue and the periods' words are read
        for m in pattern.finditer(r.text):
            r.use(m.span())
    r.reasons.append(("the condition checked in each of " if mode == "all" else "the condition checked in any of ")
                     + ", ".join(names) + " on its own, each period's value shown")
    return EachPeriods(tuple(periods), mode, tuple(names))


def _earlier(p: Period, months: int) -> Period:
    start = add_months(p.start.replace(day=1), -months)
    return Period(start, month_end(start))


def _named(cue: str, as_of: date) -> list[Period]:
    """The periods named one by one in the cue ("Feb as well as Mar", "both Q3 and Q4"), earlier first; [] unless two."""
    ones = [one.group(0) for one in re.finditer(r"\b" + _ONE + r"\b", cue)]  # "mar" of "margin" is no month
    year = re.search(r"(?:19|20)\d\d$", ones[-1]) if ones else None
    if year is not None:  # "oct, nov and dec 2025": the year said once is every bare month's
        ones = [o if re.search(r"\d", o) or not re.fullmatch(_MONTH, o) else f"{o} {year.group(0)}" for o in ones]
    found = {pm.period for one in ones if (pm := find_period(one, as_of)) is not None}
    return sorted(found, key=lambda p: p.start) if len(found) >= 2 else []


def _periods(r: Reading, quarters: bool) -> list[Period]:
    """The periods the condition must hold in: the two compared, else each month (or quarter) of the period read."""
    assert r.period is not None
    if r.before is not None:
        return [r.before, r.period]
    out, start, step = [], r.period.start.replace(day=1), 3 if quarters else 1
    while start <= r.period.end:
        end = month_end(add_months(start, step - 1))
        out.append(Period(start, min(end, r.period.end)))
        start = add_months(start, step)
    return out


def _name(p: Period) -> str:
    if p.start.day == 1 and p.end == month_end(p.start):
        return f"{p.start:%B %Y}"
    if p.start.day == 1 and (p.start.month - 1) % 3 == 0 and p.end == month_end(add_months(p.start, 2)):
        return f"Q{(p.start.month - 1) // 3 + 1} {p.start.year}"
    return f"{p.start}..{p.end}"




def flag_two_months_condition(r: Reading, said: str) -> None:
    """"did Willow lose money in Feb and Jan": a condition over two months joined by "and" (read together, their
    total: ``periods._two_months``) may mean each month on its own; flagged, the reason naming the other question."""
    if not r.period_label.endswith(")") and " and " in r.period_label and (
            r.threshold is not None or lx.LOST_MONEY.search(said) or _MONEY_CONDITION.search(said)):
        r.confidence *= 0.6
        r.reasons.append(f"the condition read over {r.period_label} together; for each month on its own ask "
                         f"'... in both {r.period_label}'")
