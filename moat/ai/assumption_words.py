"""The assumption ledger's declarations (issue 15, h110): the words that STATE a slot of a reading, and the policy of
which SUPPLIED slots are risky (``moat.ai.assumption_ledger`` runs them).

Why a policy apart from the code: held-out sets kept finding confident answers whose reading supplied something the
question never said (a grouping, a limit, a unit, a denominator, a shape). Each such supply is a rule here, in words a
reviewer can read; the conventions the README settles (``SETTLED``) are listed too, so that the choice NOT to flag
them is visible. Patterns run on the question after ``mentions.fold`` ("customers" -> "clients", "techs" ->
"technicians"), with the names of the reading's filters blanked (a limit word inside a name is no limit).
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- entity nouns: what a grouping is stated by
KIND_NOUNS: dict[str, str] = {
    "client": r"clients?|accounts?|clinics?|practices|firms|who|whom|whose",
    "technician": r"technicians?|engineers?|staff|team|everyone|everybody|people|persons?|individuals?|members?|employees?|"
                  r"consultants?",
    "product": r"products?|skus?",
    "vendor": r"vendors?|suppliers?|publishers?",
    "segment": r"segments?|industr(?:y|ies)|verticals?|sectors?",
    "month": r"months?|monthly",
    "quarter": r"quarters?|quarterly",
}
KIND_NOUN = {kind: re.compile(r"\b(?:" + p + r")\b") for kind, p in KIND_NOUNS.items()}
# an entity named (months and quarters are left out: "last month" names a period, not rows)
ANY_KIND_NOUN = re.compile(r"\b(?:" + "|".join(KIND_NOUNS[k] for k in ("client", "technician", "product", "vendor", "segment"))
                           + r")\b|\b(?:by|per|each|every|which|what) (?:month|quarter)s?\b|\bmonths\b|\bquarters\b")
PLURAL_KIND = re.compile(r"\b(?:clients|accounts|technicians|engineers|products|vendors|segments)\b")
SINGULAR_KIND = re.compile(r"\b(?:client|account|technician|engineer|product|vendor|segment)\b(?!s)")

# ---------------------------------------------------------------- shape words
# words that order a whole list: they need an entity (or months) to order, and never a limit of their own
RANK_WORDS = re.compile(
    r"\b(?:rank(?:ed|ing|s)?|sort(?:ed)?|order(?:ed)?|best to worst|worst to best|descending|ascending|league table|"
    r"(?:highest|high|largest|biggest|most|top) (?:to|down to|-) ?(?:lowest|low|smallest|least|bottom)|"
    r"(?:lowest|low|smallest|least|bottom) (?:to|up to|-) ?(?:highest|high|largest|biggest|most|top)|"
    r"from (?:the )?(?:largest|biggest|highest|most|smallest|lowest|least) (?:down|up))\b")
# words that ask for one row each: with one figure given, the rows were never named ("everyone" alone is settled as the
# team's one figure (h107): only listed, shown or ranked is it one row each)
EACH_WORDS = re.compile(r"\b(?:each one|each of them|one by one|individually|separately|apiece|per head|per person|"
                        r"every one of them|(?:list|show|rank)\s+(?:everyone|everybody)|(?:everyone|everybody)\s+by)\b")
# the team's one figure, said in so many words ("the whole team", "team total", "all together")
TEAM_FIGURE = re.compile(r"\b(?:whole|entire) team\b|\bteam (?:total|figure|number|sum)\b|\btogether\b|\btotal\b|\bsum\b")
# words that ask for ONE figure for the whole company
ONE_FIGURE = re.compile(
    r"\b(?:overall|company[- ]?wide|(?:org|organi[sz]ation|firm|business)[- ]wide|(?:for |across )?the whole "
    r"(?:company|business|firm|msp|org)|(?:the )?entire (?:company|business|firm)|as a whole|altogether|all together|"
    r"in all|in total|combined|across the board)\b")
# a word asking per entity: with one of these the one-figure words only scope the sum
SPLIT_WORDS = re.compile(r"\b(?:per|by|each|for every|which|list|rank(?:ed|ing)?|top|bottom|breakdown|split|broken down)\s+"
                         r"(?:(?:the|our|of|one)\s+)*(?:" + "|".join(KIND_NOUNS.values()) + r")\b")
# the noun a count word counts: "how many products", "number of vendors", "# of techs", "count the clients"
COUNT_OF = re.compile(r"(?:\b(?:how many|number of|count of|count the|tally of|tally the)|^\s*(?:count|tally))\s+"
                      r"(?:(?:the|our|my|of|all|different|distinct)\s+)*(?:(?!(?:by|per|for|every|each|in|across)\b)"
                      r"[a-z]+\s+)??(?P<noun>" + "|".join(
                          KIND_NOUNS[k] for k in ("technician", "product", "vendor", "segment")) + r"|clients?|accounts?)\b")
# the kind noun a picking word binds ("the one product", "which single product", "top product", "number of products")
BOUND_KIND = re.compile(r"\b(?:how many|number of|count of|count|which|what|the|top|bottom|best|worst)\s+"
                        r"(?:(?:one|single|\d{1,3})\s+)?(?:of\s+(?:our|the|my)\s+)?(?P<noun>products?|vendors?)\b")
# a vendor said as an attribute of the rows, never their grouping: "and its vendor", "from what vendor", "all vendors"
VENDOR_ATTRIBUTE = re.compile(r"\b(?:its|their|the|what|which|whatever|all|every|any)\s+vendors?\b")

# the rows named as the subject ("clients we billed", "techs that did ...", "all clients:"), not as a scope ("across
# all clients", "of every client")
SUBJECT_KIND = re.compile(r"(?<!across )(?<!across all )(?<!of all )(?<!for all )(?<!over all )(?<!among )(?<!of every )"
                          r"(?<!for every )(?<!across every )\b(?P<noun>clients|accounts|technicians|engineers|products|vendors)"
                          r"\b(?=\s+(?:we|that|who|which|our)\b|\s*:)")
# the order a ranking's rows are SELECTED by ("top 3", "5 most", "bottom 4") and the order they are SHOWN in ("lowest
# first", "ascending"): both said and opposite, one reading cannot honour both
SELECT_HIGH = re.compile(r"\b(?:top|highest|biggest|largest)\s+\d{1,3}\b|\b\d{1,3}\s+(?:most|biggest|largest|highest)\b")
SELECT_LOW = re.compile(r"\b(?:bottom|lowest|smallest)\s+\d{1,3}\b|\b\d{1,3}\s+(?:least|smallest|lowest)\b")
SHOWN_LOW_FIRST = re.compile(r"\b(?:lowest|smallest|least|low) (?:first|at the top|on top)\b|\bascending\b|\blow to high\b")
SHOWN_HIGH_FIRST = re.compile(r"\b(?:highest|biggest|largest|most) (?:first|at the top|on top)\b|\bdescending\b|"
                              r"\bhigh to low\b")
# "best" / "worst" select and order by the measure's good or bad end (higher is better, or lower for costs)
SELECT_GOOD = re.compile(r"\bbest\s+\d{1,3}\b|\b\d{1,3}\s+best\b")
SELECT_BAD = re.compile(r"\bworst\s+\d{1,3}\b|\b\d{1,3}\s+worst\b")
SHOWN_GOOD_FIRST = re.compile(r"\bbest (?:first|at the top|on top)\b")
SHOWN_BAD_FIRST = re.compile(r"\bworst (?:first|at the top|on top)\b")
# a size word on the rows the measure is OF ("margin of our biggest client", "EHR of the 5 largest accounts") names no
# measure: by revenue or by the
# measure asked? (a "by <measure>" or a superlative on the measure itself states it)
SIZE_OF_ROWS = re.compile(r"\b(?:of|for|on|at|from|across)\s+(?:our|the|my)\s+(?:(?:\d{1,3}|one|two|three|four|five|ten)\s+)?"
                          r"(?:biggest|largest|smallest|busiest|top|bottom)\s+(?:\d{1,3}\s+)?(?:clients?|accounts?)\b")
SIZE_MEASURES = ("revenue", "hours", "billable_hours")

# ---------------------------------------------------------------- limits
# "one" / "a" bound to a container noun ("one list", "a single table"): how the answer is shown, never a limit of rows
LIMIT_CONTAINER = re.compile(r"\b(?:one|a single|a|an|single)\s+(?:list|table|view|rundown|report|page|chart|sheet|"
                             r"summary|overview|go|place|line|breakdown|screen|shot)\b")
# the words that state a limit of one: "which one", "the single", "top one", a singular kind noun after which / the
ONE_STATED = re.compile(r"\b(?:which|what|the|top|bottom|best|worst|biggest|largest|single|no\.?|number)\s+(?:one|1|single)\b"
                        r"|\bwhich of\b|\b(?:which|what|the)\s+(?:[a-z]+\s+)?(?:client|account|technician|engineer|product|vendor|segment|"
                        r"month|quarter)\b(?!s)|\bwho\b|\b(?:is|was|has|had) (?:the )?(?:most|least|highest|lowest|biggest)\b"
                        r"|\bof (?:our|the|my|all) [a-z]+ (?:is|was|has|had)\b")
NUMBER_STATED = re.compile(r"\b(?:top|bottom|best|worst|highest|lowest|biggest|largest|first|last)\s*\d{1,3}\b|\b\d{1,3}\s+"
                           r"(?:[a-z]+\s+)?(?:clients|accounts|technicians|engineers|products|vendors|segments|months|quarters)\b"
                           r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\b")

# ---------------------------------------------------------------- units of a threshold's number
THRESHOLD_UNITS: dict[str, re.Pattern[str]] = {
    "money": re.compile(r"[$€£]\s*\d|\b\d[\d,]*(?:\.\d+)?\s*(?:k|m|grand|dollars?|usd|eur|euros?|pounds?|gbp|bucks)\b"),
    "percent": re.compile(r"\d\s*(?:%|percent\b|pct\b|per cent\b)"),
    "hours": re.compile(r"\b\d[\d,]*(?:\.\d+)?\s*(?:hours?|hrs?)\b"),
    "seats": re.compile(r"\b\d[\d,]*\s*(?:seats?|licen[cs]es?|users?|subscriptions?)\b"),
}
# the measure in the unit the number names, for a measure of another unit (a margin "under 5k" is gross profit)
UNIT_COUNTERPART: dict[tuple[str, str], str] = {
    ("gross_margin", "money"): "gross_profit",
    ("billable_utilization", "hours"): "billable_hours",
    ("total_utilization", "hours"): "hours",
    ("billable_share", "hours"): "billable_hours",
    ("license_utilization", "seats"): "seats_assigned",
    ("license_activity", "seats"): "seats_active",
}
UNIT_NAMES = {"money": "money", "percent": "a percentage", "hours": "hours", "seats": "seats"}

# ---------------------------------------------------------------- denominators a question names
_POSSESSIVE = r"(?:(?:his|her|their|its|our|the|all|all the|of)\s+)*"
DENOMINATOR_LEAD = re.compile(r"\b(?:over(?!\s+all\b)|out of|divided by|relative to|as an? (?:%|percent(?:age)?|share|fraction|"
                              r"proportion|part|ratio) of|what (?:%|percent(?:age)?|share|fraction|proportion|part) of)\s+"
                              + _POSSESSIVE)
# (pattern, the glossary column it names); the first that matches right after the lead word wins
DENOMINATOR_NOUNS: list[tuple[re.Pattern[str], str]] = [(re.compile(p), col) for p, col in [
    (r"(?:(?:hours?|time) (?:available|of capacity)|available (?:hours?|time)|capacity|availability|contracted hours?)\b",
     "available_hours"),
    (r"(?:(?:billable|billed) (?:hours?|time)|hours? (?:billed|billable))\b", "billable_hours"),
    (r"(?:(?:total |worked |logged )?hours?(?: (?:worked|logged))?|time (?:worked|logged)|(?:worked|logged) time)\b",
     "hours"),
    (r"(?:(?:assigned|allocated) (?:seats?|licen[cs]es?)|(?:seats?|licen[cs]es?) (?:assigned|allocated))\b",
     "seats_assigned"),
    (r"(?:(?:purchased|bought) (?:seats?|licen[cs]es?)|(?:seats?|licen[cs]es?)(?: (?:bought|purchased|paid for))?)\b"
     r"(?!\s+(?:costs?|spend|spending|fees?|bills?|prices?|waste))",
     "seats_purchased"),
    (r"(?:revenue|sales|billings?|turnover|income)\b", "revenue"),
]]
DENOMINATOR_NAMES = {"available_hours": "available hours", "billable_hours": "billable hours", "hours": "hours worked",
                     "seats_assigned": "assigned seats", "seats_purchased": "purchased seats", "revenue": "revenue"}
# the glossary's ratios, as the reply names them when a named denominator has none
GLOSSARY_RATIOS = ("gross margin (gross profit / revenue), billable utilisation (billable / available hours), total "
                   "utilisation (worked / available hours), billable share (billable / worked hours), licence "
                   "utilisation (assigned / purchased seats), licence activity (active / assigned seats), effective "
                   "hourly rate (revenue / hours)")

# ---------------------------------------------------------------- periods and people the question names by a word only
# "ever" / "all time" asks over the whole history: the default period answers another question
EVER_WORDS = re.compile(r"\b(?:ever|all[- ]time|at any (?:point|time)|historically|in our history)\b")
# "I" / "my" as who logged or billed: the person is not known (the operator is no technician of the data)
FIRST_PERSON = re.compile(r"\b(?:did|have|had|do|was|am) i\b|\bi (?:logged|billed|worked|log|bill|work|spent)\b|"
                          r"\bmy (?:hours|time|utili[sz]ation|billable|timesheets?)\b")

# ---------------------------------------------------------------- the policy
# a grouping supplied to a measure with no entity named: NOT risky where the README settles the default (money and
# margin measures are the clients'; utilisation is the technicians'); risky where two kinds are equally natural
# (licences: clients or products; hours and labour cost: clients or technicians)
SETTLED_GROUPING: dict[str, str] = {
    "revenue": "client", "gross_profit": "client", "gross_margin": "client",
    "other_cost": "client", "direct_cost": "client", "ehr": "client", "risk_score": "client", "anomalies": "client",
    "billable_utilization": "technician", "total_utilization": "technician", "available_hours": "technician",
}
# confidence of a reading with a risky supply: under the review threshold (0.70), so the answer is provisional
RISKY_CAP = 0.65

# conventions the README documents as settled: supplied, recorded in the ledger, never flagged
SETTLED: tuple[tuple[str, str], ...] = (
    ("period", "no period named: the default period (the last whole months, README 'Periods')"),
    ("grouping", "'who' asks for clients"),
    ("grouping", "a money or margin measure ranked with no kind named ranks clients; utilisation ranks technicians"),
    ("limit", "a plural kind with a superlative and no number lists five; a singular one gives one"),
    ("limit", "'top' / 'bottom' with no number lists five"),
    ("order", "a limit with no direction follows the measure (higher is better, or costs: lower is better)"),
    ("shape", "a ratio over several entities is pooled (sums of the parts), never an average of ratios"),
)

# ---------------------------------------------------------------- h119: the last confident wrong readings of the hunt
# "all" / "each" / "every" bound to no noun ("all by margin", "show all margins", "revenue for each last quarter"): one
# row each was asked, one company figure is not the answer (a total word — ONE_FIGURE, TEAM_FIGURE — says otherwise)
BARE_EACH = re.compile(
    r"^\s*(?:(?:show|list|give|get)\s+(?:me\s+)?)?(?:all|each|every)\s+(?:(?:the|our)\s+)?(?:by\b|margins\b|revenues\b|"
    r"profits\b|figures\b|numbers\b)|(?<!\bat )\b(?:all|each|every)\b(?=\s+by\b|\s+(?:last|this|previous|prior|"
    r"past|during|since)\b|\s*[,.?!:|]|\s*$)")
# "in each of <periods>": the periods one at a time, never one ranking over them summed
EACH_OF_PERIODS = re.compile(
    r"\b(?:in |for |over |during |across )?each of\s+(?:the\s+|both\s+|these\s+|those\s+)?(?:(?:last|past|previous|prior|"
    r"first|two|three|four|five|six|both|\d{1,2}|full|complete|whole)\s+)*(?:months?|quarters?|years?|weeks?|periods|jan\w*|feb\w*|mar\w*|"
    r"apr\w*|may|june?|july?|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|q[1-4])\b")
# the size of a LOSS said as the order of the rows ("smallest loss first"): a loss is a negative profit, so its size
# runs the other way from the profit's
LOSS_ORDER = re.compile(r"\b(?P<size>smallest|least|lowest|tiniest|mildest|biggest|largest|greatest|worst|heaviest|"
                        r"deepest)\s+(?:loss(?:es)?|losers?|deficits?)\s+(?:first|at the top|on top|to)\b")
LOSS_SMALL_FIRST = ("smallest", "least", "lowest", "tiniest", "mildest")
# what clients pay US for a product, what WE bill / charge for it: revenue per product, which the data does not hold;
# licence cost is what we pay the vendor ("what do we pay for Huntress" stays licence cost)
CLIENTS_PAY = re.compile(
    r"\b(?:clients?|customers?|accounts?|they|people)\s+(?:pay|paid|pays|paying|get charged|are "
    r"charged|are billed|get billed)\s(?:us\s|to us\s)?(?:(?:in total|altogether|all together|overall|in all|in sum|"
    r"each month|per month|monthly|a month)\s)?(?:for|on)\b|\b(?:do|did|does|should|can|could|would)\s+we\s+(?:bill|charge|invoice)\b|"
    r"\bwe\s+(?:bill|billed|charge|charged|invoice|invoiced)\s+(?:(?:our\s+)?clients?\s+|them\s+)?(?:for|on)\b|"
    r"\b(?:bill|charge|invoice)\s+(?:our\s+)?clients\s+(?:for|on)\b")
BILLED_LICENCE_MEASURES = ("license_cost", "license_waste", "seats_purchased")
# h132 (h121 L / M): an amount clients pay "for licences / for <product>" ("clients paying more than 1000 for licences",
# "clients who pay over 500 for Microsoft"): read as our licence cost for their seats (the likelier figure the data
# holds), flagged, since what clients pay US for licences (the resale) is not recorded
CLIENTS_PAY_AMOUNT = re.compile(
    r"\b(?:clients?|customers?|accounts?|who|that|which|they)\s+(?:are\s+)?(?:pay|paid|pays|paying)\s+(?:us\s+)?"
    r"(?:more\s+than|less\s+than|over|under|above|below|at\s+least|at\s+most|in\s+excess\s+of|upwards\s+of|"
    r"between)\b[^|]*?\b(?:for|on)\b")
