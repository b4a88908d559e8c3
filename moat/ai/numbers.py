"""Quantities written the way people type them, rewritten once into the forms the threshold and period rules read.

Runs on the folded question (``mentions.fold``) before any step of the parser, so every later rule sees digits:
- number words where a quantity is meant ("over twenty-five thousand" -> "over 25 thousand", "between ten and
  twenty-five percent" -> "between 10 and 25 percent"); a count of things ("top ten clients") is left alone;
- ranges written as a range ("in the 10% to 25% range") -> "between 10 percent and 25 percent";
- "more than their capacity" / "over available hours" -> total utilisation over 100 percent (worked hours above
  the hours available);
- "count clients ..." -> "count of clients ..." (a count, not a list);
- "year-on-year", "y/y" -> "year over year" (the same period one year before, never month over month).
Each rewrite is a general rule about how a quantity or a comparison is written, not a phrasing of the eval.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
# A run of number words: "twenty-five", "forty two", "one hundred and twenty", "a hundred".
_RUN = re.compile(r"\b(?:(?:a|one)\s+hundred|" + _WORD + r"|hundred)(?:(?:[\s-]+)(?:" + _WORD + r"|hundred)\b"
                  r"|(?<=hundred)\s+and\s+(?:" + _WORD + r")\b)*\b")
# A quantity follows: a unit or a magnitude ("twenty percent", "five thousand", "forty hours"), or a number after
# "to/and" ("ten to 25 percent").
_UNIT_AFTER = re.compile(r"\s*(?:percent|thousand|million|billion|grand|k\b|hours?\b|dollars?|bucks|seats?\b|licenses?\b|"
                         r"(?:to|and|-|or)\s+\$?\d[\d,.]*\s*(?:percent|thousand|million|k\b|hours?\b|dollars?|seats?\b))")
# A comparison comes before: "over", "at least", "between", "more than"; "and"/"to" only after a number.
_OP_BEFORE = re.compile(r"(?:\b(?:over|above|under|below|between|exceeding|beyond|least|most|than|minimum(?: of)?|"
                        r"maximum(?: of)?|upwards of|north of|south of)|\d\s*(?:percent\s+)?(?:and|to|-|or))\s*\$?\s*$")


# Things counted, not a quantity of a measure: "more than two clients" is not a threshold on the measure.
_COUNTED = re.compile(r"\s+(?:\w+\s+)?(?:clients?|customers?|accounts?|technicians?|techs?|engineers?|people|products?|"
                      r"vendors?|segments?|months?|quarters?|years?|weeks?|days?|times?)\b")


def _value(words: str) -> int | None:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words):
        if word in ("and", "a"):
            continue
        if word == "hundred":
            current = max(current, 1) * 100
        elif word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        else:
            return None
    return total + current


def digits(text: str) -> str:
    """Number words that state a quantity become digits; others (a count of things, "one client") stay words."""
    out, last = [], 0
    for m in _RUN.finditer(text):
        quantity = _UNIT_AFTER.match(text, m.end()) or _OP_BEFORE.search("".join(out) + text[last:m.start()])
        value = _value(m.group(0))
        if not quantity or value is None or _COUNTED.match(text, m.end()):  # "more than one client": a count of things
            continue
        out.append(text[last:m.start()] + str(value))
        last = m.end()
    return "".join(out) + text[last:]


_NUM = r"\d[\d,]*(?:\.\d+)?"
_MAG = r"(?:\s*(?:thousand|million|billion|grand|k|m)(?![a-z]))?"
# "in the 10 percent to 25 percent range", "10 to 25 percent margin range", "the 5k-10k band"; h105: "inside the 60-75%
# range", the words before kept apart (they were glued to "between")
_RANGE = re.compile(r"\b(?:in|within|inside)?\s*(?:the\s+|a\s+)?(?P<a>" + _NUM + _MAG + r")\s*(?P<pa>percent)?\s*(?:to|-|and)\s*"
                    r"(?P<b>" + _NUM + _MAG + r")\s*(?P<pb>percent)?\s+(?P<what>(?:[a-z]+\s+){0,2}?)(?:range|band|bracket)\b")
# Worked hours above the hours available: total utilisation over 100%.
_OVER_CAPACITY = re.compile(r"\b(?:(?P<verb>worked|logged|booked|put in|clocked|billed|spent|had|with)\s+(?:\w+\s+)?)?"
                            r"(?:(?:more|over|above|beyond|exceeding|in excess of)\s+(?:than\s+)?(?:their|his|her|its|the|our|"
                            r"your)?\s*(?:full\s+)?(?:capacity|available hours|hours available|availability)|more hours than "
                            r"(?:they|he|she|we)?\s*(?:had|have|were|was)?\s*(?:available|capacity for))\b")
# h39: comparatives of "less" ("ran colder than 60%", "cheaper than $500"); and comparatives whose "than" is not about
# an amount ("later than 2026", "other than 3 clients")
_LESS_COMPARATIVES = (r"lower|smaller|fewer|less|cheaper|colder|cooler|slower|shorter|weaker|worse|lighter|quieter|"
                      r"thinner|leaner|poorer|tighter|lesser|skinnier")
_NOT_AMOUNT_COMPARATIVES = r"other|rather|later|earlier|sooner|older|newer|longer|ever|never|neither|either|whether"
# Comparison words the threshold rules do not spell: "not less than" is "at least", "10k and up" is "10k or more".
_OPS = [
    (re.compile(r"\b(?:not|no) (?:less|fewer|lower) than\b|\bnot (?:under|below)\b|\bat or above\b|"
                r"\b(?:greater|more|higher) than or equal to\b|\bequal to or (?:more|greater|higher) than\b|≥"), "at least"),
    (re.compile(r"\b(?:not|no) (?:more|greater|higher) than\b|\bnot (?:over|above)\b|\bat or below\b|"
                r"\b(?:less|lower|fewer) than or equal to\b|\bequal to or (?:less|lower|fewer) than\b|≤"), "at most"),
    (re.compile(r"\b(?:upwards of|north of|exceed(?:s|ed)?|topp(?:ed|ing)|tops)\b"), "over"),
    # h29: a verb of passing a mark before an amount ("beat 220 thousand", "crossed $50k") is "over"
    # h86: the present forms too ("did we clear 200k", "surpass", "break", "cross"): "in how many months did we clear X"
    (re.compile(r"\b(?:beat|beats|surpass(?:ed|es)?|crossed|cross|cleared|clears?|broke|break|passed|pass)(?=\s+(?:\$\s*)?\d)"),
     "over"),
    # h86: reaching an amount ("did we hit 200k", "revenue reached $50,000") is at least it
    (re.compile(r"\b(?:hit|hits|reach|reached|reaches)(?=\s+(?:\$\s*)?\d)"), "at least"),
    # h29: "did revenue top $220,000": "top" before an amount (a currency, a magnitude, thousands) is the verb, not a
    # ranking ("top 5 clients" keeps its count)
    (re.compile(r"\btop(?=\s+(?:\$\s*\d|\d[\d,.]*\s*(?:k|thousand|million|grand)\b|\d{1,3}(?:,\d{3})+|\d{4,}))"), "over"),
    (re.compile(r"\b(?:south of|shy of|(?:fell|fall|falls|falling|came|come|comes|coming|ran|run|runs|running) short of)\b"),
     "under"),
    # h39: any comparative before "than" and an amount is the threshold's direction ("ran hotter than 85%", "busier
    # than 150 hours", "leaner than 20%"): a comparative of less is "less than", every other one "more than"
    (re.compile(r"\b(?:" + _LESS_COMPARATIVES + r")\s+than(?=\s+(?:an?\s+)?(?:\$\s*)?\d)"), "less than"),
    (re.compile(r"\b(?!(?:" + _NOT_AMOUNT_COMPARATIVES + r")\b)[a-z]{2,}(?:er|ier)\s+than(?=\s+(?:an?\s+)?(?:\$\s*)?\d)"),
     "more than"),
    (re.compile(r"(?<=\d)(\s*(?:thousand|million|k|m|percent)?)\s+(?:and (?:up|above|over|higher)|or greater|plus)\b"),
     r"\1 or more"),
    (re.compile(r"(?<=\d)(\s*(?:thousand|million|k|m|percent)?)\s+(?:and (?:below|under|lower|less)|or lower)\b"),
     r"\1 or less"),
]
# "10k-25k", "$10k to $25k", "10-25 thousand": a range when the second number carries a magnitude or "percent"; h77:
# "5%-25%", "5 % – 25 %" (the percent sign on both ends, any dash: ``fold`` writes en and em dashes as "-")
_DASH_RANGE = re.compile(r"(?<![\w.$-])(?:(?:between|from)\s+)?\$?(?P<a>\d[\d,]*(?:\.\d+)?)\s*(?:(?P<ma>thousand|million|k|m)|"
                         r"percent(?=\s*(?:-|to)\s*\d[\d,]*(?:\.\d+)?\s*percent))?"
                         r"\s*(?:-|to)\s*\$?(?P<b>\d[\d,]*(?:\.\d+)?)\s*(?P<mb>thousand|million|k\b|m\b|percent)")
_COUNT_VERB = re.compile(r"^(?:(?:please|can you|could you|pls)\s+)?(?:count|tally)\s+(?!of\b|the\b)(?:how many\s+)?|"
                         r"(?<!running )\btally of\b|(?<!running )\btally (?=the\b)")  # h136: "a running tally of revenue"
# "less than half their available hours", "over 90 percent of capacity": total utilisation against that share.
_SHARE_OF_CAPACITY = re.compile(r"\b(?:(?P<verb>worked|logged|booked|billed|put in|clocked|used|billing|bills?|working|"
                                r"logging)\s+)?(?P<op>less than|under|below|"
                                r"more than|over|above|at least|at most)\s+(?P<share>half|a third|a quarter|three quarters|"
                                r"two thirds|\d+(?:\.\d+)? percent)\s+(?:of\s+)?(?:their|his|her|its|the|our)?\s*(?:full\s+)?"
                                r"(?:capacity|available hours|hours available|availability)\b")
_SHARES = {"half": "50", "a third": "33.3", "a quarter": "25", "three quarters": "75", "two thirds": "66.7"}
# h39: two bounds joined ("at least 20k and at most 30k", ">= 20000 and <= 30000", "over 10% but under 20%"): a range,
# in either order, never the first bound alone
_LOWER_OP = r"(?:at least|>=|>|over|above|more than|greater than|higher than|exceeding|a minimum of|minimum of)"
_UPPER_OP = r"(?:at most|<=|<|under|below|less than|lower than|fewer than|a maximum of|maximum of)"
_AMOUNT = r"(?:\$\s*)?\d[\d,]*(?:\.\d+)?(?:\s*(?:thousand|million|grand|k|m)(?![a-z]))?(?:\s*percent)?"
_TWO_BOUNDS = re.compile(r"(?<![\w<>=])(?P<op1>" + _LOWER_OP + "|" + _UPPER_OP + r")\s*(?P<a>" + _AMOUNT + r")\s*"
                         r"(?:,\s*)?(?:and|but|&|,|yet)\s+(?:also\s+)?(?:(?:is|was|are|were)\s+)?"
                         r"(?P<op2>" + _LOWER_OP + "|" + _UPPER_OP + r")\s*(?P<b>" + _AMOUNT + r")")


def _two_bounds(m: re.Match[str]) -> str:
    """A lower and an upper bound are "between"; two bounds of one side are left as they are (asked back later)."""
    lower1 = re.fullmatch(_LOWER_OP, m["op1"]) is not None
    lower2 = re.fullmatch(_LOWER_OP, m["op2"]) is not None
    if lower1 == lower2:
        return m.group(0)
    lo, hi = (m["a"], m["b"]) if lower1 else (m["b"], m["a"])
    marked = [("percent" in x, bool(re.search(r"\$|thousand|million|grand|k\b|m\b", x))) for x in (lo, hi)]
    if marked[0][0] != marked[1][0] and any(money for _pct, money in marked):
        return m.group(0)  # "over 50k and under 10 percent": two measures, never one range
    if "percent" in lo + hi:
        lo, hi = (x if "percent" in x else x + " percent" for x in (lo, hi))
    if _amount(lo) >= _amount(hi):
        return m.group(0)  # "over 30k and under 20k": no value fits; left for the threshold rules to read
    return f"between {lo} and {hi}"


def _amount(text: str) -> float:
    number = float(re.search(r"\d[\d,]*(?:\.\d+)?", text).group(0).replace(",", ""))  # type: ignore[union-attr]
    mag = re.search(r"(thousand|million|grand|k|m)\b", text)
    return number * {"thousand": 1e3, "grand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6}.get(mag.group(1) if mag else "", 1.0)


# h80: "10,000 up to 20,000", "from $10k up to $20k": an amount, then "up to" a second amount, is a range ("up to"
# alone stays a ceiling)
_UP_TO = re.compile(r"(?<![\w$.,])(?:(?:from|between)\s+)?(?P<a>" + _AMOUNT + r")\s+up\s+to\s+(?=(?:\$\s*)?\d)")


def _up_to(m: re.Match[str]) -> str:
    return f"between {m['a']} and "


_YEAR_ON_YEAR = re.compile(r"\byear[\s-]on[\s-]year\b|\by/y\b|\by-o-y\b|\byear[\s-]over[\s-]year\b")


_BILL_VERBS = ("billed", "billing", "bill", "bills")  # h136: "techs billing less than 62% of their available hours"


def _utilisation(m: re.Match[str]) -> str:
    """Hours billed against capacity are billable utilisation; hours worked (or no verb) are total utilisation."""
    return "billable utilization" if m["verb"] in _BILL_VERBS else "total utilization"


# h39: a space (or a narrow / no-break space) between groups of three digits is a thousands separator ("20 000",
# "1 234 567"); a comma before exactly two final digits after such a number is the decimal comma ("1 234,56")
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])(?:,\d{2}(?![\d,]))?")


def _joined(m: re.Match[str]) -> str:
    if re.search(r"\b(?:top|bottom|best|worst|first|last|next|past|biggest|largest|smallest|highest|lowest)\s+$",
                 m.string[:m.start()]):
        return m.group(0)  # "top 5 100k clients": a count, then an amount
    number = re.sub(r"[ \u00a0\u202f]", "", m.group(0))
    return number.replace(",", ".") if "," in number else number


def _attributive(words: str) -> str:
    """h39: a unit used as a modifier is singular ("the 140 to 175 hour range"): the measure is its plural (hours)."""
    return re.sub(r"\b(hour|seat|licen[cs]e|dollar|user)\b", r"\1s", words)


def normalise(text: str) -> str:
    """The folded question with quantities, ranges, counts and year-on-year written in the parser's forms."""
    from moat.ai.amount_currency import plain_amounts
    from moat.ai.money_phrases import money_phrases
    from moat.ai.own_figure import company_marks
    from moat.ai.profit_of_revenue import profit_of_revenue
    from moat.ai.spoken_amounts import spoken_amounts  # h85: "£12k", "12,5k", "sub-20%", "did not hit 70%"
    from moat.ai.spoken_numbers import spoken_numbers
    from moat.ai.word_typos import word_typos

    text = word_typos(_SPACED_THOUSANDS.sub(_joined, text))  # h96: "pr0fit", "mths", "undr", "bottom thre"
    text = profit_of_revenue(spoken_numbers(text))  # h115: "four and a half to six thousand", "half or more of their
    # revenue as gross profit" (a gross-margin mark)
    text = digits(digits(text))  # twice: "ten to twenty-five percent" (the left one is a quantity once the right is)
    text = spoken_amounts(plain_amounts(text))  # h90: "EUR 10,000", "10k usd": the amount (its currency: the engine)
    text = company_marks(text)  # h90: "did we hit / clear / stay above 30%": the company's figure against the mark
    for pattern, replacement in _OPS:
        text = pattern.sub(replacement, text)
    text = _TWO_BOUNDS.sub(_two_bounds, text)
    text = _UP_TO.sub(_up_to, text)
    text = _RANGE.sub(lambda m: f" {_attributive(m['what'])}between {m['a']}{' percent' if m['pa'] or m['pb'] else ''} and {m['b']}"
                                f"{' percent' if m['pb'] or m['pa'] else ''} ", text)
    text = _DASH_RANGE.sub(lambda m: f"between {m['a']}{(m['ma'] or '')} and {m['b']} {m['mb']}", text)
    text = _SHARE_OF_CAPACITY.sub(lambda m: f"{_utilisation(m)} {m['op']} "
                                            f"{_SHARES.get(m['share'], m['share'].split()[0])} percent", text)
    text = _OVER_CAPACITY.sub(lambda m: f"{_utilisation(m)} over 100 percent", text)
    text = _COUNT_VERB.sub("count of ", text)
    text = _YEAR_ON_YEAR.sub("year over year", text)
    text = money_phrases(text)  # h96: "number of money losers", "sales less all direct costs"
    return re.sub(r"\s+", " ", text).strip()
