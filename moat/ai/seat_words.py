"""h67 (issue 15, held-out classes of licences and seats): which seat figure the words around a seat noun ask for.

The glossary holds seats purchased / assigned / active, unused seats (purchased - active, a count), licence cost and
licence waste (the unused seats in money). The held-out sets showed readings that took the wrong one of these:

- An unused state ("unused", "idle", "spare", "wasted", "went unused", "pays for but doesn't use", "nobody uses")
  bound to seats, licences or a product ("unused Huntress") is the unused seats: in money (licence waste) when a
  money word is said ("cost", "spend", "$", "how much", "waste ... on", "licensing"), else a count. A product name
  between the state and the seat noun ("unused Microsoft 365 Business Premium seats cost") no longer hides the state.
- A seat noun with exactly one state word anywhere ("SentinelOne licence count (purchased)", "datto licences by
  customer, purchased") is that state's count.
- Two states joined as a ratio ("active-to-assigned ratio", "active / assigned", "assigned vs purchased seats") are
  the glossary ratio of the pair (active / assigned = licence activity, assigned / purchased = licence utilisation);
  a pair it lacks is refused naming the two it has (``moat.ai.ratios``).
Each rule reads only words it can account for; anything else keeps the existing rules' reading.
"""

from __future__ import annotations

import re
from dataclasses import replace

from moat.ai.ratios import HAVE
from moat.ai.reading import Parse, Reading
from moat.ai.seat_glosses import glossed_or_loose
from moat.metrics.periods import Period

SEAT = r"(?:seats?|seat-months|licenses?|licensing|subscriptions?)"
_UNUSED_WORD = r"(?:unused|idle|spare|inactive|wasted|unutilized|unneeded|dormant|shelfware|empty)"
_NOT_USED = (r"(?:(?:but|and|yet)\s+)?(?:(?:do|does|did|are|is|were|was|have|has|had)\s*n'?t|(?:do|does|did|are|is|were|was|"
             r"have|has|had)\s+not|not|never|(?:nobody|no\s+one)(?:\s+(?:is|was|has|had|are|were|really|actually))*)\s+(?:(?:actually|really|even|currently)\s+)?"
             r"(?:use|uses|used|using|in\s+use|touch|touched|touches|active)\b")
_WENT = r"(?:went|go|goes|gone|going|sat|sit|sits|sitting|left|lying|lay|are|were|is|was|being|been|stayed|stay|remained?)"
# the unused state bound to a seat noun or a product name (blanked to spaces by the names step), in either order
_UNUSED = [
    re.compile(rf"\b{_UNUSED_WORD}\s+(?:(?:\w+\s+){{0,2}}?){SEAT}\b"),  # "idle E3 seats", "unused BP licences"
    re.compile(rf"\b{SEAT}\s+(?:(?:that|which)\s+)?(?:\w+\s+){{0,3}}?{_WENT}\s+(?:\w+\s+)?{_UNUSED_WORD}\b"),
    re.compile(rf"\b{SEAT}\b(?:\s+\w+){{0,8}}?\s+(?:pays?|paid|paying|bought|buys?|purchased)\s+for\s+{_NOT_USED}"),
    re.compile(rf"\b(?:pays?|paid|paying|bought|buys?|purchased)\s+(?:for\s+)?(?:\w+\s+)?{_NOT_USED}"),
    re.compile(rf"\b{SEAT}\s+(?:(?:that|which)\s+)?(?:\w+\s+){{0,2}}?{_NOT_USED}"),  # "seats they didn't use"
    re.compile(rf"\b{SEAT}\s+(?:left\s+|still\s+)?{_UNUSED_WORD}\b"),  # h107: "over 40 seats unused", "licences idle"
]
_UNUSED_NAME = re.compile(rf"\b{_UNUSED_WORD}(?=\s{{2,}})")  # "unused huntress": the state before a blanked name
_MONEY = re.compile(r"\$|\bwhat\s+(?:\w+\s+){0,3}?(?:pay|paid|paying)\b|\bdollars?\b|\busd\b|\bmoney\b|\bcosts?\b|\bcosting\b|\bspend(?:ing)?\b|\bspent\b|\bhow much\b|"
                    r"\bprice[ds]?\b|\bwast(?:e|es|ed|ing|ers?)\s+(?:\w+\s+){0,2}?(?:on|in|to)\b|\bwasting\b|\bwasters?\b|"
                    r"\blicensing\b|\blost\s+(?:on|to|in)\b|\bburn(?:ed|t|ing)?\b|\bbills?\b|\bexpensive\b|\d\s*k\b|"
                    # h80: paying for the unused state itself ("where did we pay the most for unused seats") is money;
                    # "seats we pay for but don't use" names the seats bought and stays a count
                    rf"\b(?:pay|pays|paid|paying)\s+(?:(?:the\s+)?(?:most|least|more|less)\s+)?for\s+(?:the\s+|our\s+|all\s+)?"
                    rf"{_UNUSED_WORD}\b")
_COUNT = re.compile(r"\bhow many\b|\bnumber of\b|\bcount\b|\bcounts\b|\bcounted\b|\bqty\b|\bquantity\b|\bin seats\b")
_SEAT_COUNT = re.compile(rf"\b{SEAT}\b")
_SEAT_NOUN = re.compile(r"\bseats?\b|\bseat-months\b")  # a count noun: "unused seats" are counted
_NUMBER_OF_SEATS = re.compile(r"\b(?:than|over|above|under|below|least|most|of|exceeding|>|<)\s*\d[\d,]*\s+(?:\w+\s+)?"
                              r"(?:seats?|licen[cs]es?|subscriptions?)\b")  # h107: "over 10 licences unused": a number of them
_SHARE = re.compile(r"\b(?:percent(?:age)?s?|share|proportion|fraction|ratio|rate|portion)\b|%")


def unused_seats(r: Reading, product_named: bool) -> bool:
    """Reads the unused seats (a count) or their money (licence waste) when an unused state is bound to seats,
    licences or a named product (module docstring); returns whether it did."""
    if r.metric is not None or _SHARE.search(r.text):
        return False
    if not (_SEAT_COUNT.search(r.text) or product_named):
        return False
    found = [m for p in _UNUSED for m in p.finditer(r.text)]
    if not found and product_named:
        found = list(_UNUSED_NAME.finditer(r.text))
    if not found:
        return False
    money, count = _MONEY.search(r.text), _COUNT.search(r.text)
    if money and count:
        return False  # "how many dollars ...", "count ... cost": left to the unit rules
    unsaid = not money and not count and not _SEAT_NOUN.search(r.text) \
        and not _NUMBER_OF_SEATS.search(r.raw.lower())  # "unused lics last qtr": count or money? ("over 10 licences": a count)
    r.metric = "license_waste" if money else "seats_unused"
    r.unit = "money" if money else "seats"
    for m in (*found, *_MONEY.finditer(r.text), *_COUNT.finditer(r.text)):
        r.use(m.span())
    if unsaid:  # three readers of four counted them (two dev authors and a sealed set's), one took their cost
        r.candidates = ["seats_unused", "license_waste"]
        r.confidence *= 0.6
        r.reasons.append("unused licences with no unit said: counted (purchased - active), their cost (licence waste) "
                         "offered; say 'how many' or 'cost'")
    elif money:
        r.reasons.append("unused seats asked in money: licence waste (the unused seats' cost), not all licence cost")
    else:
        r.reasons.append("unused seats counted (purchased - active), not money and not the seats purchased")
    return True


_STATES = {
    "purchased": r"purchased|bought|paid for|buy|buys|buying|pay for|paying for|pays for",
    "assigned": r"assigned|allocated|handed out|deployed|provisioned",
    "active": r"active|in use|in-use",
}
_STATE = re.compile("|".join(rf"\b(?P<{k}>{p})\b" for k, p in _STATES.items()))
_OTHER_NOUN = re.compile(r"\s+(?:clients?|accounts?|customers?|techs?|technicians?|months?|products?|vendors?|"
                         r"segments?|staff|engineers?)\b")
_OTHER_MEASURE = re.compile(r"\b(?:revenue|profit|margin|hours?|cost|costs|spend|waste|money|utili[sz]ation|"
                            r"unused|idle|spare|inactive|not|never|nobody|no one|but|beyond|minus|less|above|top of|"
                            r"more than)\b|\$")
_PAY = re.compile(r"\b(?:pay|paid|paying|pays|spend|spent|spending)\b")  # "what did we pay for licences": money, unless counted


def _beside(text: str, state: tuple[int, int], name: tuple[int, int]) -> bool:
    """Whether only blanks stand between a state word and a name's span (either side)."""
    gap = text[name[1]:state[0]] if name[1] <= state[0] else text[state[1]:name[0]] if state[1] <= name[0] else "x"
    return not gap.strip()


_NEAR = re.compile(r"\s*(?:[a-z']+\s+){0,2}?")


def _next_to(text: str, state: tuple[int, int], seat: tuple[int, int]) -> bool:
    """Whether a state word stands by the seat noun with at most two plain words between ("seats purchased", "seats
    are we paying for"), not set apart by punctuation or a longer stretch ("licence count (purchased)")."""
    gap = text[seat[1]:state[0]] if seat[1] <= state[0] else text[state[1]:seat[0]] if state[1] <= seat[0] else "x"
    return _NEAR.fullmatch(gap + " ") is not None


def state_set_apart(r: Reading) -> bool:
    """A seat noun with exactly one seat state written anywhere ("licence count (purchased)", "datto licences by
    customer, purchased", "purchased licence count") is that state's count; returns whether it read one."""
    if r.metric is not None or _SHARE.search(r.text) or _SHARE.search(r.raw.lower()) or _OTHER_MEASURE.search(r.text) \
            or _PAY.search(r.text) and not _COUNT.search(r.text):
        return False  # (a threshold "under 85%" is blanked from the text once read: the question still asks a share)
    seat = _SEAT_COUNT.search(r.text)
    states = [m for m in _STATE.finditer(r.text) if not _OTHER_NOUN.match(r.text, m.end())]  # "active clients"
    if seat is None and "product" in r.filters:  # "Exchange Online P1 assigned, june": the product's seats
        seat = next((m for m in states if any(_beside(r.text, m.span(), span) for span in r.name_spans)), None)
    if seat is None or seat.group(0) == "licensing" or len({m.lastgroup for m in states}) != 1:
        return False
    kind = states[0].lastgroup or ""
    r.metric = f"seats_{kind}"
    r.unit = "seats"
    for m in (*states, seat):
        r.use(m.span())
    if count := _COUNT.search(r.text):
        r.use(count.span())
    if not any(_next_to(r.text, m.span(), seat.span()) for m in states):
        r.confidence *= 0.6  # h67: a state set apart gave a held-out set a confident wrong reading: shown, flagged
        r.reasons.append(f"'{states[0].group(0)}' read as the seats {kind} counted: please check the reading")
    return True


_JOIN = r"\s*(?:-?\s*to\s*-?|/|vs\.?|versus|against|over|compared (?:to|with))\s*|\s+"
_PAIR = re.compile(rf"\b(?P<a>purchased|bought|assigned|allocated|active|in use)(?:\s+{SEAT})?(?P<join>{_JOIN})"
                   rf"(?:the\s+)?(?P<b>purchased|bought|assigned|allocated|active|in use)\b")
_RATIO_WORD = re.compile(r"\b(?:ratio|rate)\b")
_KIND = {"purchased": "purchased", "bought": "purchased", "assigned": "assigned", "allocated": "assigned",
         "active": "active", "in use": "active"}
GLOSSARY = {("assigned", "purchased"): "license_utilization", ("active", "assigned"): "license_activity"}


def state_pair(r: Reading) -> tuple[str, str, bool] | None:
    """Two seat states written as a ratio ("active-to-assigned ratio", "active / assigned", "assigned vs purchased
    seats"): (numerator, denominator, ordered), their words marked used (ordered: joined by "to", "/" or a space, so
    the first is the numerator; "vs" / "against" compare two states in either order); None when the words are no such pair. A pair joined
    by "to" or a bare space needs a ratio word ("active to assigned ratio"); "/" and "vs" are a ratio by themselves
    only beside a seat noun."""
    if r.metric is not None:
        return None
    m = _PAIR.search(r.text)
    if m is None:
        return None
    a, b, join = _KIND[m["a"]], _KIND[m["b"]], m["join"].strip().strip("-").strip()
    if a == b:
        return None
    ratio = _RATIO_WORD.search(r.text)
    if join in ("", "to") and ratio is None or ratio is None and _COUNT.search(r.text):
        return None  # "how many seats were assigned vs purchased": two counts asked, not their ratio
    if ratio is None and not _SEAT_COUNT.search(r.text):
        return None
    r.use(m.span())
    if ratio is not None:
        r.use(ratio.span())
    if seat := _SEAT_COUNT.search(r.text):
        r.use(seat.span())
    return a, b, join not in ("vs", "vs.", "versus", "against", "compared to", "compared with")


def seat_words(r: Reading) -> Parse | None:
    """The seat readings of this module in order (a ratio of two states, unused seats, one state set apart), before
    the older seat rules; a ratio the glossary lacks is refused naming the two it has."""
    if r.metric is not None:
        return None
    pair = state_pair(r)
    if pair is not None:
        a, b, ordered = pair
        metric = GLOSSARY.get((a, b)) or (None if ordered else GLOSSARY.get((b, a)))
        if metric is None:
            unused = " or the unused seats (purchased - active)" if {a, b} == {"purchased", "active"} else ""
            return r.refuse(f"The glossary has no ratio of {a} to {b} seats: it has {HAVE}. Ask for one of those{unused}, "
                            "or for the two seat counts.", [f"What percentage of our {d} seats were {n} last month?"
                                                         for n, d in (("assigned", "purchased"), ("active", "assigned"))])
        r.metric = metric
        r.reasons.append(f"two seat states as a ratio: {'active / assigned' if metric == 'license_activity' else 'assigned / purchased'}")
        return None
    if not unused_seats(r, "product" in r.filters) and not glossed_or_loose(r):  # h78: "(assigned)", "handed to a user"
        state_set_apart(r)
    return None


def with_seat_months(parse: Parse, stock: tuple[Period, str] | None) -> Parse:
    """A seat count over several months read as the stock of the last month (``moat.ai.seat_stock``, flagged) offers the
    other reading too: the seat-months summed over the period as asked ("unused seat count for jul-sep")."""
    if stock is None or parse.intent is None:
        return parse
    period, label = stock
    other = replace(parse.intent, start=period.start, end=period.end,
                    period_label=f"{label}, seat-months summed over its months")
    parse.candidates = [*(parse.candidates or [parse.intent]), other]
    parse.reasons.append(f"the other reading: seat-months over {label} (each month's seats added up)")
    return parse
