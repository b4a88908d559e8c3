"""h93 (issue 15): the unit said as an aside with the other unit ruled out ("(count, not cost)", ", the count not the
cost", "(dollars, not seats)", "(not cost)" after a seat count): folded to the unit asked ("quantity" for a seat
count, "in dollars" for money), so the ruled-out word is never read as the measure ("the count not the cost" was
licence cost; "spend (dollars, not seats)" was refused as "costs without licences")."""

from __future__ import annotations

import re

_MONEY_ELSEWHERE = re.compile(r"\$|\b(?:dollars?|usd|money|costs?|costing|spend|spending|spent|bills?|price)\b")


def _in_dollars(m: re.Match[str]) -> str:
    """ "in dollars" unless the rest of the question names money already (then the aside only rules seats out)."""
    rest = m.string[:m.start()] + " " + m.string[m.end():]
    return " " if _MONEY_ELSEWHERE.search(rest) else " in dollars "

_START = r"(?:(?<=,)|(?<=\s\s)|(?<=^)|(?<=-))\s*"  # an aside: after a comma, a dash or a removed bracket
_COUNT = r"(?:the\s+)?(?:seat\s+|licen[cs]e\s+)?(?:count|number|quantity|seats?|licen[cs]es|seat numbers?)"
_MONEY = r"(?:in\s+)?(?:the\s+)?(?:cost|costs|dollars?|money|spend|spending|\$+|price|amount)"
_NOT = r"\s*,?\s*(?:and\s+|but\s+)?(?:not|rather than|instead of)\s+(?:in\s+)?(?:the\s+)?"
_END = r"(?=\s*(?:,|-|$|\s\s))"

UNIT_ASIDE_FOLD = [
    (_START + _COUNT + _NOT + r"(?:cost|costs|dollars?|money|spend|spending|\$+|price)\b" + _END, " quantity "),
    (_START + _MONEY + _NOT + r"(?:seats?|seat count|count|number of seats|seat numbers?|licen[cs]es)\b" + _END,
     _in_dollars),
    # "(percent)", ", %": the unit said alone as an aside ("how many of the assigned seats are in use (percent)")
    (r"(?:(?<=\s\s)|(?<=-\s)|(?<=,\s)|(?<=-))(?:percent(?:age)?|pct|%)(?=\s*(?:,|-|$|\s\s))", " in percent "),
    # "(not cost)" alone after a seat count ("count of assigned datto seats (not cost)")
    (r"(?<=\s\s)\s*not\s+(?:the\s+)?(?:cost|costs|dollars?|money|spend|\$+)\b" + _END, " "),
]
