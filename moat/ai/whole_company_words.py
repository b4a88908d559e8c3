"""h104 (issue 15, heldout16 class c): the words that ask for ONE figure for the whole company, and an intensifier
that is no quantifier (declarations only; read by ``moat.ai.whole_company`` and ``lexicon.FOLD``)."""

from __future__ import annotations

import re

# "org-wide engineer utilisation", "firm-wide", "across the whole business", "for the team as a whole", "in aggregate"
_WIDE = r"(?:company|firm|org|organi[sz]ation|business|msp|practice|team|agency|shop|department)"
COMPANY_WIDE = re.compile(
    r"\b" + _WIDE + r"[- ]?wide\b|"
    r"\b(?:for|across|of|over) (?:the |our |my )?(?:whole |entire )(?:company|firm|business|team|organi[sz]ation|msp|shop|"
    r"department|staff|workforce|crew)\b|"
    r"\b(?:for |across )?(?:the |our )?(?:company|firm|business|team|organi[sz]ation|msp|shop|department|staff|"
    r"workforce|crew|technicians|engineers) (?:as a whole|overall|in aggregate|all together|taken together)\b|"
    r"\b(?:as a whole|in aggregate|in the aggregate|aggregated|all-up|across the board)\b|"
    r"\b(?:across|for|over) (?:everyone|everybody|all of us)\b")  # h129: "utilisation across everyone"

# h107: "overall" with "all techs" / "all our clients" in the same question ("overall hours logged against capacity,
# all engineers"): the whole company's ratio, not one row per technician; the two words' spans are read, nothing else
# h115: "every product", "all vendors", "all of our sectors" too: one ratio over them ("overall licence utilisation
# across every product" listed each product)
_ALL_KIND = (r"(?:all (?:the |our |of (?:the |our )?)?(?:techs|technicians|engineers|staff|people|clients|customers|accounts|"
             r"products|vendors|suppliers|segments|sectors|verticals)|every (?:single )?(?:tech|technician|engineer|client|"
             r"customer|account|product|vendor|supplier|segment|sector|vertical))")
OVERALL_ALL = re.compile(r"\b(?P<o>overall)\b(?:.{0,80}?)\b(?P<a>" + _ALL_KIND + r")\b|\b(?P<a2>" + _ALL_KIND +
                         r")\b(?:.{0,80}?)\b(?P<o2>overall)\b")

# "did techs log at all", "any revenue at all": "at all" stresses the question, it quantifies nothing ("all" read as
# "every technician" listed them one row each). "at all clients", "at all hours" keep their words.
INTENSIFIER_FOLD: list[tuple[str, str]] = [
    (r"\bat all\b(?!\s+(?:of\s+)?(?:the\s+|our\s+|my\s+|their\s+)?(?:clients?|customers?|accounts?|techs?|technicians?|"
     r"engineers?|products?|vendors?|segments?|sites?|locations?|times|hours|levels?|costs?)\b)", " "),
]
