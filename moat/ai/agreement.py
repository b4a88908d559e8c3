"""An independent check that the reading answers the question asked (issue 15's safety net, h27).

Why a second look: the parser reads a question in many small steps, and a step can win over the words of another
("which clients cost us the most in technician labour" ranked technicians; "Microsoft and Huntress each" was summed).
The parser's own "account for every word" check (``Parser._accounted``) only sees words no step used; a word that a
step used *for something else* passes it. This module reads the question again, on its own, for a few plain cues and
compares each with the finished reading (an ``Intent``):

- a grouping noun the question asks for ("per / by / each / every vendor", "which clients", "top 5 technicians") is
  the reading's grouping;
- "how many <clients / technicians / ...>" is a count; "how many seats / hours" is in seats / hours;
- a number after top / bottom / which / the ("the 3 clients") is the reading's limit;
- a unit asked outright ("what percentage", "in dollars", "how much money") is the metric's unit;
- every client, technician, product, vendor and segment the question names is a filter (or the grouping) of the
  reading; every period it names lies inside a period of the reading;
- two named periods joined by "vs" / "versus" / "compared to" / an arrow are two periods of the reading.

A disagreement never changes the reading (this module proposes nothing): the engine makes the answer provisional,
below the review threshold, and says which cue was not honoured. The checks are deliberately narrow: a net that
flags right answers costs trust as much as one that misses wrong ones (the dev eval measures both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from moat.ai.catalogue import ENTITY_COUNTS, METRICS, Intent
from moat.ai.comparison import shift_years
from moat.ai.every_clause import said_as_scope
from moat.ai.mentions import Vocabulary, fold
from moat.ai.month_to_date import named_month_to_date
from moat.ai.numbers import normalise
from moat.ai.one_month_series import whole_month
from moat.ai.period_in_progress import period_in_progress
from moat.ai.periods import NUMBER_WORDS, find_period
from moat.ai.quarters_of_year import quarters_of_year
from moat.ai.tech_time import tech_time_forms
from moat.metrics.periods import Period

# The groupings a question can name, with the nouns it names them by (after ``fold``: "customers" -> "clients",
# "techs" -> "technicians").
NOUNS = {
    "client": r"clients?|accounts?",
    "technician": r"technicians?|engineers?",
    "vendor": r"vendors?|suppliers?",
    "product": r"products?|skus?",
    "segment": r"segments?|industr(?:y|ies)|verticals?|sectors?",
    "month": r"months?",
    "quarter": r"quarters?",
}
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(w for w in NUMBER_WORDS if " " not in w and w not in ("a", "an")) + r")"
# a noun right before another grouping noun qualifies it ("client segment", "healthcare segment clients")
_NOUN = r"(?P<noun>" + "|".join(f"(?P<{k}>{p})" for k, p in NOUNS.items()) + r")\b" \
    r"(?!\s+(?:clients?|accounts?|segments?|technicians?|engineers?|products?|vendors?)\b)"
# "every client" beside a total word ("combined revenue of every client") is the set summed, not a list
_TOTAL_WORD = re.compile(r"\b(?:total|totals|overall|combined|in all|altogether|all together|how much|sum|summed|"
                         r"together|add(?:s|ed)? up|as a whole)\b")  # h78: "every client added up", "taken together"
# "per / by / each / every <noun>": that grouping (not "each of the last 4 months": months, read as the trend)
_PER = re.compile(r"\b(?:per|by|each|every)\s+" + _NOUN)
# "which / what (N) <noun>", "top / bottom N <noun>"
_WHICH = re.compile(r"\b(?:which|what)\s+(?:" + _NUMBER + r"\s+)?(?:of\s+(?:our|the|my)\s+)?" + _NOUN)
_TOP_N = re.compile(r"\b(?:top|bottom|best|worst|highest|lowest|biggest|largest|smallest|the)\s+" + _NUMBER + r"\s+"
                    r"(?:[a-z]+\s+){0,2}?" + _NOUN)
_HOW_MANY = re.compile(r"\bhow many\s+(?:[a-z]+\s+){0,2}?(?P<what>clients?|technicians?|vendors?|products?|segments?|"
                       r"months?|seats?|licen[cs]es?|hours?)\b")
_PERCENT = re.compile(r"\bwhat (?:percent(?:age)?|share|fraction|proportion)\b|\b(?:in|as an?|as)\s+percent(?:age)?s?\b|"
                      r"\bas an?\s+(?:share|fraction|proportion|ratio)\b")  # h123: "how many of the seats ..., as a share"
_MONEY = re.compile(r"\bhow much money\b|\bin (?:dollars|usd|\$)\b|\bhow many (?:dollars|bucks)\b|\bdollar (?:amount|value)\b")
_TWO_PERIODS = re.compile(r"^\s*(?:,\s*)?(?:vs\.?|versus|compared (?:with|to)|against|->|=>|\u2192)\s*$")
_SEPARATOR_RAW = re.compile(r"->|=>|\u2192")
_UNIT_KIND = {"seat": "seats", "seats": "seats", "license": "seats", "licenses": "seats", "licence": "seats",
              "licences": "seats", "hour": "hours", "hours": "hours"}


@dataclass(frozen=True)
class Disagreement:
    """One cue of the question the reading does not honour."""

    cue: str  # the words as the question says them
    reading: str  # what the reading does instead

    def text(self) -> str:
        return f"the question says '{self.cue}' but the reading {self.reading}"


def _number(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def _noun_kind(m: re.Match[str]) -> str:
    return next(k for k in NOUNS if m.group(k))


def _grouping_of(intent: Intent) -> str:
    """The kind of entity the reading lists or counts ("how many technicians": technicians)."""
    counted = {"clients": "client", "technicians": "technician", "products": "product", "vendors": "vendor",
               "segments": "segment"}
    if intent.metric in ENTITY_COUNTS or (intent.metric == "clients" and intent.grouping == "company"):
        return counted[intent.metric]
    return intent.grouping


_BASE_PERIOD = re.compile(r"\s*(?:just\s+)?(?:before|earlier|prior)\b|\s*(?:that\s+)?end(?:ed|ing)\b")  # h58: "the 3 months ended 31 Dec"


def _groupings(text: str, intent: Intent, scoped: bool = False) -> list[Disagreement]:
    found: list[Disagreement] = []
    grouping = _grouping_of(intent)
    for pattern in (_PER, _WHICH, _TOP_N):
        for m in pattern.finditer(text):
            kind = _noun_kind(m)
            if kind == grouping or (kind == "client" and grouping == "segment" and intent.filter("segment")):
                continue
            if m.group(0).startswith("every") and grouping == "company" and (_TOTAL_WORD.search(text) or scoped):
                continue  # h104: "revenue in March, every client" (a clause of its own) is one total, flagged by the parser
            if kind == "month" and grouping != "month" and whole_month(intent.period):
                continue  # h104: "labour cost by month for last month": one month's figure
            if kind in ("month", "quarter") and (grouping in ("month", "quarter") or intent.each) \
                    or kind == "month" and intent.change == "mom":  # h54: "every month of Q4" checked in each month
                continue
            if kind == "product" and grouping == "vendor" or kind == "vendor" and grouping == "product":
                continue  # a vendor is its products: "per product" of one vendor's products, "vendors" as products
            if pattern is _PER and m.group(0).startswith("by") and intent.filter(kind) and len(intent.filter(kind)) == 1:
                continue  # "Harbor's revenue by client": one client, its own row
            if pattern is _WHICH and m.group("n") is None and kind in ("month", "quarter") and not intent.order:
                continue  # "what month is it", "which quarter" with no ranking: a period word, read as the period
            if kind in ("month", "quarter") and _BASE_PERIOD.match(text[m.end():]):
                continue  # h39: "compared with the 3 months before": the base period of a change, not a breakdown
            found.append(Disagreement(m.group(0), f"answers per {grouping}" if grouping != "company" else "gives one total"))
            return found  # one grouping cue is enough to say
    return found


_ALL_X = re.compile(r"\b(?:all|every|across|among)\s+(?:(?:of\s+)?(?:our|the|my)\s+)?(?:[a-z]+\s+)?" + _NOUN)
_SPLIT_WORD = re.compile(r"\b(?:per|by|each|which|list|rank|ranked|breakdown|split|top|bottom)\b")
_EACH = re.compile(r"\b(?:each|respectively|separately|individually|apiece|one by one)\b")


def _totals(text: str, intent: Intent) -> list[Disagreement]:
    """ "all / every X" with a total word and no per / each / by / which is one amount, never a row per X."""
    m = _ALL_X.search(text)
    total = _TOTAL_WORD.search(text)
    if m and total and not _SPLIT_WORD.search(text) and _noun_kind(m) == intent.grouping and intent.limit is None \
            and intent.threshold is None and not intent.count and METRICS[intent.metric].kind != "percent":
        return [Disagreement(f"{total.group(0)} ... {m.group(0)}", f"answers per {intent.grouping}, not one amount")]
    return []


def _each_named(text: str, intent: Intent, named: list[tuple[str, str, int, int]]) -> list[Disagreement]:
    """Several names of one kind with "each" / "respectively" / "separately": one row per name, never their sum."""
    each = _EACH.search(text)
    if each is None:
        return []
    for kind in ("client", "technician", "product", "vendor"):
        names = {n for k, n, _, _ in named if k == kind}
        rows = {"vendor": ("vendor", "product"), "product": ("product",)}.get(kind, (kind,))
        if len(names) >= 2 and intent.grouping not in rows:
            return [Disagreement(f"{', '.join(sorted(names))} {each.group(0)}", "sums them into one figure"
                                 if intent.grouping == "company" else f"answers per {intent.grouping}")]
    return []


def _limits(text: str, intent: Intent) -> list[Disagreement]:
    for m in _TOP_N.finditer(text):
        n = _number(m.group("n"))
        if n is None or _noun_kind(m) != _grouping_of(intent):
            continue
        if m.group(0).startswith("the") and re.search(r"\b(?:last|past|previous|first|next)\s+$", text[:m.start()]):
            continue
        if _noun_kind(m) in ("month", "quarter") and _BASE_PERIOD.match(text[m.end():]):
            continue  # h39: "compared with the 3 months before": a period, not a limit of 3 rows
        if _noun_kind(m) == "month" and intent.order is None and _months_long(intent) == n:
            continue  # h95: "the 6-month trend": the period read, as long as said, not a limit of 6 rows
        if intent.limit != n and not (intent.count or intent.threshold is not None and intent.limit is None):
            shown = f"shows {intent.limit}" if intent.limit else "shows every row"
            return [Disagreement(m.group(0), shown)]
    for m in _WHICH.finditer(text):
        n = _number(m.group("n") or "")
        if n is not None and _noun_kind(m) == _grouping_of(intent) and intent.limit not in (n, None):
            return [Disagreement(m.group(0), f"shows {intent.limit}")]
    return []


def _months_long(intent: Intent) -> int:
    """How many calendar months the intent's period touches."""
    p = intent.period
    return (p.end.year - p.start.year) * 12 + p.end.month - p.start.month + 1


def _units(text: str, intent: Intent) -> list[Disagreement]:
    kind = METRICS[intent.metric].kind if intent.metric in METRICS else None
    found: list[Disagreement] = []
    for m in _HOW_MANY.finditer(text):
        what = m.group("what")
        unit = _UNIT_KIND.get(what)
        if unit is not None:
            partitive_share = kind == "percent" and " of " in m.group(0) and _PERCENT.search(text)  # h123
            if kind != unit and not intent.count and not partitive_share:
                found.append(Disagreement(m.group(0), f"is in {kind} ({METRICS[intent.metric].label})"))
        elif not (intent.count or intent.metric in ENTITY_COUNTS or intent.metric == "clients"):
            found.append(Disagreement(m.group(0), "gives no count"))
        break
    if _PERCENT.search(text) and kind not in ("percent", None) and not (intent.share or intent.relative or intent.over_another):
        found.append(Disagreement(_PERCENT.search(text).group(0), f"is in {kind}, not a percentage"))  # type: ignore[union-attr]
    if _MONEY.search(text) and kind not in ("money", None):
        found.append(Disagreement(_MONEY.search(text).group(0), f"is in {kind}, not money"))  # type: ignore[union-attr]
    return found


def _name_spans(text: str, names: list[tuple[str, str]]) -> list[tuple[str, str, int, int]]:
    """(kind, name, start, end) of each name written out in full, longest first, never overlapping."""
    taken: list[tuple[int, int]] = []
    out = []
    for kind, name in sorted(names, key=lambda kn: -len(kn[1])):
        for m in re.finditer(r"(?<![\w-])" + re.escape(name.lower()) + r"(?![\w-])", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            out.append((kind, name, m.start(), m.end()))
    return out


def _named(raw: str, vocab: Vocabulary) -> list[tuple[str, str, int, int]]:
    text = re.sub(r"\s+", " ", raw.lower().replace("\u2019", "'"))
    text = re.sub(r"'s\b", "", text)
    names = [("client", n) for n in vocab.clients] + [("technician", n) for n in vocab.technicians]
    names += [("product", p) for p, _ in vocab.products]
    names += [("vendor", v) for v in sorted({v for _, v in vocab.products if v and len(v) > 2})]
    names += [("segment", s) for s in vocab.segments if len(s) > 3]
    return _name_spans(text, names)


def _names(named: list[tuple[str, str, int, int]], intent: Intent, vocab: Vocabulary) -> list[Disagreement]:
    found: list[Disagreement] = []
    products = set(intent.filter("product"))
    filtered = [n.lower() for _, names in intent.filters + intent.excluded for n in names]  # h65: left out is honoured
    for kind, name, _, _ in named:
        if any(re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", n) for n in filtered):
            continue  # a word of a filtered name ("Sterling Retail" of Sterling Retail Group: no retail segment asked)
        if kind == "vendor":
            own = {p for p, v in vocab.products if v == name}
            ok = bool(own & products) or intent.grouping == "vendor"
        elif kind == "segment":
            ok = name in {s.lower() for s in intent.filter("segment")} or intent.grouping == "segment"
        else:
            ok = name in intent.filter(kind)
        if not ok:
            found.append(Disagreement(name, f"does not filter on {kind} {name}"))
    return found


_ANCHOR = re.compile(r"\b(?:previous|prior|preceding)\s+(?:month|quarter|year|period|one)\b|\b(?:month|quarter|year) before\b")


def _year_before(period: Period) -> Period | None:
    """The period a year earlier, whole months kept whole (February 2025 -> 1..29 February 2024)."""
    return Period(shift_years(period.start, -1), shift_years(period.end, -1))


def _periods(text: str, raw: str, intent: Intent, as_of: date) -> list[Disagreement]:
    spans: list[tuple[Period, int, int, str]] = []
    rest = text
    for _ in range(4):
        pm = find_period(rest, as_of)
        if pm is None:
            break
        spans.append((pm.period, pm.span[0], pm.span[1], text[pm.span[0]:pm.span[1]].strip()))
        rest = rest[:pm.span[0]] + " " * (pm.span[1] - pm.span[0]) + rest[pm.span[1]:]
    spans.sort(key=lambda s: s[1])
    read = [intent.period] + ([Period(intent.compare_start, intent.compare_end)] if intent.compared else [])  # type: ignore[arg-type]
    found: list[Disagreement] = []
    for period, _, end, said in spans:
        if (intent.change == "mom" or intent.compared) and _ANCHOR.search(said):
            continue  # h30: "each month vs the prior month": the base of each change, not a period of its own
        if intent.compared and re.match(r"\s*(?:just\s+)?before\b", text[end:]):
            continue  # h39: "the last 3 months compared with the 3 months before": the base, as "the month before"
        earlier = _year_before(period)
        if not re.search(r"(?:19|20)\d\d|'\d\d", said) and earlier is not None and any(
                p.start <= earlier.start and earlier.end <= p.end for p in read):
            continue  # h30 (h29's rule): "Q2" with no data yet is last year's Q2, and the reply says so; h77: also
            # as the first end of a span ("Q2 to Q4 last year, per quarter")
        if not any(period.start <= p.end and p.start <= period.end for p in read):
            found.append(Disagreement(said, f"covers {intent.period.start}..{intent.period.end}"))
    arrow = _SEPARATOR_RAW.search(raw)
    if arrow is not None and not intent.compared and intent.change != "mom" and intent.grouping not in ("month", "quarter") \
            and not intent.share:  # h77: a share's arrow draws its span, flagged by the parser (moat.ai.share_words)
        left = find_period(normalise(fold(raw[:arrow.start()])), as_of)
        right = find_period(normalise(fold(raw[arrow.end():])), as_of)
        if left is not None and right is not None and left.period != right.period:
            return found + [Disagreement(raw[arrow.start():arrow.end()] + " between two periods", "reads one period, "
                                         "not the change from one to the other")]
    for (a, _, a_end, a_said), (b, b_start, _, b_said) in zip(spans, spans[1:], strict=False):
        between = text[a_end:b_start]
        if a != b and (_TWO_PERIODS.match(between) or arrow and re.fullmatch(r"\s*to\s*", between)) \
                and not intent.compared and not intent.each and intent.change != "mom" and intent.grouping not in ("month", "quarter"):
            found.append(Disagreement(f"{a_said} {between.strip()} {b_said}", "reads one period, not two"))
    return found


def check(question: str, intent: Intent, vocab: Vocabulary, as_of: date) -> list[Disagreement]:
    """The cues of ``question`` that ``intent`` does not honour (empty when it honours every one it checks)."""
    if intent.metric not in METRICS or METRICS[intent.metric].kind in ("score", "anomaly"):
        return []
    text = normalise(tech_time_forms(fold(question)))  # h94: "revenue per tech hour" names no grouping
    text = period_in_progress(text)  # h104: "Q4 2026 revenue so far" names that quarter, not this year to date
    text = quarters_of_year(text)  # h135: "the two middle quarters of 2026" names one span, not two rows
    text = named_month_to_date(text)  # h122: "March MTD revenue" names March, not this month
    if intent.excluded:  # h65: "every segment except healthcare" names the set left out of, never a grouping
        from moat.ai.exclusion import without_scope

        text = without_scope(text)
    found = _groupings(text, intent, said_as_scope(question)) + _limits(text, intent) + _units(text, intent)
    named = _named(question, vocab)
    found += _totals(text, intent) + _each_named(text, intent, named) + _names(named, intent, vocab)
    found += _periods(text, question, intent, as_of)
    return found
