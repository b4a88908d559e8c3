"""The words of questions, as declarations: spellings, synonyms, metric and grouping phrases, filler.

Nothing here runs; ``moat.ai.mentions`` (names) and ``moat.ai.parser`` (the reading) read these tables. A new
synonym is one line in one table. Patterns are written with single spaces between words; ``compile_words``
turns each space into ``\\s+`` so a phrase still matches after a name or a period inside it was taken out
("unused Huntress seats" -> "unused          seats").
"""

from __future__ import annotations

import re

from moat.ai.licence_words import LICENCE_FOLD
from moat.ai.order_first_words import ORDER_FIRST_FOLD
from moat.ai.ordinary_words import ORDINARY_WORDS
from moat.ai.period_join_words import PERIOD_JOIN_FOLD
from moat.ai.periods import NUMBER_WORDS
from moat.ai.regional_words import REGIONAL_FOLD, SPOKEN_FILLER
from moat.ai.seat_ratio_words import SEAT_RATIO_FOLD
from moat.ai.seat_share_words import SEAT_SHARE_FOLD
from moat.ai.unit_aside_words import UNIT_ASIDE_FOLD
from moat.ai.whole_company_words import INTENSIFIER_FOLD

SUGGESTIONS = [
    "Which 5 clients had the lowest gross margin last quarter?",
    "How much do unused Microsoft 365 licences cost us per month?",
    "Who was the busiest technician in March?",
    "What was our revenue in Q1 2026?",
    "Which clients lost money this year?",
]

MAX_QUESTION_CHARS = 300
MAX_QUESTION_WORDS = 45


def compile_words(pattern: str) -> re.Pattern[str]:
    """A pattern whose spaces match any run of blanks (parts of the question already read are blanked)."""
    return re.compile(pattern.replace(" ", r"\s+"))


# Abbreviations as MSP people type them, folded to the words the tables below read (README, "Questions in plain
# English"). Each is a whole word, so "rev" never touches "revenue" and "gm" never touches "gmail". Years: "'26" and
# "FY26" are 2026 (calendar years, as "FY2026" already is). "S1"/"S2" are not folded: "S1" is SentinelOne where the
# data has that vendor (``VENDOR_SHORT``), and beside a year it is asked back (half-year or vendor?).
ABBREVIATIONS = [
    (r"#\s*(?:of\s+)?", " number of "), (r"\bchargeable\b", "billable"),  # h58: the accountants' word for billable
    (r"\bhow'd\b", "how did"),  # h58: "how'd we do in dec"
    # lead: "highest one first" orders a list ("one" is no count); "ex-Harbor" leaves Harbor out (asked back, as
    # "excluding" is), never Harbor alone
    # h107: and so does "worst one at the top" / "biggest one listed first" / "best ones on top": an order, never a
    # limit of one
    (r"\b(highest|lowest|biggest|smallest|largest|best|worst|most|least) ones? (?=(?:\w+ )?(?:first|on top|up top|"
     r"at (?:the )?top)\b)", r"\1 "),
    (r"(?<![\w-])ex-\s*(?=[a-z])", "excluding "),
    (r"\beffective billable rates?\b|\bebr\b", "effective hourly rate"),  # h58: revenue / hours (Syncro, ConnectWise)
    (r"\brevs?\b", "revenue"), (r"\bgp percent\b|\bgp margin\b", "gross margin"),
    (r"\bgp\b", "gross profit"), (r"\bgm(?: percent)?\b", "gross margin"), (r"\bmgns?\b", "margin"),
    (r"\butils?\b", "utilization"), (r"\bqtrs\b", "quarters"), (r"\b(last|this|previous|prior|current|past) q\b", r"\1 quarter"),
    (r"\bqtd\b|\bquarter to date\b", "this quarter"), (r"\bmtd\b|\bmonth to date\b", "this month"),
    (r"\baccts\b", "accounts"), (r"\bacct\b", "account"), (r"\blics\b", "licenses"), (r"\blic\b", "license"), (r"\bcusts\b", "clients"), (r"\bcust\b", "client"),
    (r"\bbiz\b", "business"), (r"\bppl\b", "people"), (r"\bmos\b|\bmths\b|\bmnths\b", "months"), (r"\b(\d+)\s?(?:mos?|mths?|mnths?)\b", r"\1 months"), (r"\bwks\b", "weeks"), (r"\bwk\b", "week"),
    (r"\bavail\b", "available"), (r"\bamt\b", "amount"), (r"\bttm\b|\bl12m\b", "last 12 months"),
    (r"\bl(\d{1,2})m\b", r"last \1 months"),
    # h21: a half written digit first ("1H 2026", "2H '25", "1H26", "2H of last year") is H1 / H2, only beside a year
    (r"\b([12])h\s*'?(\d\d)\b(?!\d)", r"h\1 20\2"),
    (r"\b([12])h\s*(?=(?:19|20)\d\d\b|(?:of\s+)?(?:the\s+)?(?:last|this|previous|prior)\s+year\b)", r"h\1 "),
    (r"\b(q[1-4]|h[12])\s*['/-]\s*(\d\d)\b", r"\1 20\2"),
    (r"(?<![\w'])'(\d\d)\b(?!')", r" 20\1"), (r"\bfy\s*'?(\d\d)\b", r"20\1"), (r"\bv\b", "vs"),
    (r"\by/y\b", "yoy"), (r"\bly\b", "last year"), (r"\bpy\b", "previous year"), (r"\bm/m\b", "mom"), (r"\bq/q\b|\bqoq\b|\bquarter on quarter\b", "quarter over quarter"),
]
# Vendor abbreviations: used only when the data has that vendor ("MS licences" = Microsoft's products).
VENDOR_SHORT = {"ms": "microsoft", "msft": "microsoft", "s1": "sentinelone"}
# "S1 2026": a half-year written as a semester, or SentinelOne in 2026? Asked back, never guessed.
SEMESTER = re.compile(r"\bs(?P<h>[12])\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b")

# Spelling variants folded before matching (British/American, abbreviations, owner shorthand).
FOLD = [
    *REGIONAL_FOLD,  # h85: "takings", "turn over", "taken in" (British / Australian words for revenue)
    *INTENSIFIER_FOLD,  # h104: "did techs log at all": "at all" quantifies nothing
    *SEAT_RATIO_FOLD,  # h91: "assigned ÷ purchased", "active out of assigned": the slash of two seat states
    *SEAT_SHARE_FOLD,  # h93: "active-of-assigned", "usage rate of assigned seats": that slash too
    *ORDER_FIRST_FOLD,  # h93: "most expensive first", "biggest number first": every row in that order
    *PERIOD_JOIN_FOLD,  # h128: "Q4 '29 + Q1 '30" (and), "Q4 2029 then Q1 2030" (vs): a year's "plus" is no threshold
    *UNIT_ASIDE_FOLD,  # h93: "(count, not cost)", "(dollars, not seats)": the unit asked, the other ruled out
    *LICENCE_FOLD,  # h93: "not covered by Huntress", "with no active user", "set us back"
    (r"\bli[cs]{1,2}en[cs]e", "license"), (r"utili[sz]ation", "utilization"), (r"utili[sz]ed", "utilized"),
    (r"utili[sz]e\b", "utilize"), (r"\blabou?r\b", "labor"),
    (r"\bm365\b|\bo365\b|\boffice 365\b|\bms 365\b", "microsoft 365"),
    (r"\btechs\b", "technicians"), (r"\btech\b", "technician"), (r"\bcustomers\b", "clients"), (r"\bcustomer\b", "client"), (r"\bclient's\b", "client"),
    # h80: "each client segment", "by customer industry": the segment is the clients' kind, one grouping, not a
    # segment inside each client
    (r"\b(?:client|account) (segments?|industr(?:y|ies)|verticals?|sectors?)\b", r"\1"),
    # h80: "clients (that are) earning under 5k": the participle said of the clients (the revenue rule reads it)
    (r"\b(clients|accounts) (?:(?:that|who|which) )?(?:are|were) earning\b", r"\1 earning"),
    (r"\bnon[- ]profits?\b", "nonprofit"), (r"\bhealth care\b", "healthcare"), (r"%", " percent"),
    (r"\bpct\b|\bper ?cent\b", "percent"), (r"\byrs?\b", "year"), (r"\bqtr\b", "quarter"), (r"\bmth\b|\bmo\b|\bmnth\b|\bmonht\b", "month"),
    (r"\bhrs\b", "hours"), (r"\b(?:hw|hwo) (many|much)\b", r"how \1"),
    # h80: "hr" for hour where a rate or "per" says so ("effective hr rate", "$ per hr"); alone it may be HR (people)
    (r"\bhr(?:ly)? rates?\b", "hourly rate"), (r"\b(per|an|a|each|every) hr\b", r"\1 hour"),
    (r"\bhow many (dollars|bucks|usd)\b", r"how much \1"),  # h21: money counted in its currency is an amount
    # h29: the same month on both sides of a comparison told apart only by two digits ("mar 26 -> mar 27") is two
    # years (a day of the month would not differ between the sides that way, and days are not periods here)
    (r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)([a-z]*) '?(\d\d) (vs|versus|to|against|and) \1([a-z]*) '?(\d\d)\b",
     # h44: joined by "to" / "and" only two years in a row are years ("jan 10 to jan 20" is ten days of January)
     lambda m: f"{m[1]}{m[2]} 20{m[3]} {m[4]} {m[1]}{m[5]} 20{m[6]}" if m[3] != m[6] and (
         m[4] not in ("to", "and") or int(m[6]) - int(m[3]) == 1) else m[0]),
    # h29: "plus how much it changed": a second clause joined by "plus" is joined by "and"
    (r"\b(?:plus|as well as|and also)\s+(?=how (?:much|many)\b)", "and "),
    # h29: a quarter or half numbered after its noun ("quarter two of 2025", "half 1") is Q2 / H1
    # h78: never after a relative word: "last quarter's 3 highest clients" is the top 3 of last quarter, not Q3
    (r"(?<!\blast )(?<!\bthis )(?<!\bpast )(?<!\bnext )(?<!\bprior )(?<!\bprevious )(?<!\bcurrent )"
     r"\b(quarter|half) (one|two|three|four|[1-4])\b(?! (?:clients?|technicians?|months?|products?|hours?|percent)\b)",
     lambda m: ("q" if m[1] == "quarter" else "h") + {"one": "1", "two": "2", "three": "3", "four": "4"}.get(m[2], m[2])
     if m[1] == "quarter" or m[2] in ("one", "two", "1", "2") else m[0]),
    # h29: total utilisation spelled out: every hour worked ("billable and non-billable hours", "all hours") over the
    # hours available ("available" alone after a ratio word)
    (r"\bbillable (?:and|plus|\+|&|or) non[- ]?billable (hours|time)\b", r"total \1"),
    (r"\ball (?:the |of the )?(hours|time)(?= (?:vs\.?|versus|over|against|relative to|compared (?:to|with)|/|divided by) "
     r"(?:their |his |her |the |our )?(?:available|capacity|availability)\b)", r"total \1"),
    (r"\b(vs\.?|versus|over|against|/) available\b(?! hours| time)", r"\1 available hours"),
    # "total hours over capacity": "over" between a measure and its denominator divides, it sets no threshold
    (r"\b(total|all|worked|logged) (hours|time) over (their |his |her |the |our )?(capacity|available hours|availability)\b",
     r"\1 \2 vs \3\4"),
    # h99: "what share of our available hours did we log": the hours worked over the hours available (total utilisation)
    (r"\b(?:what |which )?(?:percent(?:age)?|share|proportion|fraction|part) of (?:our |the |all )?(?:available|capacity) "
     r"(?:tech |technician |team )?(?:hours|time) (?:did|have|has|had) (?:we|they|(?:the|our) (?:team|techs|technicians|engineers|staff)) "
     r"(?:log(?:ged)?|work(?:ed)?|use[d]?|fill(?:ed)?|book(?:ed)?)\b", "total utilisation"),
    # h99: "all hours logged over capacity" (the participle after the noun): the same division, no threshold
    (r"\b(?:(?:all|total) (?:the |of the )?)?(hours|time) (logged|worked|booked|recorded) over (their |his |her |the |our )?(capacity|available hours|availability)\b",
     r"\1 \2 divided by \3\4"),
    # "billable vs total hours ratio", "billable-to-total hours ratio": the billable share, its terms written out
    (r"\bbillable(?: hours)?(?: (?:vs\.?|versus|against|to) |-to-)(?:total|all)[- ](?:hours|time)(?:[- ]ratio)\b",
     "billable share of hours"),
    # h29: "how many of the team / of our crew": the members counted are the technicians
    (r"\b(how many|which|who|number|count|none|all|any|each|most) of (?:the|our|my) (?:team|crew|workforce|people|guys|folks|staff)\b",
     r"\1 of our technicians"),
    (r"\btech(?:nician)?s? time\b", "time"), (r"\s*(?:->|=>|\u2192)\s*", " to "),
    (r"\b(first|second|third|fourth) (?:quarter )?(to|and|vs|versus|through) (?:the )?(first|second|third|fourth) quarter",
     r"\1 quarter \2 the \3 quarter"),
    (r"\btop[- ]?line\b", "revenue"),  # "top line" is revenue (never a ranking: "top" is not read)
    (r"\b(year|quarter|month)-to-date\b", r"\1 to date"),
    # h21: the current month to date said with "so far" ("so far in April", "the month so far"): never the year to date
    (r"\bso far (?:in|for|this) (january|february|march|april|may|june|july|august|september|october|november|december|"
     r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b((?:,?\s+(?:19|20)\d\d\b)?)", r"\1\2 so far"),
    (r"\b(?:for )?(?:the|this) month so far\b|\bso far (?:in|for) (?:the|this) month\b", "this month"),
    # h27: "jan 2027 revenue so far": "so far" after a named month and a few words qualifies that month
    (r"(?<!since )\b(january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|"
     r"jun|jul|aug|sept?|oct|nov|dec)((?:,?\s+(?:19|20)\d\d)?)((?:\s+(?!so\b|since\b|to\b|vs\b|and\b)[a-z]+){1,3}?)\s+"
     r"so far\b(?! (?:this|in|for|since))", r"\1\2 so far\3"),
    # h80: "X next to / alongside / side by side with Y": the two set side by side are compared, as "vs"
    (r"\b(?:next to|alongside|side by side with)\b(?= (?:the |that of |those of )?(?:same|last|previous|prior|"
     r"(?:19|20)\d\d|q[1-4]|h[12]|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b)", "vs"),
    (r"\bwho's\b|\bwhos\b", "who is"), (r"\bwhat's\b|\bwhats\b", "what is"), (r"\bgimme\b", "give me"),
    (r"\bu\b", "you"), (r"\br\b", "are"), (r"\bur\b", "our"), (r"\bthru\b", "through"),
    (r"(?<!this year )(?<!this quarter )(?<!this month )\bso far\b(?! this)", "so far this year"),
    (r"-(?=(?:revenue|margin|profit|months?)\b)", " "), (r"\bprev\b", "previous"),
    (r"\bw/o\b", "without"), (r"\bw/", "with "), (r"\b(per|by|each)-(?=[a-z])", r"\1 "),
    # h6: "wat do we do", "wat should we do": "what" misspelt before an English auxiliary (Dutch "wat is / zijn" stays Dutch)
    (r"\bwat\b(?= (?:do|did|does|should|can|could|would|will|are|were|have|has|had)\b)", "what"),
    # h44: a target beside utilisation is the utilisation band's, never the margin target ("under target utilisation",
    # "utilisation below target")
    (r"\b(below|under|beneath|above|over) (?:the |our )?target (?:billable )?utili[sz](?:ation|ed)\b|"
     r"\butili[sz](?:ation|ed) (?:was |is |were )?(below|under|beneath|above|over) (?:the |our )?target\b(?! margin)",
     lambda m: f"{m[1] or m[2]} the target band"),
    *ABBREVIATIONS,
]

# Metric words a typo may hide ("revnue", "clints", "mony"): close spellings are corrected before matching.
KEYWORDS = ["revenue", "gross", "profit", "profitable", "margin", "margins", "hours", "utilization", "utilized", "billable",
            "waste", "wasted", "unused", "labor", "license", "licenses", "licensing", "seats", "effective", "hourly",
            "technician", "technicians", "clients", "client", "products", "segment", "monthly", "quarter", "turnover",
            "income", "sales", "invoiced", "busiest", "trend", "costs", "overhead", "which", "money", "losing",
            "percentage", "assigned", "purchased", "between", "compared", "every", "overloaded", "highest", "vendor",
            "vendors"]
# Words a typo fix must leave alone (real words that happen to be close to a keyword).
VALID_WORDS = {"invoices", "invoice", "headcount", "hour", "cost", "seat", "month", "year", "week", "rate", "spend", "most", "least", "best", "worst", "over",
               "under", "above", "below", "gross", "grossed", "grossing", "grosses", "total",  # h77: the verb of takings "with", "which", "much", "many", "have", "more", "less", "than",
               "show", "list", "give", "last", "first", "since", "team", "time", "work", "worked", "logged", "percent",
               "unprofitable", "profits", "profitability", "margins", "marginal", "client", "clients", "while", "where",
               "whose", "what", "when", "whom", "money", "monday", "moneymakers", "lose", "lost", "loss", "losses", "signed",
               "assign", "assigns", "purchase", "purchases", "every", "even", "ever", "sale", "hourly", "hours", "income", "used", "use",
               "uses", "user", "users", "using", "monies", "water", "underused", "overused", "underutilized", "overutilized"}
VALID_WORDS |= {"underwater"}  # h105: "any client underwater": the loss word (``LOST_MONEY``), never a client's name
VALID_WORDS |= {"unbillable", "nonbillable", "cumulative", "cumulatively"}  # h123: read by the hours and running-total rules, never a name

REFUSE_ACTIONS = re.compile(
    # h39: a request lead-in before the verb ("go ahead and cancel", "could you please remove", "I want you to drop")
    r"^\s*(?:(?:please|pls|plz|kindly|just|ok|okay|now|then|and|go ahead and|go ahead,?|can you|could you|would you|will you|"
    r"can u|could u|i want you to|i'd like you to|i need you to|let's|lets|we should|we need to|i want to)\s+)*"
    r"(?:delete|downgrade|reassign|unassign|deprovision|revoke|disable|suspend|reclaim|drop|remove|update|insert|truncate|alter|create|rename|email|send|upload|reset|"
    r"change(?! in\b| of\b| from\b| between\b| over\b)|set|grant|modify|erase|wipe|cancel|terminate|deactivate|add|raise|increase|lower|fire|hire)\b"
    # h30: a verb aimed at the reader, not at data ("update me on", "create a list of", "send me", "insert here",
    # "remove nothing", "set aside") asks to be shown something; "did hours drop from Feb" is a change, not SQL
    r"(?!\s+(?:me|us|up|a (?:list|report|table|chart|summary|breakdown|ranking)|an? (?:overview|summary)|here|nothing|aside)\b)"
    r"|\b(?:drop|truncate)\s+table\b|\bdelete\s+(?:from|all)\b"
)
REFUSE_FUTURE = re.compile(
    r"\b(?:forecast|predict|prediction|projected|projection|next (?:year|month|quarter|week)|will (?:we|our|it|they)|"
    r"going to be|in the future|tomorrow|project(?:ed|ion)?(?! (?:engineers?|managers?|leads?|team|coordinators?|work|hours|revenue|income|billings?|invoices?|sales|fees|costs?|margins?|profits?))|rest of (?:the |this )?(?:year|quarter|month|\d{4})|"
    r"expect(?:ed)? (?:to|for)|estimate for|outlook)\b"
)
# h5: the future tense in any form ("what will sales come to in October", "how much are we going to invoice", "gonna",
# "we'll", "the coming quarter", "expected revenue"): we hold no forecast, so a month named without a year is never
# read as the past month of that name. "Will" as a person's name is checked by the parser (``Parser._refusal``).
FUTURE_TENSE = re.compile(
    r"\b(?P<will>will|won't|wont)\b|\b(?:we|it|they|you|i|he|she)'ll\b|\bgonna\b|\bgoing to (?:be|make|bill|invoice|earn|"
    r"log|work|spend|lose|have|need|cost|look|end|finish|hit|get|see|pay|generate|bring|come|grow|drop|fall|rise|waste)\b|"
    r"\b(?:coming|upcoming) (?:year|month|quarter|week|months|quarters)\b|\bnext (?:\d+|few|two|three|six|"
    r"twelve) (?:months|quarters|weeks|years)\b|\b(?:expected|anticipated|forecasted|projected|budgeted) (?:revenue|"
    r"margin|profit|hours|cost|costs|waste|utilization|billings?)\b|\b(?:do|does|did) (?:we|you|i) (?:expect|anticipate)\b|"
    r"\bshould be (?:what|how much|around|about)\b|\bwhat should (?:our |the )?\w+ be\b(?! doing\b)|\bon track (?:to|for)\b|"
    r"\b(?:months?|quarters?|weeks?|years?) ahead\b|\bahead of us\b|\b(?:remainder|balance) of (?:the |this )?"
    r"(?:year|quarter|month)\b"
)
# h5: data MoatMetrics does not hold (tickets, satisfaction, devices under management, the bank): refused by name,
# never answered with the nearest figure (a ticket's "resolution time" is not hours worked).
NOT_HELD = re.compile(
    r"\b(?P<what>tickets?|csat|nps|net promoter|(?:customer |client )?satisfaction|sla|slas|resolution time|response time|"
    r"first response|bank balance|bank account|cash (?:in|at) (?:the )?bank|in the bank|cash (?:on hand|"
    r"balance|position|flow|reserves?)|how many (?:endpoints|devices|machines|computers|servers|workstations|laptops)|"
    r"(?:endpoints|devices|machines|computers|servers|workstations) (?:\w+ ){0,2}(?:under management|managed|we manage|"
    r"do we manage|we monitor)|"
    # h21: when invoices are paid (no payment dates are held): days to pay, late payers, overdue / unpaid invoices
    r"days? (?:it takes |they take |clients take |\w+ take )?to pay|take (?:to|long to) pay|(?:take|takes|took) to pay|"
    r"pay(?:s|ing)? (?:\w+ ){0,2}?late|paid late|late pay(?:ments?|ers?)?|slow(?:est)? pay(?:ers?|ing|ment)|"
    r"payment (?:timing|terms|delays?|speed|history)|overdue|unpaid|outstanding invoices|receivables?|"
    r"days sales outstanding|dso|ag(?:e)?ing report|how long (?:\w+ ){1,4}to pay|"
    # h29: time to pay with more words between ("how many days does it take clients to pay"), and people data: staff
    # turnover, attrition, headcount changes, who left or joined (technicians are held, not their comings and goings)
    r"days? (?:\w+ ){1,5}?to pay|(?:slow|quick|fast|late|prompt)(?:er|est|ly)? (?:\w+ )?to pay|(?:staff|employee|people|team|technician|engineer|tech) (?:turnover|attrition|churn|"
    r"retention)|attrition(?: rate)?|"
    # h39: how long paying takes, in any words ("who takes longest to pay their invoices", "pays their bills on time")
    r"(?:longest|shortest|quickest|fastest|slowest|soonest|long|ages|forever|a while|most time|least time|longer) "
    r"(?:\w+ ){0,2}?to (?:pay|settle)|pa(?:y|ys|id|ying) (?:\w+ ){0,2}?(?:on time|promptly|early|slowly|behind)|"
    r"on[- ]time (?:payments?|payers?)|payment dates?|(?:late|overdue|missed|delayed) (?:invoice )?payments?|headcount (?:changes?|growth|drop|trend|over time)|"
    r"(?:technicians|staff|employees|people|engineers) (?:have |has )?(?:left|quit|resigned|departed|joined|were hired|"
    r"leaving|quitting)|(?:left|quit) (?:us|the company|the team)|resignations?|new hires)\b"
)
# h7: hours logged on tickets / SLA work are time entries (ticket time), never the ticket data NOT_HELD refuses
TICKET_TIME = re.compile(r"\b(?:hours?|hrs?|time (?:spent|logged|worked|booked))\b.{0,40}?\b(?P<phrase>(?:on|for|against|to) "
                         r"(?:the |our |all )?(?:service |support )?(?:tickets?|ticket work|sla(?:s| work| tickets?)?))\b")
# h5: period words with no dates ("over the summer", "during the holidays", "busy season", "back in the day"): refused
# when no period with dates is named too, never read as the default period.
UNDEFINED_PERIOD = re.compile(
    r"\b(?P<what>(?:the |this |last |over the |during the |in the )?(?:summer|winter|spring|autumn)(?: break| months| holidays)?|"
    r"(?:the |this |last |past |previous |over the |in the |during the )?fortnight|"  # h85: which fortnight is not defined
    r"(?:the |this |last |in the |during the )fall(?! in| of| off| from| between)|(?:the )?holidays?(?: season)?(?! (?:hours?|hrs|time|leave|pay|work|shifts?|cover)\b)|christmas|xmas|easter|thanksgiving|"
    r"(?:busy|slow|quiet|peak|off|high|low|holiday|tax|budget)[- ]season|back in the day|"
    # h21: more named stretches with no dates ("the slow months", "the quiet period", "the year-end rush")
    r"(?:the |our )?(?:slow|quiet|busy|dead|lean|crazy|hectic|peak)(?:est)? (?:months|weeks|period|stretch|spell|time of (?:the )?year)|"
    r"(?:the |our )?(?:year[- ]end|holiday|christmas|summer|busy|end of year) (?:rush|crunch|push|slump|lull)|back then|(?:in )?the old days|the early days|"
    r"(?:a )?(?:long )?while (?:ago|back)|long ago|way back(?: when)?|some time ago|the other day|"
    # h95: more named times of year with no dates ("around back to school", "over black friday", "spring break")
    r"back[- ]to[- ]school|(?:the )?school (?:holidays?|break|year)|spring break|end of (?:the )?(?:school )?term|"
    r"black friday|cyber monday|halloween|valentine'?s(?: day)?|ramadan|diwali|hanukkah|chanukah|lunar new year|"
    r"chinese new year)\b"
)
PAYMENT_TIMING = re.compile(r"\bpa(?:y|id|ying|ys|yers?|yments?)\b|overdue|unpaid|outstanding|receivable|dso|ag(?:e)?ing")
# h21: "client <name>" / "account <name>" / "for <name>": the word after the label is meant as a name (the parser
# refuses it only when it is no English word, no name and no question word)
# h39: words after "client" that describe clients, never a name ("client base", "client side", "client count")
CLIENT_NOUN_AFTER = re.compile(r"(?:base|side|list|count|mix|book|roster|portfolio|retention|growth|churn|health|"
                               r"satisfaction|work|services?|support|names?|level|basis|rows?|data|figures?|totals?|"
                               # h86: a verb of holding after the noun ("which client holds / owns the most ...")
                               r"holds|holding|held|owns|owned|owning|carries|carrying)$")
CLIENT_LABEL = re.compile(r"\b(?P<label>client|account|customer|for|of|at|from|with) (?=(?P<name>[a-z][a-z'-]{3,})\b)")
# Words of other languages that an English question never holds (a question in them gets its own message).
FOREIGN = re.compile(
    r"\b(?:cu[aá]ntos?|cu[aá]ntas?|cu[aá]les|dinero|perdieron|a[nñ]o|pasado|ganaron|qu[eé]|clientes|ingresos|ganancias|beneficio|pour|combien|quels?|chiffre|d'affaires|"
    r"wie ?viel|welche[rn]?|kunden|umsatz|gewinn|im|letzten|quanto|quali|fatturato|hoeveel|welke|klanten|omzet|"
    r"und|oder|nicht|der|die|das|les|des|une|est|el|los|las|del|por|para|wat|het|een)\b"
)

# h82: the state "what made / turned / pushed X ..." puts X in: a cause asked for ("what made Harbor unprofitable" is
# "why was Harbor unprofitable"), never the figure of X
_WHY_STATE = (r"(?:(?:so|less|more|barely|not|un)\s*)?(?:un)?profitable|loss-?making|lose (?:us )?money|los(?:e|ing) money|"
              r"(?:make|made|run|ran|post|posted) (?:a )?loss(?:es)?|(?:go|went|turn|turned) (?:negative|red)|"
              r"(?:into|in) (?:the )?(?:red|a loss|losses|negative)|underperform\w*|so (?:expensive|costly|bad|poor|weak|thin|low)|"
              r"worse|(?:a |such a |the )?(?:poor|bad|weak|thin|low|negative) (?:margins?|profits?|results?)")
# "Why ..." goes to the explanation of the margin gap, "what should we do ..." to the insights.
# h29: a polite lead ("can you explain why", "could you (please) tell me why", "I want to know why") is still a why
WHY = re.compile(r"^[\s,;:.!\-\u2013\u2014]*(?:and\s+|so\s+|but\s+|please\s+)?"
                 r"(?:(?:(?:can|could|would|will)\s+you|(?:i|we)\s+(?:want|would like|need)\s+to\s+know|do\s+you\s+know)"
                 r"\s+(?:please\s+)?|"
                 # any short polite lead that ends in a verb of explaining or knowing before "why" ("would you mind
                 # explaining why", "i'd like to know why", "just wondering why")
                 r"(?:[\w']+\s+){0,6}?(?:explain(?:ing)?|know|understand|wondering|wonder|curious(?: as to)?|tell (?:me|us)|"
                 r"(?:walk|talk|take|run) (?:me|us) through|spell out|go over|unpack)"  # h91: "walk me through why"
                 r"\s+(?=why\b))?"
                 r"(?:why|how come|tell (?:me|us) why|let (?:me|us) know why|help (?:me|us) understand why|what explains|what is behind|what drives|"
                 r"what caused|what led to|what happened to|what made\s+(?:\S+\s+){0,5}?(?:drop|fall|dip|sink|slip|shrink|decline|"
                 r"go (?:down|up)|rise|jump|grow|increase|decrease|worsen|improve|turn negative|so low|so high)|"
                 r"what (?:has |had |have )?(?:made|makes|make|turned|turns|pushed|pushes|put|puts|tipped|sent|drove)\s+"
                 r"(?:\S+\s+){0,6}?(?:" + _WHY_STATE + r")|explain|what is dragging|what is hurting|what is pulling|break down why|"
                 r"what (?:is|are|was|were) (?:driving|causing|behind|dragging|hurting|pulling|killing|eating)|what drove|"
                 r"what (?:is|was) the (?:cause|reason)|(?:the )?reasons? (?:for|behind))\b")
_FIX_VERBS = (r"(?:make|turn|fix|improve|reduce|cut|raise|increase|boost|grow|lift|save|rescue|recover|stop|get|lower|"
              r"handle|deal with|tackle|address|solve|sort out|repair|reverse)")
ADVICE = re.compile(r"\bhow (?:can|could|do|should|would|might|shall) (?:we|i) " + _FIX_VERBS + r"\b|\bhow to " + _FIX_VERBS +
                    r"\b|\bturn (?:\w+ ){0,4}around\b|\bturnaround\b|\bways? to " + _FIX_VERBS + r"\b|\bwhat (?:can|could) "
                    r"(?:be done|we do|i do)\b|"
                    r"\b(?:what should (?:we|i) do|what (?:can|could|do) (?:we|i) do|what to do|how (?:can|do|should) (?:we|i) "
                    r"(?:fix|improve|reduce|cut|raise|increase)|recommend(?:ation|ed)?s?|what (?:should|must|needs to) be done|advice|action items?|next steps?|"
                    r"what actions?|suggest(?:ion)?s?|ideas? (?:for|on|to)|how (?:do|can|should) (?:we|i) (?:stop|get)|"
                    r"what (?:would|do) you (?:do|suggest|recommend)|should (?:i|we) (?:drop|fire|let go|cut|keep|renegotiate|reprice)|"
                    # h6: "<client>, what should we be doing here": the progressive form of "what should we do"
                    r"what (?:should|can|could|do|must) (?:we|i) be doing|what (?:are|am) (?:we|i) (?:supposed|meant) to do|"
                    # h107: "any action to take on <tech>'s hours", "anything we should do about <client>", "should we
                    # act on": what to do about it, as "what should we do about" is
                    r"actions?\s+(?:to\s+take|(?:we|i)\s+(?:should|could|can|must|need\s+to)\s+take|(?:should|could|can|must)"
                    r"\s+(?:we|i)\s+take|needed|required|worth\s+taking)|anything\s+(?:to\s+do|(?:we|i)\s+(?:should|could|can|"
                    r"must|need\s+to)\s+do)\s+(?:about|on|with)|should\s+(?:we|i)\s+(?:act|take\s+action)\s+on)\b")

# "quantity" / "qty" is a count of licences bought, unless it is a quantity of work or money ("quantity of hours")
_NOT_OF_WORK = r"(?!(?:\s+\w+){0,3}\s+(?:hours|time|work|revenue|money|profit|tickets)\b)"
# (pattern, metric): the first pattern that matches decides; specific phrases come before general words.
# "A as a percent of B", "A vs B as a %", "A / B", "A over B": the glossary ratio of A to B, wherever it is written so.
_AS_RATIO = (r"(?:\s+\w+){0,2}?\s*(?:\bas\s+an?\s+(?:percent(?:age)?|share|fraction|proportion|ratio)\s+of|"
             r"\b(?:percent(?:age)?|share|fraction|proportion)\s+of|\bvs\.?|\bversus|\bover|\bagainst|\bdivided\s+by|\bout\s+of|\bof|"
             r"\brelative\s+to|/)\s*(?:(?:all|our|the|their|its|total)\s+)?")
RATIOS: list[tuple[str, str, str]] = [  # (numerator, denominator, metric), specific first
    (r"(?:gross\s+)?profits?", r"(?:revenue|sales|income)", "gross_margin"),
    (r"(?:billable\s+(?:hours|time)|billed\s+hours|billable)", r"(?:available\s+(?:hours|time)|capacity|availability)",
     "billable_utilization"),
    (r"(?:(?:worked|logged|total)\s+(?:hours|time)|hours(?:\s+(?:worked|logged))?)",
     r"(?:available\s+(?:hours|time)|capacity|availability)", "total_utilization"),
    (r"(?:billable\s+(?:hours|time)|billable)", r"(?:(?:(?:worked|logged|all|total)\s+)?(?:hours|time)(?:\s+(?:worked|logged))?|"
     r"everything\s+(?:we\s+)?(?:logged|worked)|all\s+(?:we\s+)?(?:logged|worked))", "billable_share"),
    (r"(?:assigned(?:\s+(?:seats|licenses))?|seats\s+assigned)", r"(?:purchased|bought|seats\s+purchased)(?:\s+(?:seats|licenses))?",
     "license_utilization"),
    (r"(?:active(?:\s+(?:seats|licenses))?|seats\s+active)", r"(?:assigned|seats\s+assigned)(?:\s+(?:seats|licenses))?",
     "license_activity"),
]
# h129: costs said to have no client in other words ("costs with no client attached", "expenses not tied to any
# client", "costs without a client", "spend that belongs to no client"): overhead, the Overview's tile
_NO_CLIENT_COST = (r"\b(?:costs?|expenses?|spend(?:ing)?)\s+(?:(?:that|which)\s+)?(?:(?:are|were|is|was)\s+)?"
                   r"(?:(?:with|having|that\s+have|that\s+had)\s+no|without\s+(?:a|any)?|not\s+(?:tied|attached|linked|"
                   r"assigned|allocated|attributed|charged|belonging)\s+to\s+(?:a|any)|(?:tied|attached|linked|assigned|"
                   r"allocated|belonging)\s+to\s+no)\s*clients?(?:\s+(?:attached|assigned|linked|tied\s+to\s+them|"
                   r"against\s+them|on\s+them))?\b")
METRIC_PATTERNS: list[tuple[str, str]] = [
    # h21: the part of logged work that could be billed ("what part of the work we logged could be billed", "of the
    # hours we logged, what percent could be billed", "percent of logged hours that we could bill"): the billable share,
    # read before "billed ... hours" is taken for billable hours
    # h107: the part of the hours AVAILABLE that was billed ("what percent of his capacity did Tom bill", "how much of
    # her available time was billed") is billable utilisation: the denominator named decides, not the verb
    (r"\b(?:part|portion|share|fraction|percent(?:age)?|proportion|how much) of (?:\w+ ){0,3}?(?:available\s+(?:hours|"
     r"time)|capacity|availability)\b(?: \w+){0,4}? (?:billed|billable|bill)\b", "billable_utilization"),
    (r"\b(?:part|portion|share|fraction|percent(?:age)?|proportion|how much) of (?:\w+ ){0,3}?(?:hours|time|work)\b"
     r"(?: \w+){0,4}? (?:billed|billable|bill)\b(?: work\b)?|"
     r"\bof (?:the |our |all )?(?:\w+ )?(?:hours|time|work)\b.{0,40}?\b(?:what|which|how much|how big a) "
     r"(?:percent(?:age)?|part|portion|share|fraction|proportion)?\b.{0,20}?\b(?:billed|billable|bill)\b", "billable_share"),
    *[(r"\b" + num + _AS_RATIO + den + r"\b", metric) for num, den, metric in RATIOS],
    # h5: "ratio of active to assigned licences": the numerator first, "to", then the denominator
    *[(r"\b(?:ratio|rate)\s+of\s+(?:the\s+)?" + num + r"\s+(?:\w+\s+)?to\s+(?:the\s+)?" + den + r"\b", metric)
      for num, den, metric in RATIOS],
    # h5: seats bought beyond the active ones ("purchased minus active seats") are the unused seats of the glossary
    (r"\b(?:seats\s+|licenses\s+)?(?:purchased|bought)(?:\s+(?:seats|licenses))?\s+(?:minus|-|less|take away)\s+(?:the\s+)?"
     r"(?:seats\s+|licenses\s+)?(?:active|used|in use)\b|\b(?:buy|bought|purchased?)\b(?:\s+\w+){0,2}?\s+(?:beyond|above|"
     r"on top of)\s+(?:the\s+)?(?:active|used)(?:\s+(?:ones|seats|licenses))?\b", "seats_unused"),
    # h116: seats bought beyond the ASSIGNED ones ("bought minus assigned", "licences paid for but never
    # allocated") are the unassigned seats (purchased - assigned), never the seats purchased
    (r"\b(?:purchased|bought)[\s-]+(?:seats[\s-]+|licenses[\s-]+)?(?:minus|less|take[\s-]+away)[\s-]+(?:the[\s-]+)?"
     r"(?:assigned|allocated)\b|\b(?:seats|licenses)\s+(?:(?:we|that|which)\s+)?(?:(?:were|are|have\s+been)\s+)?"
     r"(?:purchased|bought|paid\s+for)\s+(?:but|and)\s+(?:not|never)\s+(?:yet\s+)?(?:assigned|allocated|handed\s+out|given"
     r"\s+out)\b", "seats_unassigned"),
    # h129: seats bought that nobody holds in other words ("purchased licences that weren't assigned to anyone",
    # "spare seats (bought but unassigned)", "seats paid for with no user attached"): purchased - assigned
    (r"\b(?:(?:purchased|bought|paid\s+for)\s+(?:seats|licenses)|(?:seats|licenses)\s+(?:we\s+)?(?:purchased|bought|paid\s+for))"
     r"\s+(?:(?:that|which)\s+)?(?:were|are|was|is|have|has)"
     r"(?:n't|nt|\s+not|\s+never)\s+(?:been\s+)?(?:yet\s+)?(?:assigned|allocated|given\s+out|handed\s+out)\b|"
     r"\b(?:purchased|bought|paid\s+for)\s+(?:but|and)\s+(?:unassigned|unallocated)\b|"
     r"\b(?:seats|licenses)(?:\s+\w+){0,3}?\s+(?:with|having)\s+(?:no|nobody|no\s+one)\s*"
     r"(?:users?|person|people|one|owners?|assignees?)?\s+(?:attached|assigned|on\s+(?:it|them))\b", "seats_unassigned"),
    # "billed less than 70% of their available hours": a share of available hours is utilisation (h136: "billing",
    # "working" as well)
    (r"\bbill(?:ed|able|s|ing)?\b(?:\s+\w+){0,3}?\s+of\s+(?:(?:their|his|her|the|our|its)\s+)?(?:available\s+(?:hours|time)|"
     r"capacity|availability)\b", "billable_utilization"),
    (r"\b(?:worked|logged|working|logging)\b(?:\s+\w+){0,3}?\s+of\s+(?:(?:their|his|her|the|our|its)\s+)?(?:available\s+(?:hours|time)|"
     r"capacity|availability)\b", "total_utilization"),
    # "how billable were the techs": billable as a degree of a person or client is a ratio, never hours
    (r"\b(?:how|more|less|most|least|very|fully|as)\s+billable\b(?!\s+(?:hours|time))", "billable_degree"),
    # h6: "how much of the hours they logged did we bill", "what portion of logged time was billable", "of the time
    # worked, what % could be billed": the part of logged hours that could be billed is the billable share
    (r"\b(?:(?:how much|what (?:part|portion|share|fraction|proportion|percent(?:age)?)|(?:part|portion))\s+)?of\s+"
     r"(?:(?:the|our|all)\s+)?(?:(?:(?:logged|worked)\s+(?:time|hours))|(?:time|hours)\s+(?:\w+\s+){0,2}?(?:logged|worked))\b"
     r"(?:[\s,]+\w+){0,8}?[\s,]+(?:bill|billed|billable)\b", "billable_share"),
    # "hours we could bill", "billed ... hours": hours with a bill verb are billable hours, not revenue
    (r"\bhours\b(?:\s+\w+){0,3}?\s+(?:bill|billed|invoice|invoiced)\b|\bbill(?:ed)?\b(?:\s+\w+){0,3}?\s+hours\b",
     "billable_hours"),
    (r"\bhow many (?:unused|idle|inactive|spare|wasted) (?:seats|licenses)\b|\b(?:unused|idle|inactive|spare) seats?\b(?! cost)|"
     r"\b(?:seats?|licenses?) (?:\w+ ){0,4}?(?:not|never) (?:active|used|in use)\b|\bnot (?:active|used) (?:seats|licenses)\b|"
     r"\b(?:seats|licenses) (?:(?:went|are|were|sat|sitting|left|lying|being) ){1,2}(?:unused|idle|inactive)\b|\bpaid for and not used\b|"
     r"\bnumber of (?:unused|idle|inactive|spare) (?:seats|licenses)\b|\b(?:unused|idle|spare) seat count\b", "seats_unused"),
    (r"\b(?:percent|percentage|share|proportion|fraction|ratio) of (?:\w+ ){0,3}(?:seats|licenses) (?:\w+ ){0,2}?"
     r"(?:assigned|allocated|in use|used)\b|\b(?:seats|licenses) assigned (?:percent|percentage|share|rate)\b|"
     r"\bassignment rate\b|\bshare of (?:seats|licenses) assigned\b", "license_utilization"),
    (r"\b(?:percent|percentage|share|proportion|fraction) of (?:\w+ ){0,3}(?:seats|licenses) (?:\w+ ){0,2}?active\b|"
     r"\bactive (?:seats|licenses) (?:as )?(?:a )?(?:percent|percentage|share|proportion|fraction) of (?:\w+ )?(?:assigned|used)\b|"
     r"\blicense activity\b|\bseat activity\b|\bactive (?:seat|license) (?:share|rate)\b|\bshare of seats active\b",
     "license_activity"),
    (r"\b(?:unused|idle|wasted?|inactive|spare|shelfware|unutilized)\b[\w\s]{0,30}\b(?:licenses?|seats?|subscriptions?)\b|"
     r"\b(?:licenses?|seats?)[\w\s]{0,40}\b(?:nobody|no one|not|never) (?:\w+ )?(?:uses?|used|using|touch(?:es|ed)?)\b|"
     r"\b(?:licenses?|seats?)\b[\w\s]{0,30}\b(?:unused|idle|inactive)\b|\bthrown away\b|\bburn(?:ed|ing|t)? on\b|"
     r"\blicense waste\b|\bwaste\b|\bwasted\b|\bwasteful\b|\bshelfware\b|"
     r"\bwasting\b|\boverpa(?:y|ying|id)\b", "license_waste"),
    (r"\blicense (?:utilization|usage|use|assignment)\b|\bseat (?:utilization|usage|assignment)\b", "license_utilization"),
    # a share word with a seat noun and "assigned" anywhere in the question ("of the licences we bought, what percentage
    # were assigned"): the parser checks the other two words (``SEAT_SHARE``) and picks assigned / purchased, or active /
    # assigned when "active" is named too
    (r"\b(?:percent(?:age)?|share|proportion|fraction|ratio)\b", "seat_share"),
    (r"\bseats?\b(?: (?:\w+ ){0,2}?(?:purchased|bought|purchase|buy)\b)?|\blicenses? (?:purchased|bought)\b|\bhow many licenses\b|\bnumber of licenses\b|\b(?:quantit(?:y|ies)|qty)\b" + _NOT_OF_WORK,
     "seats_purchased"),  # "licence quantity": how many seats were bought (a count, never money)
    (r"\blicense (?:costs?|spend|spending|bill)\b|\blicensing\b|\bsoftware (?:costs?|spend)\b|\bsubscription costs?\b|"
     r"\bspend on licenses\b|\bcharges? us\b|\bcharged us\b|\bspent on licenses\b|\blicenses cost\b|\bcost of licenses\b", "license_cost"),
    (r"\b(?:share|percent|percentage|proportion|fraction|ratio) of (?:\w+ ){0,2}(?:hours|time) (?:\w+ ){0,2}?billable\b|"
     r"\bbillable hours as (?:a )?(?:percent|percentage|share|fraction|proportion|ratio) of (?:all |total |worked |logged )?(?:hours|time)\b|"
     # h29: "billable-to-total hours ratio", "billable to total hours ratio": the ratio named by its two terms
     r"\bbillable(?: hours)?[- ]to[- ](?:total|all|worked|logged)[- ](?:hours|time)(?:[- ]ratio)?\b|"
     r"\bbillable (?:vs|versus|against) (?:total|all) (?:hours|time) ratio\b|"
     r"\b(?:hours|time) (?:\w+ ){0,2}?(?:was|were|is|are) billable\b|\bbillable vs (?:non-?billable|total)\b|"
     r"\bbillable (?:share|ratio|mix)\b|\bbillable share of (?:hours|time)\b", "billable_share"),
    (r"\btotal utilization\b|\boverall utilization\b|\butilization including non-?billable\b|"
     # h21: the adjective forms ("total-utilised", "utilised overall", "overall utilized", "utilization overall")
     r"\b(?:total|overall)[- ]utilized\b|\butiliz(?:ed|ation) (?:overall|in total)\b", "total_utilization"),
    (r"\bbillable utilization\b|\butilization\b|\butilized\b|\bover-?utilized\b|\bunder-?utilized\b|\bcapacity used\b|"
     r"\bbillable (?:percent|percentage|rate)\b|\bpercent billable\b|\bbillability\b|\bhow busy\b", "billable_utilization"),
    (r"\bbillable hours\b|\bhours billed\b|\bbillable time\b|\bbilled (?:\w+ ){0,2}hours\b|\bbillable\b", "billable_hours"),
    (r"\bavailable hours\b|\bcapacity\b|\bhours available\b", "available_hours"),
    (r"\beffective hourly rates?\b|\$\s*/\s*h(?:ou)?rs?\b|\bhourly (?:take|yield|haul|earnings|income|revenue)\b|\b(?:dollars|revenue|money|\$) (?:an|a|each) hour\b|(?<=\d) (?:an|a|each|per) hour\b|\ban hour\b|\behrs?\b|\bhourly rates?\b|\brevenue per hour\b|\brate per hour\b|\bper hour\b|"
     r"\beffective rates?\b|\bblended (?:hourly )?rates?\b", "ehr"),  # h30: "blended rate" is revenue per hour worked
    (r"\bgross margins?\b|\bmargins?\b", "gross_margin"),
    (r"\bgross profit\b|\bprofits?\b|\bprofitable\b|\bprofitability\b|\bcontribution\b(?! margin)|\bp\s?&\s?l\b|\bp and l\b|\bmade (?:the )?most money\b|\bearn(?:ed)? (?:us )?the most\b|"
     r"\bmoney[- ]makers?\b|\bcash cows?\b|\bmoney pits?\b|\b(?:make|made|making|earn|earned|earning) (?:us )?(?:any )?money\b|"
     r"\bafter costs\b|\b(?:make|made|making|earn|earned|earning|clear|cleared|net|netted) (?:\w+ )?(?:on|from|off)\b|\bbottom[- ]line\b",
     "gross_profit"),
    (r"\bother (?:\w+ )?(?:direct )?(?:costs?|expenses?)\b|\bhardware\b|\btravel\b|\bsubcontractors?\b|"
     r"\bpass-?through costs?\b|\bnon-labor\b|\bcosts? other than\b|"
     # h78: the costs file's catch-all words ("misc client costs", "sundry expenses"): the other direct costs
     r"\b(?:misc|miscellaneous|sundry|sundries|incidental)\s+(?:(?:client|direct|business|operating|other)\s+)?"
     r"(?:costs?|expenses?|spend(?:ing)?)\b|\bsundries\b", "other_cost"),
    # h115: costs with no client (the Overview's overhead tile); overhead time / hours are internal hours, not money
    (_NO_CLIENT_COST + r"|\boverheads?(?: costs?| expenses?| spend(?:ing)?)?\b(?!\s+(?:time|hours?|hrs|work))|\b(?:costs?|expenses?|spend(?:ing)?) (?:with|having|that have) no "
     r"clients?\b|\b(?:unallocated|non-client|unattributed) (?:costs?|expenses?)\b", "overhead"),
    # h30: accountants' words for every direct cost (labour + licence + other direct) = revenue - gross profit; "other
    # direct costs" (read just above) stays the sub-metric
    (r"\bcosts? of (?:sales|goods(?: sold)?|revenue|services?(?: sold| delivered)?)\b|\bcogs\b|\bdirect costs?\b|"
     # h58: "total costs", "all our costs": every direct cost, never one kind of it
     r"\b(?:total|overall|combined|entire) (?:(?:of )?(?:our|the|my) )?(?:costs|expenses)\b|"
     r"(?<!after\s)\ball\s(?:(?:of\s)?(?:our|the|my)\s)?(?:costs|expenses)\b",  # "made after all costs" is profit
     "direct_cost"),
    (r"\blabor costs?\b|\blabor\b|\bstaff costs?\b|\bpayroll\b|\btechnician costs?\b|\bcost of (?:our )?technicians\b|"
     r"\btime cost\b|\bwages\b|\bsalar(?:y|ies)\b", "labour_cost"),
    # h77: a "licensing bill" is licence cost, never a bill to a client (revenue)
    (r"\bspen[dt] (?:\w+ ){0,2}with us\b|\bearners\b|\bcash (?:in|did we bring|came|coming)\b|\brevenue\b|\bsales\b|\bincome\b|\bturnover\b|\binvoic(?:e|ed|es|ing)\b|\bbilled\b|\bbillings?\b|\bpaid us\b|\bpay us\b|\bpays us\b|\b(?:clients|accounts) (?:(?!to\b)\w+ ){0,2}?pa(?:id|y|ys)\b(?! (?:for|out))|"
     r"\bbrought in\b|\bbring(?:s|ing)? in\b|(?<!licensing\s)(?<!license\s)\bbill\b|\bcame in\b|\bcome in\b|\btook in\b|\bbiggest clients\b|\blargest clients\b|\bbig(?:gest)? spenders?\b|\bearnings\b", "revenue"),
    (r"\bhours\b|\btime spent\b|\btime logged\b|\bworked\b|\bwork(?:s|ing)? (?:for|on)\b|\b(?:did|does|do) (?:\w+ )?work\b|\bbusiest\b|\bmost time\b|\bworkload\b|\bhardest working\b|"
     r"\bbusy\b|\btime\b", "hours"),
    (r"\bpaying us\b", "revenue"),  # h57: "clients paying us under 5k"
    # h80: "clients earning between 10k and 20k": what a client earns the MSP, said of the client, is its billing
    # (as "earners" / "earnings" are); "earning us money", "earning per hour", "earning on X" keep their readings
    (r"(?:(?<=\bclients\x20)|(?<=\baccounts\x20))earning\b(?!\s+(?:us|me|money|per|an?\s+hour|the\s+most|the\s+least|"
     r"on|from|off)\b)", "revenue"),
    # h89: what was "charged" to clients is their billing ("what we charged customers", "charged to clients"); only the
    # verb is read, the noun stays for "each client" to list; "charged us" (a vendor's bill) is licence cost above
    (r"\bcharg(?:e|ed|es|ing)\b(?=\s+(?:to\s+)?(?:(?:our|the|each|every|all|of|my)\s+)*(?:clients?|customers?|accounts?)\b)|"
     r"\b(?:clients?|customers?|accounts?)\s+(?:were|was|got|get|are|been|being)\s+charged\b", "revenue"),
]
# Words that describe a metric once it is chosen ("hours logged", "seats bought", "profit" beside "earned the most"):
# they are part of the reading, not left over.
METRIC_WORDS: dict[str, str] = {
    "revenue": r"revenue|sales|income|turnover|billed|billing|bill|invoiced|money|cash|earning",
    "gross_profit": r"gross|profits?|profitable|earn(?:ed|s)?|made|make|money|after|costs?",
    "gross_margin": r"gross|margins?|profits?|healthy",
    "labour_cost": r"labor|costs?|costing|technicians?|time|staff",
    "license_cost": r"licenses?|license|costs?|costing|seats?|subscriptions?|spend|spent",
    "direct_cost": r"direct|costs?|of|sales|goods|sold|revenue|services?|cogs|cos|total|all",
    "other_cost": r"other|direct|costs?|labor|licenses?|license|non-[a-z]+|than|expenses?|pay|paid|paying|spend|spent|"
                  r"spending|went|go|on",
    "ehr": r"effective|hourly|rates?|per|hours?|worked|earn(?:ed)?|revenue|bill|billed|charge[ds]?|take|get|make|average|avg",  # h29: money per hour
    "hours": r"hours?|time|worked|work|logged|log|spent|spend|entries|used|busy|clock(?:ed)?",  # h86: "clocked"
    "billable_hours": r"billable|billed|bill|invoiced?|hours?|logged|logs?|time|work(?:ed)?",
    "available_hours": r"available|capacity|hours?",
    "billable_utilization": r"billable|utilization|utilized|percent|busy|how|more|less|most|least|very|fully|rate",
    "total_utilization": r"total|utilization|percent|rate",
    "billable_share": r"billable|hours?|time|logged|worked|percent|share|how|more|less|most|least|very|fully",
    "license_waste": r"unused|waste|wasted|wasteful|wasting|licenses?|seats?|costs?|costing|money|lost|idle|inactive|nobody|uses?|thrown|spend|spent",
    "license_utilization": r"assigned|allocated|purchased|bought|seats?|licenses?|utilization|vs|versus|over|against|percent|use|usage|"
                           r"percentage|share|proportion|fraction|users?|someone|somebody|anyone|anybody|employees",
    "license_activity": r"active|activity|assigned|seats?|licenses?|rate|use|used|percent|percentage|share|proportion|"
                        r"fraction|vs|versus|over|against",
    "seats_purchased": r"seats?|seat-months|months|licenses?|purchased|bought|buy|paid|pay|quantit(?:y|ies)|qty",
    "seats_unused": r"unused|seats?|seat-months|licenses?|purchased|bought|active|inactive|idle|used|count|not|but|nobody|"
                    r"no one|never|uses?|using|touch(?:es|ed)?|sat|sitting|went|wasted?",
    "clients": r"clients?|activity|active|work|worked|bill|billed|any|for|use|uses|using|have|has|on|run|runs|running",
    # h23
    "non_billable_hours": r"hours?|hrs|time|worked|work|logged|log|spent|went|go|could|couldn't|we|not|did|didn't",
    "non_billable_share": r"hours?|hrs|time|worked|work|logged|log|spent|percent|share|part|portion|proportion|went|"
                          r"could|couldn't|not|did|didn't",
    "seats_assigned_inactive": r"seats?|seat-months|licenses?|assigned|inactive|idle|unused|active|not|but|yet|in use|used",
    "seats_unassigned": r"seats?|seat-months|licenses?|unassigned|unallocated|assigned|allocated|not|yet|nobody|no one|"
                        r"purchased|bought|paid|but|minus|less|anyone|anybody|count|spare|users?|attached",  # h93; h116; h129
    "seats_assigned": r"seats?|seat-months|licenses?|assigned|allocated|handed|out|given|have|had|has",  # h57
    "seats_active": r"seats?|seat-months|licenses?|active|in use|used|being|actually|really|have|had|has",  # h57
    "technicians": r"technicians?|engineers?|staff|employees|people|team|members|have|do",
    "segments": r"segments?|industries|verticals|have|do",
    "products": r"products?|skus?|license|types?|licenses?|have|do|sell|resell",
    "vendors": r"vendors?|suppliers?|have|do|use|buy",
}
ORDER_WORDS = re.compile(r"\b(?:drop|drops|decline|fall|rise|growth|change|gain|loss)\s+first\b|"
                         r"\bstarting (?:with|from) the (?:worst|best|highest|lowest|biggest|smallest)\b")

# Words that fit several metrics equally: the candidates are offered to the model (or the first is taken).
VAGUE_PATTERNS: list[tuple[str, list[str]]] = [
    (r"\bcosts?\b|\bcosting\b|\bexpenses?\b|\bspend(?:ing)?\b|\bspent\b|\bexpensive\b|\bcostly\b|\bpricey\b",
     ["labour_cost", "license_cost", "other_cost"]),
    (r"\bdoing\b|\bhow (?:did|does|do|is|was|are) .{1,60} (?:do|fare|fared|going)\b|\bperform(?:ing|ance|ed)?\b|\bhealth(?:y)?\b|\bresults?\b|\bbest clients\b|\bworst clients\b",
     ["gross_margin", "gross_profit", "revenue"]),
]

# The unit a question asks in; a metric of another kind is never the answer (see ``UNIT_SWAPS``).
UNIT_PATTERNS: list[tuple[str, str]] = [
    ("seats", r"\bhow many (?:\w+ ){0,3}(?:seats|licenses)\b|\bnumber of (?:\w+ ){0,3}(?:seats|licenses)\b|\bseat count\b|"
              r"\b(?:quantit(?:y|ies)|qty)\b" + _NOT_OF_WORK),
    # h57: "how many billable hours", "how many non-billable hrs": the kind of hours between is the measure's word
    ("hours", r"\bhow many (?:(?:billable|non-?billable|unbillable|worked|logged|total|tech|technician) )?hours\b|"
              r"\bnumber of hours\b|\b(?:in|as) hours\b"),
    ("percent", r"\bpercent(?:age)?s?\b|\bshare of\b|\bproportion of\b|\bfraction of\b|\bratio of\b|\bwhat share\b|"
                # h21: a share noun without "percent" ("what portion", "healthcare's slice of", "what part of our revenue")
                # and a concentration ("how concentrated is revenue in the top 5")
                r"\b(?:what|which|how big a|how large a) (?:part|portion|slice)\b|\b(?:portion|slice) of\b|"
                r"\bconcentrat(?:ed|ion)\b|"
                # h77: a bare "share" ("the top 3 share") and the unit said last ("..., as a share / fraction")
                r"\bshare\b|\bfraction\b|\bproportion\b|\bas an? (?:share|fraction|proportion)\b"),
    ("money", r"\$|\bdollars?\b|\busd\b|\bmoney\b|\bcost of\b|\bhow much (?:do|does|did) .{0,40}\bcost\b|"
              r"\b(?:what|how much) (?:\w+ ){0,3}pa(?:y|id) for\b|\bspend on\b|\bspent on\b|\bcost us\b|\bcosts? (?:of|for|on)\b"),
]
# A money verb whose object is labour ("what have we paid out in tech time", "spent on staff time", "what is labour
# costing us") asks for labour cost in money, never hours; hours asked for in so many words ("how many hours") stay hours.
LABOUR_MONEY = compile_words(
    r"\b(?:paid|pay|paying|pays|spent|spend|spending|shelled|forked)(?: out)?(?: \w+){0,3}? (?:in|for) "
    r"(?:(?:our|the|all) )?(?:(?:staff|technician|technicians|engineer|team|people) )?(?:time|labor)\b|"
    r"\b(?:spent|spend|spending)(?: out)?(?: \w+){0,3}? on "  # "paid on time" is punctual; "spent on time" is money
    r"(?:(?:our|the|all) )?(?:(?:staff|technician|technicians|engineer|team|people) )?(?:time|labor)\b|"
    r"\b(?:(?:staff|technician|technicians|engineer|team|people) )?(?:time|labor)(?: \w+){0,3}? "
    r"(?:costs?|costed|costing|set (?:us|me) back)\b(?! per hour)")
# Time as the thing spent ("hours spent on Harbor", "how much time did we spend on X") is hours, not money.
TIME_SPENT = compile_words(r"\b(?:hours|time)\b(?: \w+){0,4}? spen[dt]\b|\bspen[dt] (?:\w+ ){0,2}?(?:hours|time)\b")
MONEY_NAMED = re.compile(r"\$|\bdollars?\b|\busd\b|\bmoney\b|\bcosts?\b|\bcosting\b|\bprice\b|\bwages?\b|\d\s*k\b")
HOURS_ASKED = compile_words(r"\bhow many hours\b|\bnumber of hours\b|\b(?:in|as) hours\b")
# A question that names seats (or licences counted as seats) and no money word asks for a seat count: "seats we
# paid for and nobody used" is unused seats, not their cost. Money words keep the money reading.
# "% change", "percentage growth", "growth rate": with two periods, the change in percent of the earlier value as well
PERCENT_CHANGE = compile_words(r"\bpercent(?:age)? (?:change|growth|increase|decrease|drop|rise|decline|difference)\b|"
                               r"\bgrowth rate\b|\bchange in percent(?:age)?\b|\brelative change\b|"
                               r"\b(?:change|growth|increase|decrease|drop|rise|decline) (?:as a |in )?percent(?:age)?\b")
# "what percentage of our clients lost money": a share of entities, which no answer gives (counts do)
ENTITY_SHARE = compile_words(r"\b(?:percent(?:age)?|share|proportion|fraction|ratio) of (?:(?:our|the|all|my) )?"
                             r"(?:clients|technicians|accounts|products|segments|vendors)\b"
                             r"(?! (?:seats|licenses|hours|time|revenue|margins?|profits?|costs?|spend|waste))")
SEAT_SHARE = (re.compile(r"\b(?:seats|licenses)\b"), re.compile(r"\b(?:assigned|allocated)\b"), re.compile(r"\bactive\b"),
              re.compile(r"\b(?:unused|idle|inactive|wasted?|spare)\b"))
SEAT_NOUN = re.compile(r"\bseats?\b|\bseat-months\b")
# h29: licences counted ("idle licences per product", "spare licenses ... count please") are seats too: a licence in a
# state of use, or with a count word, is a number of seats; "licence waste" stays money (waste is dollars by the glossary)
COUNTED_LICENSES = re.compile(r"\b(?:unused|idle|spare|inactive|unassigned)\s+licen[cs]es?\b|"
                              r"\blicen[cs]es?\s+(?:\w+\s+){0,2}?(?:unused|idle|spare|inactive)\b|"
                              r"\blicen[cs]es?\b.*\bcount\b|\bcount\b.*\blicen[cs]es?\b")
WASTE_WORD = re.compile(r"\bwaste[ds]?\b|\bwasting\b")
# "% of seats in use" names no denominator: read as licence utilisation (assigned / purchased: of the seats we bought,
# the share in use by someone), and the reply says so; "of assigned seats, % in use" is activity (``moat.ai.ratios``)
IN_USE = re.compile(r"\bin use\b|\bbeing used\b|\bused\b|\busage\b|\butilized\b")
SEAT_STATE = re.compile(r"\b(?:assigned|allocated|purchased|bought|active|activity)\b")
MONEY_CUE = re.compile(r"\$|\bdollars?\b|\busd\b|\bmoney\b|\bcosts?\b|\bcosting\b|\bspend(?:ing)?\b|\bspent\b|"
                       r"\bhow much\b|\bwasting\b|\bexpensive\b|\bcharges?\b|\bbills?\b|\bbilled\b|\bprice\b|"
                       r"\bthousand\b|\bmillion\b|\bgrand\b|\d\s*k\b")
# metric -> the metric of the same thing in another unit
UNIT_SWAPS: dict[str, dict[str, str]] = {
    "license_waste": {"seats": "seats_unused"},
    "seats_unused": {"money": "license_waste", "percent": "license_activity"},
    "seats_purchased": {"money": "license_cost", "percent": "license_utilization"},
    "license_cost": {"seats": "seats_purchased"},
    "license_utilization": {"seats": "seats_purchased"},
    "billable_hours": {"percent": "billable_utilization"},
    "billable_utilization": {"hours": "billable_hours"},
    "total_utilization": {"hours": "hours"},
    "billable_share": {"hours": "billable_hours"},
    "hours": {"percent": "total_utilization", "money": "labour_cost"},
    "gross_profit": {"percent": "gross_margin"},
    "gross_margin": {"money": "gross_profit"},
    "revenue": {"hours": "billable_hours"},
    "non_billable_hours": {"percent": "non_billable_share"},  # h23: "what % of hours were not billable"
    "non_billable_share": {"hours": "non_billable_hours"},
}

# Swaps that answer a neighbouring measure, not the same thing in another unit ("unused seats as a percentage" has
# no metric of its own; the active share of assigned seats is the closest): the answer is provisional.
APPROX_SWAPS = {("seats_unused", "percent"), ("revenue", "hours"), ("billable_utilization", "hours"),
                ("total_utilization", "hours")}

GROUP_PATTERNS = [
    ("month", r"\b(?:per|by|each|every|a) month\b|\bmonthly\b|\bmonth by month\b|\btrend(?:s|ing)?\b|"
              r"\bover time\b|\btrended\b|\bevolution\b|\bevolved\b|\bdeveloped\b|\bmonth to month\b"),
    ("segment", r"\bsegments?\b|\bindustr(?:y|ies)\b|\bverticals?\b|\bsectors?\b"),
    ("technician", r"\btechnicians?\b|\bengineers?\b|\bstaff\b|\bemployees?\b|\bpeople\b|\bteam members?\b"),
    ("vendor", r"\bvendors?\b|\bsuppliers?\b"),
    ("product", r"\bproducts?\b|\bskus?\b|\blicense types?\b|\bwhich licenses\b|\bwhat licenses\b|\bsubscriptions\b"),
    ("client", r"\bclients?\b|\baccounts?\b"),
]
ACROSS_ALL = compile_words(r"\b(?:across|over) (?:all|every|each of) (?:of )?(?:our |the )?(?:clients|technicians|accounts|"
                           r"products|vendors|licenses|subscriptions|skus)\b|"
                           r"\bacross the board\b|\bin total\b|\ball together\b")
# "how many seats ... did we buy" asks for one sum: only "by / per / each / which" splits it ("across all Microsoft
# products" is the set summed, not a ranking by product).
SUM_QUESTION = compile_words(r"\b(?:how many|number of|total|in total)\b (?:\w+ ){0,3}?(?:seats|seat-months|licenses|hours)\b")
# h57: "what did / do / have our finance clients pay us": "what" is the amount asked, not a determiner of the noun
# h89: "what our clients were billed", "what the techs logged": "what" before a possessive or "the" is the amount asked too
_WHAT = r"what(?!\s+(?:did|do|does|have|has|our|my|the|your|their)\b)"
SPLIT_CUE = re.compile(r"\b(?:by|per|each|every|which|" + _WHAT + r"|rank|ranked|list)\s+(?:\w+\s+){0,2}$")
GROUP_CUE = re.compile(r"\b(?:by|per|each|every|which|" + _WHAT + r"|list|all|across|among|show|rank)\s+(?:\w+\s+){0,2}$")
# "all (of) our <named> subscriptions": "all" before a noun a name qualifies is the named set as one total; "each",
# "every" and "per" still list it
ALL_OF_NAMED = re.compile(r"\ball\s+(?:of\s+)?(?:(?:our|the|my|those|these)\s+)?\s{2,}$")
# h21: a grouping word before the word for a breakdown ("client breakdown of licence cost", "vendor split",
# "account-level breakdown", "client-by-client") asks for the list as "by client" does
GROUP_AFTER = re.compile(r"[\s-]*(?:by|ranked|sorted|ordered|breakdowns?|break[\s-]?downs?|split|level|wise)\b")
MONTH_OVER_MONTH = re.compile(r"\bmonth[- ]over[- ]month\b|\bmom\b|\bmonth[- ]on[- ]month\b")
# h18: a change asked per month ("revenue change each month", "month by month change in gross profit", "monthly change
# in hours"): a change word beside a month grouping, either order, a few words apart: every month with its change
_PER_MONTH = r"(?:from )?month (?:to|by|on|over) month|(?:each|every|per|by|a) month|monthly"
_MONTH_BEFORE = (r"(?:(?:vs|versus|against|compared (?:with|to)|from|on|over) )?(?:(?:the )?(?:previous|prior|preceding) month|"
                 r"(?:the )?month (?:before|prior))")
# h95: the change's base said after it ("... by month ytd plus the change on the previous month") is read with it: left
# unread, "the previous month" was taken for the period
MONTHLY_CHANGE = compile_words(r"\b(?P<chg>change[ds]?|difference|delta)\b(?: \w+){0,4}? (?P<per>" + _PER_MONTH + r")\b|"
                               r"\b(?P<per2>" + _PER_MONTH + r")\b(?: \w+){0,3}? (?P<chg2>(?:(?:plus|and|with) (?:the )?)?(?:change[ds]?|difference|delta)"
                               r"(?: " + _MONTH_BEFORE + r")?)\b")
# h29: each month against the one before it, said in words ("change from the previous month for each month of Q4",
# "each month vs the prior month"), and an amount of movement asked per month ("how much did it move each month",
# "with the change each month", "month by month with the change"): the change of every month, not two periods
# h95: "by month" / "monthly" / "month by month" beside the month before is the series too ("GP by month YTD + change vs
# the prior month", "monthly revenue, last 6 months, and how much it moved vs the month before")
EACH_MONTH_PREVIOUS = compile_words(r"\b(?P<each>(?:each|every|per|by) month|monthly|month by month)\b.{0,90}?\b(?P<prev>"
                                    + _MONTH_BEFORE + r")\b|"
                                    r"\b(?P<prev2>" + _MONTH_BEFORE + r")\b.{0,60}?\b(?P<each2>(?:each|every) month)\b")
MOVED_PER_MONTH = compile_words(r"\b(?P<lead>(?:(?:and|plus|with|incl|including|also) )?how much)\b(?: \w+){0,3}? (?P<chg>move[ds]?|moving|shift(?:ed)?|changed?)\b(?: \w+){0,2}? "
                                r"(?P<per>" + _PER_MONTH + r")\b|\b(?P<per2>" + _PER_MONTH + r")\b(?: \w+){0,3}? "
                                r"(?:with|incl|including|and|plus) (?:the )?(?:monthly )?(?P<chg2>change|changes|movement|move)\b")
AGAINST = compile_words(r"\b(?:vs\.?|versus|compared|against|than)\b")  # a second period said: never the change per month
QUARTER_OVER_QUARTER = re.compile(r"\bquarter[- ]over[- ]quarter\b")
# Kinds of client written in the plural ("which clinics had the lowest margin"): a list, as "clients" is
PLURAL_KINDS = re.compile(r"\b(?:performers|makers|earners|cows|clinics|practices|firms|companies|customers|businesses|shops|stores|charities|banks|"
                          r"dentists|hospitals|manufacturers|retailers|lawyers|attorneys|doctors|physicians|ngos|nonprofits|"
                          r"credit unions|accountants|techs|engineers)\b")
PLURAL = re.compile(r"\b(?:clients|technicians|engineers|products|vendors|segments|accounts|skus|people|staff|industries|"
                    r"earners|losers|cows|pits|spenders|makers|rates|ehrs)\b")  # h5: "the best hourly rates": a list
WHO = re.compile(r"\bwho\b|\bwhom\b|\bwhose\b")
# "month(s)" left over once the period is read ("last month" is a period and blanked by then): the months themselves,
# ranked when the question ranks ("which month had the most revenue", "our 3 busiest months", "rank the months")
MONTH_NOUN = re.compile(r"\bmonths?\b")
WHICH_OF_THE_MONTHS = re.compile(r"\bwhich(?: one| month)? of (?:the |these |those |our )?(?:last |past |previous |prior |"
                                 r"first )?(?:\d+ |two |three |four |five |six |nine |twelve )?months\b")  # h7
MONTHS_PLURAL = re.compile(r"\bmonths\b")
# h39: "which one" / "which was" with no noun of its own: after "of the last N months" it asks which of those months
# ("of the last six months, which one had the lowest utilisation" ranks the months, never a technician)
WHICH_ONE = re.compile(r"\bwhich(?:\s+one)?\s+(?:was|were|had|has|saw|did|brought|billed|made|earned|came|is|got|"
                       r"showed|ran|performed|looked)\b|\bwhich one\b")
# h18: "quarter(s)" left over once the period is read ("last quarter", "Q3" are periods, blanked by then): the quarters
# themselves, ranked when the question ranks ("which quarter had the best revenue", "quarters of 2026 by margin")
QUARTER_NOUN = re.compile(r"\bquarters?\b")
QUARTERS_PLURAL = re.compile(r"\bquarters\b")
WHICH_QUARTER = re.compile(r"\b(?:which|what)\s+quarters?\b")
N_QUARTERS = re.compile(r"\b(?P<n>\d+|two|three|four)\s+(?:\w+\s+)?quarters\b")
RANK_WORDS = re.compile(r"\b(?:rank|ranked|ranking|sorted|sort|ordered)\b")

# A share of a total: a share word with "of" before the whole ("what share of our revenue comes from X", "X as a % of
# total revenue", "X's share of licence spend", "how much of our revenue ... in percent"). The part is a name or the
# top / bottom N; the words linking the part to the whole ("comes from", "went to", "is") are part of the reading.
SHARE_OF = compile_words(r"\b(?:(?:what|which|how big a|how large a) )?(?:share|percent(?:age)?|proportion|fraction|portion|part|slice)s? of "
                         r"(?:(?:our|the|all|total|overall|my|whole|entire) )*|"
                         r"\bas an? (?:share|percent(?:age)?|proportion|fraction|portion|part) of (?:(?:our|the|all|total|overall|my) )*|"
                         r"\bhow much of (?:(?:our|the|all|total|my) )*|"
                         # h21: concentration is a share of the top N ("how concentrated is revenue in the top 5")
                         r"\bhow concentrated (?:is|was|are|were) |\bconcentration (?:in|of|among) (?:(?:our|the) )*")
SHARE_LINK = compile_words(r"\b(?:comes?|came|coming|went|goes|going|is|was|are|were|from|to|on|in|with|take|took|takes|"
                           r"made up|makes? up|making up|accounts? for|accounted for|represents?|represented|of|by|'s|s)\b")
VENDOR_WORD = re.compile(r"\bvendors?\b")
PRODUCT_WORD = re.compile(r"\b(?:products?|skus?|license types?|subscriptions?)\b")
PRODUCT_NOUN = re.compile(r"\b(?:products?|skus?|vendors?|subscriptions?)\b")
BY_ENTITY = re.compile(r"\b(?:by|per)\s+(?:client|account|technician|engineer|product|vendor|sku|segment)\b")
TECH_NOUN = re.compile(r"\b(?:technicians?|engineers?|staff|employees?|people|team members?|techs?)\b")
CLIENT_NOUN = re.compile(r"\b(?:clients?|accounts?)\b")
TECH_WHO = re.compile(r"\bworked\b|\bbusiest\b|\blogged\b|\bhardest\b|\butilization\b|\bbusy\b|\boverloaded\b|\bbillable\b|\bbilled\b")

# h29: a superlative of size says the direction as "highest" / "lowest" do ("the thinnest margins", "the fattest margin")
_SMALL = ("thin", "slim", "narrow", "lean", "skinny", "tight", "small", "low", "weak", "poor", "slow", "quiet",
          "cheap")  # h57: "the cheapest techs by labour cost": the lowest first
_BIG = ("fat", "wide", "thick", "rich", "healthy", "juicy", "big", "large", "high", "great", "heavy", "strong", "busy")


def _superlative(word: str) -> str:
    """"thin" -> "thinnest", "slim" -> "slimmest", "skinny" -> "skinniest", "wide" -> "widest", "low" -> "lowest"."""
    if word.endswith("y"):
        return word[:-1] + "iest"
    if word.endswith("e"):
        return word + "st"
    if len(word) >= 3 and word[-1] not in "aeiouwy" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        return word + word[-1] + "est"
    return word + "est"


DESC = r"top|most|best|max(?:imum)?|leading|cash cows?|" + "|".join(_superlative(w) for w in _BIG)
ASC = r"bottom(?![- ]line)|least|worst|fewest|min(?:imum)?|" + "|".join(_superlative(w) for w in _SMALL)
NUM = r"\d+|" + "|".join(sorted((re.escape(k) for k in NUMBER_WORDS if k not in ("a", "an")), key=len, reverse=True))
ENTITY_NOUN = r"clients?|technicians?|engineers?|products?|segments?|verticals?|sectors?|accounts?|skus?|industr(?:y|ies)|people|staff"
# Written next to each other, not brought together by a period taken out between them ("the most in Q3? three worst")
N_BEFORE = re.compile(r"\b(?:" + DESC + "|" + ASC + r"|first)\s{1,3}(?P<n>" + NUM + r")\b")
N_AFTER = re.compile(r"\b(?P<n>" + NUM + r")\s{1,3}(?:" + DESC + "|" + ASC + r"|\w+est)\b")
N_MONTHS = re.compile(r"\b(?P<n>" + NUM + r")\s+(?:\w+\s+)?months\b")  # "the three months with the most hours"
N_NOUN = re.compile(r"\b(?P<n>" + NUM + r")\s+(?:\w+\s+)?(?:" + ENTITY_NOUN + r"|vendors?|suppliers?)\b")  # h27: "which 4 vendors"
DESC_RE = re.compile(r"\b(?:" + DESC + r")\b")
ASC_RE = re.compile(r"\b(?:" + ASC + r")\b")
# h107: "worst at the top", "best on top", "biggest up top" order the whole list as "worst first" does
FIRST_ORDER = re.compile(r"\b(?P<side>worst|best|highest|lowest|largest|smallest|biggest|most|least|"
                         + "|".join(_superlative(w) for w in _BIG + _SMALL) + r") "  # h117: "quietest first"
                         r"(?:(?:ones?|of (?:them|these|those)|numbers?|figures?|values?) )?"  # h117: "smallest of them first"
                         r"(?:of (?:the|these|those) (?:" + NUM + r") (?:\w+ )?)?"  # h136: "smallest of the five (clients) first"
                         r"(?:(?:" + ENTITY_NOUN + r"|vendors?|customers?|techs?|months?|quarters?) )?"  # h135: "largest segment at the top"
                         r"(?:first|on top|up top|at (?:the )?top)\b|"
                         r"\b(?:from |sorted |ordered |ranked |listed |shown )?(?:the )?(?P<side2>highest|largest|biggest|most|best|top|high|"
                         r"lowest|smallest|least|worst|bottom|low) to (?:the )?(?:highest|largest|biggest|most|best|top|high|"
                         r"lowest|smallest|least|worst|bottom|low)\b|\b(?:in )?(?P<side3>descending|ascending|desc|asc)"
                         r"(?: order)?\b|"
                         # h99: "top down", "from the top down", "league table": the whole list, highest first
                         r"\b(?:from )?(?:the )?top[- ]down\b|\bleague tables?\b")
# Positional words: "top 3" is the first three of the list, whichever way it is sorted ("top 3 least profitable").
POSITIONAL = {"top", "first", "leading"}
NO_LIMIT = re.compile(r"\b(?:all|every|each|everyone|everybody|full list|whole list|complete list|rank(?:ed|ing)?)\b")
# The words between "how many" and the noun are not read here ("how many government clients": "government" is a
# qualifier the parse must place or report, never swallowed by the count).
COUNT = compile_words(r"\b(?P<how>how many|number of|(?<!seat\s)(?<!license\s)count of|count the)\b\s+"  # h116: seats
                      r"(?:(?!(?:by|per|each|every|seats|licenses|hours|subscriptions)\b)\w+\s+){0,2}?"
                      r"(?P<noun>" + ENTITY_NOUN + r"|vendors?|suppliers?)\b")  # h27: "how many vendors cost over 5k"
# h18: "in how many months did revenue exceed 100k", "how many of the last 6 months ...": the months are counted
COUNT_MONTHS = compile_words(r"\b(?P<how>how many|number of|count of|count the)\b\s+(?P<noun>months)\b")
COUNT_OF_THE_MONTHS = re.compile(r"\bhow many of (?:the |these |those |our )?(?:last |past |previous |prior |first )?"
                                 r"(?:\d+ |two |three |four |five |six |nine |twelve )?months\b|"
                                 # h29: the months named first, the noun left out after "how many": "out of the last 12
                                 # months, how many had revenue above 220k" counts months
                                 # h86: "over / in the last 6 months, in how many did we ...": the same, "in" before it
                                 r"\b(?:(?:out )?of|over|in|during|across) (?:the )?(?:last|past|previous|prior) \d+ months,?"
                                 r"\s+(?:in |for )?how many (?:of them |of those )?"
                                 r"(?:had|did|were|was|saw|went|came|topped|beat|exceeded|got|hit)\b")
# h21: "revenue for each of the last 4 months", "in every one of the past 6 months": the period's months, each shown
EACH_OF_MONTHS = re.compile(r"\b(?:each|every(?: one| single one)?) of (?:the |these |those |our )?(?:last|past|previous|prior) "
                            r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:(?:full|complete|completed|whole|finished|entire|closed) )?months\b")  # h129: "full"
# h21: a unit ruled out in so many words ("seats, not dollars", "the count not the money", "(seats, not $)"): never
# the unit of the answer; the other unit said decides
NOT_UNIT = re.compile(r"\b(?:not|rather than|instead of)\s+(?:in\s+)?(?:the\s+)?(?:(?:dollars?|money|usd|bucks|seats?|hours|"
                      r"percent(?:age)?|count)\b|\$+)(?=\s*(?:please|pls|thanks)?\s*(?:$|[-,;:.)]))")  # said last, as an aside
COUNT_WORDS = compile_words(r"\b(?:how many|number of|count of|count the)\b")
# h21: the things first, the count asked last ("months where revenue was over 200k - how many", "clients under 10%
# margin, how many?"): counted as "how many months ..." is
COUNT_LAST = re.compile(r"^\s*(?:the\s+|our\s+)?(?P<noun>months|" + ENTITY_NOUN + r")\b.*?"
                        r"(?P<how>\bhow many|(?<!seat )(?<!license )\bcount|\bnumber)\s*$")  # h116: a "seat count" is seats

THRESH = re.compile(
    r"(?P<op>more than|greater than|higher than|larger than|bigger than|over|above|exceeding|in excess of|at least|"
    r"no less than|>=|>|less than|lower than|smaller than|fewer than|under|below|at most|no more than|<=|<|"
    r"a minimum of|minimum of|a maximum of|maximum of)(?:(?<=[a-z])-(?=\d[\d.]*\s*percent)|\s*)(?:an?\s+)?"  # h96: "under-10%" joins, never minus
    r"(?P<cur>\$|usd\s*)?(?P<num>-?\d[\d,]*(?:\.\d+)?)(?![\d,.]*\s*(?:months?|quarters?|years?|weeks?|days?)\b)\s*(?P<mult>(?:thousand|million|billion|grand|bn|k|m)(?![a-z]))?\s*(?P<pct>percent)?"
)
BETWEEN = re.compile(
    r"\b(?:between|from)\s+(?P<cur>\$)?(?P<a>-?\d[\d,]*(?:\.\d+)?)\s*(?P<ma>(?:thousand|million|billion|grand|bn|k|m)(?![a-z]))?\s*(?P<pa>percent)?\s+(?:and|to|-)\s+"
    r"\$?(?P<b>-?\d[\d,]*(?:\.\d+)?)\s*(?P<mb>(?:thousand|million|billion|grand|bn|k|m)(?![a-z]))?\s*(?P<pb>percent)?"
)
OPS = {
    "more than": ">", "greater than": ">", "higher than": ">", "larger than": ">", "bigger than": ">", "over": ">",
    "above": ">", "exceeding": ">", "in excess of": ">", "at least": ">=", "no less than": ">=", ">=": ">=", ">": ">",
    "less than": "<", "lower than": "<", "smaller than": "<", "fewer than": "<", "under": "<", "below": "<",
    "at most": "<=", "no more than": "<=", "<=": "<=", "<": "<", "a minimum of": ">=", "minimum of": ">=",
    "a maximum of": "<=", "maximum of": "<=",
}
# "100 or more hours", "100+ hours", "20% or less"
THRESH_AFTER = re.compile(
    r"(?<![\w.])(?P<cur>\$)?(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*(?P<mult>(?:thousand|million|billion|grand|bn|k|m)(?![a-z]))?\s*(?P<pct>percent)?\s*"
    r"(?:(?P<unit>hours|seats)\s+)?"  # h18: "2300 hours or more": the unit between stays to be read
    r"(?P<op>or more|or above|or over|or higher|\+|or less|or fewer|or under|or below|or lower)(?!\w)")
OPS_AFTER = {"or more": ">=", "or above": ">=", "or over": ">=", "or higher": ">=", "+": ">=", "or less": "<=",
             "or fewer": "<=", "or under": "<=", "or below": "<=", "or lower": "<="}
RANGE_DASH = re.compile(r"(?<![\w.-])(?P<a>\d+(?:\.\d+)?)-(?P<b>\d+(?:\.\d+)?)\s*(?P<pb>percent)")
# "10-20k", "$10k-$20k", "100-150 hours", "10 to 20k": a range of values (the magnitude after the second number applies
# to both when the first has none); two bare years ("2025-2026") are never a range of values
RANGE = re.compile(r"(?:\bbetween\s+)?(?<![\w.$-])(?P<ca>\$)?(?P<a>\d[\d,]*(?:\.\d+)?)\s*(?P<ma>k|m|thousand|million|grand)?"
                   r"\s*(?:-|–|\bto\b)\s*(?P<cb>\$)?(?P<b>\d[\d,]*(?:\.\d+)?)\s*(?P<mb>k|m|thousand|million|grand)?(?![\w.])"
                   r"\s*(?P<unit>percent|hours|hrs|seats|dollars)?")
TENS_WORDS = {"zero": "0", "five": "5", "ten": "10", "fifteen": "15", "twenty": "20", "twenty-five": "25", "thirty": "30",
              "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "seventy-five": "75", "eighty": "80",
              "ninety": "90", "hundred": "100", "a hundred": "100", "one hundred": "100"}
TENS = re.compile(r"(?<![\w-])(?<!twenty )(?<!thirty )(?<!forty )(?<!fifty )(?<!sixty )(?<!seventy )(?<!eighty )(?<!ninety )\b(" + "|".join(sorted(TENS_WORDS, key=len, reverse=True)) + r")(?= percent\b| and \w+ percent\b| to \w+ percent\b| (?:thousand|grand)\b| (?:and|to) \w+ (?:thousand|grand)\b)")
MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}

# Losing money is one pattern (owners' words included); a negative margin is the percentage form of it.
LOST_MONEY = compile_words(
    r"\b(?:lost|lose|loses|losing) (?:us |me )?(?:(?:the )?(?:most|more|biggest|greatest) )?(?:any )?(?:money|cash)\b|\bunprofitable\b|"
    r"\b(?:lost|lose|loses|losing) (?:us|me) (?:the )?(?:most|more)\b(?! (?:hours|revenue|sales|seats|time|licen))|"  # h30: "lost us the most"
    r"\bin the red\b|\bloss[- ]making\b|"
    # h39: "into the red" (any verb before it), and "red" as the colour of a loss before the clients it qualifies
    r"\b(?:(?:went|go|goes|going|gone|slipped|slips|slid|sank|sunk|dipped|fell|fallen|dropped|tipped|moved|ended up|"
    r"ran|run|turned) )?(?:into|in to) (?:the )?red\b|\bred (?:clients?|customers?|accounts?|ones)\b|"
    r"\b(?:made|make|making) a loss\b|\b(?:with|had|has|have|posted|showed|showing) an? loss\b|"  # h54: "clients with a loss"
    r"\bnegative (?:gross )?profit\b|\bat a loss\b|\bcosting (?:me|us) money\b|"
    # h85: the be-verb's contracted negative too ("clients that weren't profitable", "who wasn't making money")
    r"\b(?:don't|dont|do not|didn't|didnt|did not|doesn't|doesnt|does not|never|haven't|have not|hasn't|has not|not|"
    r"(?:is|are|was|were)n'?t) "
    r"(?:(?:make|made|making|makes|earn|earned|turn|turned|generate|generated|bring|brought|return|returned) )?(?:us |me )?"
    r"(?:any |a |real )?(?:money|profits?|dime)\b|\b(?:not|(?:is|are|was|were)n'?t) profitable\b|\bno profits?\b|\bnot making money\b|"
    + r"\bmoney pits?\b|\b(?:cash|money) (?:drains?|sinks?)\b|\b(?:below|under) break-?even\b|\bnot (?:even )?breaking even\b|"
    r"\bbleeding (?:us )?(?:money|cash)\b|\bunder-?water\b|\bunder water\b|\blosers\b|\bcosts? (?:us )?more than (?:they|it|he|she) (?:pays?|brings? in|makes?)\b|\bmoney[- ]losing\b|\blosing proposition\b|\bloss[- ]?makers?\b|"
    # h5: more owner slang, one word or two ("lossmaking"), and "costing us" said of clients ("who's costing us $$$")
    r"\bloss-?making\b|\blos(?:e|es|ing|t) (?:our|my) shirts?(?: on)?\b|\bbleed(?:ing|in|s)? (?:us|me)(?: dry| out| white)?\b|"
    # h21: misspelt losing ("loosing", "lossing", "loosin") and money as its symbol or slang ("$", "$$", "bucks")
    r"\blo+s+(?:e|es|ing|in|t)\b (?:us |me )?(?:(?:the )?(?:most|more) )?(?:any )?(?:(?:money|mony|muney|cash|dollars|bucks)\b|\$+)|"
    r"\b(?:a )?drains? on (?:us|me|our (?:margins?|profits?|business|bottom line)|the business)\b|\bsinking (?:us|me)\b|"
    r"\bin the hole\b|\bdragging (?:us|me) down\b|"
    # h6: the same verbs in the past tense and other inflections ("clients that bled cash", "sunk money", "haemorrhaged money")
    r"\b(?:bled|bleeds?|sank|sunk|sinks?|haemorrhag(?:e|ed|es|ing)|hemorrhag(?:e|ed|es|ing)) (?:us |me )?(?:money|cash)\b"
    r"(?!.*\b(?:labor|licenses?|software|hours|time|staff|payroll|wages|seats?)\b)|"  # "sank money into licences": a cost
    r"\bbled (?:us|me)\b(?: dry| out| white)?|"
    r"\b(?:who|which|clients?|accounts?)\b(?: \w+){0,2}? costing (?:us|me)\b(?! (?:the )?(?:most|more|least|less)\b)(?: (?:the )?(?:money|big|dollars|a fortune|a lot|"
    r"a bomb))?(?!.*\b(?:labor|licenses?|software|hours|time|staff|payroll|wages|seats?)\b)")
# Negations a rule did not consume are never filler: the reading is partial (see FILLER)
NEGATION = {"not", "no", "never", "none", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "without", "excluding",
            "except", "isn't", "aren't", "wasn't", "weren't", "haven't", "hasn't", "nobody", "nothing"}
NEGATIVE_MARGIN = compile_words(r"\bnegative (?:gross )?margins?\b")
MADE_MONEY = compile_words(r"\b(?:make|made|makes|making|earn|earned|earns|earning|net|netted) (?:us |me )?(?:(?:the )?(?:most|more|least|less|"
                           r"biggest|highest|lowest) )?(?:any |real |good )?(?:money|profit|dough|cash)\b|"
                           r"\b(?:made|earned|netted) (?:us |me )?the (?:most|least)\b(?! (?:revenue|sales|income|turnover|hours|billable))")
OVERLOADED = compile_words(r"\b(?:above|over) (?:the |our )?(?:target |utilization )?band\b|\bover-?utilized\b|\boverworked\b|\boverloaded\b|\bover capacity\b|\bstretched\b|\bburn(?:ing|ed)? out\b")
UNDERLOADED = compile_words(r"\b(?:below|under) (?:the |our )?(?:target |utilization )?band\b|\bslacking\b|\bunder-?utilized\b|\bunderused\b|\bunder-?used\b|\bunderworked\b|\bunder capacity\b|\bidle\b")
TECH_BILLED = re.compile(r"\bbill(?:ed|s|ing)?\b")
HOURS_NAMED = re.compile(r"\bhours?\b|\btime\b|\bbilled\b")
LICENSE_WORDS = re.compile(r"\blicenses?\b|\bseats?\b|\blicensing\b")  # h67: "Microsoft licensing sat idle"
# h21: money paid or spent, said with a verb or the currency ("what did we pay to each vendor", "how much usd went on
# Huntress", "licence money"): beside a licence, product or vendor it is the licence cost (the only money per product)
MONEY_WORDS = re.compile(r"\b(?:payments?|payouts?|paid|pay|paying|spent|spend|spending|went|gone|money|dollars?|usd|bucks)\b|\$")
LICENSE_CONTEXT = re.compile(r"\blicenses?\b|\bvendors?\b|\bproducts?\b|\bsubscriptions?\b|\bskus?\b")

# Two periods: "Q2 vs Q3", "from Q2 to Q3", "this quarter compared with last quarter", "compared with last year".
# h95: "fall" said as a verb ("saw margin fall", "did revenue fall in Q1"), never the season ("the fall", "last fall",
# "fall 2026") nor "fall short of" (a mark missed)
FALL_VERB = (r"(?<!\bthe\s)(?<!\blast\s)(?<!\bthis\s)(?<!\bnext\s)(?<!\bin\s)(?<!\bduring\s)(?<!\bover\s)(?<!\bsince\s)"
             r"(?<!\bearly\s)(?<!\blate\s)\bfall(?:s|ing)?\b(?!\s+(?:short|of|off|(?:19|20)\d\d)\b)")
COMPARE_CUE = compile_words(
    FALL_VERB + r"|"  # h95: "did margin fall in Q1"
    r"\b(?:vs\.?|versus|compared (?:with|to)|compare[ds]?|against|change|changed|changes|difference|dropp?(?:ed|ing)?|fell|fallen|"
    r"decline[ds]?|declining|decreas(?:e|ed|es|ing)|grew|grow(?:n|ing)?|growth|ris(?:e|en|ing)|rose|increas(?:e|ed|es|ing)|"
    r"went (?:up|down)|go(?:ne)? (?:up|down)|improv(?:e|ed|ing)|worsen(?:ed|ing)?|year over year|yoy|than last year|"
    r"same (?:period|quarter|month) last year|move[ds]?|moving|shift(?:ed)?|swing|delta|"
    r"(?<!\bor\s)(?:more|less)(?!\s+than\s+(?:\$\s*)?\d)|"  # h27: "more than 2000 in sept and oct" is a threshold, not a change
    r"a year (?:earlier|ago|before)|the (?:month|quarter|year) before)\b")
# h21: a bare "up" / "down" bound to an amount ("revenue up > $2k feb -> mar", "down by over 10k") is the change between
# the two periods around it, never a threshold on one period's value
DIRECTION_AMOUNT = compile_words(r"\b(?:up|down|lost|gained|added|adding|fall|falls|falling|slipped|slid|dipped|sank|climbed|jumped)\s*(?:by\s+)?(?:more than|over|above|at least|less than|under|below|>=?|<=?|\$|\d)")
# h6: a verb of movement asked per month over one period ("how did hours move per month, June to September"):
# the trend over that period, not two periods
# ("how much did revenue change each month" asks for the changes, not the trend: left to the two-period rules)
TREND_VERB = compile_words(r"\b(?:move[ds]?|moving|shift(?:ed|s|ing)?)\b")
COMPARE_SPLIT = compile_words(r"\b(?:vs\.?|versus|compared (?:with|to)|against|to|into|and|than|with|till|until|through|"
                              r"(?<=\bup\s)on|(?<=\bdown\s)on)\b")  # h116: "is Q3 GP down on Q2"  # h66: "from last Q4 into Q1"
# One period and a change word: compared with the period of the same length just before it.
SINGLE_CHANGE = compile_words(FALL_VERB + r"|"  # h95
                              r"\b(?:change[ds]?|dropp?(?:ed|ing)?|fell|grew|grow(?:n|ing)?|growth|ris(?:e|en|ing)|rose|"
                              r"decline[ds]?|increase[ds]?|decrease[ds]?|went (?:up|down)|go(?:ne)? (?:up|down)|move[ds]?|shift(?:ed)?)\b")
PREVIOUS = compile_words(r"\b(?:vs\.?|versus|compared? (?:with|to)|than|against|from) (?:the )?(?:(?:month|quarter|year|period|one) "
                         r"(?:just )?before(?: it| that)?|(?:previous|prior|preceding) (?:month|quarter|year|period|one)|"
                         # h39: "the last 3 months compared with the 3 months before": the same length just before
                         r"(?:(?:previous|prior|preceding) )?(?:\d{1,2}|two|three|four|five|six|nine|twelve) (?:months|quarters)"
                         r"(?: (?:just )?before(?: it| that| them| those)?)?)\b")
# h5: "the one before" / "the previous one" / "compare to": the period just before the named one
LAST_YEAR = compile_words(r"\b(?:(?:compared (?:with|to)|vs\.?|versus|than|against) (?:the )?)?same (?:period|quarter|month|week) "
                          # h80: "the same month one year before (it)": the same stretch a year back, said in full
                          r"(?:a|one) year (?:earlier|ago|before|prior)(?: (?:it|that|this))?\b|"
                          r"\b(?:compared (?:with|to)|vs\.?|versus|than|against) (?:the )?(?:same (?:period|quarter|month) )?"
                          r"(?:last|previous|prior) year\b|\byear over year\b|\byoy\b|\bsame (?:period|quarter|month) last year\b|"
                          r"\b(?:compared (?:with|to)|vs\.?|versus|than|against) (?:the )?(?:same )?"
                          r"(?!(?:q[1-4]|h[12]|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b)"  # "vs Q3 last year": a period
                          # h58: the word between is a stretch of time ("vs the same quarter last year"), never a
                          # name ("Harbor vs Meridian last year" is two clients over last year)
                          r"(?:period|quarter|month|week|time|stretch|span|window|season|point|days|weeks|months|"
                          r"quarters|one|\w+ (?:period|quarter|month|week|time|days|weeks|months)) (?:of )?(?:last|previous|prior) year\b|"
                          r"\b(?:(?:compared (?:with|to)|vs\.?|versus|than|against) )?(?:a|one|the) year (?:earlier|ago|before)\b")
GROWTH_OF_EACH = compile_words(r"\bgrowth (?:\w+ )?(?:by|per|for each|of each|for every|across)\b")
# "gross profit down Q4 -> Q1", "revenue up Q2 to Q3": a bare "down" / "up" beside two periods is the direction of the
# change, unless it belongs to a verb ("break down", "pull up", "add up") or a period ("up to today").
_PHRASAL = r"(?<!{w}\s)"
_NOT_PHRASAL_DOWN = "".join(_PHRASAL.format(w=w) for w in (
    "break", "breaking", "broken", "drill", "narrow", "write", "written", "slow", "cut", "step", "wind", "scroll", "put",
    "track", "hunt", "shut", "turn", "turned", "boil", "whittle", "pin", "nail"))
_NOT_PHRASAL_UP = "".join(_PHRASAL.format(w=w) for w in (
    "pull", "look", "show", "sum", "summed", "add", "added", "adds", "line", "lined", "back", "set", "sign", "signed",
    "end", "ended", "pick", "picked", "bring", "brought", "make", "made", "mark", "round", "rounded", "follow", "catch",
    "keep", "open", "total", "totalled", "totaled", "wrap", "match", "tally", "tot", "what's", "whats", "fire", "warm",
    "gear", "speed", "free", "use", "used", "take", "took", "give", "gave", "tee", "queue", "break", "broken", "split",
    "mixed", "messed", "come", "came", "coming", "show", "shows", "showing", "pop", "popped", "pops", "dig", "dug"))
DOWN = compile_words(FALL_VERB + r"|"  # h95: "saw margin fall"
                     r"\b(?:dropp?(?:ed|ing)?|fell|fallen|decline[ds]?|declining|decreas(?:e|ed|es|ing)|went down|gone down|"
                     r"go down|worsen(?:ed|ing)?|shr[ai]nk|shrunk|less|fewer|lower|slipp?(?:ed|ing)?|dipp?(?:ed|ing)?|sank|sunk)\b"
                     r"(?! than)"  # "dropped more than 5k": "more than" is the threshold, not a direction
                     r"|" + _NOT_PHRASAL_DOWN + r"\bdown\b(?!\s*(?:to|into)\b)"
                     r"(?!\s*by\s+(?!(?:more than|over|at least|\$|\d)))"  # h21: "down by over 1k" is the change's sign
                     r"|\b(?:lost|lose|loses|losing|fall|falls|falling)\b(?=\s+(?:by\s+)?(?:more than|over|at least|\$|\d))")  # "lost more than 10k in revenue"
UP = compile_words(r"\b(?:grew|grow(?:n|ing)?|ris(?:e|en|ing)|rose|increas(?:e|ed|es|ing)|went up|gone up|go up|"
                   r"improv(?:e|ed|ing)|growth|more|higher|jump(?:ed)?|climb(?:ed)?)\b(?! than)|"
                   + _NOT_PHRASAL_UP + r"\bup\b(?!\s*(?:to|until|till|through|-to-date)\b)"
                   r"|\b(?:gained|gain|gains|gaining|added|adding)\b(?=\s+(?:more than|over|at least|\$|\d))")  # h21, h96

# Words that never identify an entity on their own, even when only one name contains them.
GENERIC = {
    "group", "partners", "law", "family", "clinic", "foundation", "capital", "retail", "dental", "logistics", "accounting",
    "engineering", "realty", "medical", "center", "credit", "union", "architects", "outfitters", "manufacturing",
    "business", "premium", "basic", "online", "plan", "complete", "protection", "managed", "for", "the", "and", "of",
    "services", "saas", "edr", "microsoft", "365", "total", "top", "best", "most", "last", "first", "new", "all",
    "sales", "time", "profit", "margin", "revenue", "hours", "cost", "costs", "client", "clients", "month",
}
# Name words that another matched name may legitimately sit beside ("Microsoft 365 E3 for Harbor").
GENERIC_WORDS_OK = {"microsoft", "365", "business", "premium", "basic", "standard", "complete", "online", "plan"}
STOP = {
    "what", "whats", "which", "who", "how", "much", "many", "is", "are", "was", "were", "did", "does", "do", "the", "a",
    "an", "our", "us", "we", "in", "on", "for", "of", "to", "by", "with", "and", "or", "me", "show", "list", "give",
    "tell", "from", "at", "per", "have", "has", "had", "it", "its", "this", "that", "there", "their", "my", "i", "you",
    "please", "s", "be", "been", "get", "got", "each", "every", "all", "any", "made", "make", "during", "over", "than",
}
# A word just before "clients" that names a kind of client ("government clients") when segments are not known for it.
SEGMENT_SLOT = re.compile(r"\b(?P<word>[a-z]+)\s+(?:clients|accounts|sector|segment|vertical|industry|firms|companies|practices)\b")
# Words a question may hold that carry no meaning for the answer (the known list of filler).
FILLER = (STOP - {"each", "every", "all", "per", "over", "than", "many"}) | {
    "gimme", "give", "provide", "provided", "recorded",  # h58: a request's own verbs
    "actually", "just", "really", "kindly", "can", "could", "would", "should", "will", "you", "your", "let",
    "lets", "let's", "know", "like", "want", "need", "see", "look", "looking", "find", "check", "pull", "up", "out", "quick",
    "quickly", "so", "now", "currently", "these", "those", "them", "they", "then", "here", "some", "one", "ones", "hey", "hi",
    "ok", "okay", "thanks", "thank", "pls", "plz", "wondering", "curious", "tell", "show", "display", "report", "what",
    "we've", "you've", "they've", "i've", "we'd", "i'd", "we're", "they're",  # h29: contractions of filler
    "whats", "which", "who", "whom", "whose", "how", "when", "where", "am", "being", "doing", "done", "did", "does", "do",
    "said", "our", "ours", "we", "us", "my", "mine", "me", "i", "im", "i'm", "it", "its", "there", "theirs", "been", "was",
    "were", "are", "is", "be", "as", "about", "into", "across", "among", "amongst", "overall", "total", "totals", "value",
    "values", "number", "figure", "figures", "numbers", "amount", "amounts", "data", "stats", "statistics", "breakdown",
    "break", "down", "ranked", "sorted", "ordered", "order", "sort", "company", "business", "firm", "msp",
    "whole", "entire", "altogether", "combined", "together", "period", "timeframe", "window", "time frame", "range", "dates",
    "stand", "stands", "standing", "looks", "looked", "go", "goes", "went", "had", "have", "has",
    "having", "got", "get", "getting", "exactly", "roughly", "approximately", "around", "anything",
    "something", "thing", "things", "stuff", "level", "levels", "score", "scores", "rank", "ranking",
    "too", "also", "again", "still", "both", "either", "means", "meaning", "come",
    "came", "bring", "brought", "pay", "paid", "paying", "put", "take", "took", "keep", "kept", "within",
    "yes", "much", "such", "hit", "hits", "reach", "reached", "reaching",  # h21: "did Noah hit more than 90%"
    "if", "whether", "while", "since", "until", "till", "upto", "through", "throughout", "via", "after", "before",
    "there's", "here's", "that's", "thats", "one's", "on", "off", "along", "far", "yet", "ever",
    "any", "other", "others", "own", "same", "with", "r", "u", "ur", "ya", "y",
    "yo", "buddy", "mate", "team", "guys", "folks", "sir", "asap", "urgently", "briefly", "summary", "summarise",
    "summarize", "recap", "overview", "today", "right", "actual", "real", "true", "truly",
    "needed", "needs", "require", "required", "requires", "takes", "taken", "saw", "split", "single", "ate",
    "starting", "healthy", "everyone", "performing", "performers", "performer", "broken",
    "ran", "run", "runs", "running", "finished", "stayed", "ended", "sat", "sitting",  # h39: "ran hotter than 85%"
    "stack", "stacks", "stacked", "stacking",  # h39: "how did Q3 stack up to Q4" (the periods are read)
    "landed", "landing", "lands",  # h77: "landed in the 5-25% range" (a client won is refused first: moat.ai.unheld)
} | SPOKEN_FILLER  # h85: hedges and dictation ("ballpark", "um", "cheers")
# "At risk" is the client risk score (moat.analytics.risk) unless a margin is named ("margins at risk") or a
# target is ("below target"): those stay gross margin below the target margin.
RISK_ALERT_SCORE = 30.0  # default of setting risk_alert_score: one full signal (e.g. revenue down 30%) is an alert
MARGIN_TARGET = compile_words(r"\b(?:below|under|beneath) (?:the |our )?(?:margin )?target\b|\bmiss(?:ed|es|ing)? (?:the |our )?"
                              r"(?:margin )?target\b|\bbelow (?:the )?target margin\b")
RISK = re.compile(r"\bat risk\b|\brisk(?:y|ier|iest)?\b|\bchurn(?:s|ed|ing)?\b|\blikely to (?:leave|churn|cancel)\b|"
                  r"\bin danger of (?:leaving|churning)\b|\bflight risk\b|\bsafest\b")
AT_RISK = re.compile(r"\bat risk\b|\bchurn(?:s|ed|ing)?\b|\blikely to (?:leave|churn|cancel)\b|\bin danger of\b|"
                     r"\bflight risk\b")
ANOMALY = re.compile(r"\banomal(?:y|ies|ous)\b|\bunusual\b|\boutliers?\b|\bspikes?\b|\bspiked\b|\babnormal\b|"
                     r"\bunexpected\b|\bout of the ordinary\b|\bodd (?:months?|changes?|jumps?)\b|\bstrange\b|\birregular\b")
MARGIN_WORD = re.compile(r"\bmargins?\b")
SERIES_WORDS = {
    "costs": r"\bcosts?\b|\bspend(?:ing)?\b|\bexpenses?\b",
    "hours": r"\bhours\b|\btime\b|\bworkload\b",
    "seats": r"\bseats?\b|\blicenses?\b|\bseat counts?\b",
}
RISK_N_AFTER = re.compile(r"\b(?P<n>" + NUM + r")\s+(?:\w+\s+){0,2}?(?:" + DESC + "|" + ASC + r"|\w+est|clients?|accounts?|"
                          r"anomal(?:y|ies)|months?|spikes?|outliers?)\b")
RISK_ASC = re.compile(r"\b(?:" + ASC + r"|safest)\b|\bleast risky\b")
RISK_PLURAL = re.compile(r"\bclients\b|\baccounts\b|\bscores\b")
RISK_FILLER = re.compile(r"\b(?:score|scores|clients?|accounts?|months?|any|in|of|leaving|churning|cancel)\b")

SEGMENT_WORDS = {
    "healthcare": r"healthcare(?: practices| providers| organizations| organisations)?|medical(?: practices| cent(?:er|re)s?| offices)?|"
                  r"clinics?|doctors|physicians",
    "legal": r"legal|law firms?|law practices|lawyers|attorneys",
    "manufacturing": r"manufacturing|manufacturers?|factories|industrial",
    "nonprofit": r"nonprofits?|charit(?:y|ies)|ngos?|not for profits?",
    "finance": r"finance|financial(?: services)?|banks|banking",
    "retail": r"retail|retailers?|shops|stores",
}
# Words for a part of a segment ("dental clients" are some of the healthcare clients): read as the whole segment,
# provisional, and the reply says so (the data has no narrower segment to filter by).
SEGMENT_NARROWER = {
    "healthcare": r"dental (?:practices|offices|clinics)|dental(?= (?:clients|accounts|customers))|dentists|hospitals|"
                  r"pharmacies|vets|veterinarians",
    "finance": r"accounting (?:firms|practices)|accounting(?= (?:clients|accounts|customers))|accountants|credit unions|"
               r"insurers|insurance(?= (?:clients|accounts|customers))",
}
NARROWER_SCORE = 0.6  # below the review threshold: the answer covers the whole segment, not only the word asked
# h50: nouns for a group of clients: "<word of several names> clients" is that set of clients (summed or per client);
# the singular ("the dental client") names one of them, asked back
CLIENT_GROUP_PLURAL = {"clients", "customers", "accounts", "ones", "practices", "firms", "companies"}
CLIENT_GROUP_SINGULAR = {"client", "customer", "account", "practice", "firm", "company"}

# "the top 5 clients combined": a sum of a ranked list, which answers do not give (the rows are listed, provisional)
# h21: one amount asked over the rows a filter leaves ("cost of unused Huntress seats across our healthcare clients, in
# total"): only "by / per / each / every" then split it ("in all" before a plural noun is "in all clients", not this)
TOTAL_ASKED = re.compile(r"\bin all\b(?!\s+(?:of\s+)?(?:(?:our|the|my|those|these)\s+)?[a-z]+s\b)|\bin total\b|"
                         r"\btotal\b(?!\s+(?:utiliz|of\b))|"  # "total revenue from all healthcare clients": one amount
                         r"\ball together\b|\baltogether\b|\bcombined\b|\bas (?:one|a single) (?:number|amount|figure|total)\b|"
                         r"\bone (?:number|amount|figure|total)\b|\bsingle (?:number|amount|figure|total)\b|"
                         r"\bsum of\b|\bsummed(?: (?:over|across|for))?\b|\badd(?:s|ed)? up(?: to)?\b")  # h27; h78: "add up to"
COMBINED = compile_words(r"\b(?:combined|together|altogether|in total|summed|added up|sum of|total of)\b")
# Ordinary English words: a name is never found in one of these by fuzzy matching ("change" is not "Exchange").
COMMON_WORDS = set("""
about above across after again against all almost also always among amount and another answer any anything are area
around ask asked back bad base because been before being below best better between big bill billed both bottom break
bring budget build business busy but buy by call came can case cash cause change changed changes charge charged check
choose city class clear close come company compare compared complete contract contracts control cost costs could count
cover cows create current cut data date day days deal did different do does doing done down drop dropped during each
early east easy else end enough even ever every exchange expense expenses fact fall family far fast few field figure
file fill final find fine first five fix for form four free from front full fund gain gave general get give given go
going good got great green gross group grow grew growth had half hand hard has have help here high higher hold home
hour hours house how idle important in increase into issue its just keep kind know large last late least left less
let level life light like line list little live local long look loss lost low lower made main make making man many
margin mark market may me mean meant might money month more most move much must name near need net never new next
night no north not nothing now number of off office often old on once one only open or order other our out over own
page paid part pay people per period pit pits place plan plus point power premium price profit public put quarter
rank rate rather read real really red report rest right rise risk rose run said sale sales same save saw say second
see seen sell send service services set share short should show side since single six small so some something south
spend spent spike stand start state still stop store support sure system take team tell than that the their them then
there these they thing think this those three through time to today too top total toward trend true turn two under
unit until up us use used user users value very want was waste way we week well were west what when where which while
who whole why will with without work worked works world would year years yes yet you your zero
holding holdings manage managed managing tracker track tracking coast level levels total totals online plan plans
median medians mean means average averages avg sum sums mode maximum minimum max min percentile range ratio ratios
rate rates variance deviation typical normal usual overall gross net peak low high middle center centre
partner partners capital harbor summit trend trends profit profits seats seat clients client quarter quarters best worst
""".split())
COMMON_WORDS |= ORDINARY_WORDS  # h118: "real estate", "in sterling" are never a client's name


# ---------------------------------------------------------------------------------------------- h23 (review classes)
# A negation of billing asks for the complement: hours worked - billable hours ("hours we did not bill", "non-billable
# time", "how many hours did Tom not bill"); "billable vs non-billable" names both sides (the billable share) instead.
NOT_BILLED = compile_words(
    r"\bnon-?billable\b|\bnon billable\b|\bunbill(?:ed|able)\b|\bnot (?:been )?(?:bill|billed|billable|invoiced)\b|"
    r"\b(?:did|do|does|could|can|were|was|are|is|have|has|had)(?:n't|nt| not| never) (?:\w+ ){0,3}?(?:bill|billed|billable|invoice|invoiced)\b|"
    r"\bnever (?:bill|billed|billable|invoiced)\b")
BOTH_BILLING_SIDES = compile_words(r"\bbillable (?:vs\.?|versus|and|or|against) (?:non-?billable|non billable|unbilled)\b")
# "how many technicians do we have", "number of segments", "headcount": a count of that kind, never of clients
ENTITY_COUNT = compile_words(
    r"\b(?:how many|number of|count of|count the|count) (?:(?:our|the|all|different|distinct|active|current) )?"
    r"(?P<kind>technicians|engineers|staff|employees|team members|people|segments|industries|verticals|vendors|"
    r"suppliers|products|skus|license types)\b|\b(?P<head>head-?count|head count|staff count|team size)\b")
ENTITY_COUNT_KIND = {"technicians": "technicians", "engineers": "technicians", "staff": "technicians",
                     "employees": "technicians", "team members": "technicians", "people": "technicians",
                     "segments": "segments", "industries": "segments", "verticals": "segments", "vendors": "vendors",
                     "suppliers": "vendors", "products": "products", "skus": "products", "license types": "products"}
# "today" / "yesterday": one day (hours only: time entries are dated by day; money is held per invoice / month)
ONE_DAY = compile_words(r"\b(?P<day>today|yesterday)(?:'s)?\b")
PART_OF_DAY = compile_words(r"\b(?:this|yesterday) (?:morning|afternoon|evening)\b|\btonight\b")
# A category of cost ("subcontractors", "travel", "hardware", "rent", "overhead"): the answers sum every category of a
# client's other direct costs and hold no overhead, so a category is refused, never answered with all of them.
COST_CATEGORY = compile_words(
    r"\b(?P<what>subcontract(?:or|ors|ing|ed)?|sub-contractors?|contractors?|freelancers?|hardware|travel(?:l?ing)?|"
    r"mileage|rent|insurance|overheads?|utilities|office costs?|equipment|"
    r"marketing|advertising|adverts?|ad spend|sponsorships?|promotions?)\b")  # h91: costs no table holds
# Net profit / net income need company overhead, which the glossary does not subtract (gross profit is what is held)
NET_PROFIT = compile_words(
    r"\bnet (?:profits?|income|earnings|margins?|loss)\b|\bprofits? after (?:all |every )?(?:costs|expenses|overheads?)"
    r"(?: and (?:overheads?|expenses))?\b|\b(?:profit|bottom line) after overheads?\b|\bebitda\b|\bebit\b|"
    r"\bafter (?:all )?(?:costs )?(?:and )?overheads?\b|\boperating (?:profit|income)\b")  # h30: COGS is direct cost
# "how many invoices", "invoice count": a count the answers do not give (invoice amounts are revenue)
INVOICE_COUNT = compile_words(
    r"\b(?:how many|number of|count of|count the|count) (?:\w+ ){0,2}?invoices\b|\binvoice (?:count|volume|numbers)\b")
# Seats handed out but not in use: assigned - active (never purchased - active, the unused seats)
ASSIGNED_INACTIVE = compile_words(
    r"\b(?:seats? |licenses? )?assigned(?: (?:seats?|licenses?))? (?:\w+ ){0,2}?(?:but|yet|and|that are|that were|which are) "
    r"(?:not (?:active|in use|used|being used)|inactive|idle|unused)\b|"
    r"\b(?:inactive|idle|unused) (?:but )?assigned (?:seats?|licenses?)\b|"
    r"\bassigned (?:seats?|licenses?) (?:(?:that|which) )?(?:were |are |was |is )?(?:not (?:active|in use|used)|inactive|idle)\b")
# "money makers", "top performers", "cash cows": a list of clients, best first
RANKED_NOUN = compile_words(r"\b(?:money[- ]?makers?|top performers?|best performers?|top performing|best performing|"
                            r"cash cows?|top earners|big earners|worst performers?|under-?performers?|bottom performers?)\b")
RANKED_NOUN_LOW = re.compile(r"worst|under|bottom")
# "worked hours vs capacity", "total utilisation": total utilisation even in a burnout / underused question
TOTAL_UTILISATION = compile_words(
    r"\btotal utilization\b|\boverall utilization\b|\b(?:worked|logged|total) (?:hours|time) (?:vs\.?|versus|against|over|"
    r"to|relative to|compared (?:to|with)) (?:their |his |her )?(?:capacity|available hours)\b|\bhours worked (?:vs\.?|versus|"
    r"against|over) (?:their |his |her )?capacity\b")
# "who cost us the most" asked of profit or margin: the lowest first
# h27: "all / every / across X" is a grouping only without a total word; "by / per / each / which / list / rank" always is
ALL_CUE = re.compile(r"\b(?:all|every|across|among)\s+(?:\w+\s+){0,2}$")
# h89: "logged by all techs" names who did it (as ``listed_words.LIST_ASKED`` reads it): a total word makes it one amount
SPLIT_WORD_CUE = re.compile(r"\b(?:by(?!\s+(?:all|every|everyone|everybody)\b)|per|each|which|what|list|show|rank|ranked)"
                            r"\s+(?:\w+\s+){0,2}$")
TOTAL_WORD = re.compile(r"\b(?:total|totals|overall|combined|in all|altogether|all together|how much|sum|summed|"
                        r"together|add(?:s|ed)? up)\b")  # h78: "every client's other costs, added up": one amount
# h27: an arrow between two periods ("jan -> feb") is a change from one to the other, never one two-month period
# (FOLD writes it " to "; the raw question keeps it)
ARROW = re.compile(r"->|=>|\u2192")
# h27: several named entities "each" / "respectively" / "separately" / "per vendor": one row per name, never their sum
# ("each of the last 4 months" is the months, read elsewhere)
EACH_NAMED = re.compile(r"\b(?:each(?! of the (?:last|past|previous|prior|next|first)\b)|respectively|separately|"
                        r"individually|apiece|one by one|side by side|"
                        r"per (?:vendor|supplier|product|sku|client|customer|account|tech|technician|engineer)s?|"
                        r"(?:vendor|supplier|product|client|customer)[- ]by[- ](?:vendor|supplier|product|client|customer))\b")
COST_US_MOST = re.compile(r"\bcost(?:s|ed|ing)? (?:us|me|the company) (?:the )?most\b")
# "what are we paying for Defender", "our SentinelOne bill": money paid for a named product is its licence cost
PAID_FOR_PRODUCT = compile_words(r"\b(?:pay|pays|paying|paid)\b(?: \w+){0,2}? for\b|\bbills?\b")
# "how much money did we make": the money an MSP makes is gross profit (the glossary), as "made us money"
# h29: owner slang for profit with "made" and no measure named ("how much have we made so far", "what did we make",
# "who made us over $5k"): money made is gross profit (the glossary's profit), whatever the object
MADE_SLANG = compile_words(r"\b(?:how much|what) (?:have|did|do|has|had) (?:we|i) (?:made|make)\b|\bhow much (?:we|i) (?:have )?made\b|"
                           r"\b(?:who|which (?:\w+ )?(?:clients|accounts)|clients|accounts)(?: that| who)? (?:has |have |is )?"
                           r"(?:made|make|makes|earned) us\b(?! (?:any|the most|so little|little|nothing|lose|lost))|"
                           # h39: "did we make more or less in Jan than Dec", "how much did healthcare make us"
                           r"\b(?:did|do|does|have|has|had) (?:we|i|you) (?:make|made|earn|earned) (?:more|less|as much)\b|"
                           # h95: a client's "did Sterling make (us) more or less (money) in Jan than in Dec"
                           r"\b(?:did|do|does|has|had)\s+(?:\S+\s+){0,5}?(?:make|made|earn|earned) (?:us )?(?:more|less)"
                           r"(?: or (?:more|less))?(?: money)?\b|"
                           r"\b(?:how much|what) (?:have|did|do|does|has|had)\s+(?:\S+\s+){0,4}?(?:made|make|earned|earn) (?:us|me)\b|"
                           # h57: "what's harbor making us", "how much is Meridian earning us"
                           r"\b(?:how much(?: money| cash)?|what) (?:is|are|was|were)\s+(?:\S+\s+){0,4}?(?:making|earning) (?:us|me)\b")
# h29: "top earners", "who earns us the most": revenue or gross profit? Read as gross profit, provisional, revenue offered
EARN_SLANG = compile_words(r"\bearners?\b|\bearn(?:s|ing|ed)? (?:us )?(?:the )?most\b|\bearning (?:clients|accounts)\b|"
                           r"\b(?:clients|accounts|who) (?:\w+ )?earns? us\b")
NAMED_MONEY_MEASURE = compile_words(r"\b(?:revenue|sales|income|profits?|profitable|margins?|turnover|billed|invoiced|gp|gm)\b")
MONEY_MADE = compile_words(r"\bmoney (?:did|do|does|have|has|had) (?:we|i|you) (?:(?:actually|really|even|ever|truly) )?"
                           r"(?:make|made|earn|earned|bring in)\b")  # h57: "how much money did we actually make"
# h23: a technician role ("project engineers", "help desk techs"): the answers are per technician, not per role
ROLE_WORDS = compile_words(r"\b(?P<role>(?:project|senior|junior|lead|field|help ?desk|service ?desk|network|systems?|l[123]|level [123]|tier [123]) "
                           r"(?:engineers|technicians|techs|admins|administrators))\b")
# h23: a person's pay is not held (labour cost is hours x hourly cost, now also per technician)
SALARY = compile_words(r"\bsalar(?:y|ies)\b|\bpaycheck\b|\bcompensation\b|\b(?:annual|yearly) pay\b|\bwhat (?:do|does|did) we pay (?:him|her|them)\b")
# h23: "not billed" asks for non-billable hours only where the question is about time (or says "non-billable");
# "which clients did we not bill" asks about invoices, which no answer reads as hours
NOT_BILLED_TIME = compile_words(r"\bnon-?billable\b|\bnon billable\b|\bunbillable\b|\bhours?\b|\bhrs\b|\btime\b|"
                                r"\bwork(?:ed)?\b|\blogged\b")
# h30: a question asking for ONE entity: "which of our clients ...", "which one of the techs", "which healthcare
# client", "who lost us the most": a superlative then gives one row, even beside a plural noun ("which of the clients")
SINGULAR_ASK = re.compile(r"\bwhich (?:single )?(?:one )?of\b|\bwhich (?:single )?one\b|\bwho(?:'s| is| was| has| had)?\b(?! are\b| were\b| have\b)|"
                          r"\bwhich (?:\w+ )?(?:client|customer|account|technician|tech|engineer|product|vendor|segment)(?:'s)?\b(?!s)")
# an ordering asked for: "biggest drop first", "worst decline first", "highest to lowest", "ranked": the list, in order
ORDER_ASKED = re.compile(r"\b(?:most|least|biggest|largest|worst|best|highest|lowest|fewest|smallest|greatest)\b"
                         r"(?:\s+\w+){0,2}\s+(?:first|on top|at the top)\b|\bto (?:the )?(?:highest|lowest|least|most|"
                         r"smallest|biggest|best|worst)\b|\b(?:rank(?:ed|ing)?|sort(?:ed)?|in order|order(?:ed)? by)\b")
SUPERLATIVE = re.compile(r"\b(?:most|least|biggest|largest|worst|best|highest|lowest|fewest|smallest|greatest|busiest|"
                         r"quietest|weakest|strongest)\b")
# h30: the entities a question may nest one inside another ("top 3 clients in each segment", "for each tech, which
# client ..."): each kind's nouns as typed (folded), and the cue that makes one of them the outer grouping
NESTED_NOUNS = {
    "segment": r"segments?|industr(?:y|ies)|verticals?|sectors?",
    "technician": r"technicians?|techs?|engineers?|staff|employees?|team members?",
    "vendor": r"vendors?|suppliers?",
    "product": r"products?|skus?|licen[cs]e types?",
    "client": r"clients?|customers?|accounts?",
}
NESTED_OUTER = (r"\b(?:(?:in|for|within|across|of|at)\s+)?(?:each|every)\s+(?:single\s+)?(?P<outer>{nouns})\b|"
                r"\bper\s+(?P<outer2>segments?|industr(?:y|ies)|verticals?|sectors?)\b")  # "per product" stays h27's reading
NESTED_RANKED = re.compile(r"\b(?:top|bottom|best|worst|which|how many|number of|most|least|highest|lowest|biggest|busiest|"
                           r"with|where|whose|that|who)\b")
# h30: one invoice's size ("largest invoice", "average invoice"): answers sum invoices per client and period, so a
# client's total would answer another question
INVOICE_SIZE = compile_words(r"\b(?:largest|biggest|highest|smallest|lowest|average|avg|typical|mean|median|single|top|"
                             r"max(?:imum)?|min(?:imum)?) (?:\w+ )?invoices?\b(?! (?:total|revenue|amounts? (?:by|per)))|"
                             r"\binvoice (?:size|value)s?\b")
# h30: the sum of a ranking's rows asked ("how much of our revenue came from the top 5", "total revenue of our top 10
# clients", "the top 5 account for how much", "the bottom 10 ... in total"): their total, never the list
SUM_OF_RANKED = re.compile(
    r"\bhow much of\b|\baccount(?:s|ed)? for how much\b|\bhow much (?:\w+ ){0,3}?(?:do|did|does) (?:the |our )?(?:top|bottom)\b|"
    r"\b(?:total|sum|combined)\s+(?:\w+\s+){0,2}?(?:of|from)\s+(?:the\s+|our\s+)?(?:top|bottom)\b|"
    r"\b(?:top|bottom)\s+\w+\s+(?:\w+\s+){0,6}?(?:in total|combined|together|altogether|added up)\b")
# h30: "each" over several named periods: one value per period, never one merged span ("hours in January and February
# each", "revenue for both December and January", "revenue for each of the last two quarters")
_MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
               r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:\s+(?:19|20)\d\d)?")
MONTHS_EACH = re.compile(r"\b" + _MONTH_NAME + r"(?:\s*,\s*" + _MONTH_NAME + r")*\s*,?\s*(?:and|&)\s+" + _MONTH_NAME
                         + r"(?:\s+\w+){0,2}?\s+(?:each|separately|respectively|individually|one by one)\b|"
                         r"\b(?:both|each of|for each of)\s+" + _MONTH_NAME + r"(?:\s*,\s*" + _MONTH_NAME + r")*\s*,?\s*(?:and|&)\s+"
                         + _MONTH_NAME + r"\b")
EACH_OF_QUARTERS = re.compile(r"\b(?:each|every(?: one)?|both) of (?:the |these |those |our )?(?:(?:last|past|previous|prior) )?"
                              r"(?:\d+|two|three|four|five|six|seven|eight) (?:(?:full|complete|completed|whole|finished|entire|closed) )?quarters\b|"  # h129: "complete"
                              r"\b(?:last|past|previous|prior) (?:\d+|two|three|four|five|six|seven|eight) (?:(?:full|complete|completed|whole|finished|entire|closed) )?quarters"
                              r"(?:\s+\w+){0,2}?\s+(?:each|separately|respectively|individually|one by one)\b")
# h30: a write-like verb aimed at the reader ("update me on", "create a list of", "send me", "insert here", "remove
# nothing, just show"): a request to be shown, its words read (never an action refusal, never left over)
READER_VERB = re.compile(r"^\s*(?:please\s+)?(?:update|create|insert|send|remove|drop|add|set)\s+(?:me\s+(?:on|about|with)?|us\s+(?:on|about|with)?|"
                         r"(?:a|an)\s+(?:list|report|table|chart|summary|breakdown|ranking|overview)(?:\s+(?:of|on|for|with))?|"
                         r"here|nothing,?(?:\s+just\s+(?:show|give|tell)(?:\s+me)?)?)")
# h30: churn as a past figure ("client churn last quarter", "churn rate", "attrition"): clients lost is not held (no
# contract dates); "likely to churn", "churn risk" is the risk score
CHURN_PAST = re.compile(r"\bchurn(?: rate| numbers?| figures?)?\b(?! risk)|\bchurned\b|\battrition\b|\bclient retention\b")
CHURN_RISK = re.compile(r"\brisk|\blikely\b|\bdanger\b|\babout to\b|\b(?:might|could|may|will|going to) churn\b|\bchurning\b")
